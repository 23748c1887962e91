"""The route advisor over the database: the agreements on offer come from the real
agreements, the buying clubs from the clubs recorded; the advice itself is the pure
`rules.routes.advise_routes`, and the milestone plan comes from `rules.milestones`."""

from dataclasses import dataclass
from datetime import date, timedelta

from caremarket.agreements.models import Agreement
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.permissions import require
from caremarket.rules.agreements import AgreementStatus
from caremarket.rules.buying_clubs import ClubStatus
from caremarket.rules.club_timetable import ClubKind, ClubPlan, PlannedLaunch, Timetable
from caremarket.rules.milestones import (
    DEFAULT_DURATIONS,
    HSCN_PROGRAMME,
    MilestonePlan,
    PlanReview,
    aggregated_plan,
    procurement_plan,
    review_plan,
)
from caremarket.rules.route_facts import AgreementOffer, OrganisationFacts
from caremarket.rules.routes import RouteAdvice, RouteOption, advise_routes
from caremarket.rules.sourcing import Route
from caremarket.sourcing.models import BuyingClub


@dataclass(frozen=True)
class Recommendation:
    advice: RouteAdvice
    plan: MilestonePlan | None
    review: PlanReview | None
    today: date
    programme: bool

    @property
    def recommended(self) -> RouteOption | None:
        return self.advice.recommended


def lot_categories(lots) -> dict[int, frozenset[str]]:
    """The catalogue categories each lot serves: those its definition names (by the lot's
    code) and those of the live services listed under it."""
    from caremarket.catalogue.generate.vocabulary import LOT_CATEGORIES
    from caremarket.catalogue.models import Listing

    found = {lot.pk: set(LOT_CATEGORIES.get(lot.code, ())) for lot in lots}
    listed = (
        Listing.objects.filter(lot__in=list(found), live_version__isnull=False)
        .values_list("lot_id", "live_version__category")
        .distinct()
    )
    for lot_id, category in listed:
        found[lot_id].add(category)
    return {pk: frozenset(cats) for pk, cats in found.items()}


def agreement_offers(today: date | None = None) -> list[AgreementOffer]:
    """Every published agreement, with its lots' facts and the categories each serves (the
    advisor rules out those that have expired or cannot take the procedure, and leaves out
    those that do not supply what is being bought)."""
    today = today or clock.today()
    agreements = (
        Agreement.objects.exclude(stage=AgreementStatus.DRAFT)
        .filter(ends_on__gte=today - timedelta(days=3 * 365))
        .prefetch_related("lots__current_rules")
        .order_by("reference")
    )
    agreements = list(agreements)
    categories = lot_categories([lot for a in agreements for lot in a.lots.all()])
    offers = []
    for agreement in agreements:
        lots = list(agreement.lots.all())
        if not lots:
            continue
        offers.append(
            AgreementOffer(
                agreement.facts(lot_count=len(lots)),
                tuple(lot.facts() for lot in lots),
                lot_categories=tuple(categories[lot.pk] for lot in lots),
                title=agreement.title,
            )
        )
    return offers


def club_timetable() -> Timetable:
    """The buying clubs recorded, as a timetable: those still to launch (not cancelled)."""
    clubs = (
        BuyingClub.objects.select_related("agreement")
        .exclude(stage__in=[ClubStatus.CANCELLED, ClubStatus.LAUNCHED, ClubStatus.AWARDED])
        .order_by("launch_date", "reference")
    )
    plans = []
    seen = set()
    for club in clubs:
        if club.name.casefold() in seen:
            continue
        seen.add(club.name.casefold())
        launch = PlannedLaunch.on(club.launch_date) if club.launch_date else PlannedLaunch()
        regions = frozenset({club.region}) if club.region else frozenset()
        kind = ClubKind(club.kind) if (club.kind != ClubKind.REGIONAL or regions) else ClubKind.NON_REGIONAL
        plans.append(ClubPlan(club.name, kind, launch, club.agreement.reference, regions, club.notice))
    return Timetable("Buying clubs", tuple(plans))


def plan_for(
    option: RouteOption | None,
    advice: RouteAdvice,
    facts: OrganisationFacts,
    timetable: Timetable,
    *,
    programme: bool,
    today: date,
) -> MilestonePlan | None:
    """The milestone plan for the recommended option: a buying club's dates for an aggregated
    procurement; the programme's dates for a self-serve route under a programme; otherwise
    worked back from the day the service is needed (or forward from preparing now)."""
    if option is None:
        return None
    if option.route == Route.AGGREGATED:
        club = timetable.for_organisation(region=facts.region, club=facts.buying_club)
        if club is None or club.launch.earliest is None:
            return None
        return aggregated_plan(club.name, club.launch.earliest, notice=club.notice)
    if programme:
        return HSCN_PROGRAMME.plan(option.route)
    needed_by = advice.needed_by
    if needed_by:
        return procurement_plan(option.route, option.procedure, service_start=needed_by)
    launch = today + DEFAULT_DURATIONS[option.procedure].preparation
    return procurement_plan(option.route, option.procedure, launch=launch)


def recommend(
    actor: Actor, facts: OrganisationFacts, *, programme: bool = False, today: date | None = None
) -> Recommendation:
    require(actor, "sourcing.use_route_advisor")
    today = today or clock.today()
    timetable = club_timetable()
    advice = advise_routes(
        facts,
        agreement_offers(today),
        today,
        timetable=timetable,
        programme=HSCN_PROGRAMME if programme else None,
    )
    plan = plan_for(advice.recommended, advice, facts, timetable, programme=programme, today=today)
    review = review_plan(plan, today, facts.milestones_done) if plan else None
    return Recommendation(advice, plan, review, today, programme)
