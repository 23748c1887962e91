"""What waits for the actor on the home page: a supplier's invitations and drafts, an
evaluator's competitions to score, a lead's competitions by stage."""

from dataclasses import dataclass

from django.db.models import Q

from caremarket.competitions.models import (
    Bid,
    Competition,
    Evaluator,
    Invitation,
)
from caremarket.competitions.selectors.core import S, acting_supplier
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.orgs.models import Organisation
from caremarket.rules.bidding import BidStatus
from caremarket.rules.roles import Role

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
