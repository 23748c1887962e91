from decimal import Decimal

import pytest
from django.test import Client

from caremarket.catalogue import selectors, services
from caremarket.catalogue.benchmarks import benchmarks_for_actor
from caremarket.catalogue.factories import SYSTEM, flat, make_listing
from caremarket.core.errors import Conflict, PermissionDenied, ValidationFailed
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.orgs.services import api_token_create
from caremarket.rules.roles import Role, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return actor_for(
        make_person(full_name="Ruth Mensah", roles=[(make_organisation(Sector.BUYER), Role.BUYER)])
    )


def test_advisors_nominate_themselves_and_are_found_by_specialism_and_region(person):
    advisor = services.advisor_nominate(
        actor=person,
        headline="Procurement mentor for ICBs",
        specialisms=["procurement", "legal"],
        regions=["east"],
        contact_email="Ruth@Example.NHS.uk",
    )
    assert advisor.contact_email == "ruth@example.nhs.uk"
    assert selectors.advisors_for_actor(person, specialism="legal", region="east") == [advisor]
    assert selectors.advisors_for_actor(person, specialism="digital") == []
    with pytest.raises(Conflict):
        services.advisor_nominate(
            actor=person,
            headline="Again",
            specialisms=["legal"],
            regions=["east"],
            contact_email="r@example.com",
        )
    stranger = actor_for(make_person())
    with pytest.raises(PermissionDenied):
        services.advisor_update(actor=stranger, advisor=advisor, headline="Hijacked")
    services.advisor_update(actor=person, advisor=advisor, regions=["east", "london"])
    services.advisor_withdraw(actor=person, advisor=advisor)
    assert selectors.advisors_for_actor(person) == []


def test_an_advisor_entry_needs_specialisms_and_regions(person):
    with pytest.raises(ValidationFailed) as refused:
        services.advisor_nominate(
            actor=person, headline="", specialisms=["juggling"], regions=[], contact_email="x"
        )
    assert set(refused.value.details["fields"]) == {"headline", "specialisms", "regions", "contact_email"}


def test_benchmarks_summarise_live_prices_and_awarded_prices(lot, supplier, person):
    for price in ("300", "400", "500", "600"):
        make_listing(lot=lot, supplier=supplier, price_lines=[flat("Ethernet", price)])
    services.awarded_price_record(
        actor=SYSTEM,
        category="hscn_connectivity",
        unit="per_connection",
        basis="yearly",
        unit_price=Decimal("4200.00"),
        reference="CT-2026-001",
    )
    [row] = benchmarks_for_actor(person, unit="per_connection")
    assert (row.category, row.basis) == ("hscn_connectivity", "yearly")
    assert row.listed.count == 4
    assert (row.listed.lower_quartile, row.listed.median, row.listed.upper_quartile) == (
        Decimal("4500.00"),
        Decimal("5400.00"),
        Decimal("6300.00"),
    )
    assert row.awarded.count == 1 and row.awarded.median == Decimal("4200.00")
    assert benchmarks_for_actor(person, category="hscn_voice") == []
    with pytest.raises(PermissionDenied):
        services.awarded_price_record(
            actor=person,
            category="hscn_voice",
            unit="per_user",
            basis="yearly",
            unit_price=Decimal("1"),
            reference="x",
        )


def test_the_benchmarks_api_answers_money_to_the_penny(lot, supplier, person):
    for price in ("300", "9.33"):
        make_listing(lot=lot, supplier=supplier, price_lines=[flat("Ethernet", price)])
    _, secret = api_token_create(actor=person, name="test")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/catalogue/benchmarks")
    assert response.status_code == 200, response.content
    [row] = response.json()
    listed = row["listed"]
    # A year of £9.33 a month is £111.96; of £300 a month, £3,600 (not "3600").
    assert (listed["minimum"], listed["median"], listed["maximum"]) == ("111.96", "1855.98", "3600.00")
