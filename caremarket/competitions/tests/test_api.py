"""The competitions API end to end: a supplier's bid through its token, the seal answering
403 `bid.sealed` to the buyer's side before the deadline, and the receipt."""

import json
from datetime import timedelta

import pytest
from django.test import Client

from caremarket.competitions.factories import make_competition
from caremarket.orgs.services import api_token_create

pytestmark = pytest.mark.django_db


def _client(actor) -> Client:
    _, secret = api_token_create(actor=actor, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_a_bid_through_the_api_and_the_seal(market, travel):
    competition = make_competition(market, publish=True)
    base = f"/api/v1/competitions/{competition.reference}"
    supplier = _client(market.bidders[0])
    response = supplier.put(
        f"{base}/my-bid",
        json.dumps({"price": "1234.50", "responses": {"delivery": "Plan"}}),
        "application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["draft"]["price"] == "1234.50"
    receipt = supplier.post(f"{base}/my-bid/submit")
    assert receipt.status_code == 201
    body = receipt.json()
    assert len(body["content_sha256"]) == 64 and body["number"].startswith("R-")
    lead = _client(market.lead)
    sealed = lead.get(f"{base}/bids")
    assert sealed.status_code == 403 and sealed.json()["code"] == "bid.sealed"
    detail = lead.get(base).json()
    assert "bids" not in json.dumps(detail).lower() or "bid_count" not in detail
    travel(competition.submission_deadline + timedelta(seconds=1))
    late = supplier.post(f"{base}/my-bid/withdraw")
    assert late.status_code == 409 and late.json()["code"] == "bid.deadline_passed"
    bids = lead.get(f"{base}/bids").json()
    assert [b["supplier_code"] for b in bids] == [market.suppliers[0].code]
    assert bids[0]["content_sha256"] == body["content_sha256"]
