"""Bidding: a supplier's own sealed bid (draft, submit, withdraw, resubmit, files, receipts),
and, after the deadline only, the buyer's view of the bids."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from caremarket.competitions import bid_prices, selectors, services
from caremarket.competitions.evaluation_models import model_from
from caremarket.core.errors import ApplicationError, NotFound, ValidationFailed
from caremarket.core.permissions import can, require
from caremarket.rules.bid_prices import BaselineItem, PriceRow, price_list_from_rows
from caremarket.rules.scoring import quality_leaves
from caremarket.web.forms import render_form
from caremarket.web.views.competitions.common import errors

ACTIONS = {"save", "submit", "withdraw", "resubmit", "file", "prices"}
SAVING_FIRST = {"save", "submit", "resubmit"}
TIERS = 3  # tier rows shown per item on the page, or one more than a saved item has
MAX_TIERS = 20  # the most tier rows the page reads back


def _field(item: int, tier: int, part: str) -> str:
    return f"price-{item}-{tier}-{part}"


def _price_rows(data, items: list[BaselineItem]) -> tuple[list[PriceRow], dict[str, str]]:
    """The price rows typed on the page, and each row's name in problems -> its field."""
    rows, anchors = [], {}
    for i, item in enumerate(items):
        for t in range(MAX_TIERS):
            where = item.label if t == 0 else f"{item.label}, tier {t + 1}"
            parts = [data.get(_field(i, t, part), "") for part in ("one_off", "annual")]
            # The first tier starts from 1; left blank, the item is simply not priced yet.
            start = (
                ("1" if any(p.strip() for p in parts) else "")
                if t == 0
                else data.get(_field(i, t, "from"), "")
            )
            rows.append(PriceRow(where, item.unit, item.band, start, *parts))
            anchors[where] = _field(i, t, "one_off")
    return rows, anchors


def _typed_price_list(data, items: list[BaselineItem]) -> list[dict]:
    rows, anchors = _price_rows(data, items)
    price_list, problems = price_list_from_rows(rows, items)
    if problems:
        fields: dict[str, list[str]] = {}
        for problem in problems:
            fields.setdefault(anchors.get(problem.where, "price-0-0-one_off"), []).append(str(problem))
        raise ValidationFailed("Your prices could not be saved", details={"fields": fields})
    return price_list


def _shown_prices(price_list: list[dict], items: list[BaselineItem]) -> dict:
    """The page's price fields filled from a saved price list."""
    shown = {}
    by_item = {(row["unit"], row["band"]): row["tiers"] for row in price_list or []}
    for i, item in enumerate(items):
        for t, tier in enumerate(by_item.get(item.key, [])[:MAX_TIERS]):
            shown[_field(i, t, "from")] = str(tier["from"])
            shown[_field(i, t, "one_off")] = tier["one_off"]
            shown[_field(i, t, "annual")] = tier["annual"]
    return shown


def _shown(bid, items) -> dict:
    draft = (bid.draft if bid else None) or {}
    return {
        "price": draft.get("price") or "",
        **{f"r-{k}": v for k, v in (draft.get("responses") or {}).items()},
        **_shown_prices(draft.get("price_list") or [], items),
    }


def _save(request, competition, supplier, leaves, items) -> None:
    data = request.POST
    services.bid_save_draft(
        actor=request.actor,
        competition=competition,
        supplier=supplier,
        price=None if items else data.get("price"),
        responses={n.criterion.id: data.get(f"r-{n.criterion.id}", "") for n in leaves},
        price_list=_typed_price_list(data, items) if items else None,
    )


def _act(request, action: str, competition, supplier, bid, leaves, items) -> str:
    """Carry out the action; the message to show. Submitting saves what is on the screen first."""
    actor = request.actor
    if action not in ACTIONS:
        raise ValidationFailed("Choose what to do with your bid")
    saved = action in SAVING_FIRST and not (
        action == "resubmit" and bid and not bid.draft and _is_blank(request)
    )
    if saved:
        _save(request, competition, supplier, leaves, items)
    if action == "save":
        return "Your draft was saved. It is not submitted yet"
    if action == "prices":
        upload = request.FILES.get("prices_file")
        if upload is None:
            raise ValidationFailed.for_field("prices_file", "Choose the filled-in price template to upload")
        try:
            services.bid_price_list_upload(
                actor=actor,
                competition=competition,
                supplier=supplier,
                name=upload.name,
                content=upload.read(bid_prices.MAX_BYTES + 1),
            )
        except ValidationFailed as exc:  # this page's upload field is `prices_file`
            fields = exc.details.get("fields") or {}
            if "file" in fields:
                exc.details["fields"] = {"prices_file": fields["file"]}
            raise
        return f"The prices in {upload.name} were saved to your draft. It is not submitted yet"
    if action == "file":
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
        return f"{upload.name} was attached and sealed"
    if action == "withdraw":
        services.bid_withdraw(actor=actor, competition=competition, supplier=supplier)
        return "Your bid was withdrawn. You can resubmit it before the deadline"
    # Content saved from the page makes the bid a draft again: it is submitted, not resubmitted.
    submit = services.bid_submit if action == "submit" or saved else services.bid_resubmit
    receipt = submit(actor=actor, competition=competition, supplier=supplier)
    return f"Your bid was {receipt.action}: receipt {receipt.number}"


def _tier_rows(bid) -> int:
    """Enough tier rows for every saved tier of any item, and one spare."""
    saved = ((bid.draft if bid else None) or {}).get("price_list") or []
    longest = max((len(row["tiers"]) for row in saved), default=0)
    return min(MAX_TIERS, max(TIERS, longest + 1))


def _is_blank(request) -> bool:
    """A resubmission with nothing typed resubmits the sealed bid as it stands."""
    return not any(
        value.strip() for key, value in request.POST.items() if key not in ("action", "csrfmiddlewaretoken")
    )


@login_required
@require_http_methods(["GET", "POST"])
def own_bid(request, reference: str):
    actor = request.actor
    competition = selectors.competition_for_actor(actor, reference)
    require(actor, "competitions.take_part", competition)
    supplier = selectors.acting_supplier(actor)
    bid = selectors.own_bid_for_actor(actor, competition)
    leaves = quality_leaves(model_from(competition.evaluation_model))
    items = bid_prices.items_of(competition)
    data = request.POST if request.method == "POST" else _shown(bid, items)
    error, action = None, request.POST.get("action", "")
    if request.method == "POST":
        try:
            message = _act(request, action, competition, supplier, bid, leaves, items)
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, message)
            return redirect("web:competition-bid", reference=competition.reference)
    context = {
        "competition": competition,
        "bid": selectors.own_bid_for_actor(actor, competition),
        "leaves": leaves,
        "items": items,
        "tiers": range(_tier_rows(bid)),
        "data": data,
        **errors(error),
    }
    if error is not None and action in ("submit", "resubmit"):
        context["errors"] = [
            {"text": "Nothing was submitted: put right what is listed, then submit again"}
        ] + (context["errors"])
    return render_form(request, "web/competitions/bid.jinja", context)


@login_required
def price_template(request, reference: str, fmt: str):
    """The price template of a buying club competition, with the supplier's draft prices."""
    competition = selectors.competition_for_actor(request.actor, reference)
    name, content_type, content = selectors.price_template_for_actor(request.actor, competition, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def bid_list(request, reference: str):
    """The buyer's side, after the deadline only: before it this page is forbidden to every role."""
    competition = selectors.competition_for_actor(request.actor, reference)
    bids = selectors.bids_for_actor(request.actor, competition)
    costs = {}
    if competition.buying_club_id and can(request.actor, "competitions.open_bids", competition):
        try:  # an evaluator reads costs once it has declared no conflict
            costs = selectors.bid_costs_for_actor(request.actor, competition)
        except ApplicationError:
            costs = {}
    return render(
        request, "web/competitions/bids.jinja", {"competition": competition, "bids": bids, "costs": costs}
    )


@login_required
def bid_detail(request, reference: str, bid_id: int):
    competition = selectors.competition_for_actor(request.actor, reference)
    opened = selectors.opened_bid_for_actor(request.actor, competition, bid_id)
    leaves = quality_leaves(model_from(competition.evaluation_model))
    items = {item.key: item for item in bid_prices.items_of(competition)}
    prices = [
        (
            items[(row["unit"], row["band"])].label if (row["unit"], row["band"]) in items else row["unit"],
            tier,
        )
        for row in opened.content.get("price_list") or []
        for tier in row["tiers"]
    ]
    return render(
        request,
        "web/competitions/bid_opened.jinja",
        {
            "competition": competition,
            "opened": opened,
            "leaves": leaves,
            "prices": prices,
            "breakdown": selectors.bid_breakdown_for_actor(request.actor, competition, opened),
        },
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
