"""Contracts by hand, signing, extension by the next option only, exceptions with a
re-procurement timetable, variations, termination, KPIs, subcontractors and expiry alerts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from caremarket.agreements.factories import SYSTEM, admitted_supplier, make_agreement, make_supplier
from caremarket.agreements.services import lot_supplier_record
from caremarket.audit.models import AuditEvent
from caremarket.contracts import selectors, services
from caremarket.contracts.factories import make_contract
from caremarket.contracts.models import Contract
from caremarket.core.errors import Conflict, PermissionDenied, RuleViolation, ValidationFailed
from caremarket.orgs.factories import actor_for, make_person
from caremarket.rules.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_a_contract_is_recorded_by_hand_then_signed(lead, buyer_org, supplier_org):
    contract = services.contract_record(
        actor=lead,
        buyer=buyer_org,
        supplier=supplier_org,
        origin="existing",
        title="Community connectivity",
        value="£1,200,000",
        starts_on=date(2026, 4, 1),
        term="3+1+1",
        notice_months=6,
        has_dpa=True,
        tupe=True,
        kpis=[{"code": "availability", "name": "Availability", "target": "99.5", "unit": "%"}],
    )
    assert contract.reference == f"CT{contract.pk:06d}"
    assert (contract.status(), contract.ends_on, contract.term.label()) == (
        "draft",
        date(2029, 3, 31),
        "3+1+1 years",
    )
    assert contract.kpis.get().target == Decimal("99.500")
    services.contract_sign(actor=lead, contract=contract)
    contract.refresh_from_db()
    assert contract.status() == "live"
    events = AuditEvent.objects.filter(object_type="contracts.contract", object_id=str(contract.pk))
    assert list(events.order_by("seq").values_list("action", flat=True)) == [
        "contract.created",
        "contract.signed",
    ]
    with pytest.raises(RuleViolation) as raised:
        services.contract_sign(actor=lead, contract=contract)
    assert raised.value.code == "contract.transition_refused"


def test_an_nhs_sla_is_recorded_and_buyers_cannot_record_contracts(buyer, lead, buyer_org, supplier_org):
    sla = make_contract(buyer=buyer_org, supplier=supplier_org, origin="nhs_sla", term="1", value="50000")
    assert sla.is_sla and sla.origin_label == "NHS service level agreement"
    with pytest.raises(PermissionDenied):
        services.contract_record(
            actor=buyer,
            buyer=buyer_org,
            supplier=supplier_org,
            origin="existing",
            title="x",
            value="1",
            starts_on=date(2026, 1, 1),
            term="1",
        )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": " "}, "title"),
        ({"value": "0"}, "value"),
        ({"term": "three years"}, "term"),
        ({"notice_months": 40}, "notice_months"),
        ({"price_list": [{"item": "", "unit_price": "1"}]}, "price_list"),
        ({"kpis": [{"code": "a", "name": "A", "target": "high"}]}, "kpis"),
    ],
)
def test_bad_contracts_are_refused_field_by_field(lead, buyer_org, supplier_org, fields, field):
    data = {"title": "T", "value": "1000", "starts_on": date(2026, 1, 1), "term": "2", **fields}
    with pytest.raises(ValidationFailed) as raised:
        services.contract_record(
            actor=lead, buyer=buyer_org, supplier=supplier_org, origin="existing", **data
        )
    assert field in raised.value.details["fields"]


def test_awards_are_not_recorded_by_hand(lead, buyer_org, supplier_org):
    with pytest.raises(ValidationFailed, match="made from the award"):
        services.contract_record(
            actor=lead,
            buyer=buyer_org,
            supplier=supplier_org,
            origin="award",
            title="x",
            value="1",
            starts_on=date(2026, 1, 1),
            term="1",
        )


def test_a_reference_is_unique(lead, buyer_org, supplier_org):
    make_contract(buyer=buyer_org, supplier=supplier_org, reference="DEV-001")
    with pytest.raises(Conflict):
        make_contract(buyer=buyer_org, supplier=supplier_org, reference="dev-001")


def test_a_direct_award_follows_the_lots_rules(lead, buyer_org):
    dps = make_agreement(kind="dps", procedures=("further_competition",))
    place = admitted_supplier(dps)
    lot = dps.lots.get(number=1)
    with pytest.raises(RuleViolation) as raised:
        services.contract_record(
            actor=lead,
            buyer=buyer_org,
            supplier=place.supplier,
            origin="direct_award",
            lot=lot,
            title="Direct",
            value="1000",
            starts_on=date(2026, 12, 1),
            term="1",
        )
    assert raised.value.code == "lot.procedure_not_allowed"
    framework = make_agreement(
        kind="framework", status="closed_to_new_suppliers", procedures=("direct_award",)
    )
    place = lot_supplier_record(
        actor=SYSTEM, lot=framework.lots.get(number=1), supplier=make_supplier(), admitted_on=date(2025, 1, 1)
    )
    contract = services.contract_record(
        actor=lead,
        buyer=buyer_org,
        supplier=place.supplier,
        origin="direct_award",
        lot=framework.lots.get(number=1),
        title="Direct",
        value="1000",
        starts_on=date(2026, 12, 1),
        term="1",
    )
    assert contract.agreement == framework and contract.fee_rate == Decimal("0.0100")
    # A supplier not on the lot cannot be directly awarded.
    with pytest.raises(RuleViolation) as raised:
        services.contract_record(
            actor=lead,
            buyer=buyer_org,
            supplier=make_supplier(),
            origin="direct_award",
            lot=framework.lots.get(number=1),
            title="Direct",
            value="1000",
            starts_on=date(2026, 12, 1),
            term="1",
        )
    assert raised.value.code == "supplier.not_on_lot"


def test_extending_takes_the_next_option_only_then_needs_an_exception(
    lead, approver, buyer_org, supplier_org
):
    contract = make_contract(buyer=buyer_org, supplier=supplier_org, starts_on=date(2024, 1, 1), term="2+1")
    assert contract.ends_on == date(2025, 12, 31) and contract.status() == "ended"
    with pytest.raises(RuleViolation) as raised:
        services.contract_extend(actor=lead, contract=contract)
    assert raised.value.code == "contract.not_extendable"  # ended: too late for the option

    contract = make_contract(buyer=buyer_org, supplier=supplier_org, starts_on=date(2024, 4, 1), term="3+1")
    assert contract.status() == "live"
    services.contract_extend(actor=lead, contract=contract)
    contract.refresh_from_db()
    assert (contract.options_used, contract.ends_on, contract.status()) == (1, date(2028, 3, 31), "extended")
    with pytest.raises(RuleViolation) as raised:
        services.contract_extend(actor=lead, contract=contract)
    assert raised.value.code == "contract.no_extension_option_left"

    # Past the last option: an exception with a re-procurement timetable, approved by an approver.
    with pytest.raises(RuleViolation) as raised:
        services.contract_exception_request(
            actor=lead,
            contract=contract,
            months=6,
            reason="Market engagement overran",
            reprocurement_starts_on=date(2027, 6, 1),
            reprocurement_award_by=date(2028, 12, 1),
        )
    assert raised.value.code == "contract.exception_invalid"  # award after the new end
    exception = services.contract_exception_request(
        actor=lead,
        contract=contract,
        months=6,
        reason="Market engagement overran",
        reprocurement_starts_on=date(2027, 6, 1),
        reprocurement_award_by=date(2028, 8, 1),
    )
    with pytest.raises(PermissionDenied):
        services.contract_exception_decide(actor=lead, exception=exception, approve=True)
    services.contract_exception_decide(actor=approver, exception=exception, approve=True)
    contract.refresh_from_db()
    assert (contract.exception_months, contract.ends_on) == (6, date(2028, 9, 30))
    exception.refresh_from_db()
    assert exception.status == "applied"
    with pytest.raises(RuleViolation):
        services.contract_exception_decide(actor=approver, exception=exception, approve=True)


def test_an_exception_is_refused_while_an_option_remains(lead, buyer_org, supplier_org):
    contract = make_contract(buyer=buyer_org, supplier=supplier_org)
    with pytest.raises(RuleViolation) as raised:
        services.contract_exception_request(
            actor=lead,
            contract=contract,
            months=6,
            reason="x",
            reprocurement_starts_on=date(2027, 1, 1),
            reprocurement_award_by=date(2027, 6, 1),
        )
    assert raised.value.code == "contract.extension_option_available"


def test_an_approver_may_refuse_an_exception_with_a_reason(lead, approver, buyer_org, supplier_org):
    contract = make_contract(buyer=buyer_org, supplier=supplier_org, starts_on=date(2024, 4, 1), term="3")
    exception = services.contract_exception_request(
        actor=lead,
        contract=contract,
        months=3,
        reason="Late",
        reprocurement_starts_on=date(2026, 12, 1),
        reprocurement_award_by=date(2027, 5, 1),
    )
    with pytest.raises(ValidationFailed):
        services.contract_exception_decide(actor=approver, exception=exception, approve=False)
    services.contract_exception_decide(
        actor=approver, exception=exception, approve=False, reason="Re-procure now"
    )
    contract.refresh_from_db()
    assert contract.exception_months == 0


def test_variations_are_numbered_with_before_and_after(lead, buyer_org, supplier_org):
    contract = make_contract(buyer=buyer_org, supplier=supplier_org, value="100000")
    first = services.contract_vary(
        actor=lead, contract=contract, summary="More sites", changes={"value": "150000"}
    )
    second = services.contract_vary(
        actor=lead,
        contract=contract,
        summary="Longer notice",
        changes={"notice_months": 6, "value": "150000"},
    )
    assert (first.number, second.number) == (1, 2)
    assert first.changes == {"value": {"before": "100000.00", "after": "150000.00"}}
    assert second.changes == {"notice_months": {"before": "3", "after": "6"}}
    with pytest.raises(RuleViolation) as raised:
        services.contract_vary(actor=lead, contract=contract, summary="Nothing", changes={"notice_months": 6})
    assert raised.value.code == "variation.invalid"
    with pytest.raises(RuleViolation):
        services.contract_vary(
            actor=lead, contract=contract, summary="Dates", changes={"starts_on": "2020-01-01"}
        )


def test_termination_needs_a_reason_and_ends_ordering(lead, buyer_org, supplier_org):
    contract = make_contract(buyer=buyer_org, supplier=supplier_org)
    with pytest.raises(RuleViolation):
        services.contract_terminate(actor=lead, contract=contract, reason="")
    services.contract_terminate(actor=lead, contract=contract, reason="Supplier insolvent")
    contract.refresh_from_db()
    assert contract.status() == "terminated"
    with pytest.raises(RuleViolation):
        services.contract_extend(actor=lead, contract=contract)


def test_subcontractors_under_a_lead_provider(lead, buyer_org, supplier_org):
    contract = make_contract(buyer=buyer_org, supplier=supplier_org)
    niche = make_supplier(name="Niche Analytics CIC")
    other = make_supplier(name="Second Niche Ltd")
    services.subcontract_add(
        actor=lead, contract=contract, subcontractor=niche, share_percent="30", services="BI"
    )
    with pytest.raises(RuleViolation):
        services.subcontract_add(actor=lead, contract=contract, subcontractor=other, share_percent="71")
    with pytest.raises(RuleViolation):
        services.subcontract_add(actor=lead, contract=contract, subcontractor=supplier_org, share_percent="5")
    # The subcontractor sees the contract and its chain; an outsider does not.
    niche_user = actor_for(make_person(roles=[(niche, Role.SUPPLIER_USER)]), niche)
    assert selectors.contract_for_actor(niche_user, contract.reference) == contract
    outsider = actor_for(make_person(roles=[(other, Role.SUPPLIER_USER)]), other)
    with pytest.raises(Exception, match="no contract"):
        selectors.contract_for_actor(outsider, contract.reference)


def test_the_register_shows_live_and_expiring(lead, buyer_org, supplier_org):
    live = make_contract(buyer=buyer_org, supplier=supplier_org, starts_on=date(2026, 1, 1), term="3")
    expiring = make_contract(buyer=buyer_org, supplier=supplier_org, starts_on=date(2024, 1, 1), term="3")
    make_contract(buyer=buyer_org, supplier=supplier_org, starts_on=date(2020, 1, 1), term="2")  # ended
    assert expiring.status() == "expiring"
    everything = selectors.contracts_for_actor(lead)
    assert len(everything) == 3
    assert selectors.contracts_for_actor(lead, selectors.RegisterFilters(status="expiring")) == [expiring]
    assert set(selectors.contracts_for_actor(lead, selectors.RegisterFilters(status="in_force"))) == {
        live,
        expiring,
    }
    summary = selectors.register_summary(everything)
    assert (summary["in_force"], summary["expiring"]) == (2, 1)


def test_expiry_alerts_are_emailed_once_per_window(
    lead, buyer_org, supplier_org, django_capture_on_commit_callbacks
):
    contract = make_contract(buyer=buyer_org, supplier=supplier_org, starts_on=date(2024, 1, 1), term="3+1")
    with django_capture_on_commit_callbacks(execute=True):
        alerted = services.contracts_send_expiry_alerts(actor=SYSTEM)
    assert alerted == [contract]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"{contract.reference} ends on 31 December 2026"
    assert "extension option of 12 months" in mail.outbox[0].body
    assert services.contracts_send_expiry_alerts(actor=SYSTEM) == []
    services.contract_extend(actor=lead, contract=contract)
    with time_machine.travel(date(2027, 11, 1), tick=False):
        assert services.contracts_send_expiry_alerts(actor=SYSTEM) == [Contract.objects.get(pk=contract.pk)]


def test_kpis_can_be_added(lead, buyer_org, supplier_org):
    contract = make_contract(buyer=buyer_org, supplier=supplier_org, kpis=[])
    kpi = services.kpi_add(
        actor=lead, contract=contract, code="nps", name="Net promoter", target="30", domain="customer"
    )
    assert kpi.target_label == "≥ 30"
    with pytest.raises(Conflict):
        services.kpi_add(actor=lead, contract=contract, code="nps", name="Again", target="1")
    assert contract.ends_on - contract.starts_on > timedelta(days=365)
