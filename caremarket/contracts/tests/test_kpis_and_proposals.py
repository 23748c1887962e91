"""Defining KPIs (on the record page, the KPI page and the API), amber limits and quarterly
periods, improvement plans with progress and a single plan per form, suspension proposals
decided on their own page (the supplier leaves the lot's invitable list and cannot receive
call-offs), messages, the KPI reminders and the scorecard's print and PDF."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from caremarket.agreements.factories import SYSTEM
from caremarket.agreements.selectors import invitable_suppliers
from caremarket.contracts import services
from caremarket.contracts.factories import contract_on_lot, make_contract
from caremarket.contracts.models import Contract, ContractKpi, ImprovementPlan, SuspensionProposal
from caremarket.core.errors import PermissionDenied, RuleViolation, ValidationFailed
from caremarket.notifications.models import Message
from caremarket.orgs.factories import actor_for, make_person
from caremarket.rules.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]  # 23 November 2026


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def world(buyer_org):
    contract = contract_on_lot(buyer=buyer_org)
    supplier_person = make_person(email="s@northway.example", roles=[(contract.supplier, Role.SUPPLIER_USER)])
    owner = contract.agreement.owner
    manager_person = make_person(email="manager@ccs.example", roles=[(owner, Role.AGREEMENT_MANAGER)])
    lead_person = make_person(email="lead@devon.example", roles=[(buyer_org, Role.PROCUREMENT_LEAD)])
    return {
        "contract": contract,
        "supplier": actor_for(supplier_person, contract.supplier),
        "supplier_person": supplier_person,
        "manager": actor_for(manager_person, owner),
        "manager_person": manager_person,
        "lead": actor_for(lead_person, buyer_org),
        "lead_person": lead_person,
    }


# --- Defining KPIs ---------------------------------------------------------------------------


def test_the_buyers_contract_managers_define_kpis(world, buyer):
    contract, lead = world["contract"], world["lead"]
    kpi = services.kpi_define(
        actor=lead,
        contract=contract,
        name="Time to fix a P1 fault",
        unit="hours",
        target="4",
        direction="lower_is_better",
        frequency="quarterly",
        amber_limit="6",
        domain="customer",
    )
    assert (kpi.code, kpi.amber_limit, kpi.frequency) == ("time-to-fix-a-p1-fault", Decimal("6"), "quarterly")
    assert kpi.created_by == world["lead_person"]
    again = services.kpi_define(
        actor=lead, contract=contract, name="Time to fix a P1 fault", unit="hours", target="3"
    )
    assert again.code == "time-to-fix-a-p1-fault-2"
    with pytest.raises(PermissionDenied):
        services.kpi_define(actor=buyer, contract=contract, name="X", unit="%", target="1")
    with pytest.raises(PermissionDenied):
        services.kpi_define(actor=world["supplier"], contract=contract, name="X", unit="%", target="1")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"unit": ""}, "unit"),
        ({"target": "lots"}, "target"),
        ({"amber_limit": "99"}, "amber_limit"),  # higher is better: the limit is below the target
        ({"frequency": "weekly"}, "frequency"),
    ],
)
def test_kpi_refusals_name_the_field(world, fields, field):
    typed = {"name": "Availability", "unit": "%", "target": "95", **fields}
    with pytest.raises(ValidationFailed) as refused:
        services.kpi_define(actor=world["lead"], contract=world["contract"], **typed)
    assert field in refused.value.details["fields"]


def test_the_record_page_defines_kpis(world, supplier_org):
    client = client_for(world["lead_person"])
    form = {
        "origin": "existing",
        "title": "Community equipment",
        "supplier": world["contract"].supplier.code,
        "value": "£98,500.00",
        "starts_on": "01/04/2026",
        "term": "2",
        "kpi_name_1": "Deliveries on time",
        "kpi_unit_1": "%",
        "kpi_target_1": "95",
        "kpi_direction_1": "higher_is_better",
        "kpi_amber_1": "90",
        "kpi_frequency_1": "quarterly",
        "kpi_domain_1": "services",
        "kpi_name_2": "Collections",
        "kpi_unit_2": "",
        "kpi_target_2": "3",
    }
    refused = client.post("/contracts/new", form)
    assert refused.status_code == 400
    assert b"KPI 2: Enter the unit" in refused.content
    assert b'value="Deliveries on time"' in refused.content  # what was typed stays
    form["kpi_name_2"] = ""
    assert client.post("/contracts/new", form).status_code == 302
    kpi = Contract.objects.get(title="Community equipment").kpis.get()
    assert (kpi.code, kpi.amber_limit, kpi.frequency, kpi.unit) == (
        "deliveries-on-time",
        90,
        "quarterly",
        "%",
    )


def test_the_kpi_page(world):
    contract = world["contract"]
    lead = client_for(world["lead_person"])
    page = lead.get(f"/contracts/{contract.reference}/kpis")
    assert page.status_code == 200 and b"Add a KPI" in page.content
    bad = lead.post(
        f"/contracts/{contract.reference}/kpis",
        {
            "name": "Waiting time",
            "unit": "days",
            "target": "10",
            "direction": "lower_is_better",
            "amber_limit": "8",
        },
    )
    assert (
        bad.status_code == 400
        and b"above the target" in bad.content
        and b'value="Waiting time"' in bad.content
    )
    ok = lead.post(
        f"/contracts/{contract.reference}/kpis",
        {
            "name": "Waiting time",
            "unit": "days",
            "target": "10",
            "direction": "lower_is_better",
            "amber_limit": "14",
            "frequency": "monthly",
            "domain": "customer",
        },
    )
    assert ok.status_code == 302
    assert contract.kpis.filter(code="waiting-time", amber_limit=14).exists()
    supplier = client_for(world["supplier_person"])
    assert b"Add a KPI" not in supplier.get(f"/contracts/{contract.reference}/kpis").content
    assert supplier.post(f"/contracts/{contract.reference}/kpis", {"name": "x"}).status_code == 403
    detail = lead.get(f"/contracts/{contract.reference}")
    assert b"Define KPIs" in detail.content


def test_the_api_defines_kpis(world):
    contract = world["contract"]
    lead = client_for(world["lead_person"])
    made = lead.post(
        f"/api/v1/contracts/{contract.reference}/kpis",
        {
            "name": "Waiting time",
            "unit": "days",
            "target": "10",
            "direction": "lower_is_better",
            "amber_limit": "14",
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["code"] == "waiting-time" and made.json()["amber_limit"] == "14"
    bad = lead.post(
        f"/api/v1/contracts/{contract.reference}/kpis",
        {"name": "X", "unit": "days", "target": "10", "direction": "lower_is_better", "amber_limit": "5"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "amber_limit" in bad.json()["details"]["fields"]


# --- Results: amber limits and quarters --------------------------------------------------------


def test_results_honour_the_amber_limit_and_quarters(world):
    contract, lead, supplier = world["contract"], world["lead"], world["supplier"]
    kpi = services.kpi_define(
        actor=lead,
        contract=contract,
        name="Deliveries",
        unit="%",
        target="95",
        amber_limit="80",
        frequency="quarterly",
    )
    assert (
        services.kpi_return_submit(actor=supplier, kpi=kpi, period=date(2026, 7, 1), actual="81").rag
        == "amber"
    )
    with pytest.raises(ValidationFailed, match="A quarter starts"):
        services.kpi_return_submit(actor=supplier, kpi=kpi, period=date(2026, 8, 1), actual="99")
    with pytest.raises(ValidationFailed, match="October to December 2026 has not ended"):
        services.kpi_return_submit(actor=supplier, kpi=kpi, period=date(2026, 10, 1), actual="99")
    assert (
        services.kpi_return_submit(actor=supplier, kpi=kpi, period=date(2026, 4, 1), actual="79").rag == "red"
    )


def test_the_supplier_reports_results_and_self_assessment_on_the_page(world):
    contract = world["contract"]
    client = client_for(world["supplier_person"])
    page = client.get(f"/contracts/{contract.reference}/performance")
    assert b"Report a KPI result" in page.content and b"Self-assessment" in page.content
    assert b"October 2026" in page.content
    refused = client.post(
        f"/contracts/{contract.reference}/performance",
        {"action": "kpi", "kpi": "availability", "period": "2026-10-01", "actual": "lots", "note": "typed"},
    )
    assert refused.status_code == 400 and b'value="typed"' in refused.content
    done = client.post(
        f"/contracts/{contract.reference}/performance",
        {"action": "kpi", "kpi": "availability", "period": "2026-10-01", "actual": "99.7"},
        follow=True,
    )
    assert b"Service availability for October 2026 is green" in done.content
    assessed = client.post(
        f"/contracts/{contract.reference}/performance",
        {"action": "self", "period": "2026-10-01", "score_customer": "4", "score_services": "5"},
        follow=True,
    )
    assert b"self-assessment for October 2026 was recorded" in assessed.content
    assert contract.self_assessments.get().scores == {"customer": 4, "services": 5}
    page = client.get(f"/contracts/{contract.reference}/performance")
    assert b"out of 100" in page.content
    assert b"kpi-chart-availability" in page.content and b'"unit": "%"' in page.content
    text = page.content.decode().replace("None in particular", "")
    assert "None" not in text, text[text.find("None") - 200 : text.find("None") + 50]


# --- Improvement plans -----------------------------------------------------------------------


def test_a_double_submit_opens_one_plan_and_plans_take_progress_and_close(world):
    contract = world["contract"]
    lead = client_for(world["lead_person"])
    form = {
        "action": "plan",
        "title": "Faster fixes",
        "actions": "A second engineer",
        "due_on": "31/01/2027",
        "form_key": "k-123",
    }
    assert lead.post(f"/contracts/{contract.reference}/performance", form).status_code == 302
    assert lead.post(f"/contracts/{contract.reference}/performance", form).status_code == 302
    plan = ImprovementPlan.objects.get(contract=contract)
    supplier = client_for(world["supplier_person"])
    empty = supplier.post(
        f"/contracts/{contract.reference}/performance",
        {"action": "progress", "plan": plan.pk, "progress": " "},
    )
    assert empty.status_code == 400 and b"Describe the progress" in empty.content
    supplier.post(
        f"/contracts/{contract.reference}/performance",
        {"action": "progress", "plan": plan.pk, "progress": "Engineer hired"},
    )
    assert plan.updates.get().progress == "Engineer hired"
    assert (
        supplier.post(
            f"/contracts/{contract.reference}/performance",
            {"action": "close", "plan": plan.pk, "outcome": "x"},
        ).status_code
        == 403
    )
    lead.post(
        f"/contracts/{contract.reference}/performance",
        {"action": "close", "plan": plan.pk, "outcome": "Fixes within 4 hours"},
    )
    plan.refresh_from_db()
    assert (plan.status, plan.outcome) == ("completed", "Fixes within 4 hours")
    with pytest.raises(RuleViolation, match="already closed"):
        services.plan_progress_record(actor=world["lead"], plan=plan, progress="more")
    page = lead.get(f"/contracts/{contract.reference}/performance")
    assert b"Engineer hired" in page.content and b"Closed" in page.content


def test_the_same_form_key_returns_the_same_plan(world):
    contract, lead = world["contract"], world["lead"]
    first = services.improvement_plan_open(
        actor=lead, contract=contract, title="T", actions="A", due_on=date(2027, 1, 1), form_key="abc"
    )
    second = services.improvement_plan_open(
        actor=lead, contract=contract, title="T", actions="A", due_on=date(2027, 1, 1), form_key="abc"
    )
    assert first.pk == second.pk and ImprovementPlan.objects.count() == 1


# --- Suspension proposals ----------------------------------------------------------------------


def _three_reds(world):
    kpi = world["contract"].kpis.get(code="availability")
    for month in (7, 8, 9):
        services.kpi_return_submit(actor=world["supplier"], kpi=kpi, period=date(2026, month, 1), actual="90")
    return SuspensionProposal.objects.get()


def test_a_proposal_tells_the_managers_with_a_link(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = _three_reds(world)
    message = Message.objects.get(kind="proposal_raised")
    assert message.recipient == world["manager_person"]
    assert message.link == f"/contracts/proposals/{proposal.pk}"
    assert [m.to for m in mail.outbox] == [["manager@ccs.example"]]


def test_the_manager_suspends_from_the_proposal_page(world, django_capture_on_commit_callbacks):
    contract = world["contract"]
    proposal = _three_reds(world)
    manager = client_for(world["manager_person"])
    home = manager.get("/")
    assert f"/contracts/proposals/{proposal.pk}".encode() in home.content
    assert b"All suspension proposals" in home.content
    listing = manager.get("/contracts/proposals")
    assert listing.status_code == 200 and b"Waiting for a decision" in listing.content
    page = manager.get(f"/contracts/proposals/{proposal.pk}")
    assert page.status_code == 200
    assert (
        b"kpi-history" in page.content and b"90%" in page.content and b"Record the decision" in page.content
    )
    refused = manager.post(f"/contracts/proposals/{proposal.pk}", {"decision": "suspend", "outcome": " "})
    assert refused.status_code == 400 and b"Give the grounds for suspending" in refused.content
    assert contract.supplier in invitable_suppliers(contract.lot)
    with django_capture_on_commit_callbacks(execute=True):
        done = manager.post(
            f"/contracts/proposals/{proposal.pk}",
            {"decision": "suspend", "outcome": "Availability far below"},
            follow=True,
        )
    assert b"is suspended from the lot" in done.content and b"Suspended" in done.content
    proposal.refresh_from_db()
    assert (proposal.suspended, proposal.decided_by, proposal.status) == (
        True,
        world["manager_person"],
        "closed",
    )
    # The supplier leaves the lot's invitable list and cannot receive call-offs.
    assert contract.supplier not in invitable_suppliers(contract.lot)
    with pytest.raises(RuleViolation):
        services.order_place(
            actor=world["lead"],
            buyer=contract.buyer,
            contract=Contract.objects.get(pk=contract.pk),
            lines=[{"item": "HSCN connection 100 Mbit/s", "quantity": 1, "site": "QJG-1"}],
        )
    told = set(Message.objects.filter(kind="supplier_suspended").values_list("recipient__email", flat=True))
    assert told == {"s@northway.example", "lead@devon.example"}
    assert b"Record the decision" not in manager.get(f"/contracts/proposals/{proposal.pk}").content


def test_closing_a_proposal_with_a_reason(world):
    proposal = _three_reds(world)
    manager = client_for(world["manager_person"])
    manager.post(
        f"/contracts/proposals/{proposal.pk}", {"decision": "close", "outcome": "Outage was the network's"}
    )
    proposal.refresh_from_db()
    assert proposal.suspended is False and proposal.outcome == "Not suspended: Outage was the network's"
    assert world["contract"].supplier in invitable_suppliers(world["contract"].lot)


def test_only_the_agreements_managers_decide(world):
    proposal = _three_reds(world)
    lead = client_for(world["lead_person"])
    assert (
        lead.post(f"/contracts/proposals/{proposal.pk}", {"decision": "close", "outcome": "x"}).status_code
        == 403
    )
    page = lead.get(f"/contracts/proposals/{proposal.pk}")  # a party to the contract sees it
    assert page.status_code == 200 and b"Record the decision" not in page.content
    stranger = client_for(make_person(email="x@elsewhere.example"))
    assert stranger.get(f"/contracts/proposals/{proposal.pk}").status_code == 404
    decided = client_for(world["manager_person"]).post(
        f"/api/v1/suspension-proposals/{proposal.pk}/decision",
        {"suspend": False, "outcome": "Not this time"},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["suspended"] is False
    shown = client_for(world["manager_person"]).get(f"/api/v1/suspension-proposals/{proposal.pk}")
    assert shown.status_code == 200 and [r["rag"] for r in shown.json()["history"]] == ["red", "red", "red"]


# --- KPI reminders ---------------------------------------------------------------------------


def test_kpi_reminders_are_sent_once_per_contract_and_period(world, django_capture_on_commit_callbacks):
    contract = world["contract"]
    services.kpi_return_submit(
        actor=world["supplier"],
        kpi=contract.kpis.get(code="availability"),
        period=date(2026, 10, 1),
        actual="99.9",
    )
    with django_capture_on_commit_callbacks(execute=True):
        told = services.kpi_reminders_send(actor=SYSTEM)
    assert [(c.reference, [k.code for k in kpis]) for c, kpis in told] == [(contract.reference, ["fix-time"])]
    message = Message.objects.get(kind="kpi_return_due")
    assert "October 2026" in message.subject and "Time to fix" in message.body
    assert message.link == f"/contracts/{contract.reference}/performance"
    assert len(mail.outbox) == 1
    call_command("send_kpi_reminders")
    assert Message.objects.filter(kind="kpi_return_due").count() == 1
    with pytest.raises(PermissionDenied):
        services.kpi_reminders_send(actor=world["lead"])


def test_draft_contracts_get_no_reminders(buyer_org, supplier_org):
    make_contract(buyer=buyer_org, supplier=supplier_org, signed=False)
    assert services.kpi_reminders_send(actor=SYSTEM) == []


# --- Print and PDF ----------------------------------------------------------------------------


def test_the_scorecard_prints_and_downloads(world):
    contract = world["contract"]
    services.kpi_return_submit(
        actor=world["supplier"],
        kpi=contract.kpis.get(code="availability"),
        period=date(2026, 10, 1),
        actual="99.9",
    )
    client = client_for(world["lead_person"])
    page = client.get(f"/contracts/{contract.reference}/performance")
    assert b"data-print" in page.content and b"contract-print.css" in page.content
    pdf = client.get(f"/contracts/{contract.reference}/performance.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert (
        client_for(make_person()).get(f"/contracts/{contract.reference}/performance.pdf").status_code == 404
    )
    assert ContractKpi.objects.filter(contract=contract).count() == 2
