"""The route advisor over the database: the agreements on offer are the real agreements, the
buying clubs those recorded, and the milestone plan marks what is late against today (the
table of every route and procedure is in rules/tests/test_routes.py)."""

from datetime import date
from decimal import Decimal

import pytest

from caremarket.orgs.factories import actor_for, make_person
from caremarket.rules.roles import Role
from caremarket.rules.route_facts import OrganisationFacts
from caremarket.sourcing.advisor import agreement_offers, club_timetable, recommend
from caremarket.sourcing.factories import make_hscn_dps

pytestmark = pytest.mark.django_db


@pytest.fixture
def rm1045(lead_org):
    return make_hscn_dps(reference="RM1045", kind="framework")


def test_the_offers_are_the_agreements_in_the_database(dps, rm1045):
    offers = {o.agreement.reference: o for o in agreement_offers()}
    assert set(offers) == {"RM3825", "RM1045"}
    assert offers["RM3825"].agreement.kind == "dps"
    assert [lot.number for lot in offers["RM3825"].lots] == [1, 2]


def test_the_clubs_are_the_timetable(club):
    plan = club_timetable().for_organisation(region="london")
    assert plan.name == "Once for London" and plan.agreement == "RM3825"
    assert plan.join_deadline == date(2027, 4, 19)


def test_a_london_trust_is_sent_to_its_buying_club_with_the_join_deadline(club, member, rm1045):
    facts = OrganisationFacts(
        "Chelsea and Westminster", region="london", sites=8, latest_start=date(2027, 12, 1)
    )
    r = recommend(member, facts)
    best = r.recommended
    assert (best.route, best.procedure, best.agreement) == ("aggregated", "dps_further_competition", "RM3825")
    assert any("join by 19 April 2027" in reason for reason in best.reasons)
    assert [s.milestone.key for s in r.review.states][:2] == ["join", "launch"]
    assert r.review.on_track
    ruled_out = r.advice.option("aggregated", "direct_award", "RM3825")
    assert "Direct award is not allowed on RM3825" in " ".join(ruled_out.refusal_messages)


def test_lateness_is_marked_against_today(dps, member):
    """Needed by 2027-05-01 by an individual DPS competition: preparation should have started
    in December 2026, so it is late on 1 March 2027."""
    facts = OrganisationFacts(
        "Chelsea and Westminster",
        region="north_west",
        sites=30,
        procurement_expertise=True,
        clear_plans=True,
        estimated_value=Decimal("400000"),
        latest_start=date(2027, 5, 1),
    )
    r = recommend(member, facts)
    assert r.recommended.route == "individual"
    late = {s.milestone.key: s for s in r.review.late}
    assert "start_preparation" in late and "launch" in late
    assert late["launch"].message.endswith("Join an aggregated procurement")
    assert r.review.next_due is not None


def test_under_a_programme_its_missed_milestones_close_self_serve_routes(dps, member):
    facts = OrganisationFacts(
        "Chelsea and Westminster", region="north_west", sites=30, procurement_expertise=True
    )
    r = recommend(member, facts, programme=True)
    option = r.advice.option("individual", "dps_further_competition", "RM3825")
    assert not option.eligible
    assert option.refusals[0].code == "route.milestone_missed"


def test_anyone_signed_in_may_ask(dps, member_org):
    supplier_person = actor_for(make_person(roles=[(member_org, Role.EVALUATOR)]))
    assert recommend(supplier_person, OrganisationFacts("X", region="east")).advice.options
