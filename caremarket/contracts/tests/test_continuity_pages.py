"""Continuity of supply: an agreement manager's backstops per lot and region, a buyer calling
on one from the contract page (the interim contract and the handover it makes), the handover
checklist worked by both suppliers, and the same steps in the API."""

import json

import pytest
from django.core import mail
from django.test import Client

from caremarket.agreements.factories import admitted_supplier
from caremarket.agreements.models import LotSupplier
from caremarket.audit.models import AuditEvent
from caremarket.contracts import selectors, services
from caremarket.contracts.factories import contract_on_lot
from caremarket.contracts.models import Contract
from caremarket.core.errors import Conflict, NotFound, PermissionDenied, RuleViolation, ValidationFailed
from caremarket.notifications.models import Message
from caremarket.orgs.factories import actor_for, make_person
from caremarket.orgs.services import api_token_create
from caremarket.rules.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


class W:
    """The world: a signed contract of the buyer (south west) under lot 1, with the outgoing
    supplier; two more suppliers admitted to the lot; the agreement's manager; people of each."""


@pytest.fixture
def w(buyer_org, lead):
    world = W()
    world.contract = contract_on_lot(buyer=buyer_org)
    world.agreement = world.contract.agreement
    world.lot = world.contract.lot
    world.lot.agreement = world.agreement
    world.outgoing = world.contract.supplier
    world.first = admitted_supplier(world.agreement, name="Backstop One Ltd").supplier
    world.second = admitted_supplier(world.agreement, name="Backstop Two Ltd").supplier
    owner = world.agreement.owner
    world.manager_person = make_person(email="manager@ccs.example", roles=[(owner, Role.AGREEMENT_MANAGER)])
    world.manager = actor_for(world.manager_person, owner)
    world.lead = lead
    world.lead_person = lead.person
    world.out_person = make_person(email="out@supplier.example", roles=[(world.outgoing, Role.SUPPLIER_USER)])
    world.in_person = make_person(email="in@supplier.example", roles=[(world.first, Role.SUPPLIER_USER)])
    world.second_person = make_person(
        email="second@supplier.example", roles=[(world.second, Role.SUPPLIER_USER)]
    )
    return world


def _backstop(w, region="", suppliers=None):
    return services.lot_backstop_create(
        actor=w.manager,
        lot=w.lot,
        region=region,
        title=f"Lot 1 backstop {region or 'everywhere'}",
        suppliers=suppliers if suppliers is not None else [w.first, w.second],
    )


def _call(w, backstop=None, reason="supplier_exit"):
    return services.backstop_trigger(
        actor=w.lead,
        backstop=backstop or selectors.backstop_for_contract(w.contract),
        contract=w.contract,
        reason=reason,
        details="Northway is leaving the market",
    )


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def api_for(person, org) -> Client:
    _, secret = api_token_create(actor=actor_for(person, org), name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


# --- Backstops per lot and region -----------------------------------------------------------------


def test_the_agreement_manager_pre_selects_backstops_per_lot_and_region(w):
    everywhere = _backstop(w)
    london = _backstop(w, "london", [w.second])
    assert [b.pk for b in selectors.lot_backstops_for_actor(w.manager, w.lot)] == [everywhere.pk, london.pk]
    assert selectors.backstop_suppliers(everywhere) == [w.first, w.second]
    assert AuditEvent.objects.filter(action="backstop.created", object_id=str(everywhere.pk)).exists()
    with pytest.raises(Conflict) as twice:
        _backstop(w, "london")
    assert twice.value.code == "backstop.exists"
    with pytest.raises(PermissionDenied):
        services.lot_backstop_create(actor=w.lead, lot=w.lot, region="", title="x", suppliers=[w.first])


def test_only_suppliers_admitted_to_the_lot_can_be_backstops(w):
    from caremarket.agreements.factories import make_supplier

    stranger = make_supplier(name="Not On The Lot Ltd")
    with pytest.raises(ValidationFailed) as raised:
        _backstop(w, suppliers=[w.first, stranger])
    assert raised.value.code == "backstop.supplier_not_admitted"
    assert "not admitted to the lot" in raised.value.message
    with pytest.raises(ValidationFailed):
        _backstop(w, suppliers=[w.first, w.first])
    with pytest.raises(ValidationFailed):
        _backstop(w, suppliers=[])


def test_the_manager_changes_the_order_of_call_and_removes_a_supplier(w):
    backstop = _backstop(w)
    services.backstop_rank(actor=w.manager, backstop=backstop, suppliers=[w.second, w.first])
    assert selectors.backstop_suppliers(backstop) == [w.second, w.first]
    services.backstop_rank(actor=w.manager, backstop=backstop, suppliers=[w.second])
    assert selectors.backstop_suppliers(backstop) == [w.second]
    event = AuditEvent.objects.filter(action="backstop.ranked").order_by("-seq").first()
    assert event.before["suppliers"] == [w.second.code, w.first.code]
    with pytest.raises(PermissionDenied):
        services.backstop_rank(actor=w.lead, backstop=backstop, suppliers=[w.first])


# --- Calling on a backstop -----------------------------------------------------------------------


def test_no_backstop_for_the_lot_or_region(w, buyer_org):
    assert selectors.backstop_for_contract(w.contract) is None
    _backstop(w, "london")  # the buyer is in the south west
    assert selectors.backstop_for_contract(w.contract) is None
    everywhere = _backstop(w)
    assert selectors.backstop_for_contract(w.contract) == everywhere
    south_west = _backstop(w, "south_west", [w.second])
    assert selectors.backstop_for_contract(w.contract) == south_west


def test_a_backstop_for_another_lot_is_refused(w):
    other_lot = w.agreement.lots.get(number=2)
    LotSupplier.objects.create(lot=other_lot, supplier=w.first, admitted_on=w.contract.starts_on)
    other_lot.agreement = w.agreement
    backstop = services.lot_backstop_create(
        actor=w.manager, lot=other_lot, region="", title="Lot 2", suppliers=[w.first]
    )
    with pytest.raises(RuleViolation) as raised:
        _call(w, backstop)
    assert raised.value.code == "backstop.none_for_lot_and_region"


def test_the_only_backstop_is_the_outgoing_supplier(w):
    backstop = _backstop(w, suppliers=[w.outgoing])
    with pytest.raises(RuleViolation) as raised:
        _call(w, backstop)
    assert raised.value.code == "backstop.no_supplier_available"
    assert "only supplier" in raised.value.message
    assert not w.contract.handovers.exists()


def test_a_suspended_backstop_supplier_is_skipped(w):
    _backstop(w)
    LotSupplier.objects.filter(lot=w.lot, supplier=w.first).update(status="suspended")
    rows = selectors.backstop_ranking(selectors.backstop_for_contract(w.contract), w.contract)
    assert [(r.supplier, r.can_take_on, r.called) for r in rows] == [
        (w.first, False, False),
        (w.second, True, True),
    ]
    assert _call(w).incoming == w.second
    LotSupplier.objects.filter(lot=w.lot, supplier=w.second).update(status="removed")


def test_nobody_able_refuses(w):
    _backstop(w)
    LotSupplier.objects.filter(lot=w.lot, supplier__in=[w.first, w.second]).update(status="suspended")
    with pytest.raises(RuleViolation) as raised:
        _call(w)
    assert raised.value.code == "backstop.no_supplier_available"


def test_calling_on_the_backstop_makes_the_interim_contract_and_the_handover(
    w, buyer_org, django_capture_on_commit_callbacks
):
    _backstop(w)
    with django_capture_on_commit_callbacks(execute=True):
        handover = _call(w, reason="reprocurement_failed")
    assert (handover.outgoing, handover.incoming) == (w.outgoing, w.first)
    interim = handover.interim_contract
    assert (interim.buyer, interim.supplier, interim.lot, interim.agreement) == (
        buyer_org,
        w.first,
        w.lot,
        w.agreement,
    )
    assert interim.origin == "direct_award" and interim.status() == "live"
    assert interim.initial_months == 12 and interim.option_months == []
    assert interim.price_list == w.contract.price_list
    assert sorted(interim.kpis.values_list("code", flat=True)) == sorted(
        w.contract.kpis.values_list("code", flat=True)
    )
    assert interim.value == (w.contract.value * 12 / w.contract.term.total_months).quantize(interim.value)
    assert handover.items.count() == 6
    w.contract.refresh_from_db()
    assert w.contract.in_force()  # runs on until the handover is complete
    told = set(Message.objects.filter(kind="handover_started").values_list("recipient__email", flat=True))
    assert {"out@supplier.example", "in@supplier.example", w.lead_person.email} <= told
    assert "second@supplier.example" not in told
    assert any(m.subject.startswith(f"Handover of {w.contract.reference}") for m in mail.outbox)
    assert AuditEvent.objects.filter(action="backstop.triggered", object_id=str(handover.pk)).exists()
    assert AuditEvent.objects.filter(action="contract.created", object_id=str(interim.pk)).exists()


def test_a_handover_already_under_way_refuses_another_call(w):
    _backstop(w)
    _call(w)
    with pytest.raises(Conflict) as raised:
        _call(w)
    assert raised.value.code == "handover.under_way"
    assert Contract.objects.filter(supplier=w.first).count() == 1


def test_only_the_buyers_contract_managers_call_on_a_backstop(w, buyer):
    _backstop(w)
    with pytest.raises(PermissionDenied):
        services.backstop_trigger(
            actor=buyer,
            backstop=selectors.backstop_for_contract(w.contract),
            contract=w.contract,
            reason="supplier_exit",
            details="x",
        )


# --- The handover checklist ------------------------------------------------------------------


def test_who_may_complete_items_and_what_is_recorded(w, buyer):
    _backstop(w)
    handover = _call(w)
    items = list(handover.items.all())
    incoming = actor_for(w.in_person, w.first)
    outgoing = actor_for(w.out_person, w.outgoing)
    with pytest.raises(PermissionDenied):
        services.handover_item_complete(actor=actor_for(w.second_person, w.second), item=items[0])
    with pytest.raises(PermissionDenied):
        services.handover_item_complete(actor=buyer, item=items[0])  # a buyer, not a contract manager
    done = services.handover_item_complete(actor=outgoing, item=items[0], note="  Records sent by SFTP ")
    assert (done.status, done.note, done.done_by) == ("done", "Records sent by SFTP", w.out_person)
    assert done.done_at is not None
    with pytest.raises(RuleViolation) as twice:
        services.handover_item_complete(actor=incoming, item=items[0])
    assert twice.value.code == "handover.item_done"
    for item in items[1:]:
        services.handover_item_complete(actor=incoming, item=item)
    handover.refresh_from_db()
    w.contract.refresh_from_db()
    assert handover.completed_at is not None
    assert w.contract.status() == "terminated" and w.first.name in w.contract.termination_reason
    assert handover.interim_contract.in_force()
    assert AuditEvent.objects.filter(action="handover.completed").exists()
    with pytest.raises(RuleViolation):
        services.handover_item_complete(actor=w.lead, item=items[1])


def test_both_suppliers_see_their_handovers(w):
    _backstop(w)
    handover = _call(w)
    for person, org in ((w.out_person, w.outgoing), (w.in_person, w.first)):
        actor = actor_for(person, org)
        assert selectors.handovers_for_actor(actor) == [handover]
        assert selectors.supplier_open_handovers(actor) == [handover]
    second = actor_for(w.second_person, w.second)
    assert selectors.handovers_for_actor(second) == []
    with pytest.raises(NotFound):
        selectors.handover_for_actor(second, handover.pk)


# --- The pages -------------------------------------------------------------------------------------


def test_the_lot_backstop_pages(w):
    client = client_for(w.manager_person)
    base = f"/agreements/{w.agreement.reference}/lots/1"
    lot_page = client.get(base)
    assert f"{base}/backstops".encode() in lot_page.content
    page = client.get(f"{base}/backstops")
    assert page.status_code == 200 and b"No backstop has been set up" in page.content
    assert b"Backstop One Ltd" in page.content  # an admitted supplier to choose
    bad = client.post(
        f"{base}/backstops",
        {"region": "london", "title": "London backstop", "rank_1": w.first.code, "rank_2": w.first.code},
    )
    assert bad.status_code == 400 and b"A supplier is listed twice" in bad.content
    assert b'value="London backstop"' in bad.content  # kept as typed
    made = client.post(
        f"{base}/backstops",
        {"region": "london", "title": "London backstop", "rank_1": w.second.code, "rank_2": w.first.code},
    )
    assert made.status_code == 302
    backstop = selectors.lot_backstops_for_actor(w.manager, w.lot)[0]
    assert selectors.backstop_suppliers(backstop) == [w.second, w.first]
    listing = client.get(f"{base}/backstops")
    assert b"London backstop" in listing.content and b">London</td>" in listing.content
    detail = client.get(f"{base}/backstops/{backstop.pk}")
    assert detail.status_code == 200 and b"Order of call" in detail.content
    assert client.post(f"{base}/backstops/{backstop.pk}", {"rank_1": w.first.code}).status_code == 302
    backstop = selectors.lot_backstops_for_actor(w.manager, w.lot)[0]
    assert selectors.backstop_suppliers(backstop) == [w.first]
    # Not the manager: the buyer's lead cannot see or change the lot's backstops.
    lead = client_for(w.lead_person)
    assert lead.get(f"{base}/backstops").status_code in (403, 404)


def test_the_buyer_calls_on_the_backstop_from_the_contract_page(w):
    client = client_for(w.lead_person)
    contract_page = client.get(f"/contracts/{w.contract.reference}")
    assert f"/contracts/{w.contract.reference}/backstop".encode() in contract_page.content
    none = client.get(f"/contracts/{w.contract.reference}/backstop")
    assert none.status_code == 200 and b"There is no backstop" in none.content
    _backstop(w, suppliers=[w.outgoing, w.first])
    page = client.get(f"/contracts/{w.contract.reference}/backstop")
    assert b"Would be called" in page.content and b"The outgoing supplier: skipped" in page.content
    assert b"Backstop One Ltd" in page.content
    assert b"takes the service on under a new interim contract" in page.content
    assert b"&lt;p&gt;" not in page.content
    unconfirmed = client.post(
        f"/contracts/{w.contract.reference}/backstop", {"reason": "supplier_exit", "details": "Leaving"}
    )
    assert unconfirmed.status_code == 400 and b"Confirm that you want" in unconfirmed.content
    assert b"Leaving</textarea>" in unconfirmed.content
    no_reason = client.post(
        f"/contracts/{w.contract.reference}/backstop", {"details": "Leaving", "confirm": "yes"}
    )
    assert no_reason.status_code == 400 and b"Say why the backstop is needed" in no_reason.content
    done = client.post(
        f"/contracts/{w.contract.reference}/backstop",
        {"reason": "supplier_exit", "details": "Leaving the market", "confirm": "yes"},
    )
    handover = w.contract.handovers.get()
    assert done.status_code == 302 and done["Location"] == f"/contracts/handovers/{handover.pk}"
    again = client.get(f"/contracts/{w.contract.reference}/backstop")
    assert b"already has a handover under way" in again.content
    after = client.get(f"/contracts/{w.contract.reference}")
    assert f"/contracts/handovers/{handover.pk}".encode() in after.content
    assert handover.interim_contract.reference.encode() in after.content


def test_the_suppliers_work_the_checklist_from_their_home_pages(w):
    _backstop(w)
    handover = _call(w)
    for person in (w.out_person, w.in_person):
        client = client_for(person)
        home = client.get("/")
        assert b"Handovers" in home.content and f"/contracts/handovers/{handover.pk}".encode() in home.content
        listing = client.get("/contracts/handovers")
        assert listing.status_code == 200 and w.contract.reference.encode() in listing.content
    client = client_for(w.out_person)
    done = client.post(f"/contracts/handovers/{handover.pk}", {"position": "1", "note": "Sent by SFTP"})
    assert done.status_code == 302
    page = client_for(w.in_person).get(f"/contracts/handovers/{handover.pk}")
    assert b"Note: Sent by SFTP" in page.content and w.out_person.full_name.encode() in page.content
    assert b"1 of 6 done" in page.content and b"None" not in page.content
    again = client.post(f"/contracts/handovers/{handover.pk}", {"position": "1"})
    assert again.status_code == 400 and b"already done" in again.content
    assert client_for(w.second_person).get(f"/contracts/handovers/{handover.pk}").status_code == 404


# --- The API ---------------------------------------------------------------------------------------


def test_the_same_steps_in_the_api(w):
    manager = api_for(w.manager_person, w.agreement.owner)
    base = f"/api/v1/agreements/{w.agreement.reference}/lots/1/backstops"
    made = manager.post(
        base,
        json.dumps({"region": "south_west", "title": "SW", "supplier_codes": [w.first.code, w.second.code]}),
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["region"] == "south_west" and made.json()["lot"] == 1
    listed = manager.get(base)
    assert [b["title"] for b in listed.json()] == ["SW"]
    refused = manager.post(
        base,
        json.dumps({"title": "Everywhere", "supplier_codes": [w.outgoing.code, "NOPE"]}),
        content_type="application/json",
    )
    assert refused.status_code == 422 and "NOPE" in refused.json()["message"]
    ranked = manager.put(
        f"/api/v1/backstops/{made.json()['id']}/suppliers",
        json.dumps({"supplier_codes": [w.second.code, w.first.code]}),
        content_type="application/json",
    )
    assert [s["code"] for s in ranked.json()["suppliers"]] == [w.second.code, w.first.code]
    lead = api_for(w.lead_person, w.contract.buyer)
    preview = lead.get(f"/api/v1/contracts/{w.contract.reference}/backstop")
    assert [r["would_be_called"] for r in preview.json()["ranking"]] == [True, False]
    called = lead.post(
        f"/api/v1/contracts/{w.contract.reference}/backstop",
        json.dumps({"reason": "supplier_exit", "details": "Leaving"}),
        content_type="application/json",
    )
    assert called.status_code == 201, called.content
    body = called.json()
    assert body["incoming"]["code"] == w.second.code and body["interim_contract"]
    again = lead.post(
        f"/api/v1/contracts/{w.contract.reference}/backstop",
        json.dumps({"reason": "supplier_exit", "details": "Leaving"}),
        content_type="application/json",
    )
    assert again.status_code == 409 and again.json()["code"] == "handover.under_way"
    second = api_for(w.second_person, w.second)
    assert [h["id"] for h in second.get("/api/v1/handovers").json()] == [body["id"]]
    item = second.post(
        f"/api/v1/handovers/{body['id']}/items/1/done",
        json.dumps({"note": "Keys handed over"}),
        content_type="application/json",
    )
    first_item = item.json()["items"][0]
    assert first_item["status"] == "done" and first_item["note"] == "Keys handed over"
    assert first_item["done_by"]
