"""Management fees: monthly returns from CSV and XLSX (all-or-nothing), nil returns,
reconciliation against orders in SQL, the invoice, payment, and flags to the review."""

import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from openpyxl import Workbook

from caremarket.audit.models import AuditEvent
from caremarket.contracts import selectors, services
from caremarket.contracts.factories import contract_on_lot
from caremarket.contracts.models import FeeFlag, FeeReturn, ReturnLine
from caremarket.core.errors import Conflict, ImportFailed, PermissionDenied, RuleViolation, ValidationFailed
from caremarket.orgs.factories import actor_for, make_person
from caremarket.rules.fees import reconcile
from caremarket.rules.roles import Role

pytestmark = pytest.mark.django_db
OCT = date(2026, 10, 1)


@pytest.fixture
def world(buyer_org):
    """Two orders placed in October on a contract under a 1% DPS lot; the supplier and the
    agreement's manager."""
    with time_machine.travel("2026-10-15 12:00Z", tick=False):
        contract = contract_on_lot(buyer=buyer_org, value="100000")
        buyer = actor_for(make_person(roles=[(buyer_org, Role.BUYER)]), buyer_org)
        first = services.order_place(
            actor=buyer, buyer=buyer_org, contract=contract, lines=[{"item": "Installation", "quantity": 3}]
        )
        second = services.order_place(
            actor=buyer,
            buyer=buyer_org,
            contract=contract,
            lines=[{"item": "HSCN connection 100 Mbit/s", "quantity": 2}],
        )
    supplier = contract.supplier
    agreement = contract.agreement
    return {
        "contract": contract,
        "orders": (first, second),
        "supplier": supplier,
        "agreement": agreement,
        "supplier_user": actor_for(make_person(roles=[(supplier, Role.SUPPLIER_USER)]), supplier),
        "manager": actor_for(make_person(roles=[(agreement.owner, Role.AGREEMENT_MANAGER)]), agreement.owner),
    }


def _csv(rows: list[list[str]]) -> bytes:
    header = "order_reference,customer_code,invoice_date,description,value\n"
    return (header + "".join(",".join(r) + "\n" for r in rows)).encode()


@time_machine.travel("2026-11-05 12:00Z", tick=False)
def test_a_return_is_reconciled_and_invoiced(world):
    first, second = world["orders"]
    content = _csv(
        [
            [first.reference, "QJG", "2026-10-15", "Installations", "1200.00"],
            [second.revision_id, "QJG", "2026-10-16", "Connections", "400.00"],  # £100 short
            ["", "QXX", "2026-10-20", "Sold off-platform through the agreement", "300.00"],
        ]
    )
    fee_return = services.fee_return_submit(
        actor=world["supplier_user"],
        supplier=world["supplier"],
        agreement=world["agreement"],
        period=OCT,
        file_name="october.csv",
        content=content,
    )
    assert (fee_return.row_count, fee_return.declared_total, fee_return.state) == (
        3,
        Decimal("1900.00"),
        "on_time",
    )
    assert list(ReturnLine.objects.values_list("order_number", flat=True).order_by("row")) == [
        first.pk,
        second.pk,
        None,
    ]
    with pytest.raises(PermissionDenied):
        services.fee_invoice_issue(actor=world["supplier_user"], fee_return=fee_return)
    invoice = services.fee_invoice_issue(actor=world["manager"], fee_return=fee_return)
    assert (invoice.ordered_total, invoice.declared_total) == (Decimal("1700.00"), Decimal("1900.00"))
    assert (invoice.under_declared, invoice.off_platform, invoice.fee_base) == (
        Decimal("100.00"),
        Decimal("300.00"),
        Decimal("2000.00"),
    )
    assert (invoice.matched_orders, invoice.mismatched_orders, invoice.missing_orders) == (1, 1, 0)
    assert invoice.amount == Decimal("20.00")
    assert invoice.discrepancies == [{"order": second.reference, "ordered": "500.00", "declared": "400.00"}]
    # The SQL agrees with the pure rule.
    rule = reconcile(
        {first.reference: Decimal("1200"), second.reference: Decimal("500")},
        {first.reference: Decimal("1200"), second.reference: Decimal("400"), "": Decimal("300")},
    )
    assert rule.fee_base == invoice.fee_base
    with pytest.raises(Conflict):
        services.fee_invoice_issue(actor=world["manager"], fee_return=fee_return)
    assert AuditEvent.objects.filter(action="fee_invoice.issued").exists()


@time_machine.travel("2026-11-05 12:00Z", tick=False)
def test_a_bad_row_refuses_the_whole_file(world):
    content = _csv(
        [
            [world["orders"][0].reference, "QJG", "2026-10-15", "ok", "1200.00"],
            ["", "", "2026-11-15", "bad", "lots"],
        ]
    )
    with pytest.raises(ImportFailed) as raised:
        services.fee_return_submit(
            actor=world["supplier_user"],
            supplier=world["supplier"],
            agreement=world["agreement"],
            period=OCT,
            file_name="october.csv",
            content=content,
        )
    assert raised.value.details["rows"][0]["row"] == 3
    assert len(raised.value.details["rows"][0]["problems"]) == 3
    assert not FeeReturn.objects.exists() and not ReturnLine.objects.exists()


@time_machine.travel("2026-11-05 12:00Z", tick=False)
def test_an_xlsx_return_is_read(world):
    book = Workbook()
    sheet = book.active
    sheet.append(["Order reference", "Customer code", "Invoice date", "Description", "Value"])
    sheet.append([world["orders"][0].reference, "QJG", date(2026, 10, 15), "Installations", 1200])
    sheet.append([world["orders"][1].reference, "QJG", "15/10/2026", "Connections", 500.0])
    buffer = io.BytesIO()
    book.save(buffer)
    fee_return = services.fee_return_submit(
        actor=world["supplier_user"],
        supplier=world["supplier"],
        agreement=world["agreement"],
        period=OCT,
        file_name="october.xlsx",
        content=buffer.getvalue(),
    )
    invoice = services.fee_invoice_issue(actor=world["manager"], fee_return=fee_return)
    assert (invoice.matched_orders, invoice.amount) == (2, Decimal("17.00"))


@time_machine.travel("2026-11-05 12:00Z", tick=False)
def test_a_nil_return_is_still_charged_for_the_orders_it_left_out(world):
    fee_return = services.fee_return_submit(
        actor=world["supplier_user"],
        supplier=world["supplier"],
        agreement=world["agreement"],
        period=OCT,
        nil=True,
    )
    invoice = services.fee_invoice_issue(actor=world["manager"], fee_return=fee_return)
    assert (invoice.missing_orders, invoice.fee_base, invoice.amount) == (
        2,
        Decimal("1700.00"),
        Decimal("17.00"),
    )
    with pytest.raises(Conflict):
        services.fee_return_submit(
            actor=world["supplier_user"],
            supplier=world["supplier"],
            agreement=world["agreement"],
            period=OCT,
            nil=True,
        )


@time_machine.travel("2026-11-05 12:00Z", tick=False)
def test_returns_are_refused_for_unfinished_months_unreadable_files_and_strangers(world, supplier_org):
    kwargs = {"actor": world["supplier_user"], "supplier": world["supplier"], "agreement": world["agreement"]}
    with pytest.raises(RuleViolation) as raised:
        services.fee_return_submit(period=date(2026, 11, 1), nil=True, **kwargs)
    assert raised.value.code == "fee_return.period_invalid"
    with pytest.raises(ValidationFailed) as raised:
        services.fee_return_submit(period=OCT, file_name="october.pdf", content=b"%PDF", **kwargs)
    assert raised.value.code == "fee_return.file_not_readable"
    with pytest.raises(ValidationFailed):
        services.fee_return_submit(period=OCT, **kwargs)
    with pytest.raises(ImportFailed):
        services.fee_return_submit(
            period=OCT, file_name="x.csv", content=b"customer_code,value\nQJG,1\n", **kwargs
        )
    stranger = actor_for(make_person(roles=[(supplier_org, Role.SUPPLIER_USER)]), supplier_org)
    with pytest.raises(RuleViolation) as raised:
        services.fee_return_submit(
            actor=stranger, supplier=supplier_org, agreement=world["agreement"], period=OCT, nil=True
        )
    assert raised.value.code == "supplier.not_on_lot"


def test_late_returns_and_unpaid_fees_are_flagged_to_the_review_until_put_right(world):
    kwargs = {"actor": world["supplier_user"], "supplier": world["supplier"], "agreement": world["agreement"]}
    with time_machine.travel("2026-11-20 12:00Z", tick=False):
        flags = services.fee_flags_raise(actor=world["manager"], agreement=world["agreement"])
        assert ("missing_return", OCT) in {(f.kind, f.period) for f in flags}
        assert services.fee_flags_raise(actor=world["manager"], agreement=world["agreement"]) == []
        fee_return = services.fee_return_submit(period=OCT, nil=True, **kwargs)
        assert fee_return.state == "late"
        open_flags = {(f.kind, f.period) for f in selectors.flags_for(world["agreement"])}
        assert ("missing_return", OCT) not in open_flags and ("late_return", OCT) in open_flags
        invoice = services.fee_invoice_issue(actor=world["manager"], fee_return=fee_return)
    with time_machine.travel("2026-12-25 12:00Z", tick=False):
        assert invoice.state == "overdue"
        services.fee_flags_raise(actor=world["manager"], agreement=world["agreement"])
        assert FeeFlag.objects.filter(kind="unpaid_fee", resolved_at__isnull=True).count() == 1
        [position] = selectors.fee_positions(world["manager"], world["agreement"])
        assert (position.accrued, position.invoiced, position.overdue) == (
            Decimal("17.00"),
            Decimal("17.00"),
            Decimal("17.00"),
        )
        with pytest.raises(RuleViolation):
            services.fee_invoice_record_payment(actor=world["manager"], invoice=invoice, amount="10.00")
        services.fee_invoice_record_payment(actor=world["manager"], invoice=invoice, amount="17.00")
        assert not FeeFlag.objects.filter(kind="unpaid_fee", resolved_at__isnull=True).exists()
        with pytest.raises(RuleViolation) as raised:
            services.fee_invoice_record_payment(actor=world["manager"], invoice=invoice, amount="17.00")
        assert raised.value.code == "fee_invoice.already_paid"


def test_fee_flags_go_into_the_suppliers_entry_in_the_annual_review_once(world):
    manager, agreement, supplier = world["manager"], world["agreement"], world["supplier"]
    with time_machine.travel("2026-11-20 12:00Z", tick=False):
        services.fee_flags_raise(actor=manager, agreement=agreement)
        services.fee_flags_raise(actor=manager, agreement=agreement)
        review = agreement.reviews.get()
        entry = review.entries.get(supplier=supplier)
        assert [(f.kind, f.period) for f in entry.flags.all()] == [("missing_return", OCT)]
        assert AuditEvent.objects.filter(action="review.fee_flags_recorded").count() == 1
        fee_return = services.fee_return_submit(
            actor=world["supplier_user"], supplier=supplier, agreement=agreement, period=OCT, nil=True
        )
        invoice = services.fee_invoice_issue(actor=manager, fee_return=fee_return)
    with time_machine.travel("2026-12-25 12:00Z", tick=False):
        services.fee_flags_raise(actor=manager, agreement=agreement)
        services.fee_flags_raise(actor=manager, agreement=agreement)
    flags = {(f.kind, f.period.isoformat()): f.detail for f in entry.flags.all()}
    assert set(flags) == {
        ("missing_return", "2026-10-01"),  # as it stood in November: the review keeps it
        ("late_return", "2026-10-01"),
        ("unpaid_fee", "2026-10-01"),
        ("missing_return", "2026-11-01"),
    }
    assert flags[("unpaid_fee", "2026-10-01")] == f"{invoice.number} for £17.00 was due 20 December 2026"
    assert AuditEvent.objects.filter(action="review.fee_flags_recorded").count() == 2


def test_no_fee_flag_is_kept_unless_the_review_takes_it_too(world, monkeypatch):
    from caremarket.agreements.services import reviews

    def refuse(**kwargs):
        raise RuleViolation("The review cannot take flags")

    # fee_flags_raise writes the flags through the review's internal (non-durable) helper.
    monkeypatch.setattr(reviews, "_review_fee_flags_record", refuse)
    with time_machine.travel("2026-11-20 12:00Z", tick=False), pytest.raises(RuleViolation):
        services.fee_flags_raise(actor=world["manager"], agreement=world["agreement"])
    assert not FeeFlag.objects.exists()
    assert not AuditEvent.objects.filter(action="fee_flags.raised").exists()
