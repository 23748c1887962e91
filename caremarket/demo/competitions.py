"""Demo competitions: the people who take part (a second evaluator for the ICB, bid managers
for the three suppliers on lot 2 of the commissioning support lead provider framework), a
further competition of the ICB being drafted, and an awarded buying club: Suffolk public
services, run by NHS Digital on RM3825 lot 1 some months ago and won by Northway, so that its
members have a catalogue to order from."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from caremarket.agreements.models import Lot
from caremarket.competitions import services
from caremarket.core import clock
from caremarket.demo.registry import DEMO_PASSWORD, DemoWorld, SignIn, demo_loader
from caremarket.orgs import services as org_services
from caremarket.orgs.selectors import build_actor
from caremarket.rules.roles import ROLE_LABELS, Role
from caremarket.sourcing import services as sourcing_services
from caremarket.sourcing.models import RequirementSet
from caremarket.sourcing.template import unit_label

PEOPLE = [
    ("evaluator2", "evaluator2@caremarket.example", "Owen Price", "Digital lead", "QJG", Role.EVALUATOR),
    ("csu_bids", "bids@anglia-csu.example", "Nia Roberts", "Bid manager", "0AN", Role.SUPPLIER_USER),
    ("harbour_bids", "bids@harbour.example", "Ravi Mehta", "Bid manager", "S1006", Role.SUPPLIER_USER),
    ("pennine_bids", "bids@pennine-csu.example", "Joy Adeyemi", "Bid manager", "0PN", Role.SUPPLIER_USER),
    ("club_evaluator", "evaluation@nhs-digital.example", "Kwame Asante", "Architect", "X26", Role.EVALUATOR),
    ("meridian_bids", "bids@meridian.example", "Lucy Hale", "Bid manager", "S1003", Role.SUPPLIER_USER),
    ("council_buyer", "ict@suffolk-cc.example", "Ellen Marsh", "ICT manager", "E10000029", Role.BUYER),
]
NOTES = {
    "club_evaluator": "evaluates the Suffolk public services club's bids",
    "meridian_bids": "bid for the Suffolk public services club",
    "council_buyer": "orders from the Suffolk public services club's catalogue",
}
CLUB_REFERENCE = "HSCN-SUFFOLK-PS"
CLUB_TITLE = "Suffolk public services HSCN aggregated procurement"
# The club's story, in days before today: members join and it launches, bids come in by the
# deadline, the award is decided, and standstill (8 working days, up to 16 calendar days over
# Christmas) ends before today. It fits in the last month because the suppliers' demo
# certificates are valid from 30 days ago; bidding is open for the least time allowed (10 days).
CLUB_LAUNCHED_DAYS_AGO = 29
CLUB_BIDDING_DAYS = 10
# member code, sites, each site's (service type, band) needs
CLUB_MEMBERS = [
    ("E10000029", 6, [("Ethernet connection", "100 Mbps"), ("Broadband connection", "80 Mbps")]),
    ("SUFPOL", 4, [("Ethernet connection", "1 Gbps"), ("Ethernet connection", "100 Mbps")]),
]
# Each bidder's (one-off, annual) price per connection and band, in pounds.
CLUB_BIDS = {
    "S1001": {"80 Mbps": ("450", "780"), "100 Mbps": ("650", "1150"), "1 Gbps": ("1200", "2900")},
    "S1003": {"80 Mbps": ("500", "820"), "100 Mbps": ("700", "1240"), "1 Gbps": ("1300", "3100")},
}


@demo_loader(order=50)
def competitions(world: DemoWorld) -> None:
    for key, email, name, title, code, role in PEOPLE:
        person = org_services.person_register(
            actor=world.actor, email=email, full_name=name, job_title=title, password=DEMO_PASSWORD
        )
        org_services.membership_grant(
            actor=world.actor, organisation=world.orgs[code], email=email, role=role, invite=False
        )
        world.people[key] = person
        note = NOTES.get(key, "takes part in competitions")
        world.sign_ins.append(SignIn(ROLE_LABELS[role], email, world.orgs[code].name, note))
    lead = build_actor(world.people["lead"], world.orgs["QJG"].pk)
    now = clock.now()
    services.competition_create(
        actor=lead,
        buyer=world.orgs["QJG"],
        title="HSCN connectivity for community sites (draft)",
        procedure="further_competition",
        lot=Lot.objects.get(agreement__reference="RM3825", number=1),
        requirement="Connect the ICB's three offices to the HSCN, migrating them off the legacy network.",
        clarification_deadline=now + timedelta(days=20),
        submission_deadline=now + timedelta(days=28),
    )
    _clarifications(world, lead)
    _awarded_club(world)


# A published further competition with clarification questions: one answered, its wording
# changed by the lead so that the asker is not named; one waiting for the lead's answer.
ANSWERED_AS_ASKED = (
    "Harbour Analytics here: our Leeds team already supports two ICBs. Can our analysts work "
    "from our own offices rather than on the ICB's sites?"
)
ANSWERED_AS_PUBLISHED = (
    "Can the supplier's analysts work from their own offices rather than on the ICB's sites?"
)
ANSWER = "Yes. Expect to be on site at the ICB's offices one day a month for the service review."
WAITING = "Pennine CSU would like to know whether the ICB's GP data extracts are refreshed daily or weekly."


def _clarifications(world: DemoWorld, lead) -> None:
    now = clock.now()
    competition = services.competition_create(
        actor=lead,
        buyer=world.orgs["QJG"],
        title="Population health analytics for the ICB",
        procedure="further_competition",
        lot=Lot.objects.get(agreement__reference="CS-LPF", number=2),
        requirement="Population health dashboards and analysis for the ICB's places, for two years.",
        clarification_deadline=now + timedelta(days=20),
        submission_deadline=now + timedelta(days=28),
        estimated_value=Decimal("180000"),
    )
    competition = services.competition_transition(actor=lead, competition=competition, to="published")
    for key, code, text in (("harbour_bids", "S1006", ANSWERED_AS_ASKED), ("pennine_bids", "0PN", WAITING)):
        supplier = world.orgs[code]
        question = services.question_ask(
            actor=build_actor(world.people[key], supplier.pk),
            competition=competition,
            supplier=supplier,
            text=text,
        )
        if text == ANSWERED_AS_ASKED:
            services.question_answer(
                actor=lead, question=question, answer=ANSWER, published_text=ANSWERED_AS_PUBLISHED
            )


def _requirements(organisation, needs, required_by) -> bytes:
    lines = ["Site code,Service type,Quantity,Unit,Bandwidth or size,Required-by date,Notes"]
    for n, site in enumerate(organisation.sites.order_by("code")):
        service, band = needs[n % len(needs)]
        lines.append(
            f"{site.code},{service},1,{unit_label('per_connection')},{band},{required_by.isoformat()},"
        )
    return ("\r\n".join(lines) + "\r\n").encode()


def _at(day, hour: int = 10):
    """How far back from now a moment on `day` (England) lies: the clock is set back by it."""
    return clock.now() - datetime.combine(day, time(hour), clock.LONDON)


def _awarded_club(world: DemoWorld) -> None:
    """The club's whole procurement through the services, each step run with the clock set
    back to when it happened: join and launch, bids, evaluation and moderation, the award
    decision, and its confirmation once standstill is over."""
    system = world.actor
    nhsd, rm3825 = world.orgs["X26"], Lot.objects.get(agreement__reference="RM3825", number=1).agreement
    lead = build_actor(world.people["clubs"], nhsd.pk)
    evaluator = build_actor(world.people["club_evaluator"], nhsd.pk)
    bidders = {
        "S1001": build_actor(world.people["supplier"], world.orgs["S1001"].pk),
        "S1003": build_actor(world.people["meridian_bids"], world.orgs["S1003"].pk),
    }
    launched = clock.today() - timedelta(days=CLUB_LAUNCHED_DAYS_AGO)
    with clock.shifted(_at(launched, 9)):
        club = sourcing_services.club_create(
            actor=system,
            lead_organisation=nhsd,
            name="Suffolk public services",
            reference=CLUB_REFERENCE,
            kind="non_regional",
            agreement=rm3825,
            lot=rm3825.lots.get(number=1),
            launch_date=launched + timedelta(days=50),
            description="The county council's and the constabulary's HSCN connectivity, bought together "
            "in one further competition on RM3825 lot 1.",
        )
        club = sourcing_services.club_open(actor=system, club=club)
        for code, sites, needs in CLUB_MEMBERS:
            organisation = world.orgs[code]
            for n in range(organisation.sites.count() + 1, sites + 1):
                org_services.site_add(
                    actor=system,
                    organisation=organisation,
                    code=f"{code}-{n:02d}",
                    name=f"{organisation.name} site {n}",
                )
            sourcing_services.club_join(actor=system, club=club, organisation=organisation)
            requirement_set = RequirementSet.objects.get(club=club, organisation=organisation)
            sourcing_services.requirements_import(
                actor=system,
                requirement_set=requirement_set,
                name="requirements.csv",
                content=_requirements(organisation, needs, launched + timedelta(days=365)),
            )
            sourcing_services.requirements_submit(actor=system, requirement_set=requirement_set)
        club = sourcing_services.club_set_launch_date(actor=system, club=club, launch_date=launched)
        club = sourcing_services.club_launch(actor=lead, club=club)
        now = clock.now()
        competition = services.competition_create(
            actor=lead,
            buyer=nhsd,
            title=CLUB_TITLE,
            procedure="further_competition",
            buying_club=club,
            requirement="HSCN connections for every site of the club's members, and their migration "
            "off the legacy network.",
            clarification_deadline=now + timedelta(days=CLUB_BIDDING_DAYS - 4),
            submission_deadline=now + timedelta(days=CLUB_BIDDING_DAYS, hours=1),
        )
        competition = services.competition_transition(actor=lead, competition=competition, to="published")
        services.evaluator_assign(actor=lead, competition=competition, person=world.people["club_evaluator"])
        for code, prices in CLUB_BIDS.items():
            services.bid_save_draft(
                actor=bidders[code],
                competition=competition,
                supplier=world.orgs[code],
                responses={
                    "migration": "A survey of every site, then two sites a week, each cut over out of hours.",
                    "service_management": "A named service manager, monthly reviews, 24/7 fault desk.",
                },
                price_list=[
                    {
                        "unit": "per_connection",
                        "band": band,
                        "tiers": [{"from": 1, "one_off": one_off, "annual": annual}],
                    }
                    for band, (one_off, annual) in prices.items()
                ],
            )
            services.bid_submit(actor=bidders[code], competition=competition, supplier=world.orgs[code])
    with clock.shifted(_at(launched + timedelta(days=CLUB_BIDDING_DAYS + 1))):
        services.evaluator_declare(actor=evaluator, competition=competition, declaration="no_conflict")
        competition = services.competition_transition(actor=lead, competition=competition, to="evaluation")
        bids = list(competition.bids.select_related("supplier").order_by("supplier__code"))
        scores = {"S1001": 4, "S1003": 3}
        for bid in bids:
            for leaf in ("migration", "service_management"):
                services.score_record(
                    actor=evaluator,
                    competition=competition,
                    bid=bid,
                    criterion_id=leaf,
                    score=scores[bid.supplier.code],
                    justification="Clear, costed plan" if scores[bid.supplier.code] == 4 else "Sound",
                )
        services.evaluator_submit(actor=evaluator, competition=competition)
        competition = services.competition_transition(actor=lead, competition=competition, to="moderation")
        for bid in bids:
            services.gate_record(
                actor=lead,
                competition=competition,
                bid=bid,
                criterion_id="hscn_compliance",
                passed=True,
                rationale="HSCN compliance certificate current",
            )
            for leaf in ("migration", "service_management"):
                services.consensus_record(
                    actor=lead,
                    competition=competition,
                    bid=bid,
                    criterion_id=leaf,
                    score=scores[bid.supplier.code],
                    rationale="The panel agreed the evaluator's score",
                )
        winner = next(b for b in bids if b.supplier.code == "S1001")
        award = services.award_decide(
            actor=lead,
            competition=competition,
            bid=winner,
            reasons="The best migration plan and the lowest total evaluated cost over 3+1+1 years",
        )
    confirmed_on = award.standstill_ends_on + timedelta(days=1)
    if confirmed_on > clock.today():  # not expected: the story leaves room for any standstill
        world.say(f"  {club.name}: {competition.reference} is in standstill until {award.standstill_ends_on}")
        return
    with clock.shifted(_at(confirmed_on)):
        services.award_confirm(actor=lead, competition=competition)  # the club is awarded with it
    world.say(f"  {club.name}: {competition.reference} awarded to {winner.supplier.name}")
