"""Competitions: list, create, read and change them, move them through their lifecycle, and
set the evaluation model."""

from ninja import Status
from ninja.pagination import paginate

from caremarket.agreements.selectors import lot_for_actor
from caremarket.api.competition_schemas import (
    CompetitionDetailOut,
    CompetitionIn,
    CompetitionOut,
    CompetitionPatch,
    ModelIn,
    TransitionIn,
)
from caremarket.api.competitions.common import competition_of, router
from caremarket.api.idempotency import idempotent
from caremarket.api.schemas import ERRORS, Pages, responses
from caremarket.competitions import selectors, services
from caremarket.orgs.selectors import organisation_for_actor
from caremarket.sourcing.selectors import club_for_actor


@router.get("/competitions", response={200: list[CompetitionOut], **ERRORS})
@paginate(Pages)
def list_competitions(request, status: str = "", q: str = ""):
    """Competitions you can see: your organisation's, and those you are invited to."""
    return selectors.competitions_for_actor(request.actor, status=status[:30], q=q[:100])


@router.post("/competitions", response=responses(201, CompetitionDetailOut))
@idempotent
def create_competition(request, payload: CompetitionIn):
    """A draft competition: a further competition under an agreement's lot, an open procedure,
    or a launched buying club's further competition (`buying_club`: its reference; the lot,
    procedure and aggregated evaluation come from the club, and bids are price lists for the
    baseline frozen at launch)."""
    data = payload.dict()
    buyer = organisation_for_actor(request.actor, data.pop("buyer_code"))
    club_reference = data.pop("buying_club")
    if club_reference:
        data["buying_club"] = club_for_actor(request.actor, club_reference)
    agreement, number = data.pop("agreement"), data.pop("lot")
    lot = lot_for_actor(request.actor, agreement, number) if agreement and number else None
    competition = services.competition_create(
        actor=request.actor,
        buyer=buyer,
        lot=lot,
        **{**data, "procedure": str(data["procedure"]), "regime": str(data["regime"])},
    )
    return Status(201, competition)


@router.get("/competitions/{reference}", response=responses(200, CompetitionDetailOut))
def get_competition(request, reference: str):
    return competition_of(request, reference)


@router.patch("/competitions/{reference}", response=responses(200, CompetitionDetailOut))
def update_competition(request, reference: str, payload: CompetitionPatch):
    """Change it. Once published bidders are told; a change to the requirement invalidates
    submitted bids and keeps the deadline at least the configured minimum away."""
    competition = competition_of(request, reference)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.competition_update(actor=request.actor, competition=competition, **changes)


@router.post("/competitions/{reference}/status", response=responses(200, CompetitionDetailOut))
def move_competition(request, reference: str, payload: TransitionIn):
    """Publish (freezing the invitations), open evaluation, start moderation, cancel, or end unsuccessful."""
    competition = competition_of(request, reference)
    return services.competition_transition(
        actor=request.actor,
        competition=competition,
        to=str(payload.to),
        reason=payload.reason,
        unanswered_reason=payload.unanswered_reason,
    )


@router.put("/competitions/{reference}/evaluation-model", response=responses(200, CompetitionDetailOut))
def set_evaluation_model(request, reference: str, payload: ModelIn):
    """Set the evaluation model from a criteria template, or in full, while it is a draft."""
    competition = competition_of(request, reference)
    return services.evaluation_model_set(
        actor=request.actor, competition=competition, model=payload.model, template_name=payload.template
    )
