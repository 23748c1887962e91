"""Sourcing API: the route advisor."""

from caremarket.api.schemas import responses
from caremarket.api.sourcing.common import P, router, state_out
from caremarket.api.sourcing_schemas import (
    AdviceOut,
    FactsIn,
)
from caremarket.core.errors import ValidationFailed
from caremarket.rules.route_facts import OrganisationFacts, facts_problems
from caremarket.sourcing import selectors
from caremarket.sourcing.advisor import recommend


def _option_out(o) -> dict:
    return {
        "route": str(o.route),
        "procedure": str(o.procedure),
        "agreement": o.agreement,
        "lot": o.lot,
        "label": o.label,
        "eligible": o.eligible,
        "rank": o.rank,
        "score": o.score,
        "reasons": list(o.reasons),
        "cautions": list(o.cautions),
        "refusals": [{"code": r.code, "message": r.message} for r in o.refusals],
    }


@router.post(f"{P}/route-advice", response=responses(200, AdviceOut))
def route_advice(request, payload: FactsIn):
    """Facts about an organisation in; the recommended route and procedure, every option with
    its reasons and ruling-out constraints, and the milestone plan (late ones flagged) out."""
    organisation = selectors.acting_buyer(request.actor)
    facts = OrganisationFacts(
        name=payload.name or (organisation.name if organisation else "Your organisation"),
        purchase=str(payload.purchase or ""),
        region=str(payload.region or ""),
        sites=payload.sites,
        complex_needs=payload.complex_needs,
        needs_dialogue=payload.needs_dialogue,
        beyond_agreements=payload.beyond_agreements,
        procurement_expertise=payload.procurement_expertise,
        clear_plans=payload.clear_plans,
        collaboration=payload.collaboration,
        lead_organisation=payload.lead_organisation,
        buying_club=payload.buying_club,
        contract_end_dates=tuple(payload.contract_end_dates),
        estimated_value=payload.estimated_value,
        earliest_start=payload.earliest_start,
        latest_start=payload.latest_start,
        central_government=payload.central_government,
        milestones_done=frozenset(payload.milestones_done),
    )
    problems = facts_problems(facts)
    if problems:
        raise ValidationFailed(
            next(iter(problems.values())), details={"fields": {k: [v] for k, v in problems.items()}}
        )
    r = recommend(request.actor, facts, programme=payload.programme)
    advice = r.advice
    return {
        "recommended": _option_out(advice.recommended) if advice.recommended else None,
        "options": [_option_out(o) for o in advice.options],
        "threshold": advice.threshold,
        "needed_by": advice.needed_by,
        "notes": list(advice.notes),
        "plan": [state_out(s) for s in r.review.states] if r.review else [],
        "late": [s.message for s in r.review.late] if r.review else [],
    }
