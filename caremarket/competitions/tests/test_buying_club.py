"""A buying club's aggregated procurement: bids' price lists priced on the frozen baseline of
every member, ranked on the total evaluated cost, a per-member breakdown for members after the
award, and the winner's price list as the club's catalogue once the award is made."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.test import Client

from caremarket.agreements.factories import admit, apply, make_supplier
from caremarket.competitions import award as award_api
from caremarket.competitions import selectors, services
from caremarket.competitions.engine import competition_evaluation
from caremarket.competitions.factories import evaluate_and_moderate
from caremarket.competitions.models import Bid
from caremarket.core import clock
from caremarket.core.errors import ApplicationError, NotFound, ValidationFailed
from caremarket.orgs.factories import actor_for, make_person
from caremarket.orgs.services import api_token_create
from caremarket.rules.roles import Role
from caremarket.sourcing import services as sourcing_services
from caremarket.sourcing.factories import join_with_requirements, make_buyer, make_club

pytestmark = pytest.mark.django_db
LAUNCH = date(2027, 5, 31)
LEAVES = ("migration", "service_management")


def price_list(annual: str, *, complete: bool = True) -> list[dict]:
    rows = [
        {
            "unit": "per_connection",
            "band": "100 Mbps",
            "tiers": [{"from": 1, "one_off": "500", "annual": annual}],
        }
    ]
    return rows if complete else [{**rows[0], "band": "1 Gbps"}]


@pytest.fixture
def club_world(travel):
    travel(datetime(2027, 1, 4, 12, tzinfo=clock.LONDON))
    lead_org = make_buyer(code="LCB", name="London Club Lead", sites=1)
    club = make_club(lead=lead_org, launch_in_days=(LAUNCH - date(2027, 1, 4)).days)
    first, second = make_buyer(code="RQM", sites=3), make_buyer(code="RYJ", sites=2)
    join_with_requirements(club, first, lines=3)
    join_with_requirements(club, second, lines=2)
    travel(datetime(2027, 5, 31, 12, tzinfo=clock.LONDON))
    club = sourcing_services.club_launch(
        actor=actor_for(make_person(roles=[(lead_org, Role.PROCUREMENT_LEAD)])), club=club
    )
    lead = actor_for(make_person(roles=[(lead_org, Role.PROCUREMENT_LEAD)]), lead_org)
    evaluator = actor_for(make_person(roles=[(lead_org, Role.EVALUATOR)]), lead_org)
    suppliers, bidders = [], []
    for i in range(3):
        supplier = make_supplier(code=f"CLS{i}", name=f"Club Supplier {i}")
        admit(apply(supplier, club.agreement, (1,))[0])
        suppliers.append(supplier)
        bidders.append(actor_for(make_person(roles=[(supplier, Role.SUPPLIER_USER)]), supplier))
    return club, lead, evaluator, suppliers, bidders, (first, second)


def test_only_a_launched_club_and_its_lead_run_its_competition(club_world):
    club, _lead, *_ = club_world
    other = make_buyer(code="OTH", sites=1)
    with pytest.raises(ApplicationError):
        services.competition_create(
            actor=actor_for(make_person(roles=[(other, Role.PROCUREMENT_LEAD)]), other),
            buyer=other,
            title="Not ours",
            procedure="further_competition",
            buying_club=club,
        )


def test_a_club_competition_ranks_on_the_total_evaluated_cost_and_gives_members_their_breakdown(
    club_world, travel
):
    club, lead, evaluator, suppliers, bidders, (first, _second) = club_world
    now = clock.now()
    competition = services.competition_create(
        actor=lead,
        buyer=club.lead_organisation,
        title="London HSCN aggregated procurement",
        procedure="further_competition",
        buying_club=club,
        clarification_deadline=now + timedelta(days=10),
        submission_deadline=now + timedelta(days=14),
    )
    assert competition.lot == club.lot and competition.evaluation_template == "aggregated_meat_50_50"
    competition = services.competition_transition(actor=lead, competition=competition, to="published")
    services.evaluator_assign(actor=lead, competition=competition, person=evaluator.person)
    for i, annual in enumerate(("1000", "900", "800")):
        services.bid_save_draft(
            actor=bidders[i],
            competition=competition,
            supplier=suppliers[i],
            responses={"migration": "Plan"},
            price_list=price_list(annual, complete=i != 2),
        )
        if i == 0:
            with pytest.raises(ValidationFailed):
                services.bid_save_draft(
                    actor=bidders[i],
                    competition=competition,
                    supplier=suppliers[i],
                    price_list=[{"unit": "x"}],
                )
        if i == 2:  # prices 1 Gbps, which nobody needs, but not 100 Mbps: refused, with the reason
            with pytest.raises(ValidationFailed, match="no price for per connection, 100 Mbps"):
                services.bid_submit(actor=bidders[i], competition=competition, supplier=suppliers[i])
            continue
        services.bid_submit(actor=bidders[i], competition=competition, supplier=suppliers[i])
    travel(competition.submission_deadline + timedelta(minutes=1))
    competition = evaluate_and_moderate(
        lead=lead, evaluator=evaluator, competition=competition, leaves=LEAVES, gate="hscn_compliance"
    )
    bids = list(Bid.objects.filter(competition=competition).order_by("supplier__code"))
    ev = competition_evaluation(competition, clock.now())
    # 5 connections (quantities 1+2+3 and 1+2): one-off 500 + 5 years x annual, per connection.
    assert ev.costs[bids[0].label].total == Decimal(9 * 500 + 9 * 1000 * 5)
    assert ev.costs[bids[1].label].total == Decimal(9 * 500 + 9 * 900 * 5)
    assert len(bids) == 3 and bids[2].status == "draft"  # the refused bid was never submitted
    assert ev.evaluation.ranked[0].bid_id == bids[1].label
    services.award_decide(actor=lead, competition=competition, bid=bids[1], reasons="Lowest total cost")
    member = actor_for(make_person(roles=[(first, Role.BUYER)]), first)
    breakdown = selectors.club_breakdown_for_actor(member, competition)
    assert breakdown.total == Decimal(9 * 500 + 9 * 900 * 5)
    # A member sees its own line only: 3 sites, quantities 1+2+3 connections.
    assert breakdown.own_only and [m.member for m in breakdown.members] == ["RQM"]
    (own,) = breakdown.members
    assert (own.sites, own.one_off, own.recurring) == (3, Decimal(6 * 500), Decimal(6 * 900))
    assert own.cost == own.one_off + 5 * own.recurring
    everyone = selectors.club_breakdown_for_actor(lead, competition)
    assert not everyone.own_only and {m.member for m in everyone.members} == {"RQM", "RYJ"}
    assert sum(m.cost for m in everyone.members) == everyone.total
    _, secret = api_token_create(actor=member, name="test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    body = api.get(f"/api/v1/competitions/{competition.reference}/club-breakdown").json()
    assert body["own_only"] and [m["member_code"] for m in body["members"]] == ["RQM"]
    assert body["members"][0]["recurring_per_year"] == "5400.00"
    page = Client()
    page.force_login(member.person)
    assert b'id="club-breakdown"' in page.get(f"/competitions/{competition.reference}/club-breakdown").content
    outsider = make_buyer(code="OUT", sites=1)
    with pytest.raises(NotFound):
        selectors.club_breakdown_for_actor(
            actor_for(make_person(roles=[(outsider, Role.BUYER)])), competition
        )
    assert award_api.club_catalogue(club) is None  # not until the award is made
    award = competition.award
    travel(datetime.combine(award.standstill_ends_on + timedelta(days=1), datetime.min.time(), clock.LONDON))
    services.award_confirm(actor=lead, competition=competition)
    catalogue = award_api.club_catalogue(club)
    assert catalogue.supplier_organisation_id == suppliers[1].pk
    assert catalogue.price_list.prices[("per_connection", "100 Mbps")][0].annual == 90000
    outcome = award_api.award_outcome_for_contract(competition, clock.now())
    assert outcome.buying_club_id == club.pk and outcome.price_list is not None
