"""What other domains read about an award: the contracts app creates the contract from
`award_outcome_for_contract`; call-offs for a buying club use `club_catalogue`.

Both are stable interfaces: add fields, never change or remove one.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from caremarket.competitions.bid_content import price_list_of
from caremarket.competitions.engine import open_bids
from caremarket.competitions.models import Award, Competition
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import RuleViolation
from caremarket.rules.competitions import CompetitionStatus
from caremarket.rules.price_lists import ContractTerm, PriceList
from caremarket.rules.standstill import contract_creation_refusal

S = CompetitionStatus


@dataclass(frozen=True)
class AwardOutcome:
    competition_id: int
    reference: str
    title: str
    buyer_organisation_id: int
    supplier_organisation_id: int
    agreement_id: int | None
    lot_id: int | None
    buying_club_id: int | None
    value: Decimal | None  # the winning bid's price (or total evaluated cost for a club), pounds
    term: ContractTerm  # initial years + extension years, e.g. 3+1+1
    term_months: int  # the full potential term, in months
    price_list: PriceList | None  # the winning bid's price list (rules.price_lists), if it has one
    awarded_bid_id: int
    decided_on: object  # date of the award decision
    standstill_ends_on: object  # date: the contract can be created from the next day


def _award(competition: Competition) -> Award | None:
    return (
        Award.objects.filter(competition=competition, withdrawn_at__isnull=True)
        .select_related("bid__supplier")
        .first()
    )


def award_outcome_for_contract(competition: Competition, now: datetime) -> AwardOutcome:
    """The award a contract is created from. Raises `ApplicationError` before award, during
    standstill, while a challenge has no outcome, or once one is upheld."""
    competition = Competition.objects.select_related("lot").get(pk=competition.pk)
    award = _award(competition)
    if award is None or competition.stage not in (S.STANDSTILL, S.AWARDED):
        raise RuleViolation(
            f"{competition.reference} has not been awarded: no contract can be created from it",
            code=ErrorCode.COMPETITION_TRANSITION_REFUSED,
        )
    from caremarket.core.clock import local

    refusal = contract_creation_refusal(award.standstill(), local(now).date())
    if refusal:
        raise refusal.error(reference=competition.reference)
    winner = next(o for o in open_bids(competition, now) if o.bid.pk == award.bid_id)
    return AwardOutcome(
        competition_id=competition.pk,
        reference=competition.reference,
        title=competition.title,
        buyer_organisation_id=competition.buyer_id,
        supplier_organisation_id=award.bid.supplier_id,
        agreement_id=competition.agreement_id,
        lot_id=competition.lot_id,
        buying_club_id=getattr(competition, "buying_club_id", None),
        value=award.value,
        term=competition.term,
        term_months=competition.term_months,
        price_list=price_list_of(award.bid.label, winner.content),
        awarded_bid_id=award.bid_id,
        decided_on=award.decided_on,
        standstill_ends_on=award.standstill_ends_on,
    )


@dataclass(frozen=True)
class ClubCatalogue:
    """A buying club's awarded catalogue: the single winning supplier's price list, from which
    only the members included at launch may order."""

    club_id: int
    competition_id: int
    reference: str
    supplier_organisation_id: int
    price_list: PriceList
    term: ContractTerm
    awarded_at: datetime


def club_catalogue(club) -> ClubCatalogue | None:
    """The catalogue awarded to `club` (a sourcing.BuyingClub), or None while there is none:
    only once its competition is awarded (standstill over, award confirmed)."""
    if not hasattr(Competition, "buying_club"):
        return None
    competition = (
        Competition.objects.filter(buying_club=club, stage=S.AWARDED).order_by("-updated_at").first()
    )
    if competition is None:
        return None
    award = _award(competition)
    if award is None or award.confirmed_at is None:
        return None
    # The seal opened at the deadline, before the award was made: the award's own moment is
    # the proof, so the catalogue reads the same whenever it is read.
    winner = next(o for o in open_bids(competition, award.confirmed_at) if o.bid.pk == award.bid_id)
    price_list = price_list_of(award.bid.label, winner.content)
    if price_list is None:
        return None
    return ClubCatalogue(
        club.pk,
        competition.pk,
        competition.reference,
        award.bid.supplier_id,
        price_list,
        competition.term,
        award.confirmed_at,
    )
