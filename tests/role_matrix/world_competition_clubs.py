"""What the buying-club breakdown cases need: a club led by the matrix buyer (B), which B and
the other organisation (O) joined with their requirements, launched; its competition, bid on
by the matrix supplier (S), evaluated and awarded. O is a member, so sees its own line."""

from datetime import timedelta

import time_machine

from caremarket.agreements.factories import admit, apply
from caremarket.competitions import services
from caremarket.competitions.factories import evaluate_and_moderate
from caremarket.core import clock
from caremarket.orgs import services as org_services
from caremarket.orgs.factories import SYSTEM
from caremarket.sourcing import services as sourcing_services
from caremarket.sourcing.factories import join_with_requirements, make_club

LEAVES = ("migration", "service_management")
PRICE_LIST = [
    {"unit": "per_connection", "band": "100 Mbps", "tiers": [{"from": 1, "one_off": "500", "annual": "900"}]}
]


def needed_for(route: str) -> bool:
    return "club-breakdown" in route or "price-template" in route


def build(world) -> None:
    start = clock.now() - timedelta(days=200)
    lead = world.actor("B:procurement_lead")
    with time_machine.travel(start, tick=False):
        club = make_club(lead=world.buyer, launch_in_days=90)
        for n in (1, 2):
            org_services.site_add(
                actor=SYSTEM, organisation=world.other, code=f"MXO-{n}", name=f"Other House {n}"
            )
        join_with_requirements(club, world.buyer, lines=1)
        join_with_requirements(club, world.other, lines=2)
    with time_machine.travel(start + timedelta(days=90), tick=False):
        club = sourcing_services.club_launch(actor=lead, club=club)
        admit(apply(world.supplier, club.agreement, (1,))[0])
        now = clock.now()
        competition = services.competition_create(
            actor=lead,
            buyer=world.buyer,
            title="Matrix club competition",
            procedure="further_competition",
            buying_club=club,
            clarification_deadline=now + timedelta(days=10),
            submission_deadline=now + timedelta(days=14),
        )
        competition = services.competition_transition(actor=lead, competition=competition, to="published")
        services.evaluator_assign(actor=lead, competition=competition, person=world.people["B:evaluator"])
        bidder = world.actor("S:supplier_user")
        services.bid_save_draft(
            actor=bidder,
            competition=competition,
            supplier=world.supplier,
            responses={"migration": "Plan"},
            price_list=PRICE_LIST,
        )
        services.bid_submit(actor=bidder, competition=competition, supplier=world.supplier)
    with time_machine.travel(start + timedelta(days=105), tick=False):
        competition = evaluate_and_moderate(
            lead=lead,
            evaluator=world.actor("B:evaluator"),
            competition=competition,
            leaves=LEAVES,
            gate="hscn_compliance",
        )
        bid = competition.bids.get()
        services.award_decide(actor=lead, competition=competition, bid=bid, reasons="The only compliant bid")
    world.extra["club_competition"] = competition
