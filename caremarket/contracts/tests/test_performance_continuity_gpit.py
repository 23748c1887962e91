"""KPI returns with RAG status, repeated failure raising a suspension proposal, the balanced
scorecard, improvement plans; backstops and handovers; GP IT foundation choices and
own-system requests."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from caremarket.agreements.factories import SYSTEM, make_supplier
from caremarket.agreements.models import LotSupplier
from caremarket.contracts import selectors, services
from caremarket.contracts.factories import contract_on_lot, make_contract
from caremarket.contracts.models import SuspensionProposal
from caremarket.core.errors import Conflict, PermissionDenied, RuleViolation, ValidationFailed
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules.roles import Role, Sector

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def lot_contract(buyer_org):
    contract = contract_on_lot(buyer=buyer_org)
    supplier_user = actor_for(make_person(roles=[(contract.supplier, Role.SUPPLIER_USER)]), contract.supplier)
    owner = contract.agreement.owner
    manager = actor_for(
        make_person(email="manager@ccs.example", roles=[(owner, Role.AGREEMENT_MANAGER)]), owner
    )
    return contract, supplier_user, manager


def test_kpi_returns_get_a_rag_status(lot_contract):
    contract, supplier_user, _ = lot_contract
    availability = contract.kpis.get(code="availability")
    fix = contract.kpis.get(code="fix-time")
    assert (
        services.kpi_return_submit(
            actor=supplier_user, kpi=availability, period=date(2026, 10, 1), actual="99.7"
        ).rag
        == "green"
    )
    assert (
        services.kpi_return_submit(actor=supplier_user, kpi=fix, period=date(2026, 10, 1), actual="4.1").rag
        == "amber"
    )
    with pytest.raises(Conflict):
        services.kpi_return_submit(actor=supplier_user, kpi=fix, period=date(2026, 10, 1), actual="1")
    with pytest.raises(ValidationFailed):
        services.kpi_return_submit(actor=supplier_user, kpi=fix, period=date(2026, 11, 1), actual="1")
    with pytest.raises(ValidationFailed):
        services.kpi_return_submit(actor=supplier_user, kpi=fix, period=date(2026, 9, 1), actual="fast")


def test_three_reds_in_a_row_propose_suspension_to_the_agreement_manager(
    lot_contract, buyer, django_capture_on_commit_callbacks
):
    contract, supplier_user, manager = lot_contract
    kpi = contract.kpis.get(code="availability")
    with django_capture_on_commit_callbacks(execute=True):
        for month in (7, 8, 9):
            services.kpi_return_submit(actor=supplier_user, kpi=kpi, period=date(2026, month, 1), actual="90")
    proposal = SuspensionProposal.objects.get()
    assert "red for 3 periods in a row" in proposal.reason
    assert [m.to for m in mail.outbox] == [["manager@ccs.example"]]
    services.kpi_return_submit(actor=supplier_user, kpi=kpi, period=date(2026, 10, 1), actual="90")
    assert SuspensionProposal.objects.count() == 1  # one proposal per run of failures
    assert list(selectors.proposals_for_actor(manager)) == [proposal]
    with pytest.raises(PermissionDenied):
        services.proposal_decide(actor=buyer, proposal=proposal, suspend=True, outcome="x")
    services.proposal_decide(
        actor=manager, proposal=proposal, suspend=True, outcome="Availability far below target"
    )
    place = LotSupplier.objects.get(lot=contract.lot, supplier=contract.supplier)
    assert (place.status, place.ground) == ("suspended", "poor_performance")
    with pytest.raises(RuleViolation):
        services.proposal_decide(actor=manager, proposal=proposal, suspend=False, outcome="again")


def test_the_balanced_scorecard_combines_kpis_feedback_and_self_assessment(lot_contract, buyer):
    contract, supplier_user, _ = lot_contract
    services.kpi_return_submit(
        actor=supplier_user,
        kpi=contract.kpis.get(code="availability"),
        period=date(2026, 10, 1),
        actual="99.9",
    )
    services.kpi_return_submit(
        actor=supplier_user, kpi=contract.kpis.get(code="fix-time"), period=date(2026, 10, 1), actual="9"
    )
    services.feedback_give(actor=buyer, contract=contract, domain="customer", stars=5, comment="Responsive")
    with pytest.raises(ValidationFailed):
        services.feedback_give(actor=buyer, contract=contract, domain="customer", stars=6)
    with pytest.raises(PermissionDenied):
        services.feedback_give(actor=supplier_user, contract=contract, domain="customer", stars=5)
    services.self_assessment_submit(
        actor=supplier_user,
        contract=contract,
        period=date(2026, 10, 1),
        scores={"staff_and_resources": 4, "business": 3},
    )
    cards = {c.domain: c for c in selectors.scorecard_for([contract])}
    assert cards["services"].score == Decimal("100.0")
    assert cards["customer"].score == Decimal("29.4")  # a red KPI (60) and five stars (25)
    assert cards["staff_and_resources"].score == Decimal("75.0")
    assert cards["business"].score == Decimal("50.0")
    trends = selectors.kpi_trends(contract)
    assert [t.latest.rag for t in trends] == ["green", "red"]


def test_improvement_plans_have_dates(lot_contract, lead):
    contract, supplier_user, _ = lot_contract
    with pytest.raises(ValidationFailed):
        services.improvement_plan_open(
            actor=lead, contract=contract, title="Fix", actions="Do", due_on=date(2026, 1, 1)
        )
    with pytest.raises(PermissionDenied):
        services.improvement_plan_open(
            actor=supplier_user, contract=contract, title="Fix", actions="Do", due_on=date(2027, 1, 1)
        )
    plan = services.improvement_plan_open(
        actor=lead,
        contract=contract,
        title="Faster fixes",
        actions="Second engineer on call",
        due_on=date(2027, 1, 31),
        kpi=contract.kpis.get(code="fix-time"),
    )
    assert not plan.is_overdue
    services.improvement_plan_complete(actor=lead, plan=plan)
    plan.refresh_from_db()
    assert plan.status == "completed"


# --- Continuity of supply ------------------------------------------------------------------------


def test_a_backstop_takes_over_with_a_handover_checklist(lead, buyer_org, supplier_org):
    contract = make_contract(buyer=buyer_org, supplier=supplier_org)
    first, second = make_supplier(name="Backstop One Ltd"), make_supplier(name="Backstop Two Ltd")
    backstop = services.backstop_create(
        actor=lead,
        owner=buyer_org,
        category="hscn_connectivity",
        title="HSCN backstop",
        suppliers=[supplier_org, first, second],
    )
    with pytest.raises(RuleViolation):
        services.backstop_trigger(
            actor=lead, backstop=backstop, contract=contract, reason="whim", details="x"
        )
    handover = services.backstop_trigger(
        actor=lead,
        backstop=backstop,
        contract=contract,
        reason="supplier_exit",
        details="Northway is leaving the market",
    )
    assert (handover.outgoing, handover.incoming) == (supplier_org, first)  # never the supplier leaving
    items = list(handover.items.all())
    assert len(items) == 6
    with pytest.raises(Conflict):
        services.backstop_trigger(
            actor=lead, backstop=backstop, contract=contract, reason="supplier_exit", details="again"
        )
    incoming_user = actor_for(make_person(roles=[(first, Role.SUPPLIER_USER)]), first)
    for item in items:
        services.handover_item_complete(actor=incoming_user, item=item)
    handover.refresh_from_db()
    assert handover.completed_at is not None
    with pytest.raises(RuleViolation):
        services.handover_item_complete(actor=lead, item=items[0])
    assert selectors.handover_for_actor(incoming_user, handover.pk) == handover


def test_a_backstop_with_nobody_able_refuses(lead, buyer_org, supplier_org):
    contract = make_contract(buyer=buyer_org, supplier=supplier_org)
    backstop = services.backstop_create(
        actor=lead, owner=buyer_org, category="bi", title="BI backstop", suppliers=[supplier_org]
    )
    with pytest.raises(RuleViolation) as raised:
        services.backstop_trigger(
            actor=lead, backstop=backstop, contract=contract, reason="reprocurement_failed", details="No bids"
        )
    assert raised.value.code == "backstop.no_supplier_available"
    with pytest.raises(ValidationFailed):
        services.backstop_create(actor=lead, owner=buyer_org, category="x", title="x", suppliers=[])


# --- GP IT ------------------------------------------------------------------------------------------


@pytest.fixture
def practice():
    org = make_organisation(Sector.BUYER, code="L83001", name="Riverside Surgery", org_type="gp_practice")
    return org, actor_for(make_person(roles=[(org, Role.BUYER)]), org)


def test_a_practice_chooses_an_accredited_foundation_solution(practice):
    org, person = practice
    supplier = make_supplier()
    good = services.solution_record(
        actor=SYSTEM, name="EMIS Web", supplier=supplier, is_foundation=True, accredited=True
    )
    unaccredited = services.solution_record(
        actor=SYSTEM, name="Old PAS", supplier=supplier, is_foundation=True, accredited=False
    )
    tool = services.solution_record(
        actor=SYSTEM, name="Docman", supplier=supplier, is_foundation=False, accredited=True
    )
    for solution in (unaccredited, tool):
        with pytest.raises(RuleViolation) as raised:
            services.foundation_choose(actor=person, practice=org, solution=solution)
        assert raised.value.code == "gpit.solution_not_accredited"
    assert services.foundation_choose(actor=person, practice=org, solution=good).solution == good
    not_a_practice = make_organisation(Sector.BUYER)
    with pytest.raises((ValidationFailed, PermissionDenied)):
        services.foundation_choose(actor=person, practice=not_a_practice, solution=good)


def test_own_systems_go_to_the_commissioner_and_unsupported_software_is_refused(
    practice, buyer_org, approver, buyer
):
    org, person = practice
    services.solution_record(
        actor=SYSTEM,
        name="LegacyLab 2",
        supplier=make_supplier(),
        is_foundation=False,
        accredited=False,
        supported=False,
    )
    with pytest.raises(RuleViolation) as raised:
        services.own_system_request(
            actor=person, practice=org, commissioner=buyer_org, system_name="legacylab 2", purpose="Pathology"
        )
    assert raised.value.code == "gpit.software_unsupported"
    request = services.own_system_request(
        actor=person,
        practice=org,
        commissioner=buyer_org,
        system_name="Dermatology imaging",
        purpose="Referrals",
    )
    assert list(selectors.own_system_requests_for_actor(approver)) == [request]
    with pytest.raises(PermissionDenied):
        services.own_system_decide(actor=buyer, request=request, decision="approved")
    with pytest.raises(RuleViolation):
        services.own_system_decide(actor=approver, request=request, decision="refused")
    services.own_system_decide(actor=approver, request=request, decision="approved")
    request.refresh_from_db()
    assert request.status == "approved"
    with pytest.raises(RuleViolation) as raised:
        services.own_system_decide(actor=approver, request=request, decision="refused", reason="Changed mind")
    assert raised.value.code == "gpit.request_decided"
