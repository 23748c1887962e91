"""An order line's delivery date lies within the contract's term and
rules.date_ranges.delivery_date_range: 9999-12-31 is a slip, refused with the bound."""

import json
from datetime import date

import pytest
from django.test import Client

from caremarket.contracts import services
from caremarket.contracts.factories import make_contract
from caremarket.core.errors import ValidationFailed
from caremarket.orgs.factories import actor_for, make_person
from caremarket.orgs.services import api_token_create
from caremarket.rules.dates import spoken_date
from caremarket.rules.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
ITEM = "per_connection (100 Mbps)"


@pytest.fixture
def contract(buyer_org, supplier_org):
    return make_contract(
        buyer=buyer_org,
        supplier=supplier_org,
        price_list=[{"item": ITEM, "unit": "per_connection", "unit_price": "3400.00"}],
    )


def _place(buyer, contract, delivery_date):
    line = {"item": ITEM, "quantity": 1, "site": "QJG-1", "delivery_date": delivery_date}
    return services.order_place(actor=buyer, buyer=contract.buyer, contract=contract, lines=[line])


def test_a_delivery_date_after_the_contracts_term_is_refused(buyer, contract):
    with pytest.raises(ValidationFailed) as raised:
        _place(buyer, contract, date(9999, 12, 31))
    assert raised.value.details["fields"]["lines.1"] == [
        f"The delivery date must be on or before {spoken_date(contract.ends_on)}"
    ]
    assert _place(buyer, contract, contract.ends_on).lines.get().delivery_date == contract.ends_on


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_api_refuses_a_nonsense_delivery_date_at_the_edge(buyer_org, contract, day):
    lead = actor_for(make_person(roles=[(buyer_org, Role.PROCUREMENT_LEAD)]), buyer_org)
    _, secret = api_token_create(actor=lead, name="test")
    body = {"contract": contract.reference, "lines": [{"item": ITEM, "quantity": 1, "delivery_date": day}]}
    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").post(
        "/api/v1/orders", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert "lines.0.delivery_date" in response.json()["details"]["fields"]
