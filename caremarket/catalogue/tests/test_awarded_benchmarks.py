"""Awarded prices flow into the benchmarks: a buying club's confirmed award (its winning price
list) and a contract created from an award, read through `competitions.award`, benchmarked
under the category of the winner's services on the lot; a page never says "None"."""

from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import Client

from caremarket.catalogue.awarded import awarded_prices_for_actor
from caremarket.catalogue.benchmarks import benchmarks_for_actor
from caremarket.catalogue.factories import SYSTEM, flat, make_listing
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.orgs.models import Organisation
from caremarket.rules.price_lists import ContractTerm, PriceList, tier
from caremarket.rules.roles import Role, Sector

pytestmark = pytest.mark.django_db

# Northway's winning price list for the Suffolk club: per connection, one-off and annual.
PRICES = PriceList(
    "bid-1",
    {
        ("per_connection", "80 Mbps"): (tier(1, "450", "780"),),
        ("per_connection", "100 Mbps"): (tier(1, "650", "1150"),),
        ("per_connection", "1 Gbps"): (tier(1, "1200", "2900"), tier(10, "1000", "2500")),
        ("HSCN-CPE", ""): (tier(1, "250", "120"),),  # not a catalogue unit: not benchmarked
    },
)


@pytest.fixture
def buyer():
    org = make_organisation(Sector.BUYER, code="QJG", name="NHS Suffolk ICB", region="east")
    return actor_for(make_person(roles=[(org, Role.BUYER)]), org)


@pytest.fixture
def club(monkeypatch, lot, supplier):
    from caremarket.competitions import award as award_api
    from caremarket.sourcing.factories import make_club
    from caremarket.sourcing.models import BuyingClub

    club = make_club(agreement=lot.agreement, name="Suffolk public services")
    BuyingClub.objects.filter(pk=club.pk).update(stage="awarded")
    catalogue = SimpleNamespace(
        club_id=club.pk,
        competition_id=9,
        reference="CM-2026-00002",
        supplier_organisation_id=supplier.pk,
        price_list=PRICES,
        term=ContractTerm(3, (1, 1)),
        awarded_at=datetime(2026, 11, 26, 12, tzinfo=UTC),
    )
    monkeypatch.setattr(award_api, "club_catalogue", lambda c: catalogue if c.pk == club.pk else None)
    return club


def test_a_clubs_confirmed_award_feeds_the_benchmark_for_its_category_and_unit(lot, supplier, buyer, club):
    for price in ("70", "80"):  # £840 and £960 a year
        make_listing(lot=lot, supplier=supplier, price_lines=[flat("Ethernet", price)])
    [point] = awarded_prices_for_actor(buyer)
    # Like a listing: one price per unit, the lowest first-tier annual charge, not the install.
    assert (point.category, point.unit, point.basis, point.unit_price) == (
        "hscn_connectivity",
        "per_connection",
        "yearly",
        Decimal("780.00"),
    )
    assert (point.reference, point.awarded_on) == ("CM-2026-00002", date(2026, 11, 26))
    [row] = benchmarks_for_actor(buyer, unit="per_connection")
    assert row.listed.count == 2 and row.awarded.count == 1 and row.awarded.median == Decimal("780.00")
    assert row.awarded_text == "£780.00 (1 award)"


def test_without_an_award_the_page_says_no_award_yet_never_none(lot, supplier, buyer):
    make_listing(lot=lot, supplier=supplier, price_lines=[flat("Ethernet", "70")])
    [row] = benchmarks_for_actor(buyer)
    assert row.awarded is None and row.awarded_text == "No award yet"
    client = Client()
    client.force_login(buyer.person)
    page = client.get("/catalogue/benchmarks").content.decode()
    assert "No award yet" in page and "None" not in page


def test_the_award_shows_on_the_benchmarks_page_and_in_the_api(lot, supplier, buyer, club):
    make_listing(lot=lot, supplier=supplier, price_lines=[flat("Ethernet", "70")])
    client = Client()
    client.force_login(buyer.person)
    page = client.get("/catalogue/benchmarks").content.decode()
    assert "£780.00 (1 award)" in page and "None" not in page
    [row] = client.get("/api/v1/catalogue/benchmarks").json()
    assert row["awarded"]["median"] == "780.00" and row["awarded"]["count"] == 1


def test_a_contract_from_an_award_without_a_club_feeds_the_benchmark(monkeypatch, lot, supplier, buyer):
    from caremarket.competitions import award as award_api
    from caremarket.competitions.factories import make_competition, make_market
    from caremarket.contracts import services as contract_services

    make_listing(lot=lot, supplier=supplier, price_lines=[flat("Ethernet", "70")])
    competition = make_competition(make_market(suppliers=1))
    outcome = SimpleNamespace(
        competition_id=competition.pk,
        reference="FC-2026-041",
        title="HSCN connectivity for Devon",
        buyer_organisation_id=buyer.organisation_id,
        supplier_organisation_id=supplier.pk,
        agreement_id=lot.agreement_id,
        lot_id=lot.pk,
        buying_club_id=None,
        value=Decimal("480000.00"),
        term=ContractTerm(3, (1, 1)),
        term_months=60,
        price_list=PRICES,
        awarded_bid_id=7,
        decided_on=date(2026, 10, 1),
        standstill_ends_on=date(2026, 10, 13),
    )
    monkeypatch.setattr(award_api, "award_outcome_for_contract", lambda c, now: outcome)
    org = Organisation.objects.get(pk=buyer.organisation_id)
    lead = actor_for(make_person(roles=[(org, Role.PROCUREMENT_LEAD)]), org)
    contract_services.contract_create_from_award(
        actor=lead, competition=competition, starts_on=date(2027, 1, 1)
    )
    [point] = awarded_prices_for_actor(buyer)
    assert (point.reference, point.unit_price, point.awarded_on) == (
        "FC-2026-041",
        Decimal("780.00"),
        date(2026, 10, 1),
    )
    # Without a price list, the contract's value counts as a fixed price a year.
    monkeypatch.setattr(
        award_api,
        "award_outcome_for_contract",
        lambda c, now: SimpleNamespace(**{**vars(outcome), "price_list": None}),
    )
    # No service on the lot prices a fixed price: the category is that of the lot's services.
    [point] = awarded_prices_for_actor(buyer, unit="fixed_price")
    assert (point.category, point.basis, point.unit_price) == (
        "hscn_connectivity",
        "yearly",
        Decimal("96000.00"),
    )


def test_recorded_prices_still_count(buyer):
    from caremarket.catalogue import services

    services.awarded_price_record(
        actor=SYSTEM,
        category="business_intelligence",
        unit="per_head_of_population",
        basis="yearly",
        unit_price=Decimal("0.42"),
        reference="CT-2026-007",
    )
    [point] = awarded_prices_for_actor(buyer, category="business_intelligence")
    assert point.unit_price == Decimal("0.42")
    assert awarded_prices_for_actor(buyer, category="hscn_voice") == []
