"""The Most Suitable Provider API's assessment: the panel (declaring, rating), the ratings an
actor may see (`rules.provider_assessment.ratings_visible_to`), moderation and gateway 1."""

from ninja import Status

from caremarket.api.schemas import Id, responses
from caremarket.api.selection.mcp.common import A, P, _alliance, _out, _process, router
from caremarket.api.selection.mcp.schemas import (
    MspDeclarationIn,
    MspGateway1In,
    MspModerationIn,
    MspOut,
    MspPanelIn,
    MspPanelOut,
    MspRatingsIn,
    MspRatingsOut,
)
from caremarket.core.errors import NotFound, ValidationFailed
from caremarket.core.permissions import require
from caremarket.selection import selectors_mcp as sel
from caremarket.selection.services import mcp_assessment


@router.post(P + "/panel", response=responses(201, MspPanelOut))
def add_panel_member(request, reference: str, payload: MspPanelIn):
    process = _process(request, reference)
    require(request.actor, "selection.manage_msp", process)
    person = sel.person_by_email(payload.person_email)
    if person is None:
        raise ValidationFailed.for_field(
            "person_email", "There is nobody on Caremarket with that email address"
        )
    member = mcp_assessment.panel_member_add(actor=request.actor, process=process, person=person)
    return Status(201, {"person_email": person.email, "declaration": member.declaration})


@router.post(P + "/panel/declaration", response=responses(200, MspPanelOut))
def declare(request, reference: str, payload: MspDeclarationIn):
    process = _process(request, reference)
    member = mcp_assessment.panel_declare(
        actor=request.actor, process=process, declaration=payload.declaration, text=payload.conflict_text
    )
    return {"person_email": member.person.email, "declaration": member.declaration}


def _ratings_out(request, process, alliance) -> dict:
    shown = sel.ratings_for(request.actor, process, alliance)
    if not shown.visibility.sees_any:
        raise NotFound(f"{alliance.name}'s ratings are not shown to you")
    return {
        "alliance": alliance.name,
        "visibility": str(shown.visibility),
        "panel": [
            {
                "panel_member_email": r.panel_member.person.email,
                "sub_criterion": r.sub_criterion,
                "rating": r.rating,
                "comment": r.comment,
            }
            for r in shown.panel
        ],
        "moderated": list(shown.moderated.values()),
        "domains": list(shown.domains.values()),
    }


@router.put(A + "/ratings", response=responses(200, MspRatingsOut))
def rate(request, reference: str, alliance_id: Id, payload: MspRatingsIn):
    """Your ratings (as a panel member) of some or all sub-criteria of the alliance's submission."""
    process, alliance = _alliance(request, reference, alliance_id)
    ratings = {r.sub_criterion: (r.rating, r.comment) for r in payload.ratings}
    mcp_assessment.panel_rate(actor=request.actor, process=process, alliance=alliance, ratings=ratings)
    return _ratings_out(request, process, alliance)


@router.get(A + "/ratings", response=responses(200, MspRatingsOut))
def get_ratings(request, reference: str, alliance_id: Id):
    """The ratings you may see: commissioners every one; a panel member their own until
    moderation; the alliance's members its moderated ratings after moderation; nobody else any."""
    process, alliance = _alliance(request, reference, alliance_id)
    return _ratings_out(request, process, alliance)


@router.post(A + "/moderation", response=responses(201, MspRatingsOut))
def moderate(request, reference: str, alliance_id: Id, payload: MspModerationIn):
    process, alliance = _alliance(request, reference, alliance_id)
    mcp_assessment.moderation_record(
        actor=request.actor,
        process=process,
        alliance=alliance,
        sub_ratings={m.sub_criterion: (m.rating, m.rationale) for m in payload.sub_criteria},
        domains={d.domain: (d.rating, d.rationale) for d in payload.domains},
        overall=(payload.overall or "", payload.overall_rationale),
    )
    return Status(201, _ratings_out(request, process, alliance))


@router.post(P + "/gateway1", response=responses(201, MspOut))
def decide_gateway1(request, reference: str, payload: MspGateway1In):
    process = _process(request, reference)
    mcp_assessment.gateway1_decide(
        actor=request.actor,
        process=process,
        decision=payload.decision,
        rationale=payload.rationale,
        themes=payload.themes,
        notes=payload.notes,
    )
    return Status(201, _out(process))
