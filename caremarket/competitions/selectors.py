"""Reads about competitions, scoped to what the actor may see. Bids are read through
`bids_for_actor` and `opened_bid_for_actor`, which refuse while the seal holds, whoever asks:
before the deadline the buyer side cannot read or even count them."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Q, QuerySet

from caremarket.competitions import engine
from caremarket.competitions.models import (
    Award,
    Bid,
    BidFile,
    Competition,
    DirectAward,
    Document,
    Evaluator,
    Invitation,
    Question,
)
from caremarket.competitions.permissions import supplier_orgs
from caremarket.competitions.services.evaluation import all_submitted, ensure_may_open, panel
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound, PermissionDenied
from caremarket.core.permissions import can, require
from caremarket.orgs.models import Organisation
from caremarket.rules.bidding import BidStatus, seal_refusal
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


@dataclass(frozen=True)
class PublishedQuestion:
    """A clarification as every supplier sees it: no asker."""

    id: int
    text: str
    answer: str
    asked_at: datetime
    answered_at: datetime | None
    mine: bool
    asker: str  # the asking supplier's name, for the buyer's own people only


def questions_for_actor(actor: Actor, competition: Competition) -> list[PublishedQuestion]:
    """The buyer's side sees every question (and who asked); a supplier sees the published
    answers and its own questions, never who asked the others."""
    buyer_side = actor.is_member(competition.buyer_id) or actor.sees_everything
    own = set(actor.organisation_ids)
    rows = competition.questions.select_related("supplier").order_by("asked_at", "id")
    found = []
    for question in rows:
        mine = question.supplier_id in own
        if not buyer_side and not mine and not question.is_answered:
            continue
        found.append(
            PublishedQuestion(
                question.pk,
                question.text,
                question.answer,
                question.asked_at,
                question.answered_at,
                mine,
                question.supplier.name if buyer_side else "",
            )
        )
    return found


def question_for_actor(actor: Actor, competition: Competition, question_id: int) -> Question:
    question = competition.questions.filter(pk=question_id).first()
    if question is None or not can(actor, "competitions.answer", competition):
        raise NotFound(f"{competition.reference} has no question #{question_id} that you can answer")
    return question


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


def _breakdown(competition: Competition, opened: engine.OpenedBid, shown: set[str] | None = None):
    """One opened bid's evaluated cost per member of the buying club (`shown`: only these
    members' lines; every member's when None)."""
    from caremarket.competitions.bid_content import price_list_of
    from caremarket.competitions.club import (
        ClubBreakdown,
        MemberCost,
        baseline_for,
        member_charges,
        member_sites,
    )

    cost = engine.club_costs(competition, [opened])[opened.label]
    price_list = price_list_of(opened.label, opened.content)
    if price_list is None or cost.total is None:
        return None
    baseline = baseline_for(competition)
    charges = member_charges(baseline, price_list)
    sites = member_sites(baseline)
    names = dict(Organisation.objects.filter(code__in=cost.by_member).values_list("code", "name"))
    return ClubBreakdown(
        opened.bid.supplier.name,
        cost.years,
        cost.total,
        tuple(
            MemberCost(m, c, names.get(m, m), sites.get(m, 0), *charges.get(m, (Decimal(0), Decimal(0))))
            for m, c in sorted(cost.by_member.items())
            if shown is None or m in shown
        ),
        own_only=shown is not None,
    )


def bid_breakdown_for_actor(actor: Actor, competition: Competition, opened: engine.OpenedBid):
    """An opened bid's total evaluated cost and every member's share of it, for those who may
    open the bids (None unless it is a buying club's competition)."""
    ensure_unsealed(actor, competition)
    ensure_may_open(actor, competition)
    if competition.buying_club_id is None:
        return None
    return _breakdown(competition, opened)


def bid_costs_for_actor(actor: Actor, competition: Competition) -> dict[int, Decimal | None]:
    """Each standing bid's total evaluated cost over the club's baseline, by bid id."""
    ensure_unsealed(actor, competition)
    ensure_may_open(actor, competition)
    if competition.buying_club_id is None:
        return {}
    opened = engine.open_bids(competition, clock.now())
    costs = engine.club_costs(competition, opened)
    return {o.bid.pk: costs[o.label].total for o in opened}


def club_breakdown_for_actor(actor: Actor, competition: Competition):
    """The awarded bid's evaluated cost per member of the buying club, once the award is
    decided: every member's line for the buyer's side and oversight; a member included at
    launch sees only its own line."""
    from caremarket.sourcing.baseline import members_at_launch

    award = award_of(competition)
    if competition.buying_club_id is None or award is None:
        raise NotFound(f"{competition.reference} has no buying club award to break down")
    members = members_at_launch(competition.buying_club)
    sees_all = actor.sees_everything or actor.is_member(competition.buyer_id)
    own = members & actor.organisation_ids
    if not (sees_all or own):
        raise NotFound(f"{competition.reference} has no breakdown for you")
    opened = next((o for o in engine.open_bids(competition, clock.now()) if o.bid.pk == award.bid_id), None)
    shown = None if sees_all else set(Organisation.objects.filter(pk__in=own).values_list("code", flat=True))
    breakdown = _breakdown(competition, opened, shown) if opened else None
    if breakdown is None:
        raise NotFound(f"{competition.reference}'s awarded bid has no price list to break down")
    return breakdown


def club_breakdown_for_reference(actor: Actor, reference: str):
    """`club_breakdown_for_actor` by reference: a club member reads its own line without
    otherwise seeing the competition, so this checks the breakdown's visibility, not the
    competition's."""
    competition = (
        Competition.objects.select_related("buyer", "buying_club").filter(reference__iexact=reference).first()
    )
    if competition is None:
        raise NotFound(f"There is no competition {reference} that you can see")
    return competition, club_breakdown_for_actor(actor, competition)


def club_competition(club) -> Competition | None:
    """The buying club's further competition: the one running or awarded (else the latest)."""
    found = Competition.objects.filter(buying_club=club).order_by("-created_at", "-id")
    live = found.exclude(stage__in=(CompetitionStatus.CANCELLED, CompetitionStatus.UNSUCCESSFUL)).first()
    return live or found.first()


def price_template_for_actor(actor: Actor, competition: Competition, fmt: str) -> tuple[str, str, bytes]:
    """A buying club competition's price template as (file name, content type, bytes): every
    item of the frozen baseline, with the actor's own draft prices when it has a draft."""
    from caremarket.competitions import bid_prices

    if competition.buying_club_id is None:
        raise NotFound(f"{competition.reference} is priced by a total: it has no price template")
    bid = own_bid_for_actor(actor, competition) if can(actor, "competitions.take_part", competition) else None
    draft_prices = ((bid.draft if bid else None) or {}).get("price_list") or []
    items = bid_prices.items_of(competition)
    name = f"{competition.reference}-price-template.{fmt}"
    if fmt == "xlsx":
        return name, bid_prices.XLSX_TYPE, bid_prices.template_xlsx(items, draft_prices)
    return name, "text/csv; charset=utf-8", bid_prices.template_csv(items, draft_prices).encode("utf-8")


# --- The home page: what is waiting for the actor ---------------------------------------------
# Each reads a few rows in a few queries. None counts or names bids on the buyer side: the
# lead's pipeline is the competitions' own dates and stages, and an evaluator's work appears
# only once the submission deadline has passed.


@dataclass(frozen=True)
class SupplierWork:
    """A supplier's competitions open for bids: those it is invited to, and its draft bids."""

    supplier: Organisation | None
    invitations: list[tuple[Competition, str]]  # (competition, own bid's status or "")
    drafts: list[Competition]


def supplier_work_for_actor(actor: Actor, *, limit: int = 5) -> SupplierWork:
    """The acting supplier's invitations to competitions still open for bids (soonest deadline
    first, with its own bid's status) and its draft bids on them. Its own bids only."""
    supplier = acting_supplier(actor)
    if supplier is None or not actor.has_role(supplier.pk, Role.SUPPLIER_USER):
        return SupplierWork(None, [], [])
    now = clock.now()
    open_for_bids = Q(stage=S.PUBLISHED, submission_deadline__gt=now)
    own = dict(
        Bid.objects.filter(supplier=supplier, competition__stage=S.PUBLISHED)
        .filter(competition__submission_deadline__gt=now)
        .values_list("competition_id", "status")
    )
    found = (
        Competition.objects.filter(open_for_bids)
        .filter(Q(invitations__supplier=supplier) | Q(pk__in=list(own)))
        .select_related("buyer")
        .distinct()
        .order_by("submission_deadline", "id")
    )
    rows = list(found[: 4 * limit])
    invited = {
        pk
        for pk in Invitation.objects.filter(supplier=supplier, competition__in=rows).values_list(
            "competition_id", flat=True
        )
    }
    invitations = [
        (c, own.get(c.pk, "")) for c in rows if c.pk in invited and own.get(c.pk) != BidStatus.DRAFT
    ]
    drafts = [c for c in rows if own.get(c.pk) == BidStatus.DRAFT]
    return SupplierWork(supplier, invitations[:limit], drafts[:limit])


@dataclass(frozen=True)
class EvaluatorTask:
    competition: Competition
    action: str  # "declare", "wait" or "score"


def evaluator_tasks_for_actor(actor: Actor, *, limit: int = 5) -> list[EvaluatorTask]:
    """The competitions the actor is on the panel of whose submission deadline has passed, still
    open or in evaluation, with their scores not yet submitted (not those they are conflicted
    on). Before the deadline there is nothing here: the panel's work starts at the deadline."""
    from caremarket.rules.moderation import Declaration

    evaluating = [org for org, roles in actor.roles_by_org.items() if Role.EVALUATOR in roles]
    if actor.person_id is None or not evaluating:
        return []
    seats = (
        Evaluator.objects.filter(
            person_id=actor.person_id,
            submitted_at__isnull=True,
            competition__buyer_id__in=evaluating,
            competition__stage__in=(S.PUBLISHED, S.EVALUATION),
            competition__submission_deadline__lte=clock.now(),
        )
        .exclude(declaration=Declaration.CONFLICT)
        .select_related("competition__buyer")
        .order_by("competition__submission_deadline", "id")[:limit]
    )
    tasks = []
    for seat in seats:
        if not seat.declaration:
            action = "declare"
        elif seat.competition.stage == S.EVALUATION:
            action = "score"
        else:
            action = "wait"
        tasks.append(EvaluatorTask(seat.competition, action))
    return tasks


# The lead's pipeline, in the order the work comes: (key, heading).
PIPELINE_STAGES = (
    ("draft", "Drafts to publish"),
    ("open", "Open for bids"),
    ("evaluate", "To evaluate"),
    ("moderate", "To moderate"),
    ("standstill", "In standstill"),
    ("contract", "Ready for the contract"),
)
_PIPELINE_OF = {
    S.DRAFT: "draft",
    S.PUBLISHED: "open",
    S.CLARIFICATION_CLOSED: "open",
    S.CLOSED: "evaluate",
    S.EVALUATION: "evaluate",
    S.MODERATION: "moderate",
    S.STANDSTILL: "standstill",
    S.AWARDED: "contract",
}


@dataclass(frozen=True)
class PipelineStage:
    key: str
    heading: str
    competitions: list[Competition]
    count: int


def lead_pipeline_for_actor(actor: Actor, *, limit: int = 5) -> list[PipelineStage]:
    """The competitions of the organisations the actor leads procurement for, by the stage of
    the work: drafts, open for bids (with the deadline), to evaluate, to moderate, in
    standstill (with its last day) and, once standstill is over, those with no contract yet. Stages with
    nothing in them are left out. Nothing here reads the bids."""
    from django.db.models import Exists, OuterRef

    from caremarket.contracts.models import Contract

    led = [org for org, roles in actor.roles_by_org.items() if Role.PROCUREMENT_LEAD in roles]
    if not led:
        return []
    contracted = Contract.objects.filter(competition=OuterRef("pk"))
    found = (
        Competition.objects.filter(buyer_id__in=led, stage__in=list(_PIPELINE_OF))
        .annotate(contracted=Exists(contracted))
        .exclude(stage__in=(S.STANDSTILL, S.AWARDED), contracted=True)
        .select_related("buyer", "award")
        .order_by("submission_deadline", "created_at", "id")
    )
    now, today = clock.now(), clock.today()
    grouped: dict[str, list[Competition]] = {key: [] for key, _ in PIPELINE_STAGES}
    for competition in found[:200]:
        key = _PIPELINE_OF[competition.status(now)]
        if key == "standstill" and competition.award.standstill_ends_on < today:
            key = "contract"  # standstill is over: confirm the award and create the contract
        grouped[key].append(competition)
    return [
        PipelineStage(key, heading, grouped[key][:limit], len(grouped[key]))
        for key, heading in PIPELINE_STAGES
        if grouped[key]
    ]
