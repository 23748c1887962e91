"""Management fees: accrual on every order, the supplier's monthly management information (MI)
return, its row checks, reconciliation against orders, the invoice and its payment.

- Every order's value accrues the agreement's fee (1% by default), rounded half up to the penny.
- A return covers one calendar month of one supplier's sales through one agreement; it is due
  a number of days after the month ends (7 by default) and may be a nil return.
- Reconciliation compares, per order, what was ordered in the month with what the return
  declares: an order declared below its value is under-declared, a declared order the
  platform does not know is off-platform. The fee is charged on the declared sales plus
  whatever was under-declared, so a short return never lowers the fee.
- An invoice is payable within 30 days (by default); unpaid after that, it is overdue and
  flags the supplier to the agreement's review, as does a late or missing return.
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from caremarket.core.error_codes import ErrorCode
from caremarket.core.money import to_money
from caremarket.rules.admission import FeeStatus
from caremarket.rules.dates import spoken_date
from caremarket.rules.refusals import Refusal

DEFAULT_RETURN_GRACE_DAYS = 7
DEFAULT_PAYMENT_DAYS = 30
RETURN_COLUMNS = ("order_reference", "customer_code", "invoice_date", "description", "value")
REQUIRED_COLUMNS = ("customer_code", "invoice_date", "value")
MAX_RETURN_ROWS = 200_000


def fee_for(value: Decimal, rate: Decimal) -> Decimal:
    """The management fee a value accrues at a rate (0.01 is 1%)."""
    return to_money(Decimal(value) * Decimal(rate))


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(period: date) -> date:
    return period.replace(day=calendar.monthrange(period.year, period.month)[1])


def next_month(period: date) -> date:
    return month_end(period) + timedelta(days=1)


def return_due_on(period: date, grace_days: int = DEFAULT_RETURN_GRACE_DAYS) -> date:
    return month_end(period) + timedelta(days=grace_days)


def period_label(period: date) -> str:
    return period.strftime("%B %Y")


def period_refusal(
    period: date, today: date, *, agreement_starts_on: date, agreement_ends_on: date
) -> Refusal | None:
    """A return is for a whole month that has ended, within the agreement's life."""
    if period.day != 1:
        return Refusal(
            ErrorCode.FEE_RETURN_PERIOD_INVALID, "A return covers a calendar month: give its first day"
        )
    if month_end(period) >= today:
        return Refusal(
            ErrorCode.FEE_RETURN_PERIOD_INVALID,
            f"{period_label(period)} has not ended: its return can be made "
            f"from {spoken_date(next_month(period))}",
        )
    if month_end(period) < agreement_starts_on or period > agreement_ends_on:
        return Refusal(
            ErrorCode.FEE_RETURN_PERIOD_INVALID,
            f"{period_label(period)} is outside the agreement's life",
        )
    return None


class ReturnState(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    NOT_DUE = "not_due"


def return_state(
    period: date, submitted_on: date | None, today: date, grace_days: int = DEFAULT_RETURN_GRACE_DAYS
) -> ReturnState:
    due = return_due_on(period, grace_days)
    if submitted_on is None:
        return ReturnState.MISSING if today > due else ReturnState.NOT_DUE
    return ReturnState.LATE if submitted_on > due else ReturnState.ON_TIME


class InvoiceState(StrEnum):
    ISSUED = "issued"
    PAID = "paid"
    OVERDUE = "overdue"


def invoice_state(due_on: date, paid_on: date | None, today: date) -> InvoiceState:
    if paid_on is not None:
        return InvoiceState.PAID
    return InvoiceState.OVERDUE if today > due_on else InvoiceState.ISSUED


@dataclass(frozen=True)
class InvoiceFact:
    amount: Decimal
    due_on: date
    paid_on: date | None = None


@dataclass(frozen=True)
class FeeRecord:
    """A supplier's management fee record on one agreement, from its invoices: the one figure
    the fees page and the agreement's annual review both show."""

    invoiced: Decimal
    paid: Decimal
    overdue: Decimal

    @property
    def status(self) -> FeeStatus:
        if self.overdue > 0:
            return FeeStatus.OVERDUE
        return FeeStatus.PAID if self.paid > 0 else FeeStatus.NONE_DUE


def fee_record(invoices: Iterable[InvoiceFact], today: date) -> FeeRecord:
    """Invoiced, paid and overdue: an invoice counts as overdue once unpaid after its due date."""
    zero = Decimal("0.00")
    invoices = list(invoices)
    return FeeRecord(
        invoiced=to_money(sum((i.amount for i in invoices), zero)),
        paid=to_money(sum((i.amount for i in invoices if i.paid_on is not None), zero)),
        overdue=to_money(
            sum(
                (
                    i.amount
                    for i in invoices
                    if invoice_state(i.due_on, i.paid_on, today) == InvoiceState.OVERDUE
                ),
                zero,
            )
        ),
    )


# --- Flags to the agreement's review -----------------------------------------------------------


class FeeFlagKind(StrEnum):
    LATE_RETURN = "late_return"
    MISSING_RETURN = "missing_return"
    UNPAID_FEE = "unpaid_fee"


FEE_FLAG_LABELS = {
    FeeFlagKind.LATE_RETURN: "Late management information return",
    FeeFlagKind.MISSING_RETURN: "Missing management information return",
    FeeFlagKind.UNPAID_FEE: "Unpaid management fee",
}


@dataclass(frozen=True)
class FeeFlagFact:
    kind: FeeFlagKind
    period: date
    detail: str


def return_flag(
    period: date,
    submitted_on: date | None,
    today: date,
    *,
    admitted_on: date | None = None,
    grace_days: int = DEFAULT_RETURN_GRACE_DAYS,
) -> FeeFlagFact | None:
    """A month's return is late when it came after its due date, and missing when the due date
    has passed without it; a month that ended before the supplier was admitted needs none."""
    if admitted_on is not None and month_end(period) < admitted_on:
        return None
    due = return_due_on(period, grace_days)
    state = return_state(period, submitted_on, today, grace_days)
    if state == ReturnState.LATE:
        return FeeFlagFact(
            FeeFlagKind.LATE_RETURN, period, f"Due {spoken_date(due)}, received {spoken_date(submitted_on)}"
        )
    if state == ReturnState.MISSING:
        return FeeFlagFact(FeeFlagKind.MISSING_RETURN, period, f"Due {spoken_date(due)}, not received")
    return None


def invoice_flag(
    period: date, number: str, amount: Decimal, due_on: date, paid_on: date | None, today: date
) -> FeeFlagFact | None:
    """An invoice unpaid after its due date is overdue: the fee is flagged as unpaid."""
    if invoice_state(due_on, paid_on, today) != InvoiceState.OVERDUE:
        return None
    return FeeFlagFact(
        FeeFlagKind.UNPAID_FEE, period, f"{number} for £{amount:,.2f} was due {spoken_date(due_on)}"
    )


# --- Return rows ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnRow:
    row: int
    order_reference: str
    customer_code: str
    invoice_date: date
    description: str
    value: Decimal


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)[:10]
    try:
        if len(text) == 10 and text[2] == "/" and text[5] == "/":
            return date(int(text[6:10]), int(text[3:5]), int(text[0:2]))
        return date.fromisoformat(text)
    except ValueError:
        return None


def _money(value) -> Decimal | None:
    if isinstance(value, float):
        value = repr(value)
    text = _text(value).replace("£", "").replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:
        return None
    return to_money(amount)


def header_problems(header: list[str]) -> list[str]:
    names = [_text(h).lower().replace(" ", "_") for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    return [f"The file has no '{c}' column" for c in missing]


def parse_return_rows(
    header: list[str], rows: list[list], *, period: date
) -> tuple[list[ReturnRow], list[dict]]:
    """Check every row of a return; all-or-nothing: the caller refuses the file if any row has a
    problem. Rows are numbered as a spreadsheet shows them (the header is row 1)."""
    names = [_text(h).lower().replace(" ", "_") for h in header]
    index = {name: names.index(name) for name in RETURN_COLUMNS if name in names}
    good: list[ReturnRow] = []
    problems: list[dict] = []
    if len(rows) > MAX_RETURN_ROWS:
        return [], [{"row": 0, "problems": [f"A return has at most {MAX_RETURN_ROWS:,} rows"]}]
    last = month_end(period)
    for offset, row in enumerate(rows):
        number = offset + 2
        if all(_text(cell) == "" for cell in row):
            continue

        def cell(name: str, row=row):
            i = index.get(name)
            return row[i] if i is not None and i < len(row) else None

        found = []
        customer = _text(cell("customer_code"))
        if not customer:
            found.append("Enter the customer's organisation code")
        elif len(customer) > 20:
            found.append("The customer code is longer than 20 characters")
        invoiced = _date(cell("invoice_date"))
        if invoiced is None:
            found.append("Enter the invoice date as YYYY-MM-DD or DD/MM/YYYY")
        elif not period <= invoiced <= last:
            found.append(f"The invoice date {spoken_date(invoiced)} is outside {period_label(period)}")
        value = _money(cell("value"))
        if value is None:
            found.append(f"Enter the value in pounds, like 1250.00 (got {_text(cell('value'))!r})")
        elif value == 0:
            found.append("A sale of £0.00 is not a sale: leave the row out")
        reference = _text(cell("order_reference")).upper()
        if len(reference) > 20:
            found.append("The order reference is longer than 20 characters")
        description = _text(cell("description"))[:255]
        if found:
            problems.append({"row": number, "problems": found})
        else:
            good.append(ReturnRow(number, reference, customer.upper(), invoiced, description, value))
    if not good and not problems:
        problems.append({"row": 0, "problems": ["The file has no sales: make a nil return instead"]})
    return good, problems


# --- Reconciliation -------------------------------------------------------------------------


@dataclass(frozen=True)
class Reconciliation:
    ordered_total: Decimal
    declared_total: Decimal
    under_declared: Decimal  # sum over orders of what the return left out
    over_declared: Decimal  # sum over orders of what the return declared beyond the order
    off_platform: Decimal  # declared against no order the platform knows
    matched_orders: int
    mismatched_orders: int
    missing_orders: int  # ordered, absent from the return

    @property
    def fee_base(self) -> Decimal:
        return to_money(self.declared_total + self.under_declared)

    @property
    def balanced(self) -> bool:
        return self.mismatched_orders == 0 and self.missing_orders == 0


def reconcile(ordered: dict[str, Decimal], declared: dict[str, Decimal]) -> Reconciliation:
    """Reconcile orders (reference -> value ordered in the month) against a return
    (reference -> value declared; "" for sales against no reference). The services do the same
    sums in SQL over whole tables; this is the rule they must agree with."""
    zero = Decimal("0")
    under = over = off = zero
    matched = mismatched = missing = 0
    for reference, value in ordered.items():
        got = declared.get(reference)
        if got is None:
            missing += 1
            under += value
        elif got == value:
            matched += 1
        else:
            mismatched += 1
            if got < value:
                under += value - got
            else:
                over += got - value
    for reference, value in declared.items():
        if reference not in ordered:
            off += value
    return Reconciliation(
        ordered_total=to_money(sum(ordered.values(), zero)),
        declared_total=to_money(sum(declared.values(), zero)),
        under_declared=to_money(under),
        over_declared=to_money(over),
        off_platform=to_money(off),
        matched_orders=matched,
        mismatched_orders=mismatched,
        missing_orders=missing,
    )


def payment_refusal(
    paid_on: date | None, amount: Decimal, invoice_amount: Decimal, paid: date, today: date
) -> Refusal | None:
    if paid_on is not None:
        return Refusal(ErrorCode.FEE_INVOICE_PAID, f"This invoice was paid on {spoken_date(paid_on)}")
    if paid > today:
        return Refusal(ErrorCode.FEE_RETURN_INVALID, "The payment date cannot be in the future")
    if amount != invoice_amount:
        return Refusal(
            ErrorCode.FEE_RETURN_INVALID,
            f"The payment ({amount}) must match the invoice ({invoice_amount}): record the full amount",
        )
    return None
