"""Reads about competitions, scoped to what the actor may see. Bids are read through
`bids_for_actor` and `opened_bid_for_actor`, which refuse while the seal holds, whoever asks:
before the deadline the buyer side cannot read or even count them."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from caremarket.competitions import engine
from caremarket.competitions.models import (
    Award,
    Bid,
    BidFile,
    Competition,
    DirectAward,
    Document,
)
from caremarket.competitions.permissions import supplier_orgs
from caremarket.competitions.selectors.panel import all_submitted, ensure_may_open, panel
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound, PermissionDenied
from caremarket.core.permissions import can, require
from caremarket.orgs.models import Organisation
from caremarket.rules.bidding import seal_refusal
from caremarket.rules.competitions import CompetitionStatus
from caremarket.rules.roles import Role, Sector

S = CompetitionStatus


def competitions_for_actor(actor: Actor, *, status: str = "", q: str = "") -> QuerySet[Competition]:
    require(actor, "competitions.browse")
    found = Competition.objects.select_related("buyer", "lot__agreement").order_by("-created_at", "-id")
    if not actor.sees_everything:
        suppliers = supplier_orgs(actor)
        visible = Q(buyer_id__in=actor.organisation_ids)
        if suppliers:
            visible |= ~Q(stage=S.DRAFT) & (
                Q(procedure="open_procedure") | Q(invitations__supplier_id__in=suppliers)
            )
        found = found.filter(visible).distinct()
    if q:
        found = found.filter(Q(reference__icontains=q) | Q(title__icontains=q))
    if status == "open":
        found = found.filter(stage=S.PUBLISHED, submission_deadline__gt=clock.now())
    elif status:
        found = found.filter(stage=status)
    return found


def competition_for_actor(actor: Actor, reference: str) -> Competition:
    competition = (
        Competition.objects.select_related("buyer", "lot__agreement")
        .filter(reference__iexact=reference)
        .first()
    )
    if competition is None or not can(actor, "competitions.view", competition):
        raise NotFound(f"There is no competition {reference} that you can see")
    return competition


def documents_of(competition: Competition) -> QuerySet[Document]:
    return competition.documents.order_by("kind", "-version")


def document_for_actor(actor: Actor, competition: Competition, document_id: int) -> Document:
    document = competition.documents.filter(pk=document_id).first()
    if document is None:
        raise NotFound(f"{competition.reference} has no document #{document_id}")
    return document


def invitations_for_actor(actor: Actor, competition: Competition):
    """Who is invited: the buyer's people and oversight see the list; suppliers do not."""
    if not (actor.is_member(competition.buyer_id) or actor.sees_everything):
        raise PermissionDenied("Only the buyer sees who is invited")
    return competition.invitations.select_related("supplier").order_by("supplier__name")


def notices_for_actor(actor: Actor, competition: Competition):
    return competition.notices.filter(supplier_id__in=actor.organisation_ids).order_by("-sent_at", "-id")


# --- A supplier's own bid ---------------------------------------------------------------------


def acting_supplier(actor: Actor) -> Organisation | None:
    """The supplier the actor bids for: the organisation acted for, or their only supplier."""
    if not actor.organisation_ids:
        return None
    found = {
        o.pk: o for o in Organisation.objects.filter(pk__in=actor.organisation_ids, sector=Sector.SUPPLIER)
    }
    bidding = [pk for pk in found if actor.has_role(pk, Role.SUPPLIER_USER)] or sorted(found)
    if actor.organisation_id in bidding:
        return found[actor.organisation_id]
    return found[min(bidding)] if bidding else None


def own_bid_for_actor(actor: Actor, competition: Competition) -> Bid | None:
    """The actor's own supplier's bid: status, draft, receipts, files' names and hashes."""
    supplier = acting_supplier(actor)
    if supplier is None or not can(actor, "competitions.view", competition):
        raise NotFound("You have no bid on this competition")
    return competition.bids.filter(supplier=supplier).prefetch_related("receipts", "files").first()


# --- The buyer's side: only after the deadline ------------------------------------------------


def ensure_unsealed(actor: Actor, competition: Competition) -> None:
    require(actor, "competitions.open_bids", competition)
    refusal = seal_refusal(competition.facts(), clock.now())
    if refusal:
        # Forbidden now, whoever asks: the same answer for every role before the deadline.
        raise PermissionDenied(
            refusal.message, code=refusal.code, details={"reference": competition.reference}
        )


def bids_for_actor(actor: Actor, competition: Competition) -> list[Bid]:
    """The bids standing at the deadline (refused before it: nobody counts them early)."""
    ensure_unsealed(actor, competition)
    return engine.valid_bids(competition)


def opened_bid_for_actor(actor: Actor, competition: Competition, bid_id: int) -> engine.OpenedBid:
    """One bid, decrypted: after the deadline, for the buyer's lead, approvers, evaluators who
    declared no conflict, and oversight."""
    ensure_unsealed(actor, competition)
    ensure_may_open(actor, competition)
    opened = next((o for o in engine.open_bids(competition, clock.now()) if o.bid.pk == bid_id), None)
    if opened is None:
        raise NotFound(f"{competition.reference} has no bid #{bid_id}")
    return opened


def bid_file_for_actor(
    actor: Actor, competition: Competition, bid_id: int, file_id: int
) -> tuple[BidFile, bytes]:
    ensure_unsealed(actor, competition)
    ensure_may_open(actor, competition)
    item = BidFile.objects.filter(pk=file_id, bid_id=bid_id, bid__competition=competition).first()
    if item is None or item.bid not in engine.valid_bids(competition):
        raise NotFound("There is no such file")
    return item, engine.open_file(competition, item, clock.now())


def evaluation_for_actor(actor: Actor, competition: Competition) -> engine.CompetitionEvaluation:
    ensure_unsealed(actor, competition)
    ensure_may_open(actor, competition)
    return engine.competition_evaluation(competition, clock.now())


@dataclass(frozen=True)
class ScoreRow:
    evaluator: str
    bid: str
    criterion_id: str
    score: int
    justification: str
    mine: bool


def scores_for_actor(actor: Actor, competition: Competition) -> list[ScoreRow]:
    """An evaluator sees their own scores; everyone's are shown only once every evaluator on
    the panel has submitted."""
    ensure_unsealed(actor, competition)
    ensure_may_open(actor, competition)
    everyone = all_submitted(competition)
    rows = []
    for evaluator in panel(competition):
        mine = evaluator.person_id == actor.person_id
        if not (mine or everyone):
            continue
        for s in evaluator.scores.select_related("bid").order_by("bid_id", "criterion_id"):
            rows.append(
                ScoreRow(evaluator.person.email, s.bid.label, s.criterion_id, s.score, s.justification, mine)
            )
    return rows


def panel_for_actor(actor: Actor, competition: Competition):
    if not (actor.is_member(competition.buyer_id) or actor.sees_everything):
        raise PermissionDenied("Only the buyer sees the evaluation panel")
    return competition.evaluators.select_related("person").order_by("id")


# --- Award ------------------------------------------------------------------------------------


def award_of(competition: Competition) -> Award | None:
    return (
        Award.objects.filter(competition=competition, withdrawn_at__isnull=True)
        .select_related("bid__supplier")
        .prefetch_related("challenges__supplier")
        .first()
    )


@dataclass(frozen=True)
class AwardLetter:
    competition: Competition
    award: Award
    supplier: Organisation
    own: dict | None
    winner: dict
    successful: bool
    ranking: dict


def award_letter_for_actor(actor: Actor, competition: Competition, supplier_code: str = "") -> AwardLetter:
    """The letter to one bidder: its own scores, the winner's, and the reasons. A supplier
    reads its own; the buyer's side reads any bidder's."""
    award = award_of(competition)
    if award is None:
        raise NotFound(f"{competition.reference} has no award decision yet")
    buyer_side = can(actor, "competitions.open_bids", competition)
    if supplier_code and buyer_side:
        supplier = Organisation.objects.filter(code__iexact=supplier_code).first()
    else:
        supplier = acting_supplier(actor)
    if supplier is None:
        raise NotFound("There is no award letter for you on this competition")
    if not buyer_side and not actor.is_member(supplier.pk):
        raise NotFound("There is no award letter for you on this competition")
    bid = competition.bids.filter(supplier=supplier).first()
    results = award.ranking.get("results", [])
    own = next((r for r in results if bid and r["bid"] == bid.label), None)
    if own is None:
        raise NotFound(f"{supplier.name} did not bid on {competition.reference}")
    winner = next(r for r in results if r["bid"] == award.bid.label)
    return AwardLetter(competition, award, supplier, own, winner, own["bid"] == winner["bid"], award.ranking)


def direct_award_for_actor(actor: Actor, reference: str) -> DirectAward:
    award = (
        DirectAward.objects.select_related("buyer", "lot__agreement", "supplier")
        .filter(reference__iexact=reference)
        .first()
    )
    visible = award is not None and (
        actor.sees_everything or actor.is_member(award.buyer_id) or actor.is_member(award.supplier_id)
    )
    if not visible:
        raise NotFound(f"There is no direct award {reference} that you can see")
    return award
