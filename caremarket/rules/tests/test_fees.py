from datetime import date, datetime
from decimal import Decimal

import pytest

from caremarket.rules.fees import (
    FeeFlagKind,
    InvoiceState,
    ReturnState,
    fee_for,
    header_problems,
    invoice_flag,
    invoice_state,
    month_end,
    parse_return_rows,
    payment_refusal,
    period_refusal,
    reconcile,
    return_due_on,
    return_flag,
    return_state,
)

NOV = date(2026, 11, 1)
OCT = date(2026, 10, 1)
HEADER = ["order_reference", "customer_code", "invoice_date", "description", "value"]


@pytest.mark.parametrize(
    ("value", "rate", "fee"),
    [
        ("1000.00", "0.01", "10.00"),
        ("1234.50", "0.01", "12.35"),  # 12.345 rounds half up
        ("0.49", "0.01", "0.00"),
        ("0.50", "0.01", "0.01"),
        ("1000000", "0.0125", "12500.00"),
        ("-200", "0.01", "-2.00"),  # an amended order's reduction reverses its fee
    ],
)
def test_fee_accrual(value, rate, fee):
    assert fee_for(Decimal(value), Decimal(rate)) == Decimal(fee)


@pytest.mark.parametrize(
    ("period", "due"),
    [(OCT, date(2026, 11, 7)), (date(2026, 2, 1), date(2026, 3, 7)), (date(2026, 12, 1), date(2027, 1, 7))],
)
def test_returns_are_due_seven_days_after_the_month(period, due):
    assert return_due_on(period) == due


@pytest.mark.parametrize(
    ("submitted", "today", "state"),
    [
        (None, date(2026, 11, 5), ReturnState.NOT_DUE),
        (None, date(2026, 11, 8), ReturnState.MISSING),
        (date(2026, 11, 7), date(2026, 11, 30), ReturnState.ON_TIME),
        (date(2026, 11, 8), date(2026, 11, 30), ReturnState.LATE),
    ],
)
def test_return_states(submitted, today, state):
    assert return_state(OCT, submitted, today) == state


@pytest.mark.parametrize(
    ("paid", "today", "state"),
    [
        (None, date(2026, 12, 1), InvoiceState.ISSUED),
        (None, date(2026, 12, 8), InvoiceState.OVERDUE),
        (date(2026, 12, 9), date(2026, 12, 20), InvoiceState.PAID),
    ],
)
def test_invoice_states(paid, today, state):
    assert invoice_state(date(2026, 12, 7), paid, today) == state


@pytest.mark.parametrize(
    ("period", "today", "refused"),
    [
        (OCT, date(2026, 11, 1), False),
        (NOV, date(2026, 11, 23), True),  # not ended
        (date(2026, 10, 2), date(2026, 11, 23), True),  # not a month
        (date(2010, 1, 1), date(2026, 11, 23), True),  # before the agreement
    ],
)
def test_return_periods(period, today, refused):
    refusal = period_refusal(
        period, today, agreement_starts_on=date(2017, 11, 1), agreement_ends_on=date(2027, 11, 30)
    )
    assert (refusal is not None) is refused


def test_header_needs_the_required_columns():
    assert header_problems(HEADER) == []
    assert header_problems(["Customer Code", "Invoice Date", "Value"]) == []
    assert header_problems(["customer_code", "value"]) == ["The file has no 'invoice_date' column"]


def test_good_rows_parse():
    rows, problems = parse_return_rows(
        HEADER,
        [
            ["c000001", "qjg", "2026-10-03", "Connections", "1,250.00"],
            ["", "QJG", "15/10/2026", "", "£99.5"],
            ["", "", None, "", ""],  # blank rows are skipped
            ["C000002", "RTK", datetime(2026, 10, 31, 9), "Excel date", 10.25],
        ],
        period=OCT,
    )
    assert problems == []
    assert [(r.row, r.order_reference, r.customer_code, r.value) for r in rows] == [
        (2, "C000001", "QJG", Decimal("1250.00")),
        (3, "", "QJG", Decimal("99.50")),
        (5, "C000002", "RTK", Decimal("10.25")),
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["C1", "", "2026-10-03", "", "10"], "Enter the customer's organisation code"),
        (["C1", "QJG", "3 Oct", "", "10"], "Enter the invoice date as YYYY-MM-DD or DD/MM/YYYY"),
        (["C1", "QJG", "2026-11-01", "", "10"], "The invoice date 1 November 2026 is outside October 2026"),
        (["C1", "QJG", "2026-10-03", "", "ten"], "Enter the value in pounds, like 1250.00 (got 'ten')"),
        (["C1", "QJG", "2026-10-03", "", "10.001"], "Enter the value in pounds, like 1250.00 (got '10.001')"),
        (["C1", "QJG", "2026-10-03", "", "0"], "A sale of £0.00 is not a sale: leave the row out"),
    ],
)
def test_each_bad_row_is_named(row, message):
    _good, problems = parse_return_rows(HEADER, [["C1", "QJG", "2026-10-03", "", "10"], row], period=OCT)
    assert problems == [{"row": 3, "problems": [message]}]


def test_an_empty_file_is_not_a_nil_return():
    assert parse_return_rows(HEADER, [], period=OCT)[1][0]["problems"] == [
        "The file has no sales: make a nil return instead"
    ]


def test_month_end():
    assert month_end(date(2028, 2, 1)) == date(2028, 2, 29)


D = Decimal


@pytest.mark.parametrize(
    ("ordered", "declared", "expected"),
    [
        # Everything declared as ordered.
        (
            {"A": D(100), "B": D(50)},
            {"A": D(100), "B": D(50)},
            (D(150), D(150), D(0), D(0), D(0), 2, 0, 0, D(150)),
        ),
        # B left out of the return: under-declared, and charged all the same.
        ({"A": D(100), "B": D(50)}, {"A": D(100)}, (D(150), D(100), D(50), D(0), D(0), 1, 0, 1, D(150))),
        # A declared short, B over, and an off-platform sale.
        (
            {"A": D(100), "B": D(50)},
            {"A": D(80), "B": D(60), "": D(30)},
            (D(150), D(170), D(20), D(10), D(30), 0, 2, 0, D(190)),
        ),
        # A nil return against no orders.
        ({}, {}, (D(0), D(0), D(0), D(0), D(0), 0, 0, 0, D(0))),
    ],
)
def test_reconciliation(ordered, declared, expected):
    r = reconcile(ordered, declared)
    got = (
        r.ordered_total,
        r.declared_total,
        r.under_declared,
        r.over_declared,
        r.off_platform,
        r.matched_orders,
        r.mismatched_orders,
        r.missing_orders,
        r.fee_base,
    )
    assert got == expected


def test_payment():
    today = date(2026, 12, 10)
    assert payment_refusal(None, D("10.00"), D("10.00"), today, today) is None
    assert payment_refusal(today, D("10.00"), D("10.00"), today, today).code == "fee_invoice.already_paid"
    assert payment_refusal(None, D("9.00"), D("10.00"), today, today) is not None
    assert payment_refusal(None, D("10.00"), D("10.00"), date(2026, 12, 11), today) is not None


# October's return is due on 7 November.
@pytest.mark.parametrize(
    ("submitted", "today", "admitted", "kind", "detail"),
    [
        (date(2026, 11, 3), date(2026, 11, 20), None, None, None),
        (date(2026, 11, 7), date(2026, 11, 20), None, None, None),  # on the due date is on time
        (date(2026, 11, 8), date(2026, 11, 20), None, FeeFlagKind.LATE_RETURN, "received 8 November 2026"),
        (None, date(2026, 11, 7), None, None, None),  # not due yet
        (None, date(2026, 11, 8), None, FeeFlagKind.MISSING_RETURN, "not received"),
        (None, date(2026, 12, 20), date(2026, 10, 31), FeeFlagKind.MISSING_RETURN, "Due 7 November 2026"),
        (None, date(2026, 12, 20), date(2026, 11, 1), None, None),  # admitted after October
        (date(2026, 12, 1), date(2026, 12, 20), date(2026, 11, 1), None, None),
    ],
)
def test_late_and_missing_returns_are_flagged(submitted, today, admitted, kind, detail):
    flag = return_flag(OCT, submitted, today, admitted_on=admitted)
    assert (flag and flag.kind) == kind
    if flag:
        assert flag.period == OCT and detail in flag.detail


@pytest.mark.parametrize(
    ("paid", "today", "flagged"),
    [
        (None, date(2026, 12, 7), False),  # due today: not yet overdue
        (None, date(2026, 12, 8), True),
        (date(2026, 12, 20), date(2026, 12, 21), False),  # paid late, but paid
        (date(2026, 12, 1), date(2027, 3, 1), False),
    ],
)
def test_overdue_invoices_flag_an_unpaid_fee(paid, today, flagged):
    flag = invoice_flag(OCT, "MF000007", Decimal("1234.5"), date(2026, 12, 7), paid, today)
    assert bool(flag) == flagged
    if flag:
        assert flag.kind == FeeFlagKind.UNPAID_FEE
        assert flag.detail == "MF000007 for £1,234.50 was due 7 December 2026"


# --- The fee record both the fees page and the annual review show ------------------------------

DEC = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("invoices", "invoiced", "paid", "overdue", "status"),
    [
        ([], "0.00", "0.00", "0.00", "none_due"),
        ([("100.00", date(2026, 12, 31), None)], "100.00", "0.00", "0.00", "none_due"),  # not yet due
        ([("100.00", date(2026, 12, 2), None)], "100.00", "0.00", "0.00", "none_due"),  # due today
        ([("100.00", date(2026, 12, 1), None)], "100.00", "0.00", "100.00", "overdue"),
        ([("100.00", date(2026, 11, 1), date(2026, 11, 20))], "100.00", "100.00", "0.00", "paid"),
        ([("100.00", date(2026, 11, 1), date(2026, 12, 1))], "100.00", "100.00", "0.00", "paid"),  # paid late
        (
            [
                ("2125.00", date(2026, 9, 30), None),
                ("2125.00", date(2026, 10, 31), None),
                ("9.99", DEC, None),
            ],
            "4259.99",
            "0.00",
            "4250.00",
            "overdue",
        ),
        (
            [("50.00", date(2026, 9, 30), date(2026, 9, 1)), ("25.50", date(2026, 10, 31), None)],
            "75.50",
            "50.00",
            "25.50",
            "overdue",
        ),
    ],
)
def test_fee_record(invoices, invoiced, paid, overdue, status):
    from caremarket.rules.fees import InvoiceFact, fee_record

    record = fee_record([InvoiceFact(Decimal(a), due, paid_on) for a, due, paid_on in invoices], DEC)
    assert (record.invoiced, record.paid, record.overdue) == (
        Decimal(invoiced),
        Decimal(paid),
        Decimal(overdue),
    )
    assert record.status == status
