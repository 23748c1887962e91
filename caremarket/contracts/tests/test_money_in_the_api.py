"""Amounts of money through the API: the same words as on the pages ("98,500", "£98,500.00",
"98500"), refused with the reason when they are not an amount, and answered to the penny."""

import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from ninja import Schema

from caremarket.api.schemas import AmountIn, Money
from caremarket.catalogue.factories import lot_with_supplier
from caremarket.core.money import MONEY_PATTERN
from caremarket.orgs.factories import actor_for, make_person
from caremarket.orgs.services import api_token_create
from caremarket.rules.roles import Role

pytestmark = pytest.mark.django_db

SAME_AMOUNT = ["98,500", "£98,500.00", "98500", "98500.0", " £98,500 "]


def _client(actor) -> Client:
    _, secret = api_token_create(actor=actor, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _post(client: Client, path: str, body: dict):
    return client.post(path, json.dumps(body), content_type="application/json")


@pytest.fixture
def manager_and_agreement():
    lot, _ = lot_with_supplier(code="S2001", name="Southway Networks Ltd")
    owner = lot.agreement.owner
    return actor_for(make_person(roles=[(owner, Role.AGREEMENT_MANAGER)]), owner), lot.agreement


def _allocation(client, agreement, buyer_org, amount):
    return _post(
        client,
        "/api/v1/gpit/allocations",
        {
            "agreement": agreement.reference,
            "commissioner_code": buyer_org.code,
            "financial_year": 2026,
            "amount": amount,
        },
    )


@pytest.mark.parametrize("amount", SAME_AMOUNT)
def test_an_allocation_takes_the_amount_as_people_type_it(manager_and_agreement, buyer_org, amount):
    manager, agreement = manager_and_agreement
    response = _allocation(_client(manager), agreement, buyer_org, amount)
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == "98500.00"
    assert response.json()["remaining"] == "98500.00"


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("1,23", "Enter an amount in pounds, like 98,500 or £98,500.00"),
        ("lots", "Enter an amount in pounds, like 98,500 or £98,500.00"),
        ("1" * 41, "Enter an amount in pounds, like 98,500 or £98,500.00"),
        ("-98,500", "Enter an amount of £0 or more"),
        ("98500.555", "Enter the amount in pounds and pence, with at most 2 decimal places"),
        ("1,000,000,000,000", "Enter an amount less than £1,000,000,000,000"),
        ("NaN", "Enter an amount in pounds, like 98,500 or £98,500.00"),
        (98500, 'Enter the amount as a string, like "98,500" or "£98,500.00"'),
        (98500.5, 'Enter the amount as a string, like "98,500" or "£98,500.00"'),
    ],
)
def test_what_is_not_an_amount_is_refused_with_the_reason(manager_and_agreement, buyer_org, amount, message):
    manager, agreement = manager_and_agreement
    response = _allocation(_client(manager), agreement, buyer_org, amount)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "validation_failed"
    assert body["details"]["fields"]["amount"] == [message]


def test_a_contract_is_recorded_with_its_value_and_prices_as_people_type_them(lead, buyer_org, supplier_org):
    response = _post(
        _client(lead),
        "/api/v1/contracts",
        {
            "buyer_code": buyer_org.code,
            "supplier_code": supplier_org.code,
            "origin": "existing",
            "title": "Community connectivity",
            "value": "£98,500.00",
            "starts_on": "2026-04-01",
            "term": "3+1+1",
            "price_list": [
                {"item": "Installation", "unit_price": "1,450"},
                {"item": "Router", "unit_price": "£120.5"},
            ],
        },
    )
    assert response.status_code == 201, response.content
    contract = response.json()
    assert contract["value"] == "98500.00"
    assert [p["unit_price"] for p in contract["price_list"]] == ["1450.00", "120.50"]
    assert contract["committed"] == "0.00"


def test_the_documented_pattern_is_the_one_the_api_and_the_pages_accept():
    document = Client().get("/api/v1/openapi.json").json()
    payment = document["components"]["schemas"]["PaymentIn"]["properties"]["amount"]
    assert payment["type"] == "string" and payment["pattern"] == MONEY_PATTERN
    for text in SAME_AMOUNT:
        assert re.match(MONEY_PATTERN, text)
    for text in ("1,23", "1,2,3", "-5", "98500.555", "lots"):
        assert not re.match(MONEY_PATTERN, text)


class _Sum(Schema):
    total: Money
    optional: Money | None = None


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("111.960000000000"), "111.96"),
        (Decimal("3600"), "3600.00"),
        (Decimal("0.005"), "0.01"),
        (Decimal("-12.345"), "-12.35"),
        ("289", "289.00"),
    ],
)
def test_money_is_answered_to_the_penny_as_a_string(value, shown):
    assert _Sum(total=value).model_dump() == {"total": shown, "optional": None}
    assert json.loads(_Sum(total=value).model_dump_json())["total"] == shown


def test_an_amount_in_is_a_decimal_of_pounds_and_pence():
    class _In(Schema):
        amount: AmountIn

    assert _In(amount="£98,500.5").amount == Decimal("98500.50")
