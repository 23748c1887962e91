"""The demo world's sourcing: the buying clubs of the seed's HSCN timetable (moved on by nine
years, and on with the demo's calendar in story.py, so that they fall around today), led by
NHS Digital on RM3825 lot 1: South West launched with a frozen baseline of some hundreds of
requirement lines, Once for London and East open with members and requirements, the rest open
or forming; a collaboration with its governance and milestones; individual procurements, one
with a missed milestone; procurement intentions (four closing in one fortnight, to show the
phasing warning); the demo buyer's cost figures for the make/share/buy diagnostic."""

import random
from datetime import date, timedelta
from decimal import Decimal

from caremarket.agreements.models import Agreement
from caremarket.core import clock
from caremarket.demo import story
from caremarket.demo.registry import DEMO_PASSWORD, DemoWorld, SignIn, demo_loader
from caremarket.orgs import services as org_services
from caremarket.orgs.models import Organisation
from caremarket.rules.agreements import add_months
from caremarket.rules.club_timetable import Precision, default_timetable
from caremarket.rules.roles import Role, Sector
from caremarket.sourcing import services
from caremarket.sourcing.choices import CollaborationRoute
from caremarket.sourcing.models import RequirementSet
from caremarket.sourcing.template import unit_label

YEARS_ON = 9
LEAD_EMAIL = "clubs@caremarket.example"
SERVICES = [
    ("Broadband connection", ["40 Mbps", "80 Mbps"]),
    ("Ethernet connection", ["100 Mbps", "200 Mbps", "1 Gbps"]),
    ("Resilient Ethernet connection", ["1 Gbps", "10 Gbps"]),
]


def _moved(day: date) -> date:
    return story.moved_on(add_months(day, 12 * YEARS_ON))


def _rows(organisation: Organisation, rng: random.Random, required_by: date) -> str:
    lines = ["Site code,Service type,Quantity,Unit,Bandwidth or size,Required-by date,Notes"]
    for site in organisation.sites.order_by("code"):
        picks = rng.sample(SERVICES, k=rng.choice([1, 1, 2]))
        for service, sizes in picks:
            lines.append(
                f"{site.code},{service},{rng.choice([1, 1, 1, 2])},{unit_label('per_connection')},"
                f"{rng.choice(sizes)},{required_by.isoformat()},"
            )
    return "\r\n".join(lines) + "\r\n"


def _ensure_sites(world: DemoWorld, organisation: Organisation, count: int) -> None:
    have = organisation.sites.count()
    for n in range(have + 1, count + 1):
        org_services.site_add(
            actor=world.actor,
            organisation=organisation,
            code=f"{organisation.code}-{n:03d}",
            name=f"{organisation.name.title()} site {n}",
        )


def _members(region: str, count: int, exclude: set[int]) -> list[Organisation]:
    found = Organisation.objects.filter(sector=Sector.BUYER, region=region).exclude(pk__in=exclude)
    return list(found.order_by("code")[:count])


def _join(world, club, organisation, rng, *, sites: int, submit: bool = True) -> None:
    actor = world.actor
    services.club_join(actor=actor, club=club, organisation=organisation)
    _ensure_sites(world, organisation, sites)
    requirement_set = RequirementSet.objects.get(club=club, organisation=organisation)
    content = _rows(organisation, rng, (club.launch_date or clock.today()) + timedelta(days=365))
    services.requirements_import(
        actor=actor, requirement_set=requirement_set, name="requirements.csv", content=content.encode()
    )
    if submit:
        services.requirements_submit(actor=actor, requirement_set=requirement_set)


@demo_loader(order=40)
def sourcing(world: DemoWorld) -> None:
    rng = random.Random(2017)
    actor = world.actor
    today = clock.today()
    nhsd = world.orgs["X26"]
    person = org_services.person_register(
        actor=actor,
        email=LEAD_EMAIL,
        full_name="Aisha Bello",
        job_title="Aggregated procurement lead",
        password=DEMO_PASSWORD,
    )
    org_services.membership_grant(
        actor=actor, organisation=nhsd, email=LEAD_EMAIL, role=Role.PROCUREMENT_LEAD, invite=False
    )
    world.people["clubs"] = person
    world.sign_ins.append(SignIn("Procurement lead", LEAD_EMAIL, nhsd.name, "runs the HSCN buying clubs"))
    rm3825 = Agreement.objects.get(reference="RM3825")
    lot = rm3825.lots.get(number=1)
    clubs = {}
    for plan in default_timetable().clubs:
        launch = None
        if plan.launch.precision in (Precision.DAY, Precision.MONTH):
            launch = _moved(plan.launch.earliest)
        region = next(iter(plan.regions), "") if plan.regions else ""
        club = services.club_create(
            actor=actor,
            lead_organisation=nhsd,
            name=plan.name,
            reference=f"HSCN-{plan.name.upper().replace(' ', '-')}"[:30],
            kind=plan.kind,
            region=region,
            agreement=rm3825,
            lot=lot,
            launch_date=launch if launch and launch >= today else None,
            description=f"The {plan.name} aggregated procurement of HSCN connectivity on RM3825 lot 1.",
        )
        if club.launch_date and club.computed_deadline() >= today:
            club = services.club_open(actor=actor, club=club)
        clubs[plan.name] = club
    # The demo buyer's ICB and trust stay out of the clubs: they join East on the pages.
    used: set[int] = {world.orgs["QJG"].pk, world.orgs["RGR"].pk}

    # South West launched: members with their sites and requirements, the baseline frozen.
    south_west = clubs["South West"]
    if south_west.stage != "open_to_members":
        south_west = services.club_set_launch_date(
            actor=actor, club=south_west, launch_date=today + timedelta(days=60), join_notice_days=42
        )
        south_west = services.club_open(actor=actor, club=south_west)
    members = _members("south_west", 12, used)
    for organisation in members:
        used.add(organisation.pk)
        _join(world, south_west, organisation, rng, sites=rng.randint(15, 45))
    if members:
        south_west = services.club_set_launch_date(actor=actor, club=south_west, launch_date=today)
        services.club_launch(actor=actor, club=south_west)

    # Once for London and East are open: members with requirements, one not yet submitted.
    for name, region, count in (("Once for London", "london", 6), ("East", "east", 4)):
        club = clubs[name]
        if club.stage != "open_to_members":
            continue
        for n, organisation in enumerate(_members(region, count, used)):
            used.add(organisation.pk)
            _join(world, club, organisation, rng, sites=rng.randint(4, 20), submit=n % 3 != 2)
    north_east = clubs["North East"]
    if north_east.stage == "open_to_members":
        for organisation in _members("north_east", 1, used):
            services.club_join(actor=actor, club=north_east, organisation=organisation)

    _collaborations(world, today)
    _intentions(world, today, rng)
    _cost_figures(world)
    world.say(f"  {len(clubs)} buying clubs, South West launched with {len(members)} members")


def _collaborations(world: DemoWorld, today: date) -> None:
    actor = world.actor
    qjg, rgr = world.orgs["QJG"], world.orgs["RGR"]
    rm3825 = Agreement.objects.filter(reference="RM3825").first()
    collaboration = services.collaboration_create(
        actor=actor,
        lead_organisation=qjg,
        name="Suffolk and North East Essex digital partnership",
        route=CollaborationRoute.DPS,
        agreement=rm3825,
        intelligent_client_function="A joint digital team hosted by the ICB, reporting to the board",
        technical_design_authority="The ICB's chief technology officer, with an architect per partner",
        legal_access="Each partner is a contracting authority entitled to call off from RM3825",
        milestone_dates={
            "readiness_check_1": today - timedelta(days=30),
            "readiness_check_2": today + timedelta(days=21),
            "launch": today + timedelta(days=80),
            "complete": today + timedelta(days=320),
        },
    )
    for code in ("RGR", "E10000029", "SUFPOL"):
        if code in world.orgs:
            services.collaboration_partner_add(
                actor=actor,
                collaboration=collaboration,
                organisation=world.orgs[code],
                commitment="Board resolution to take part",
            )
    services.milestone_complete(actor=actor, milestone=collaboration.milestones.get(key="readiness_check_1"))
    services.individual_procurement_create(
        actor=actor,
        organisation=rgr,
        title="West Suffolk Hospital site connections",
        route=CollaborationRoute.DPS,
        agreement=rm3825,
        milestone_dates={
            "connections_list": today - timedelta(days=12),
            "launch": today + timedelta(days=40),
            "complete": today + timedelta(days=280),
        },
    )
    services.individual_procurement_create(
        actor=actor,
        organisation=world.orgs["D83012"],
        title="Orchard House Surgery broadband",
        route=CollaborationRoute.DPS,
        agreement=rm3825,
        milestone_dates={
            "connections_list": today + timedelta(days=20),
            "launch": today + timedelta(days=70),
            "complete": today + timedelta(days=250),
        },
    )


INTENTIONS = [
    # organisation, title, category, value band, launch in days, closes after launch (days)
    ("QJG", "Population health analytics service", "business_intelligence", "500k_1m", 45, 35),
    ("QJG", "Community services procurement support", "procurement_market_management", "100k_500k", 70, 30),
    ("RGR", "Managed LAN and Wi-Fi refresh", "hscn_managed_lan", "100k_500k", 30, 28),
    ("E10000029", "Public engagement on care reform", "communications_engagement", "under_100k", 20, 21),
    ("SUFPOL", "Secure connectivity for custody suites", "hscn_connectivity", "500k_1m", 40, 28),
    ("RGR", "Site connections for outpatient clinics", "hscn_connectivity", "100k_500k", 42, 26),
    ("D83012", "Practice broadband upgrade", "hscn_connectivity", "under_100k", 45, 23),
    ("QJG", "Resilient links for the ICB estate", "hscn_connectivity", "1m_5m", 38, 31),
    ("X24", "National contract monitoring tool", "provider_management", "5m_20m", 120, 42),
]


def _intentions(world: DemoWorld, today: date, rng: random.Random) -> None:
    for code, title, category, band, launch, closes in INTENTIONS:
        organisation = world.orgs.get(code)
        if organisation is None:
            continue
        intention = services.intention_create(
            actor=world.actor,
            organisation=organisation,
            title=title,
            category=category,
            region=organisation.region if organisation.region != "national" else "london",
            value_band=band,
            launch_on=today + timedelta(days=launch),
            closes_on=today + timedelta(days=launch + closes),
            description=f"{organisation.name} plans to buy this; suppliers are welcome to get in touch.",
        )
        if code != "X24":
            services.intention_publish(actor=world.actor, intention=intention)


COSTS = {
    "health_needs_assessment": {"make": "85000", "share": "62000"},
    "business_intelligence": {"make": "240000", "buy": "198000"},
    "support_for_redesign": {"make": "150000", "buy_collaboratively": "121000"},
    "communications_and_engagement": {"make": "110000", "share": "96000"},
    "procurement_and_market_management": {"make": "180000", "buy": "205000", "mixed": "172000"},
    "provider_management": {"make": "130000"},
    "business_support": {"make": "420000", "share": "365000", "buy": "390000"},
}


def _cost_figures(world: DemoWorld) -> None:
    figures = {
        (line, option): Decimal(value) for line, options in COSTS.items() for option, value in options.items()
    }
    services.cost_figures_save(actor=world.actor, organisation=world.orgs["QJG"], figures=figures)
    other = world.orgs.get("RGR")
    if other is not None:
        services.cost_figures_save(
            actor=world.actor,
            organisation=other,
            figures={
                ("business_intelligence", "make"): Decimal("210000"),
                ("business_support", "make"): Decimal("390000"),
            },
        )
