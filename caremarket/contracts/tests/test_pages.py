"""The contract pages as people use them: the register, recording and managing a contract,
ordering for sites, the supplier's delivery updates and monthly return, the manager's invoice,
performance, delivery progress, GP IT and a handover."""

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from caremarket.contracts import services
from caremarket.contracts.factories import contract_on_lot, make_contract
from caremarket.contracts.models import Contract, FeeInvoice, FeeReturn, Order
from caremarket.orgs.factories import make_organisation, make_person
from caremarket.rules.roles import Role, Sector

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def lead_client(buyer_org):
    return client_for(make_person(roles=[(buyer_org, Role.PROCUREMENT_LEAD)]))


@pytest.fixture
def buyer_client(buyer_org):
    return client_for(make_person(roles=[(buyer_org, Role.BUYER)]))


def test_the_register_and_recording_a_contract(lead_client, supplier_org, buyer_org):
    make_contract(buyer=buyer_org, supplier=supplier_org, starts_on=date(2024, 1, 1), term="3")
    page = lead_client.get("/contracts?status=expiring")
    assert page.status_code == 200 and b"Connectivity for every site" in page.content
    bad = lead_client.post("/contracts/new", {"origin": "existing", "title": "", "supplier": "S1001"})
    assert bad.status_code == 400 and b"There is a problem" in bad.content
    done = lead_client.post(
        "/contracts/new",
        {
            "origin": "nhs_sla",
            "title": "Community nursing SLA",
            "supplier": "S1001",
            "value": "250000",
            "starts_on": "01/04/2026",
            "term": "2+1",
            "notice_months": "6",
            "price_item": ["Nursing visit", ""],
            "price_value": ["45.00", ""],
        },
    )
    contract = Contract.objects.get(title="Community nursing SLA")
    assert done.status_code == 302 and done["Location"] == f"/contracts/{contract.reference}"
    assert lead_client.post(f"/contracts/{contract.reference}/actions", {"action": "sign"}).status_code == 302
    contract.refresh_from_db()
    assert contract.status() == "live"
    page = lead_client.get(f"/contracts/{contract.reference}")
    assert b"Take the next option (12 months)" in page.content
    refused = lead_client.post(
        f"/contracts/{contract.reference}/actions", {"action": "terminate", "reason": ""}
    )
    assert refused.status_code == 409 or refused.status_code == 400
    assert b"Give the reason" in refused.content


def test_ordering_for_sites_then_the_supplier_delivers(buyer_client, buyer_org, supplier_org, supplier_user):
    contract = make_contract(buyer=buyer_org, supplier=supplier_org)
    assert buyer_client.get(f"/contracts/{contract.reference}/order").status_code == 200
    posted = buyer_client.post(
        f"/contracts/{contract.reference}/order",
        {
            "item_1": "HSCN connection 100 Mbit/s",
            "quantity_1": "1",
            "site_1": "QJG-1",
            "date_1": "31/01/2027",
            "item_2": "Installation",
            "quantity_2": "1",
        },
    )
    order = Order.objects.get()
    assert posted.status_code == 302 and posted["Location"] == f"/orders/{order.reference}"
    supplier_client = client_for(supplier_user.person)
    page = supplier_client.get(f"/orders/{order.reference}")
    assert b"Mark installed" in page.content
    delivery = order.deliveries.get()
    assert (
        supplier_client.post(
            f"/orders/{order.reference}/sites/{delivery.pk}", {"stage": "installed"}
        ).status_code
        == 302
    )
    wrong = supplier_client.post(f"/orders/{order.reference}/sites/{delivery.pk}", {"stage": "migrated"})
    assert b"cannot move from installed to migrated" in wrong.content
    assert (
        buyer_client.post(f"/orders/{order.reference}/sites/{delivery.pk}", {"stage": "live"}).status_code
        == 403
    )
    progress = buyer_client.get("/delivery?by=supplier")
    assert progress.status_code == 200 and b"Northway Networks Ltd" in progress.content
    assert b"delivery-data" in progress.content
    assert buyer_client.get("/orders").status_code == 200


def test_a_monthly_return_is_made_then_invoiced(buyer_org):
    with time_machine.travel("2026-10-15 12:00Z", tick=False):
        contract = contract_on_lot(buyer=buyer_org)
        buyer = make_person(roles=[(buyer_org, Role.BUYER)])
        from caremarket.orgs.factories import actor_for

        order = services.order_place(
            actor=actor_for(buyer, buyer_org),
            buyer=buyer_org,
            contract=contract,
            lines=[{"item": "Installation", "quantity": 2}],
        )
    supplier_client = client_for(make_person(roles=[(contract.supplier, Role.SUPPLIER_USER)]))
    assert supplier_client.get("/fees").status_code == 200
    bad = SimpleUploadedFile(
        "october.csv", b"order_reference,customer_code,invoice_date,value\nC1,,2026-10-01,x\n"
    )
    refused = supplier_client.post(
        "/fees", {"agreement": contract.agreement.reference, "period": "2026-10-01", "file": bad}
    )
    assert refused.status_code in (400, 422) and b"Row 2" in refused.content
    good = SimpleUploadedFile(
        "october.csv",
        f"order_reference,customer_code,invoice_date,value\n{order.reference},QJG,2026-10-15,800.00\n".encode(),
    )
    ok = supplier_client.post(
        "/fees", {"agreement": contract.agreement.reference, "period": "2026-10-01", "file": good}
    )
    assert ok.status_code == 302
    fee_return = FeeReturn.objects.get()
    manager_client = client_for(make_person(roles=[(contract.agreement.owner, Role.AGREEMENT_MANAGER)]))
    assert b"Reconcile and invoice" in manager_client.get(f"/fees/returns/{fee_return.pk}").content
    assert manager_client.post(f"/fees/returns/{fee_return.pk}", {"action": "invoice"}).status_code == 302
    assert FeeInvoice.objects.get().amount == 8
    assert manager_client.get("/fees").status_code == 200
    assert manager_client.post(f"/fees/{contract.agreement.reference}/flags").status_code == 302
    assert supplier_client.post(f"/fees/returns/{fee_return.pk}", {"action": "invoice"}).status_code == 403


def test_fee_flags_show_in_the_agreements_annual_review(buyer_org):
    with time_machine.travel("2026-10-15 12:00Z", tick=False):
        contract = contract_on_lot(buyer=buyer_org)  # on the lot since October: its return is missing
    agreement = contract.agreement
    manager_client = client_for(make_person(roles=[(agreement.owner, Role.AGREEMENT_MANAGER)]))
    raised = manager_client.post(f"/fees/{agreement.reference}/flags", follow=True)
    assert b"is in the supplier&#39;s entry in its annual review" in raised.content
    review = agreement.reviews.get()
    page = manager_client.get(f"/agreements/{agreement.reference}/reviews/{review.year}")
    assert page.status_code == 200
    assert f'id="fee-flags-{contract.supplier.code}"'.encode() in page.content
    assert b"Missing management information return, October 2026" in page.content


def test_performance_page(buyer_org, buyer_client):
    contract = contract_on_lot(buyer=buyer_org)
    supplier_client = client_for(make_person(roles=[(contract.supplier, Role.SUPPLIER_USER)]))
    posted = supplier_client.post(
        f"/contracts/{contract.reference}/performance",
        {"action": "kpi", "kpi": "availability", "period": "01/10/2026", "actual": "99.9"},
    )
    assert posted.status_code == 302
    posted = buyer_client.post(
        f"/contracts/{contract.reference}/performance",
        {"action": "feedback", "domain": "customer", "stars": "4"},
    )
    assert posted.status_code == 302
    page = buyer_client.get(f"/contracts/{contract.reference}/performance")
    assert b"kpi-data" in page.content and b"Balanced scorecard" in page.content


def test_gpit_and_handover_pages(buyer_org, lead_client, supplier_org):
    practice = make_organisation(Sector.BUYER, code="L83001", org_type="gp_practice")
    practice_client = client_for(make_person(roles=[(practice, Role.BUYER)]))
    assert practice_client.get("/gp-it").status_code == 200
    posted = practice_client.post(
        "/gp-it", {"action": "own", "system_name": "Imaging", "purpose": "Referrals", "commissioner": "QJG"}
    )
    assert posted.status_code == 302
    approver_client = client_for(make_person(roles=[(buyer_org, Role.APPROVER)]))
    from caremarket.contracts.models import OwnSystemRequest

    request = OwnSystemRequest.objects.get()
    assert approver_client.post(f"/gp-it/requests/{request.pk}", {"decision": "approved"}).status_code == 302
    contract = make_contract(buyer=buyer_org, supplier=supplier_org)
    from caremarket.agreements.factories import SYSTEM, make_supplier

    backstop = services.backstop_create(
        actor=SYSTEM, owner=buyer_org, category="hscn", title="HSCN backstop", suppliers=[make_supplier()]
    )
    handover = services.backstop_trigger(
        actor=SYSTEM, backstop=backstop, contract=contract, reason="supplier_exit", details="Leaving"
    )
    page = lead_client.get(f"/contracts/handovers/{handover.pk}")
    assert page.status_code == 200 and b"Mark done" in page.content
    assert lead_client.post(f"/contracts/handovers/{handover.pk}", {"position": "1"}).status_code == 302


def test_home_page_panels(buyer_org, lead_client, supplier_user):
    contract = contract_on_lot(buyer=buyer_org)
    make_contract(buyer=buyer_org, supplier=contract.supplier, starts_on=date(2024, 1, 1), term="3")
    page = lead_client.get("/")
    assert (
        page.status_code == 200
        and b"Contracts and orders" in page.content
        and b"Expiring soon" in page.content
    )
    supplier_client = client_for(make_person(roles=[(contract.supplier, Role.SUPPLIER_USER)]))
    assert b"still to migrate" in supplier_client.get("/").content
    manager_client = client_for(make_person(roles=[(contract.agreement.owner, Role.AGREEMENT_MANAGER)]))
    assert b"Management fees and performance" in manager_client.get("/").content
