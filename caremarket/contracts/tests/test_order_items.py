"""Orders name what they buy exactly: a listing's price line (CM-000123:2) on an agreement lot,
a contract's item, a club catalogue's item. A name two listings share is refused with the
choices; nothing is priced from the first listing found."""

import json
import re
from decimal import Decimal

import pytest
from django.test import Client

from caremarket.agreements.factories import admitted_supplier, make_agreement
from caremarket.catalogue.factories import flat, make_listing, tiered
from caremarket.contracts import selectors, services
from caremarket.contracts.factories import make_contract
from caremarket.contracts.models import Order
from caremarket.core.errors import ValidationFailed
from caremarket.orgs.factories import actor_for, make_person
from caremarket.orgs.services import api_token_create
from caremarket.rules.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
ETHERNET = "Ethernet 100 Mbit/s"


@pytest.fixture
def two_listings():
    """One supplier lists the same item on two listings at different prices, and on the first
    both one-off and monthly."""
    agreement = make_agreement(kind="dps", status="live", lots=1, procedures=("direct_award",))
    place = admitted_supplier(agreement, 1)
    first = make_listing(
        supplier=place.supplier,
        lot=place.lot,
        name="Northway Ethernet",
        price_lines=[
            tiered(ETHERNET, "per_connection", "monthly", (1, 9, "289.00"), (10, None, "259.00")),
            flat(ETHERNET, "1450.00", charge="one_off"),
            flat("Survey", "150.00", charge="one_off"),
        ],
    )
    second = make_listing(
        supplier=place.supplier,
        lot=place.lot,
        name="Northway Fibre",
        price_lines=[flat(ETHERNET, "199.00")],
    )
    return place.lot, place.supplier, first, second


def _order(buyer, buyer_org, lot, supplier, lines):
    return services.order_place(
        actor=buyer, buyer=buyer_org, lot=lot, supplier=supplier, procedure="direct_award", lines=lines
    )


def test_a_name_on_two_listings_is_refused_with_the_choices(buyer, buyer_org, two_listings):
    lot, supplier, first, second = two_listings
    with pytest.raises(ValidationFailed) as raised:
        _order(buyer, buyer_org, lot, supplier, [{"item": ETHERNET, "quantity": 2}])
    message = raised.value.details["fields"]["lines.1"][0]
    assert message.startswith(f"'{ETHERNET}' is offered 3 ways: choose one of")
    for key, words in [
        (
            f"{first.reference}:1",
            f"{ETHERNET}, per connection a month – Northway Ethernet ({first.reference})",
        ),
        (
            f"{first.reference}:2",
            f"{ETHERNET}, one-off, per connection – Northway Ethernet ({first.reference})",
        ),
        (
            f"{second.reference}:1",
            f"{ETHERNET}, per connection a month – Northway Fibre ({second.reference})",
        ),
    ]:
        assert f"{words} [{key}]" in message
    assert not Order.objects.exists()


def test_the_line_naming_the_price_line_is_priced_from_that_listing(buyer, buyer_org, two_listings):
    lot, supplier, first, second = two_listings
    order = _order(
        buyer,
        buyer_org,
        lot,
        supplier,
        [
            {"item": f"{second.reference}:1", "quantity": 2},
            {"item": f"{first.reference}:1", "quantity": 10},
            {"item": "Survey", "quantity": 1},  # one price line has this name: no choice to make
        ],
    )
    lines = list(selectors.order_lines(order))
    assert [(li.ref, li.item, li.unit_price, li.value) for li in lines] == [
        (f"{second.reference}:1", ETHERNET, Decimal("199.00"), Decimal("398.00")),
        (f"{first.reference}:1", ETHERNET, Decimal("259.00"), Decimal("2590.00")),  # the 10+ tier
        (f"{first.reference}:3", "Survey", Decimal("150.00"), Decimal("150.00")),
    ]
    assert lines[0].label == f"{ETHERNET}, per connection a month – Northway Fibre ({second.reference})"
    assert lines[0].price_source | {"taken_at": None} == {
        "kind": "lot",
        "agreement": lot.agreement.reference,
        "lot": 1,
        "listing": second.reference,
        "version": 1,
        "line": 1,
        "service": "Northway Fibre",
        "charge": "monthly",
        "unit_price": "199.00",
        "taken_at": None,
    }


def test_an_amendment_keeps_each_price_line_at_its_price_and_still_refuses_a_shared_name(
    buyer, buyer_org, two_listings
):
    lot, supplier, first, second = two_listings
    order = _order(buyer, buyer_org, lot, supplier, [{"item": f"{second.reference}:1", "quantity": 1}])
    amended = services.order_amend(
        actor=buyer,
        order=order,
        reason="One more",
        lines=[
            {"item": f"{second.reference}:1", "quantity": 2},
            {"item": f"{first.reference}:2", "quantity": 1},
        ],
    )
    assert [(li.ref, li.value) for li in selectors.order_lines(amended)] == [
        (f"{second.reference}:1", Decimal("398.00")),
        (f"{first.reference}:2", Decimal("1450.00")),
    ]
    with pytest.raises(ValidationFailed, match="offered 3 ways"):
        services.order_amend(
            actor=buyer, order=order, reason="Again", lines=[{"item": ETHERNET, "quantity": 1}]
        )


def test_a_quantity_no_tier_prices_is_refused_not_priced_at_the_first_tier(buyer, buyer_org):
    agreement = make_agreement(kind="dps", status="live", lots=1, procedures=("direct_award",))
    place = admitted_supplier(agreement, 1)
    listing = make_listing(
        supplier=place.supplier,
        lot=place.lot,
        name="Small",
        price_lines=[tiered("Licence", "per_connection", "monthly", (1, 5, "10.00"))],
    )
    with pytest.raises(ValidationFailed) as raised:
        _order(
            buyer, buyer_org, place.lot, place.supplier, [{"item": f"{listing.reference}:1", "quantity": 6}]
        )
    assert raised.value.details["fields"]["lines.1"] == [
        f"Licence, per connection a month – Small ({listing.reference}) has no price for a quantity of 6"
    ]


# --- The API takes the exact reference ----------------------------------------------------------


def _api(actor) -> Client:
    _, secret = api_token_create(actor=actor, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_the_api_orders_a_price_line_and_refuses_a_shared_name(buyer_org, two_listings):
    lot, supplier, _first, second = two_listings
    lead = actor_for(make_person(roles=[(buyer_org, Role.PROCUREMENT_LEAD)]), buyer_org)
    client = _api(lead)
    body = {
        "agreement": lot.agreement.reference,
        "lot": 1,
        "supplier_code": supplier.code,
        "procedure": "direct_award",
        "lines": [{"item": ETHERNET, "quantity": 1}],
    }
    refused = client.post("/api/v1/orders", json.dumps(body), content_type="application/json")
    assert refused.status_code in (400, 422), refused.content
    assert refused.json()["code"] == "order.invalid"
    assert f"[{second.reference}:1]" in json.dumps(refused.json()["details"])
    body["lines"] = [{"item": f"{second.reference}:1", "quantity": 1}]
    placed = client.post("/api/v1/orders", json.dumps(body), content_type="application/json")
    assert placed.status_code == 201, placed.content
    [line] = placed.json()["lines"]
    assert (line["ref"], line["item"], line["unit_price"]) == (f"{second.reference}:1", ETHERNET, "199.00")
    assert line["label"].endswith(f"– Northway Fibre ({second.reference})")


# --- The pages: the buyer chooses an exact item, read in words -----------------------------------


def test_the_contract_order_page_offers_exact_items_in_words(buyer_org, supplier_org):
    contract = make_contract(
        buyer=buyer_org,
        supplier=supplier_org,
        price_list=[
            {"item": "per_connection (100 Mbps)", "unit": "per_connection", "unit_price": "3400.00"},
            {"item": "Installation", "unit": "", "unit_price": "400.00"},
        ],
    )
    client = Client()
    client.force_login(make_person(roles=[(buyer_org, Role.BUYER)]))
    page = re.sub(r"\s+>", ">", client.get(f"/contracts/{contract.reference}/order").content.decode())
    assert '<option value="per_connection (100 Mbps)">Per connection, 100 Mbps – £3,400.00</option>' in page
    assert '<option value="Installation">Installation – £400.00</option>' in page
    refused = client.post(f"/contracts/{contract.reference}/order", {"item_1": "Unicorns", "quantity_1": "1"})
    assert "Unicorns&#39; is not in the catalogue" in refused.content.decode()
    posted = client.post(
        f"/contracts/{contract.reference}/order",
        {"item_1": "per_connection (100 Mbps)", "quantity_1": "1", "site_1": "QJG-1"},
    )
    order = Order.objects.get()
    assert posted.status_code == 302
    line = order.lines.get()
    assert (line.ref, line.label) == ("per_connection (100 Mbps)", "Per connection, 100 Mbps")
    shown = client.get(f"/orders/{order.reference}").content.decode()
    assert "Per connection, 100 Mbps" in shown and "per_connection (100 Mbps)" not in shown


def test_the_club_order_page_offers_the_catalogues_items_in_words(monkeypatch, buyer_org):
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from caremarket.competitions import award as award_api
    from caremarket.contracts import catalogues
    from caremarket.rules.price_lists import ContractTerm, PriceList, tier
    from caremarket.sourcing import baseline
    from caremarket.sourcing.factories import make_club

    agreement = make_agreement(kind="dps", lots=1)
    place = admitted_supplier(agreement, 1)
    club = make_club(agreement=agreement, name="South West buying club")
    catalogue = SimpleNamespace(
        club_id=club.pk,
        competition_id=9,
        reference="FC-SW-2018",
        supplier_organisation_id=place.supplier_id,
        price_list=PriceList("bid-1", {("per_connection", "100 Mbps"): (tier(1, "1000", "2400"),)}),
        term=ContractTerm(3, (1, 1)),
        awarded_at=datetime(2026, 10, 1, tzinfo=UTC),
    )
    for module in (award_api, catalogues):
        monkeypatch.setattr(module, "club_catalogue", lambda c: catalogue if c.pk == club.pk else None)
    for module in (baseline, catalogues):
        monkeypatch.setattr(module, "members_at_launch", lambda c: frozenset({buyer_org.pk}))
    client = Client()
    client.force_login(make_person(roles=[(buyer_org, Role.BUYER)]))
    page = re.sub(r"\s+>", ">", client.get(f"/orders/club/{club.pk}").content.decode())
    assert '<option value="per_connection (100 Mbps)">Per connection, 100 Mbps – £3,400.00</option>' in page
    posted = client.post(
        f"/orders/club/{club.pk}", {"item_1": "per_connection (100 Mbps)", "quantity_1": "2"}
    )
    assert posted.status_code == 302, posted.content
    order = Order.objects.get()
    assert [(li.ref, li.label, li.value) for li in order.lines.all()] == [
        ("per_connection (100 Mbps)", "Per connection, 100 Mbps", Decimal("6800.00"))
    ]
    shown = client.get(f"/orders/{order.reference}").content.decode()
    assert "Per connection, 100 Mbps" in shown and "per_connection (100 Mbps)" not in shown
