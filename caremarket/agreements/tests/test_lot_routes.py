"""Buy from this lot: the lot page, the API and the competition form agree on which routes a
lot offers today. RM1045 offers further competition and direct award until 31 July 2019 and
refuses both after; the HSCN DPS (RM3825) never offers a direct award."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.test import Client

from caremarket.agreements import selectors, services
from caremarket.agreements.factories import make_supplier
from caremarket.agreements.models import Agreement
from caremarket.agreements.services.definitions import read_definition
from caremarket.core.actor import Actor
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.orgs.services import api_token_create
from caremarket.rules.roles import Role, Sector

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parents[1] / "fixtures"
SYSTEM = Actor.system("tests")
BEFORE_END = datetime(2019, 7, 15, 12, tzinfo=UTC)
AFTER_END = datetime(2019, 8, 1, 9, tzinfo=UTC)
HSCN_DAY = datetime(2026, 11, 23, 12, tzinfo=UTC)


def _load(reference_file: str, suppliers: list[tuple[str, tuple[str, ...]]]):
    definition = read_definition(FIXTURES / reference_file)
    result = services.agreement_import(actor=SYSTEM, definition=definition, source="test")
    agreement = Agreement.objects.get(reference=result.reference)
    lot = agreement.lots.get(number=1)
    for code, schemes in suppliers:
        supplier = make_supplier(
            code=code, name=f"Supplier {code}", certifications=[(s, 200) for s in schemes]
        )
        services.lot_supplier_record(
            actor=SYSTEM, lot=lot, supplier=supplier, admitted_on=agreement.starts_on
        )
    return agreement


@pytest.fixture
def lead():
    make_organisation(Sector.BUYER, code="CCS", name="Crown Commercial Service")
    icb = make_organisation(Sector.BUYER, code="QJG", name="NHS Suffolk and North East Essex ICB")
    return make_person(email="lead@icb.example", roles=[(icb, Role.PROCUREMENT_LEAD)])


@pytest.fixture
def rm1045(lead, travel):
    travel(BEFORE_END)
    return _load("rm1045-network-services.yaml", [("S1001", ("iso_27001",)), ("S1003", ("iso_27001",))])


@pytest.fixture
def as_lead(lead):
    client = Client()
    client.force_login(lead)
    return client


def _routes_card(page: str, procedure: str) -> str:
    start = page.index(f'id="route-{procedure}"')
    return page[start : page.index("</li>", start)]


def test_rm1045_offers_both_routes_before_its_end(rm1045, as_lead):
    page = as_lead.get("/agreements/RM1045/lots/1").content.decode()
    assert "Buy from this lot" in page
    competition = _routes_card(page, "further_competition")
    assert "Offered" in competition and "every one of the 2 suppliers" in competition
    assert "/competitions/new?procedure=further_competition&amp;agreement=RM1045&amp;lot=1" in competition
    direct = _routes_card(page, "direct_award")
    assert "Offered" in direct and "/catalogue?agreement=RM1045&amp;lot=1" in direct


def test_rm1045_refuses_both_routes_after_its_end(rm1045, lead, travel):
    travel(AFTER_END)
    client = Client()
    client.force_login(lead)  # a session from before the jump would have timed out
    page = client.get("/agreements/RM1045/lots/1").content.decode()
    for procedure in ("further_competition", "direct_award"):
        card = _routes_card(page, procedure)
        assert "Not offered" in card and "RM1045 expired on 31 July 2019." in card
        assert "/competitions/new" not in card and "/catalogue?" not in card


def test_the_hscn_dps_offers_no_direct_award(lead, as_lead, travel):
    travel(HSCN_DAY)
    _load("rm3825-hscn-dps.yaml", [("S1001", ("hscn_compliance", "dspt"))])
    page = as_lead.get("/agreements/RM3825/lots/1").content.decode()
    assert "Offered" in _routes_card(page, "further_competition")
    direct = _routes_card(page, "direct_award")
    assert "Not offered" in direct and "Direct award is not allowed on lot 1 of RM3825." in direct


def test_a_buyer_who_cannot_start_one_sees_the_routes_without_the_buttons(rm1045):
    icb = make_organisation(Sector.BUYER, code="RGR")
    client = Client()
    client.force_login(make_person(roles=[(icb, Role.BUYER)]))
    page = client.get("/agreements/RM1045/lots/1").content.decode()
    assert "Only a procurement lead of a buying organisation" in _routes_card(page, "further_competition")
    assert "/competitions/new?" not in page


def test_the_competition_form_starts_with_the_lot_and_who_would_be_invited(rm1045, as_lead):
    response = as_lead.get("/competitions/new?procedure=further_competition&agreement=RM1045&lot=1")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="RM1045"' in page and 'name="lot"' in page and 'value="1"' in page
    invited = page[page.index('id="would-be-invited"') :]
    assert "Supplier S1001 (S1001)" in invited and "Supplier S1003 (S1003)" in invited


def test_the_api_offers_the_same_routes(rm1045, lead, travel):
    actor = actor_for(lead)
    routes = selectors.lot_routes_for_actor(actor, selectors.lot_for_actor(actor, "RM1045", 1))
    assert [o.allowed for o in routes.options] == [True, True]
    assert routes.today == date(2019, 7, 15)
    _, secret = api_token_create(actor=actor, name="routes")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    before = Client().get("/api/v1/agreements/RM1045/lots/1/routes", **headers).json()
    assert [(r["procedure"], r["allowed"], r["reason"]) for r in before["routes"]] == [
        ("further_competition", True, None),
        ("direct_award", True, None),
    ]
    assert [s["code"] for s in before["invitable"]] == ["S1001", "S1003"]
    travel(AFTER_END)
    after = Client().get("/api/v1/agreements/RM1045/lots/1/routes", **headers).json()
    assert [(r["allowed"], r["code"], r["reason"]) for r in after["routes"]] == [
        (False, "agreement.expired", "RM1045 expired on 31 July 2019"),
        (False, "agreement.expired", "RM1045 expired on 31 July 2019"),
    ]
    assert after["invitable"] == []


def test_a_direct_award_starts_from_the_buyers_locked_shortlist_on_the_lot(travel):
    from caremarket.catalogue import services as catalogue_services
    from caremarket.catalogue.factories import make_listing
    from caremarket.catalogue.search import SearchQuery, columns, postings, visibility
    from caremarket.competitions.factories import make_market

    travel(HSCN_DAY)
    market = make_market(suppliers=1, procedures=("further_competition", "direct_award"))
    make_listing(supplier=market.suppliers[0], lot=market.lot, name="Zephyr managed service")
    columns.forget()
    postings.forget()
    visibility.forget()
    shortlist = catalogue_services.shortlist_save(
        actor=SYSTEM, organisation=market.buyer, name="Zephyr evidence", query=SearchQuery(text="Zephyr")
    )
    client = Client()
    client.force_login(market.lead.person)
    url = f"/agreements/{market.agreement.reference}/lots/1"
    assert "Award directly from" not in client.get(url).content.decode()  # not locked yet
    catalogue_services.shortlist_lock(actor=SYSTEM, shortlist=shortlist)
    direct = _routes_card(client.get(url).content.decode(), "direct_award")
    link = f"/direct-awards/new?shortlist={shortlist.pk}"
    assert f'href="{link}">Award directly from Zephyr evidence</a>' in direct
    assert client.get(link).status_code == 200
