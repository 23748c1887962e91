"""After the award: the buyer creates the contract from it once standstill is over, and a
buying club's members read the awarded cost broken down per member."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from caremarket.competitions import selectors
from caremarket.competitions.award import award_outcome_for_contract
from caremarket.contracts.services import contract_create_from_award
from caremarket.core import clock
from caremarket.core.errors import ApplicationError, NotFound, ValidationFailed
from caremarket.core.permissions import can, require
from caremarket.web.forms import render_form
from caremarket.web.views.competitions.common import errors
from caremarket.web.views.contracts.common import parse_date


def _refused(exc: ApplicationError) -> ApplicationError:
    """A refusal is shown on the page; not-found and permission errors are raised on."""
    if exc.status in (403, 404):
        raise exc
    return exc


def _whole(value: str, field: str, default: int) -> int:
    try:
        return int(value) if str(value).strip() else default
    except ValueError:
        raise ValidationFailed.for_field(field, "Enter a whole number of months") from None


@login_required
@require_http_methods(["GET", "POST"])
def contract_from_award(request, reference: str):
    """The contract's own details, pre-filled from the award; parties, value, term and the
    winner's prices come from the award itself."""
    actor = request.actor
    competition = selectors.competition_for_actor(actor, reference)
    require(
        actor,
        "contracts.create_contract",
        competition.buyer,
        message="Only the buyer's procurement leads and approvers create contracts",
    )
    award = selectors.award_of(competition)
    if award is None:
        raise NotFound(f"{competition.reference} has no award decision")
    refusal = outcome = None
    try:
        outcome = award_outcome_for_contract(competition, clock.now())
    except ApplicationError as exc:
        refusal = _refused(exc)
    error = None
    if request.method == "POST":
        data = request.POST
        try:
            starts_on = parse_date(data.get("starts_on", ""), "starts_on")
            if starts_on is None:
                raise ValidationFailed.for_field(
                    "starts_on", "Enter the date the contract starts, like 01/04/2027"
                )
            terms = {k: data.get(k, "") for k in ("title", "service_specification", "payment_mechanism")}
            if data.get("value", "").strip():
                terms["value"] = data["value"].strip()
            contract = contract_create_from_award(
                actor=actor,
                competition=competition,
                starts_on=starts_on,
                notice_months=_whole(data.get("notice_months", ""), "notice_months", 3),
                risk_share=data.get("risk_share", ""),
                has_dpa=data.get("has_dpa") == "yes",
                tupe=data.get("tupe") == "yes",
                **terms,
            )
        except ApplicationError as exc:
            error = _refused(exc)
        else:
            messages.success(request, f"{contract.reference} was created from the award as a draft")
            return redirect("web:contract", reference=contract.reference)
    else:
        starts = max(clock.today(), award.standstill_ends_on + timedelta(days=1))
        data = {
            "title": competition.title,
            "starts_on": starts.strftime("%d/%m/%Y"),
            "notice_months": "3",
            "has_dpa": "no",
            "tupe": "no",
        }
    context = {
        "competition": competition,
        "award": award,
        "outcome": outcome,
        "refusal": refusal,
        "data": data,
        **errors(error),
    }
    return render_form(request, "web/competitions/contract.jinja", context)


@login_required
def club_breakdown(request, reference: str):
    """The awarded bid's cost per member over the term: every member for the buyer running
    the competition; a member of the club sees its own line."""
    competition, breakdown = selectors.club_breakdown_for_reference(request.actor, reference)
    return render(
        request,
        "web/competitions/club_breakdown.jinja",
        {
            "competition": competition,
            "breakdown": breakdown,
            "award": selectors.award_of(competition),
            "sees_competition": can(request.actor, "competitions.view", competition),
        },
    )
