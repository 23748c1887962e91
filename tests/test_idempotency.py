"""`Idempotency-Key`: a retry returns the first response and creates nothing new; the key for
another request is refused; keys are per person and expire after 24 hours; the stored response
commits with what it created (caremarket.core.idempotency, caremarket.api.idempotency)."""

import json
import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django.test import Client, RequestFactory
from django.test.client import encode_multipart

from caremarket.competitions.factories import make_competition, make_market
from caremarket.competitions.models import Receipt
from caremarket.contracts.factories import make_contract
from caremarket.contracts.models import Order
from caremarket.core import clock, idempotency
from caremarket.core.models import IdempotentRequest
from caremarket.core.services import request_transaction
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.orgs.services import api_token_create
from caremarket.rules.roles import Role, Sector

pytestmark = pytest.mark.django_db

KEY = "0b6f3c1e-order-retry-1"


def _client(actor) -> Client:
    _, secret = api_token_create(actor=actor, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def shop():
    """A buyer with a signed contract (room for 25 installations at £400), and two buyers'
    API clients."""
    buyer_org = make_organisation(Sector.BUYER, code="QIK")
    contract = make_contract(buyer=buyer_org, value="10000")
    first = _client(actor_for(make_person(roles=[(buyer_org, Role.BUYER)]), buyer_org))
    second = _client(actor_for(make_person(roles=[(buyer_org, Role.BUYER)]), buyer_org))
    return buyer_org, contract, first, second


def _order_body(buyer_org, contract, quantity: int = 1) -> dict:
    return {
        "buyer_code": buyer_org.code,
        "contract": contract.reference,
        "title": "Installations",
        "lines": [{"item": "Installation", "quantity": quantity}],
    }


def _post(client, path, body=None, key=KEY):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    if body is None:
        return client.post(path, **headers)
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


def _orders(contract) -> int:
    return Order.objects.filter(contract=contract).count()


# --- Orders ------------------------------------------------------------------------------------


def test_a_retry_returns_the_first_response_and_places_one_order(shop):
    buyer_org, contract, client, _ = shop
    first = _post(client, "/api/v1/orders", _order_body(buyer_org, contract))
    assert first.status_code == 201, first.content
    assert idempotency.REPLAYED_HEADER not in first
    again = _post(client, "/api/v1/orders", _order_body(buyer_org, contract))
    assert again.status_code == 201
    assert again.content == first.content
    assert again[idempotency.REPLAYED_HEADER] == "true"
    assert again["Content-Type"] == first["Content-Type"]
    assert _orders(contract) == 1


def test_the_same_body_in_another_key_order_or_spacing_is_the_same_request(shop):
    buyer_org, contract, client, _ = shop
    body = _order_body(buyer_org, contract)
    first = _post(client, "/api/v1/orders", body)
    reordered = json.dumps(dict(reversed(list(body.items()))), indent=2)
    again = client.post(
        "/api/v1/orders", reordered, content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY
    )
    assert again.status_code == 201 and again[idempotency.REPLAYED_HEADER] == "true"
    assert again.json() == first.json()
    assert _orders(contract) == 1


def test_without_a_key_every_request_places_an_order(shop):
    buyer_org, contract, client, _ = shop
    for _ in range(2):
        assert _post(client, "/api/v1/orders", _order_body(buyer_org, contract), key=None).status_code == 201
    assert _orders(contract) == 2
    assert not IdempotentRequest.objects.exists()


def test_the_key_with_another_body_is_refused(shop):
    buyer_org, contract, client, _ = shop
    assert _post(client, "/api/v1/orders", _order_body(buyer_org, contract)).status_code == 201
    refused = _post(client, "/api/v1/orders", _order_body(buyer_org, contract, quantity=2))
    assert refused.status_code == 422
    body = refused.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == "idempotency.key_reused"
    assert "different request" in body["message"] and KEY in body["message"]
    assert body["details"]["first_route"] == "POST /api/v1/orders"
    assert _orders(contract) == 1


def test_the_key_on_another_route_is_refused(shop):
    buyer_org, contract, client, _ = shop
    placed = _post(client, "/api/v1/orders", _order_body(buyer_org, contract))
    reference = placed.json()["reference"]
    amendment = {"reason": "One more", "lines": [{"item": "Installation", "quantity": 2}]}
    refused = _post(client, f"/api/v1/orders/{reference}/amendments", amendment)
    assert refused.status_code == 422 and refused.json()["code"] == "idempotency.key_reused"
    assert Order.objects.get(contract=contract).revisions.count() == 1


def test_the_key_for_another_acting_organisation_is_another_request(shop):
    buyer_org, contract, client, _ = shop
    assert _post(client, "/api/v1/orders", _order_body(buyer_org, contract)).status_code == 201
    refused = client.post(
        "/api/v1/orders",
        json.dumps(_order_body(buyer_org, contract)),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=KEY,
        HTTP_X_CAREMARKET_ORGANISATION=buyer_org.code,
    )
    assert refused.status_code == 422 and refused.json()["code"] == "idempotency.key_reused"


def test_keys_belong_to_their_person(shop):
    buyer_org, contract, client, colleague = shop
    mine = _post(client, "/api/v1/orders", _order_body(buyer_org, contract))
    theirs = _post(colleague, "/api/v1/orders", _order_body(buyer_org, contract))
    assert mine.status_code == theirs.status_code == 201
    assert idempotency.REPLAYED_HEADER not in theirs
    assert mine.json()["reference"] != theirs.json()["reference"]
    assert _orders(contract) == 2


def test_a_key_expires_after_24_hours_and_may_be_used_again(shop, travel):
    buyer_org, contract, client, _ = shop
    start = clock.now()
    travel(start)
    first = _post(client, "/api/v1/orders", _order_body(buyer_org, contract))
    travel(start + idempotency.LIFETIME - timedelta(seconds=1))
    replayed = _post(client, "/api/v1/orders", _order_body(buyer_org, contract))
    assert replayed[idempotency.REPLAYED_HEADER] == "true"
    travel(start + idempotency.LIFETIME)
    # Expired: the key is free again, even for another body.
    later = _post(client, "/api/v1/orders", _order_body(buyer_org, contract, quantity=2))
    assert later.status_code == 201 and idempotency.REPLAYED_HEADER not in later
    assert later.json()["reference"] != first.json()["reference"]
    assert _orders(contract) == 2
    assert IdempotentRequest.objects.count() == 1


def test_a_refused_request_stores_nothing_and_may_be_retried(shop):
    buyer_org, contract, client, _ = shop
    too_much = _order_body(buyer_org, contract, quantity=26)  # past the contract's ceiling
    refused = _post(client, "/api/v1/orders", too_much)
    assert refused.status_code == 409 and refused.json()["code"] == "contract.ceiling_exceeded"
    assert not IdempotentRequest.objects.exists()
    # Nothing was created, so the same key may carry the corrected request.
    placed = _post(client, "/api/v1/orders", _order_body(buyer_org, contract))
    assert placed.status_code == 201 and idempotency.REPLAYED_HEADER not in placed
    assert _orders(contract) == 1


def test_a_key_too_long_is_refused_before_anything_runs(shop):
    buyer_org, contract, client, _ = shop
    refused = _post(client, "/api/v1/orders", _order_body(buyer_org, contract), key="k" * 256)
    assert refused.status_code == 422 and refused.json()["code"] == "validation_failed"
    assert "Idempotency-Key" in refused.json()["details"]["fields"]
    assert _order_body(buyer_org, contract) and _orders(contract) == 0
    assert _post(client, "/api/v1/orders", _order_body(buyer_org, contract), key="k" * 255).status_code == 201


def test_a_request_still_running_is_refused_with_409(shop):
    # A row with no response yet is what a request still in its transaction holds.
    buyer_org, contract, *_ = shop
    person = make_person(roles=[(buyer_org, Role.BUYER)])
    running = _client(actor_for(person, buyer_org))
    IdempotentRequest.objects.create(
        person=person, key=KEY, route="POST /api/v1/orders", body_sha256="x" * 64
    )
    refused = _post(running, "/api/v1/orders", _order_body(buyer_org, contract))
    assert refused.status_code == 409
    assert refused.json()["code"] == "idempotency.in_progress"
    assert "still being processed" in refused.json()["message"]
    assert _orders(contract) == 0


def test_the_order_never_commits_without_its_stored_response(shop, monkeypatch):
    buyer_org, contract, client, _ = shop

    def storage_fails(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(idempotency, "record", storage_fails)
    with pytest.raises(RuntimeError, match="disk is full"):
        _post(client, "/api/v1/orders", _order_body(buyer_org, contract))
    assert _orders(contract) == 0


# --- A lost response (kill -9 after the commit), and transactions -----------------------------


def test_a_response_lost_after_the_commit_is_returned_to_the_retry(shop):
    buyer_org, contract, client, _ = shop
    lost = _post(client, "/api/v1/orders", _order_body(buyer_org, contract))  # never read
    assert lost.status_code == 201, lost.content
    stored = IdempotentRequest.objects.get(key=KEY)
    assert stored.status == 201 and json.loads(stored.response_json)["reference"]
    retry = _post(client, "/api/v1/orders", _order_body(buyer_org, contract))
    assert retry.status_code == 201 and retry[idempotency.REPLAYED_HEADER] == "true"
    assert retry.json()["reference"] == json.loads(stored.response_json)["reference"]
    assert _orders(contract) == 1


@pytest.mark.django_db(transaction=True)
def test_a_second_request_while_the_first_runs_gets_409_at_once_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: the second request waits, then replays")
    buyer_org = make_organisation(Sector.BUYER, code="QIM")
    contract = make_contract(buyer=buyer_org, value="10000")
    person = make_person(roles=[(buyer_org, Role.BUYER)])
    client = _client(actor_for(person, buyer_org))
    fingerprint = idempotency.Fingerprint(person_id=person.pk, key=KEY, route="", body_sha256="")
    holding, release = threading.Event(), threading.Event()

    def first_request_in_its_transaction():
        # Holds the key's lock as a running request does, from another connection.
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [idempotency._lock_key(fingerprint)])
                holding.set()
                release.wait(timeout=30)
                cursor.execute("ROLLBACK")
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_request_in_its_transaction)
    thread.start()
    assert holding.wait(timeout=30)
    try:
        refused = _post(client, "/api/v1/orders", _order_body(buyer_org, contract))
    finally:
        release.set()
        thread.join(timeout=30)
    assert refused.status_code == 409 and refused.json()["code"] == "idempotency.in_progress"
    assert _orders(contract) == 0
    assert _post(client, "/api/v1/orders", _order_body(buyer_org, contract)).status_code == 201


def test_services_join_the_request_transaction_only_when_called_directly_inside_it(shop):
    # A durable service directly inside a test's transaction is allowed; inside another atomic
    # block it refuses, as in production. The request transaction is the one exception.
    buyer_org, *_ = shop
    actor = actor_for(make_person(roles=[(buyer_org, Role.BUYER)]), buyer_org)
    with request_transaction():
        api_token_create(actor=actor, name="joins")
        with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
            api_token_create(actor=actor, name="nested")
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        api_token_create(actor=actor, name="nested")


def _multipart(boundary: str, upload: bytes):
    body = encode_multipart(boundary, {"period": "2026-11-01", "file": SimpleUploadedFile("mi.csv", upload)})
    request = RequestFactory().post(
        "/api/v1/fee-returns", body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    return idempotency.body_digest(
        content_type=request.content_type, body=b"", form=request.POST, files=request.FILES
    )


def test_a_multipart_body_is_compared_by_its_fields_and_files_not_its_boundary():
    assert _multipart("one", b"order,value\nC1,10") == _multipart("two", b"order,value\nC1,10")
    assert _multipart("one", b"order,value\nC1,10") != _multipart("one", b"order,value\nC1,11")


# --- Bids --------------------------------------------------------------------------------------


def test_a_retried_bid_submission_returns_the_first_receipt():
    market = make_market()
    competition = make_competition(market, publish=True)
    base = f"/api/v1/competitions/{competition.reference}"
    supplier = _client(market.bidders[0])
    draft = supplier.put(f"{base}/my-bid", json.dumps({"price": "1234.50"}), "application/json")
    assert draft.status_code == 200, draft.content
    first = _post(supplier, f"{base}/my-bid/submit")
    assert first.status_code == 201, first.content
    again = _post(supplier, f"{base}/my-bid/submit")
    assert again.status_code == 201 and again[idempotency.REPLAYED_HEADER] == "true"
    assert again.json() == first.json() and again.json()["number"].startswith("R-")
    assert Receipt.objects.filter(bid__competition=competition).count() == 1
    # Without the key, a second submission is what it always was: refused.
    assert _post(supplier, f"{base}/my-bid/submit", key=None).status_code == 409
    # The same key on another competition's submit is another request.
    other = make_competition(market, publish=True)
    refused = _post(supplier, f"/api/v1/competitions/{other.reference}/my-bid/submit")
    assert refused.status_code == 422 and refused.json()["code"] == "idempotency.key_reused"


# --- The OpenAPI document ----------------------------------------------------------------------

COVERED = {
    ("post", "/api/v1/orders"),
    ("post", "/api/v1/orders/{reference}/amendments"),
    ("post", "/api/v1/competitions"),
    ("post", "/api/v1/competitions/{reference}/my-bid/submit"),
    ("post", "/api/v1/competitions/{reference}/my-bid/resubmit"),
    ("post", "/api/v1/competitions/{reference}/award"),
    ("post", "/api/v1/competitions/{reference}/award/confirm"),
    ("post", "/api/v1/competitions/{reference}/contract"),
    ("post", "/api/v1/direct-awards"),
    ("post", "/api/v1/contracts"),
    ("post", "/api/v1/contracts/{reference}/variations"),
    ("post", "/api/v1/contracts/{reference}/extend"),
    ("post", "/api/v1/fee-returns"),
    ("post", "/api/v1/fee-returns/{return_id}/invoice"),
    ("post", "/api/v1/fee-invoices/{invoice_id}/payment"),
    ("post", "/api/v1/agreements/{reference}/applications"),
    ("post", "/api/v1/sourcing/clubs/{reference}/status"),
    ("post", "/api/v1/gpit/allocations"),
}


def _header_parameter(operation: dict) -> dict | None:
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "header" and parameter["name"] == idempotency.HEADER:
            return parameter
    return None


def test_the_header_is_documented_on_every_route_that_takes_it():
    paths = json.loads(Client().get("/api/v1/openapi.json").content)["paths"]
    documented = {
        (method, path)
        for path, operations in paths.items()
        for method, operation in operations.items()
        if _header_parameter(operation)
    }
    assert documented == COVERED
    parameter = _header_parameter(paths["/api/v1/orders"]["post"])
    assert parameter["required"] is False
    assert parameter["schema"]["maxLength"] == idempotency.MAX_KEY_LENGTH
    assert "24 hours" in parameter["description"]
