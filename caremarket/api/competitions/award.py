"""Award, standstill and challenges; then the contract created from the award and a buying
club's per-member cost breakdown."""

from django.urls import reverse
from ninja import Status

from caremarket.api.competition_schemas import (
    AwardIn,
    AwardOut,
    ChallengeIn,
    ChallengeOut,
    ClubBreakdownOut,
    ContractFromAwardIn,
    ContractFromAwardOut,
    LetterOut,
    OutcomeIn,
)
from caremarket.api.competitions.common import bid_of, competition_of, router, supplier_of
from caremarket.api.idempotency import idempotent
from caremarket.api.schemas import Id, responses
from caremarket.competitions import selectors, services
from caremarket.competitions.models import Challenge
from caremarket.contracts.services import contract_create_from_award
from caremarket.core.errors import NotFound
from caremarket.core.permissions import require


def _award_out(award) -> dict:
    return {
        "competition": award.competition.reference,
        "supplier_code": award.bid.supplier.code,
        "supplier_name": award.bid.supplier.name,
        "decided_on": award.decided_on,
        "regime": award.regime,
        "standstill_days": award.standstill_days,
        "standstill_ends_on": award.standstill_ends_on,
        "reasons": award.reasons,
        "value": str(award.value) if award.value is not None else None,
        "confirmed_at": award.confirmed_at,
        "challenges": [_challenge_out(c) for c in selectors.challenges_of(award)],
        "ranking": award.ranking,
    }


def _challenge_out(c: Challenge) -> dict:
    return {
        "id": c.pk,
        "supplier": c.supplier.name,
        "grounds": c.grounds,
        "recorded_on": c.recorded_on,
        "outcome": c.outcome,
        "outcome_on": c.outcome_on,
        "outcome_reason": c.outcome_reason,
    }


@router.post("/competitions/{reference}/award", response=responses(201, AwardOut))
@idempotent
def decide_award(request, reference: str, payload: AwardIn):
    """Confirm the ranking and the preferred bidder: standstill starts."""
    competition = competition_of(request, reference)
    award = services.award_decide(
        actor=request.actor,
        competition=competition,
        bid=bid_of(competition, payload.bid_id),
        reasons=payload.reasons,
    )
    return Status(201, _award_out(award))


@router.get("/competitions/{reference}/award", response=responses(200, AwardOut))
def get_award(request, reference: str):
    competition = competition_of(request, reference)
    require(request.actor, "competitions.open_bids", competition)
    award = selectors.award_of(competition)
    if award is None:
        raise NotFound(f"{competition.reference} has no award decision")
    return _award_out(award)


@router.post("/competitions/{reference}/award/confirm", response=responses(200, AwardOut))
@idempotent
def confirm_award(request, reference: str):
    """Once standstill has ended with no challenge open: the award is made."""
    competition = competition_of(request, reference)
    return _award_out(services.award_confirm(actor=request.actor, competition=competition))


@router.get("/competitions/{reference}/award-letter", response=responses(200, LetterOut))
def get_award_letter(request, reference: str, supplier: str = ""):
    """Your award letter: your scores, the winner's and the reasons (`?format=pdf` via the page)."""
    letter = selectors.award_letter_for_actor(
        request.actor, competition_of(request, reference), supplier[:20]
    )
    return {
        "competition": letter.competition.reference,
        "supplier": letter.supplier.name,
        "successful": letter.successful,
        "own": letter.own,
        "winner": letter.winner,
        "reasons": letter.award.reasons,
        "standstill_ends_on": letter.award.standstill_ends_on,
    }


@router.post("/competitions/{reference}/challenges", response=responses(201, ChallengeOut))
def challenge(request, reference: str, payload: ChallengeIn):
    """A bidder's challenge during standstill: it pauses the award."""
    competition = competition_of(request, reference)
    c = services.challenge_record(
        actor=request.actor, competition=competition, supplier=supplier_of(request), grounds=payload.grounds
    )
    return Status(201, _challenge_out(c))


@router.post(
    "/competitions/{reference}/challenges/{challenge_id}/outcome", response=responses(200, ChallengeOut)
)
def challenge_outcome(request, reference: str, challenge_id: Id, payload: OutcomeIn):
    competition = competition_of(request, reference)
    c = selectors.challenge_of(competition, challenge_id)
    if c is None:
        raise NotFound(f"{competition.reference} has no challenge #{challenge_id}")
    c = services.challenge_outcome(
        actor=request.actor, challenge=c, outcome=str(payload.outcome), reason=payload.reason
    )
    return _challenge_out(c)


@router.post("/competitions/{reference}/contract", response=responses(201, ContractFromAwardOut))
@idempotent
def create_contract_from_award(request, reference: str, payload: ContractFromAwardIn):
    """The draft contract from the award, once standstill has ended with no challenge open
    (refused before, with the reason). Parties, value, term and prices come from the award."""
    competition = competition_of(request, reference)
    data = payload.dict()
    if data["value"] is None:
        del data["value"]
    contract = contract_create_from_award(actor=request.actor, competition=competition, **data)
    return Status(
        201,
        {
            "reference": contract.reference,
            "competition": competition.reference,
            "link": reverse("web:contract", args=[contract.reference]),
            "api": f"/api/v1/contracts/{contract.reference}",
        },
    )


@router.get("/competitions/{reference}/club-breakdown", response=responses(200, ClubBreakdownOut))
def get_club_breakdown(request, reference: str):
    """A buying club's awarded cost per member over the term: every member for the buyer's
    side; a member sees its own line. Refused before the award."""
    competition, breakdown = selectors.club_breakdown_for_reference(request.actor, reference)
    return {
        "competition": competition.reference,
        "supplier_name": breakdown.supplier,
        "years": breakdown.years,
        "total": str(breakdown.total),
        "own_only": breakdown.own_only,
        "members": [
            {
                "member_code": m.member,
                "member_name": m.name,
                "sites": m.sites,
                "one_off": str(m.one_off),
                "recurring_per_year": str(m.recurring),
                "total": str(m.cost),
            }
            for m in breakdown.members
        ],
    }
