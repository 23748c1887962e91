"""Seed 003 on pages: the route advisor asks first what is being bought (never GP IT Futures
for HSCN connectivity) with the region filled in from the acting organisation; the
make/share/buy diagnostic compares a yearly cost with yearly benchmarks only (prices per
head need the population) and says "costs £25,000.00 more", never "saves -£25,000.00"."""

import pytest
from django.test import Client

from caremarket.agreements.factories import admitted_supplier, make_agreement
from caremarket.agreements.models import Lot, LotRules
from caremarket.catalogue.factories import flat, make_listing
from caremarket.catalogue.search import columns, postings, visibility
from caremarket.orgs.factories import make_person
from caremarket.rules.roles import Role
from caremarket.sourcing import services
from caremarket.sourcing.factories import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_search_memory():
    for memory in (columns, postings, visibility):
        memory.forget()
    yield
    for memory in (columns, postings, visibility):
        memory.forget()


@pytest.fixture
def member_client(member_org):
    client = Client()
    client.force_login(make_person(email="buyer@rqm.example", roles=[(member_org, Role.BUYER)]))
    return client


@pytest.fixture
def gpit(db):
    agreement = make_agreement(reference="GPIT-FUTURES", kind="framework", lots=1, title="GP IT Futures")
    Lot.objects.filter(agreement=agreement).update(code="foundation")
    return agreement


def test_the_advisor_asks_first_what_is_bought_and_fills_in_the_region(member_client, dps, club, gpit):
    start = member_client.get("/sourcing/route-advisor").content.decode()
    assert "/sourcing/route-advisor/questions/purchase" in start
    first = member_client.get("/sourcing/route-advisor/questions/purchase").content.decode()
    assert "What are you buying?" in first and "HSCN connectivity" in first and "Question 1 of 10" in first
    assert member_client.post("/sourcing/route-advisor/questions/purchase", {}).status_code == 400
    response = member_client.post(
        "/sourcing/route-advisor/questions/purchase", {"purchase": "hscn_connectivity"}
    )
    assert response.headers["Location"] == "/sourcing/route-advisor/questions/region"
    region = member_client.get("/sourcing/route-advisor/questions/region").content.decode()
    assert "Filled in from your organisation: London" in region
    assert 'value="london" checked' in region
    for key, data in [
        ("region", {"region": "london"}),
        ("sites", {"sites": "12"}),
        ("needs", {}),
        ("expertise", {"expertise": "no"}),
        ("plans", {"plans": "no"}),
        ("collaboration", {"collaboration": "", "lead_organisation": ""}),
        ("value", {"value": "250000"}),
        ("needed_by", {"needed_by": "01/10/2027"}),
        ("programme", {"programme": "no"}),
    ]:
        assert member_client.post(f"/sourcing/route-advisor/questions/{key}", data).status_code == 302
    check = member_client.get("/sourcing/route-advisor/check").content.decode()
    assert "What are you buying?" in check and "HSCN connectivity" in check
    result = member_client.get("/sourcing/route-advisor/result").content.decode()
    assert "Aggregated procurement" in result and "on RM3825" in result
    assert "on GPIT-FUTURES" not in result
    assert "left out: GP IT Futures" in result
    api = member_client.post(
        "/api/v1/sourcing/route-advice",
        {"purchase": "hscn_connectivity", "region": "london", "sites": 12},
        content_type="application/json",
    ).json()
    assert {o["agreement"] for o in api["options"]} == {None, "RM3825"}
    gp = member_client.post(
        "/api/v1/sourcing/route-advice",
        {"purchase": "gp_it", "region": "london", "sites": 12},
        content_type="application/json",
    ).json()
    assert {o["agreement"] for o in gp["options"]} == {None, "GPIT-FUTURES"}


@pytest.fixture
def per_head_listing(db):
    agreement = make_agreement(kind="dps", lots=1)
    place = admitted_supplier(agreement, 1, name="Anglia analytics Ltd")
    LotRules.objects.filter(lot=place.lot).update(price_units=["per_head_of_population"])
    return make_listing(
        lot=place.lot,
        supplier=place.supplier,
        category="business_intelligence",
        name="Population health analytics",
        price_lines=[flat("Analytics platform", "0.40", unit="per_head_of_population", charge="annual")],
    )


def test_the_diagnostic_compares_like_with_like(member_client, member_org, per_head_listing):
    services.cost_figures_save(
        actor=SYSTEM,
        organisation=member_org,
        figures={("business_intelligence", "make"): "100000", ("business_intelligence", "buy"): "125000"},
    )
    page = member_client.get("/sourcing/diagnostic").content.decode()
    assert "costs £25,000.00 more (25.0%)" in page
    assert "saves -" not in page and "-£" not in page
    # £0.40 a head is not a yearly cost: it is never a benchmark for one without the population.
    assert "1 catalogue service priced per head of population cannot be compared" in page
    assert "median £0.40" not in page
    page = member_client.get("/sourcing/diagnostic?population=250,000").content.decode()
    assert "median £100,000.00" in page
    assert "priced per head of population cannot be compared" not in page
    assert 'value="250,000"' in page
    # The population is kept for the organisation until it is cleared.
    assert "median £100,000.00" in member_client.get("/sourcing/diagnostic").content.decode()
    bad = member_client.get("/sourcing/diagnostic?population=lots").content.decode()
    assert "Enter the population as a whole number" in bad
    cleared = member_client.get("/sourcing/diagnostic?population=").content.decode()
    assert "priced per head of population cannot be compared" in cleared
    api = f"/api/v1/sourcing/diagnostic/{member_org.code}"
    [line] = [
        r for r in member_client.get(api).json()["rows"] if r["service_line"] == "business_intelligence"
    ]
    assert any("priced per head of population cannot be compared" in n for n in line["notes"])
    rows = member_client.get(f"{api}?population=250000").json()["rows"]
    [line] = [r for r in rows if r["service_line"] == "business_intelligence"]
    assert not any("priced per head" in n for n in line["notes"])
    assert member_client.get(f"{api}?population=0").status_code in (400, 422)
