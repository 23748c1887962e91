"""Reads about requirements, buying clubs, collaborations, individual procurements,
intentions and phasing, each scoped to what the actor may see; fetch-and-check helpers
answer not-found for the rest."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from caremarket.agreements.models import Lot
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound
from caremarket.core.permissions import can, require
from caremarket.orgs.models import Organisation
from caremarket.rules.buying_clubs import ClubStatus
from caremarket.rules.milestones import MilestonePlan, PlanReview, review_plan
from caremarket.rules.phasing import (
    CrowdingWarning,
    PhasingRow,
    PlannedProcurement,
    crowding_for,
    crowding_warnings,
    month_totals,
    phasing_table,
)
from caremarket.rules.roles import Role, Sector
from caremarket.rules.sourcing import Route
from caremarket.sourcing import template
from caremarket.sourcing.choices import IntentionStatus
from caremarket.sourcing.models import (
    BaselineLine,
    BuyingClub,
    ClubMember,
    Collaboration,
    IndividualProcurement,
    ProcurementIntention,
    ProcurementMilestone,
    RequirementLine,
    RequirementSet,
)

BUYING = (Role.BUYER, Role.PROCUREMENT_LEAD)


def acting_buyer(actor: Actor) -> Organisation | None:
    """The buyer organisation the person is acting for (or their only buyer organisation)."""
    ids = [org for org, roles in actor.roles_by_org.items() if roles & set(BUYING)]
    if actor.organisation_id in ids:
        chosen = actor.organisation_id
    elif ids:
        chosen = sorted(ids)[0]
    else:
        return None
    return Organisation.objects.filter(pk=chosen, sector=Sector.BUYER).first()


def led_org_ids(actor: Actor) -> list[int]:
    return [org for org, roles in actor.roles_by_org.items() if Role.PROCUREMENT_LEAD in roles]


# --- Requirements ---------------------------------------------------------------------------------


def requirement_sets_for_actor(actor: Actor) -> QuerySet[RequirementSet]:
    require(actor, "sourcing.browse")
    sets = RequirementSet.objects.select_related("organisation", "club", "lot__agreement").annotate(
        line_count=Count("lines")
    )
    if not actor.sees_everything:
        sets = sets.filter(
            Q(organisation_id__in=actor.organisation_ids)
            | Q(club__lead_organisation_id__in=led_org_ids(actor))
        )
    return sets.order_by("-created_at", "reference")


def requirement_set_for_actor(actor: Actor, reference: str) -> RequirementSet:
    found = (
        RequirementSet.objects.select_related("organisation", "club__lead_organisation", "lot__agreement")
        .filter(reference__iexact=reference)
        .first()
    )
    if found is None or not can(actor, "sourcing.view_requirements", found):
        raise NotFound(f"There is no requirement set with the reference {reference}")
    return found


def requirement_set_in_club(
    actor: Actor, club: BuyingClub, organisation: Organisation
) -> RequirementSet | None:
    """The organisation's requirement set for the club, if the actor may see it."""
    return requirement_sets_for_actor(actor).filter(club=club, organisation=organisation).first()


def line_count(requirement_set: RequirementSet) -> int:
    return requirement_set.lines.count()


def requirement_lots() -> list[Lot]:
    """The lots a requirement set may be for: every lot of a published agreement."""
    return list(
        Lot.objects.select_related("agreement")
        .exclude(agreement__stage="draft")
        .order_by("agreement__reference", "number")
    )


def requirement_lot(lot_id) -> Lot | None:
    return Lot.objects.filter(pk=lot_id).first()


def club_lots() -> list[Lot]:
    """The lots a buying club may buy under: the lots of a published dynamic purchasing system."""
    return list(
        Lot.objects.select_related("agreement")
        .filter(agreement__kind="dps")
        .exclude(agreement__stage="draft")
        .order_by("agreement__reference", "number")
    )


def club_lot(lot_id) -> Lot:
    return Lot.objects.select_related("agreement").get(pk=lot_id)


def vocabulary_of(requirement_set: RequirementSet) -> template.Vocabulary:
    """The words a requirement set's lines may use: its lot's vocabulary (or the general one)."""
    lot = requirement_set.lot
    return template.vocabulary_for(lot.code if lot else "")


def lines_of(requirement_set: RequirementSet) -> QuerySet[RequirementLine]:
    return requirement_set.lines.select_related("site").order_by("position", "id")


def line_for(requirement_set: RequirementSet, line_id: int) -> RequirementLine:
    line = requirement_set.lines.select_related("site", "requirement_set").filter(pk=line_id).first()
    if line is None:
        raise NotFound(f"{requirement_set.reference} has no line {line_id}")
    return line


# --- Buying clubs -----------------------------------------------------------------------------------


def clubs_for_actor(actor: Actor, *, region: str = "", status: str = "") -> list[BuyingClub]:
    require(actor, "sourcing.browse")
    clubs = (
        BuyingClub.objects.select_related("agreement", "lot", "lead_organisation")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("launch_date", "reference")
    )
    if region:
        clubs = clubs.filter(region=region)
    today = clock.today()
    found = list(clubs)
    if status:
        found = [c for c in found if c.status(today) == status]
    return found


def club_for_actor(actor: Actor, reference: str) -> BuyingClub:
    club = (
        BuyingClub.objects.select_related("agreement", "lot", "lead_organisation")
        .filter(reference__iexact=reference)
        .first()
    )
    if club is None or not can(actor, "sourcing.view_club", club):
        raise NotFound(f"There is no buying club with the reference {reference}")
    return club


@dataclass(frozen=True)
class MemberRow:
    member: ClubMember
    lines: int
    sites: int
    quantity: int
    requirement_set: RequirementSet | None


def member_rows(club: BuyingClub) -> list[MemberRow]:
    sets = {
        s.organisation_id: s
        for s in RequirementSet.objects.filter(club=club).annotate(
            n=Count("lines"), q=Sum("lines__quantity"), s=Count("lines__site", distinct=True)
        )
    }
    rows = []
    for member in club.members.select_related("organisation").order_by("organisation__name"):
        found = sets.get(member.organisation_id)
        rows.append(
            MemberRow(
                member,
                found.n if found else 0,
                found.s if found else 0,
                (found.q or 0) if found else 0,
                found,
            )
        )
    return rows


def membership_of(club: BuyingClub, organisation: Organisation | None) -> ClubMember | None:
    if organisation is None:
        return None
    return club.members.filter(organisation=organisation).first()


def member_for_actor(actor: Actor, club: BuyingClub, code: str) -> ClubMember:
    member = (
        club.members.select_related("organisation", "club").filter(organisation__code__iexact=code).first()
    )
    if member is None or not (
        can(actor, "sourcing.manage_membership", member) or can(actor, "sourcing.view_baseline", club)
    ):
        raise NotFound(f"{club.name} has no member {code}")
    return member


@dataclass(frozen=True)
class BaselineSummary:
    members: int
    lines: int
    sites: int
    quantity: int
    by_item: list[tuple[str, str, str, int]]  # service type, unit, band, quantity


def baseline_summary(club: BuyingClub) -> BaselineSummary:
    lines = BaselineLine.objects.filter(club=club)
    totals = lines.aggregate(n=Count("id"), q=Sum("quantity"), m=Count("organisation", distinct=True))
    sites = lines.values("member_code", "site_code").distinct().count()
    by_item = [
        (r["service_type"], r["unit"], r["band"], r["total"])
        for r in lines.values("service_type", "unit", "band")
        .annotate(total=Sum("quantity"))
        .order_by("service_type", "unit", "band")
    ]
    return BaselineSummary(totals["m"] or 0, totals["n"] or 0, sites, totals["q"] or 0, by_item)


def clubs_open_to(organisation: Organisation | None) -> list[BuyingClub]:
    """Clubs open to members that the organisation has not joined."""
    if organisation is None:
        return []
    joined = ClubMember.objects.filter(club=OuterRef("pk"), organisation=organisation)
    clubs = (
        BuyingClub.objects.filter(stage=ClubStatus.OPEN).annotate(joined=Exists(joined)).filter(joined=False)
    )
    today = clock.today()
    return [c for c in clubs.select_related("agreement") if c.status(today) == ClubStatus.OPEN]


@dataclass(frozen=True)
class ClubStanding:
    """A member's buying club as it truly stands: its status from the clock and, once awarded,
    the contract made from its competition (when the actor may see it)."""

    membership: ClubMember
    club: BuyingClub
    status: ClubStatus
    contract: object | None = None


def club_standings_for_actor(actor: Actor, organisation: Organisation | None, *, limit: int = 5):
    """The clubs `organisation` belongs to, soonest launch first, with their true status; for an
    awarded club, the contract from its further competition where one exists."""
    from caremarket.competitions.selectors import club_competition
    from caremarket.contracts.selectors import contract_from_competition

    if organisation is None or not actor.is_member(organisation.pk):
        return []
    today = clock.today()
    memberships = (
        ClubMember.objects.filter(organisation=organisation)
        .select_related("club")
        .order_by("club__launch_date", "club__reference")[:limit]
    )
    rows = []
    for membership in memberships:
        club = membership.club
        status = club.status(today)
        contract = None
        if status == ClubStatus.AWARDED:
            competition = club_competition(club)
            contract = contract_from_competition(actor, competition) if competition else None
        rows.append(ClubStanding(membership, club, status, contract))
    return rows


# --- Collaborations and individual procurements ---------------------------------------------------


def collaborations_for_actor(actor: Actor) -> QuerySet[Collaboration]:
    require(actor, "sourcing.browse")
    found = Collaboration.objects.select_related("lead_organisation", "agreement").annotate(
        partner_count=Count("partners", distinct=True)
    )
    if not actor.sees_everything:
        found = found.filter(
            Q(lead_organisation_id__in=actor.organisation_ids)
            | Q(partners__organisation_id__in=actor.organisation_ids)
        ).distinct()
    return found.order_by("reference")


def partners_of(collaboration: Collaboration) -> list:
    return list(collaboration.partners.select_related("organisation"))


def member_count(club: BuyingClub) -> int:
    return club.members.count()


def collaboration_for_actor(actor: Actor, reference: str) -> Collaboration:
    found = (
        Collaboration.objects.select_related("lead_organisation", "agreement")
        .filter(reference__iexact=reference)
        .first()
    )
    if found is None or not can(actor, "sourcing.view_collaboration", found):
        raise NotFound(f"There is no collaboration with the reference {reference}")
    return found


def individuals_for_actor(actor: Actor) -> QuerySet[IndividualProcurement]:
    require(actor, "sourcing.browse")
    found = IndividualProcurement.objects.select_related("organisation", "agreement")
    if not actor.sees_everything:
        found = found.filter(organisation_id__in=actor.organisation_ids)
    return found.order_by("reference")


def individual_for_actor(actor: Actor, reference: str) -> IndividualProcurement:
    found = (
        IndividualProcurement.objects.select_related("organisation", "agreement")
        .filter(reference__iexact=reference)
        .first()
    )
    if found is None or not can(actor, "sourcing.view_individual", found):
        raise NotFound(f"There is no procurement with the reference {reference}")
    return found


def milestone_for(procurement, key: str) -> ProcurementMilestone:
    found = procurement.milestones.filter(key=key).first()
    if found is None:
        raise NotFound(f"{procurement.reference} has no milestone {key}")
    return found


def milestone_review(procurement, today: date | None = None) -> PlanReview:
    """Each milestone done, due or late today; a late one carries its consequence."""
    milestones = list(procurement.milestones.order_by("due_on", "id"))
    route = Route.COLLABORATIVE if isinstance(procurement, Collaboration) else Route.INDIVIDUAL
    plan = MilestonePlan(route, tuple(m.facts() for m in milestones))
    return review_plan(plan, today or clock.today(), {m.key for m in milestones if m.done_at})


# --- Intentions and phasing --------------------------------------------------------------------------


def intentions_for_actor(
    actor: Actor, *, mine: bool = False, category: str = "", region: str = ""
) -> QuerySet:
    """The pipeline (published intentions) for everyone; with `mine`, the organisation's own
    intentions in any status."""
    require(actor, "sourcing.view_pipeline")
    found = ProcurementIntention.objects.select_related("organisation")
    if mine:
        if not actor.sees_everything:
            found = found.filter(organisation_id__in=actor.organisation_ids)
    else:
        found = found.filter(status=IntentionStatus.PUBLISHED)
    if category:
        found = found.filter(category=category)
    if region:
        found = found.filter(region=region)
    return found.order_by("launch_on", "reference")


def intention_for_actor(actor: Actor, reference: str) -> ProcurementIntention:
    found = (
        ProcurementIntention.objects.select_related("organisation")
        .filter(reference__iexact=reference)
        .first()
    )
    if found is None or not can(actor, "sourcing.view_intention", found):
        raise NotFound(f"There is no procurement intention with the reference {reference}")
    return found


def _planned(intention: ProcurementIntention) -> PlannedProcurement:
    return PlannedProcurement(
        intention.reference,
        intention.category,
        intention.region,
        intention.launch_on,
        intention.closes_on,
        intention.title,
    )


def planned_procurements() -> list[PlannedProcurement]:
    """Published intentions and the buying clubs to launch (a club closes on its launch
    plus four weeks of tendering)."""
    items = [_planned(i) for i in ProcurementIntention.objects.filter(status=IntentionStatus.PUBLISHED)]
    for club in BuyingClub.objects.exclude(stage=ClubStatus.CANCELLED).exclude(launch_date=None):
        items.append(
            PlannedProcurement(
                club.reference,
                "hscn_connectivity",
                club.region or "national",
                club.launch_date,
                None,
                club.name,
            )
        )
    return items


@dataclass(frozen=True)
class Phasing:
    rows: tuple[PhasingRow, ...]
    totals: tuple[PhasingRow, ...]
    warnings: tuple[CrowdingWarning, ...]


def phasing_for_actor(actor: Actor, *, region: str = "") -> Phasing:
    require(actor, "sourcing.view_pipeline")
    items = planned_procurements()
    rows = phasing_table(items)
    if region:
        rows = tuple(r for r in rows if r.region == region)
    return Phasing(rows, month_totals(rows), crowding_warnings(items))


def crowding_warning_for(intention: ProcurementIntention) -> CrowdingWarning | None:
    others = [p for p in planned_procurements() if p.reference != intention.reference]
    return crowding_for(_planned(intention), others)
