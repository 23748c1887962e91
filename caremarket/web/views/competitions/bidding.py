"""Bidding: a supplier's own sealed bid (draft, submit, withdraw, resubmit, files, receipts),
and, after the deadline only, the buyer's view of the bids."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from caremarket.competitions import selectors, services
from caremarket.competitions.evaluation_models import model_from
from caremarket.core.errors import ApplicationError, NotFound, ValidationFailed
from caremarket.core.permissions import require
from caremarket.rules.scoring import quality_leaves
from caremarket.web.forms import render_form
from caremarket.web.views.competitions.common import errors

ACTIONS = {"save", "submit", "withdraw", "resubmit", "file"}


@login_required
@require_http_methods(["GET", "POST"])
def own_bid(request, reference: str):
    actor = request.actor
    competition = selectors.competition_for_actor(actor, reference)
    require(actor, "competitions.take_part", competition)
    supplier = selectors.acting_supplier(actor)
    bid = selectors.own_bid_for_actor(actor, competition)
    leaves = quality_leaves(model_from(competition.evaluation_model))
    data = (
        request.POST
        if request.method == "POST"
        else {
            "price": (bid.draft.get("price") if bid else "") or "",
            **{f"r-{k}": v for k, v in ((bid.draft.get("responses") or {}) if bid else {}).items()},
        }
    )
    error = None
    if request.method == "POST":
        action = data.get("action", "")
        try:
            if action not in ACTIONS:
                raise ValidationFailed("Choose what to do with your bid")
            if action == "save":
                responses = {n.criterion.id: data.get(f"r-{n.criterion.id}", "") for n in leaves}
                services.bid_save_draft(
                    actor=actor,
                    competition=competition,
                    supplier=supplier,
                    price=data.get("price"),
                    responses=responses,
                )
                messages.success(request, "Your draft was saved. It is not submitted yet")
            elif action == "file":
                upload = request.FILES.get("file")
                if upload is None:
                    raise ValidationFailed.for_field("file", "Choose a file to attach")
                services.bid_file_add(
                    actor=actor,
                    competition=competition,
                    supplier=supplier,
                    name=upload.name,
                    content=upload.read(),
                    content_type=upload.content_type or "application/octet-stream",
                )
                messages.success(request, f"{upload.name} was attached and sealed")
            elif action == "withdraw":
                services.bid_withdraw(actor=actor, competition=competition, supplier=supplier)
                messages.success(request, "Your bid was withdrawn. You can resubmit it before the deadline")
            else:
                submit = services.bid_submit if action == "submit" else services.bid_resubmit
                receipt = submit(actor=actor, competition=competition, supplier=supplier)
                messages.success(request, f"Your bid was {receipt.action}: receipt {receipt.number}")
        except ApplicationError as exc:
            error = exc
        else:
            return redirect("web:competition-bid", reference=competition.reference)
    return render_form(
        request,
        "web/competitions/bid.jinja",
        {"competition": competition, "bid": bid, "leaves": leaves, "data": data, **errors(error)},
    )


@login_required
def bid_list(request, reference: str):
    """The buyer's side, after the deadline only: before it this page is forbidden to every role."""
    competition = selectors.competition_for_actor(request.actor, reference)
    bids = selectors.bids_for_actor(request.actor, competition)
    return render(request, "web/competitions/bids.jinja", {"competition": competition, "bids": bids})


@login_required
def bid_detail(request, reference: str, bid_id: int):
    competition = selectors.competition_for_actor(request.actor, reference)
    opened = selectors.opened_bid_for_actor(request.actor, competition, bid_id)
    leaves = quality_leaves(model_from(competition.evaluation_model))
    return render(
        request,
        "web/competitions/bid_opened.jinja",
        {"competition": competition, "opened": opened, "leaves": leaves},
    )


@login_required
def bid_file(request, reference: str, bid_id: int, file_id: int):
    competition = selectors.competition_for_actor(request.actor, reference)
    try:
        item, content = selectors.bid_file_for_actor(request.actor, competition, bid_id, file_id)
    except NotFound:
        raise
    response = HttpResponse(content, content_type=item.content_type)
    response["Content-Disposition"] = f'attachment; filename="{item.name}"'
    return response
