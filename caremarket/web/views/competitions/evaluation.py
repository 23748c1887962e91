"""Evaluation, moderation and award: the evaluator's declaration and scores, the lead's
moderation (consensus, pass/fail, flags), the ranking and award decision, standstill,
challenges, and award letters (page and PDF)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from caremarket.competitions import selectors, services
from caremarket.competitions.engine import flag_key, ranking_snapshot
from caremarket.competitions.letters import letter_pdf
from caremarket.competitions.selectors.panel import all_submitted
from caremarket.contracts import selectors as contract_selectors
from caremarket.core import clock
from caremarket.core.errors import ApplicationError, NotFound, ValidationFailed
from caremarket.core.permissions import can, require
from caremarket.rules.scoring import gate_criteria, quality_leaves
from caremarket.rules.standstill import contract_creation_refusal
from caremarket.web.forms import render_form
from caremarket.web.views.competitions.common import errors


def _int(value, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationFailed.for_field(field, "Choose a score") from None


@login_required
@require_http_methods(["GET", "POST"])
def evaluate(request, reference: str):
    """An evaluator: declare any conflict, then score every bid on every quality criterion."""
    actor = request.actor
    competition = selectors.competition_for_actor(actor, reference)
    require(actor, "competitions.evaluate", competition)
    evaluator = selectors.evaluator_for_actor(actor, competition)
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        action = data.get("action", "")
        try:
            if action == "declare":
                services.evaluator_declare(
                    actor=actor,
                    competition=competition,
                    declaration=data.get("declaration", ""),
                    note=data.get("note", ""),
                )
                messages.success(request, "Your declaration was recorded")
            elif action == "score":
                bid = selectors.bid_of(competition, _int(data.get("bid"), "bid"))
                if bid is None:
                    raise ValidationFailed.for_field("bid", "Choose a bid")
                services.score_record(
                    actor=actor,
                    competition=competition,
                    bid=bid,
                    criterion_id=data.get("criterion", ""),
                    score=_int(data.get("score"), "score"),
                    justification=data.get("justification", ""),
                )
                messages.success(request, f"Your score for {bid.label} on {data.get('criterion')} was saved")
            elif action == "submit":
                services.evaluator_submit(actor=actor, competition=competition)
                messages.success(request, "Your scores were submitted")
            else:
                raise ValidationFailed("Choose what to do")
        except ApplicationError as exc:
            error = exc
        else:
            return redirect("web:competition-evaluate", reference=competition.reference)
    evaluator.refresh_from_db()
    context = {"competition": competition, "evaluator": evaluator, "data": data, "bids": [], "scores": []}
    if evaluator.declaration == "no_conflict":
        try:
            ev = selectors.evaluation_for_actor(actor, competition)
            context["opened"] = ev.opened
            context["leaves"] = quality_leaves(ev.model)
            context["bid_options"] = [(o.bid.pk, f"{o.label}: {o.bid.supplier.name}") for o in ev.opened]
            context["criterion_options"] = [(n.criterion.id, n.label) for n in context["leaves"]]
            context["scale_options"] = [
                (lv.score, f"{lv.score}: {lv.label} ({lv.descriptor})") for lv in ev.model.scale.levels
            ]
            context["scores"] = selectors.scores_for_actor(actor, competition)
            context["everyone"] = all_submitted(competition)
        except ApplicationError as exc:
            context["sealed"] = exc.message
    return render_form(request, "web/competitions/evaluate.jinja", {**context, **errors(error)})


@login_required
@require_http_methods(["GET", "POST"])
def moderation(request, reference: str):
    actor = request.actor
    competition = selectors.competition_for_actor(actor, reference)
    require(actor, "competitions.moderate", competition)
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        action = data.get("action", "")
        try:
            bid = selectors.bid_of(competition, data.get("bid") or 0) if action != "flag" else None
            if action in ("consensus", "gate") and bid is None:
                raise ValidationFailed.for_field("bid", "Choose a bid")
            if action == "consensus":
                services.consensus_record(
                    actor=actor,
                    competition=competition,
                    bid=bid,
                    criterion_id=data.get("criterion", ""),
                    score=_int(data.get("score"), "score"),
                    rationale=data.get("rationale", ""),
                )
            elif action == "gate":
                services.gate_record(
                    actor=actor,
                    competition=competition,
                    bid=bid,
                    criterion_id=data.get("criterion", ""),
                    passed=data.get("passed") == "yes",
                    rationale=data.get("rationale", ""),
                )
            elif action == "flag":
                services.flag_decide(
                    actor=actor,
                    competition=competition,
                    key=data.get("key", ""),
                    decision=data.get("decision", ""),
                )
            else:
                raise ValidationFailed("Choose what to record")
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, "Recorded")
            return redirect("web:competition-moderation", reference=competition.reference)
    ev = selectors.evaluation_for_actor(actor, competition)
    originals = selectors.original_scores(competition)
    consensus, gates = selectors.moderated_results([o.bid for o in ev.opened])
    decided = selectors.flag_decisions_of(competition)
    flags = [(flag_key(f.kind, f.bid_ids), f) for f in (ev.evaluation.flags if ev.evaluation else ())]
    return render_form(
        request,
        "web/competitions/moderation.jinja",
        {
            "competition": competition,
            "ev": ev,
            "leaves": quality_leaves(ev.model),
            "gates_criteria": gate_criteria(ev.model),
            "originals": originals if all_submitted(competition) else {},
            "consensus": consensus,
            "gates": gates,
            "flags": flags,
            "decided": decided,
            "data": data,
            **errors(error),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def award(request, reference: str):
    """The ranking and the award decision; then standstill, challenges and confirmation."""
    actor = request.actor
    competition = selectors.competition_for_actor(actor, reference)
    require(actor, "competitions.open_bids", competition)
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        action = data.get("action", "")
        try:
            if action == "decide":
                bid = selectors.bid_of(competition, data.get("bid") or 0)
                if bid is None:
                    raise ValidationFailed.for_field("bid", "Choose the preferred bidder")
                services.award_decide(
                    actor=actor, competition=competition, bid=bid, reasons=data.get("reasons", "")
                )
                messages.success(request, "The award was decided: standstill has started")
            elif action == "outcome":
                challenge = selectors.challenge_of(competition, data.get("challenge") or 0)
                if challenge is None:
                    raise NotFound("There is no such challenge")
                services.challenge_outcome(
                    actor=actor,
                    challenge=challenge,
                    outcome=data.get("outcome", ""),
                    reason=data.get("reason", ""),
                )
                messages.success(request, "The outcome of the challenge was recorded")
            elif action == "confirm":
                services.award_confirm(actor=actor, competition=competition)
                messages.success(request, "Standstill ended: the award is made, ready for the contract")
            else:
                raise ValidationFailed("Choose what to do")
        except ApplicationError as exc:
            error = exc
        else:
            return redirect("web:competition-award", reference=competition.reference)
    current = selectors.award_of(competition)
    context = {"competition": competition, "award": current, "data": data, "status": competition.status()}
    if current is None:
        ev = selectors.evaluation_for_actor(actor, competition)
        labels = {o.label: o.bid.supplier.name for o in ev.opened}
        context["ranking"] = ranking_snapshot(ev.evaluation, labels) if ev.evaluation else None
        context["problems"] = ev.problems
        context["bids_by_label"] = {o.label: o.bid for o in ev.opened}
    else:
        context["ranking"] = current.ranking
        context["standstill_refusal"] = contract_creation_refusal(current.standstill(), clock.today())
        context["challenges"] = selectors.challenges_of(current)
    context["decides"] = can(actor, "competitions.decide_award", competition)
    context["creates_contract"] = can(actor, "contracts.create_contract", competition.buyer)
    context["contract"] = contract_selectors.contract_from_competition(actor, competition)
    return render_form(request, "web/competitions/award.jinja", {**context, **errors(error)})


@login_required
def award_letter(request, reference: str):
    competition = selectors.competition_for_actor(request.actor, reference)
    letter = selectors.award_letter_for_actor(
        request.actor, competition, request.GET.get("supplier", "")[:20]
    )
    return render(request, "web/competitions/letter.jinja", {"competition": competition, "letter": letter})


@login_required
def award_letter_pdf(request, reference: str):
    competition = selectors.competition_for_actor(request.actor, reference)
    letter = selectors.award_letter_for_actor(
        request.actor, competition, request.GET.get("supplier", "")[:20]
    )
    response = HttpResponse(letter_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{competition.reference}-award-letter.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def challenge(request, reference: str):
    actor = request.actor
    competition = selectors.competition_for_actor(actor, reference)
    require(actor, "competitions.take_part", competition)
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        try:
            services.challenge_record(
                actor=actor,
                competition=competition,
                supplier=selectors.acting_supplier(actor),
                grounds=data.get("grounds", ""),
            )
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(
                request, "Your challenge was recorded: the award is paused until the buyer decides"
            )
            return redirect("web:competition", reference=competition.reference)
    return render_form(
        request,
        "web/competitions/challenge.jinja",
        {"competition": competition, "award": selectors.award_of(competition), "data": data, **errors(error)},
    )
