"""Management fees: the supplier's monthly MI return (a CSV or XLSX file checked row by row and
taken all-or-nothing, or a nil return), reconciliation against orders as set-based SQL, the
invoice, its payment, and the flags late returns and unpaid fees raise to the agreement's review."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

from caremarket.agreements.models import Agreement, LotSupplier
from caremarket.audit.services import audit_record
from caremarket.contracts.choices import FlagKind
from caremarket.contracts.models import FeeFlag, FeeInvoice, FeeReturn, Order, ReturnLine
from caremarket.contracts.reconciliation import reconcile_return
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, ImportFailed, RuleViolation, ValidationFailed
from caremarket.core.money import parse_money, to_money
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.core.tabular import read_table
from caremarket.orgs.models import Organisation
from caremarket.rules import fees as rules
from caremarket.rules.contracts import ORDER_ID
from caremarket.rules.dates import spoken_date
from caremarket.rules.table_limits import TableLimits

MAX_BYTES = 20 * 1024 * 1024  # a CSV of the most rows a return takes is about 14 MB
# A return is read by `core/tabular.py` as a stream, these limits checked while it is read. A
# workbook of 140,000 rows unzips to about 40 MB and takes openpyxl about as long as it may
# spend; a bigger return goes as CSV, which reads 200,000 rows in under a second.
RETURN_LIMITS = TableLimits(
    max_bytes=MAX_BYTES,
    max_unpacked_bytes=40 * 1024 * 1024,
    max_rows=rules.MAX_RETURN_ROWS,
    max_columns=30,
    max_cell=1_000,
    max_seconds=12.0,
    csv_suffixes=(".csv", ".txt"),
    what="a monthly return",
    not_xlsx="The file is not an Excel workbook (.xlsx)",
)


class UnreadableReturn(Exception):
    pass


def _read_return_file(name: str, content: bytes) -> tuple[list[str], list[list]]:
    """The heading and the rows of a return file. ValidationFailed for a file that breaks
    RETURN_LIMITS or cannot be read; UnreadableReturn for an empty one."""
    rows = [
        list(row)
        for row in read_table(name, content, RETURN_LIMITS, code=ErrorCode.FEE_RETURN_FILE_NOT_READABLE)
    ]
    if not rows:
        raise UnreadableReturn("The file is empty")
    return [("" if h is None else str(h)) for h in rows[0]], rows[1:]


def _template_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(rules.RETURN_COLUMNS)
    writer.writerow(["C000123", "QJG", "2026-10-03", "HSCN connection, 100 Mbit/s", "1250.00"])
    return out.getvalue().encode()


def _order_number(reference: str) -> int | None:
    match = (
        ORDER_ID.match(reference + "-01") if reference and "-" not in reference else ORDER_ID.match(reference)
    )
    return int(match.group(1)) if match else None


@service
def fee_return_submit(
    *,
    actor: Actor,
    supplier: Organisation,
    agreement: Agreement,
    period: date,
    file_name: str = "",
    content: bytes | None = None,
    nil: bool = False,
) -> FeeReturn:
    """Submit the month's management information: a file of sales through the agreement, every
    row checked and the file refused whole if any row is wrong; or a nil return."""
    require(actor, "contracts.submit_return", supplier)
    if not LotSupplier.objects.filter(lot__agreement=agreement, supplier=supplier).exists():
        raise RuleViolation(
            f"{supplier.name} has no place on {agreement.reference}: it makes no returns for it",
            code=ErrorCode.SUPPLIER_NOT_ON_LOT,
        )
    refusal = rules.period_refusal(
        period, clock.today(), agreement_starts_on=agreement.starts_on, agreement_ends_on=agreement.ends_on
    )
    if refusal:
        raise refusal.error(period=period.isoformat())
    if FeeReturn.objects.filter(supplier=supplier, agreement=agreement, period=period).exists():
        raise Conflict(
            f"{supplier.name} has already made its {rules.period_label(period)} return "
            f"for {agreement.reference}",
            code=ErrorCode.FEE_RETURN_EXISTS,
        )
    rows: list[rules.ReturnRow] = []
    if nil:
        if content:
            raise ValidationFailed.for_field("file", "A nil return has no file: choose one or the other")
    else:
        if not content:
            raise ValidationFailed.for_field("file", "Upload the return file, or make a nil return")
        try:
            header, raw = _read_return_file(file_name, content)
        except UnreadableReturn as exc:
            raise ValidationFailed(
                str(exc),
                code=ErrorCode.FEE_RETURN_FILE_NOT_READABLE,
                details={"fields": {"file": [str(exc)]}},
            ) from None
        missing = rules.header_problems(header)
        if missing:
            raise ImportFailed(missing[0], problems=[{"row": 1, "problems": missing}])
        rows, problems = rules.parse_return_rows(header, raw, period=period)
        if problems:
            count = sum(1 for p in problems if p["row"])
            raise ImportFailed(
                f"The return was not taken: {count} row{'' if count == 1 else 's'} have problems"
                if count
                else problems[0]["problems"][0],
                problems=problems,
            )
    fee_return = FeeReturn.objects.create(
        supplier=supplier,
        agreement=agreement,
        period=period,
        is_nil=nil,
        declared_total=to_money(sum((r.value for r in rows), Decimal("0"))),
        row_count=len(rows),
        file_name=file_name[:255],
        submitted_by=actor.person,
    )
    ReturnLine.objects.bulk_create(
        (
            ReturnLine(
                fee_return=fee_return,
                row=r.row,
                order_reference=r.order_reference,
                order_number=_order_number(r.order_reference),
                customer_code=r.customer_code,
                invoice_date=r.invoice_date,
                description=r.description,
                value=r.value,
            )
            for r in rows
        ),
        batch_size=5000,
    )
    # A return resolves its missing-return flag; a late one is flagged as late.
    FeeFlag.objects.filter(
        agreement=agreement,
        supplier=supplier,
        period=period,
        kind=FlagKind.MISSING_RETURN,
        resolved_at__isnull=True,
    ).update(resolved_at=clock.now())
    if fee_return.state == rules.ReturnState.LATE:
        FeeFlag.objects.get_or_create(
            agreement=agreement,
            supplier=supplier,
            kind=FlagKind.LATE_RETURN,
            period=period,
            defaults={
                "detail": f"Submitted {spoken_date(clock.today())}, due {spoken_date(fee_return.due_on)}"
            },
        )
    audit_record(
        actor=actor,
        action="fee_return.submitted",
        obj=fee_return,
        organisation_id=supplier.pk,
        after={
            "agreement": agreement.reference,
            "period": period,
            "nil": nil,
            "rows": len(rows),
            "declared_total": fee_return.declared_total,
            "state": str(fee_return.state),
        },
    )
    return fee_return


@service
def fee_invoice_issue(*, actor: Actor, fee_return: FeeReturn) -> FeeInvoice:
    """Reconcile the return against orders and invoice the management fee: the agreement's rate
    on the declared sales plus whatever the return under-declared."""
    fee_return = (
        FeeReturn.objects.select_for_update(of=("self",))
        .select_related("agreement", "supplier")
        .get(pk=fee_return.pk)
    )
    agreement = fee_return.agreement
    require(actor, "contracts.manage_fees", agreement)
    if FeeInvoice.objects.filter(fee_return=fee_return).exists():
        raise Conflict(f"{fee_return} has already been invoiced", code=ErrorCode.FEE_INVOICE_EXISTS)
    result = reconcile_return(fee_return)
    totals = result.totals
    today = clock.today()
    invoice = FeeInvoice.objects.create(
        fee_return=fee_return,
        supplier=fee_return.supplier,
        agreement=agreement,
        period=fee_return.period,
        ordered_total=totals.ordered_total,
        declared_total=totals.declared_total,
        under_declared=totals.under_declared,
        over_declared=totals.over_declared,
        off_platform=totals.off_platform,
        matched_orders=totals.matched_orders,
        mismatched_orders=totals.mismatched_orders,
        missing_orders=totals.missing_orders,
        fee_base=totals.fee_base,
        fee_rate=agreement.management_fee_rate,
        amount=rules.fee_for(totals.fee_base, agreement.management_fee_rate),
        discrepancies=result.discrepancies,
        issued_on=today,
        due_on=today + timedelta(days=rules.DEFAULT_PAYMENT_DAYS),
        issued_by=actor.person,
    )
    audit_record(
        actor=actor,
        action="fee_invoice.issued",
        obj=invoice,
        organisation_id=fee_return.supplier_id,
        after={
            "invoice": invoice.number,
            "period": fee_return.period,
            "ordered_total": totals.ordered_total,
            "declared_total": totals.declared_total,
            "fee_base": totals.fee_base,
            "amount": invoice.amount,
            "balanced": totals.balanced,
        },
    )
    return invoice


@service
def fee_invoice_record_payment(
    *, actor: Actor, invoice: FeeInvoice, amount, paid_on: date | None = None
) -> FeeInvoice:
    invoice = (
        FeeInvoice.objects.select_for_update(of=("self",)).select_related("agreement").get(pk=invoice.pk)
    )
    require(actor, "contracts.manage_fees", invoice.agreement)
    paid_on = paid_on or clock.today()
    paid = parse_money(amount, field="amount")
    refusal = rules.payment_refusal(invoice.paid_on, paid, invoice.amount, paid_on, clock.today())
    if refusal:
        raise refusal.error(invoice=invoice.number)
    invoice.paid_on = paid_on
    invoice.save(update_fields=["paid_on"])
    FeeFlag.objects.filter(
        agreement=invoice.agreement_id,
        supplier=invoice.supplier_id,
        period=invoice.period,
        kind=FlagKind.UNPAID_FEE,
        resolved_at__isnull=True,
    ).update(resolved_at=clock.now())
    audit_record(
        actor=actor,
        action="fee_invoice.paid",
        obj=invoice,
        organisation_id=invoice.supplier_id,
        after={"invoice": invoice.number, "amount": paid, "paid_on": paid_on},
    )
    return invoice


def _months(start: date, end: date) -> list[date]:
    months, month = [], rules.month_start(start)
    while month <= end:
        months.append(month)
        month = rules.next_month(month)
    return months


@service
def fee_flags_raise(*, actor: Actor, agreement: Agreement, months_back: int = 12) -> list[FeeFlag]:
    """Flag every missing or late return and every overdue fee of the last `months_back` months,
    and write every open flag into the supplier's entry in the agreement's annual review, in the
    same transaction. Each flag is raised once (and resolved when put right); flagging again
    writes nothing twice. Returns the flags raised now."""
    from caremarket.agreements.services import FeeFlagIn
    from caremarket.agreements.services.reviews import _review_fee_flags_record

    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    require(actor, "contracts.manage_fees", agreement)
    today = clock.today()
    first = max(
        rules.month_start(agreement.starts_on), rules.month_start(today - timedelta(days=31 * months_back))
    )
    last = min(rules.month_start(today - timedelta(days=1)), rules.month_start(agreement.ends_on))
    periods = _months(first, last)
    suppliers = set(
        LotSupplier.objects.filter(lot__agreement=agreement)
        .values_list("supplier_id", "admitted_on")
        .distinct()
    )
    submitted = {
        (r.supplier_id, r.period): clock.local(r.submitted_at).date()
        for r in FeeReturn.objects.filter(agreement=agreement, period__gte=first).only(
            "supplier_id", "period", "submitted_at"
        )
    }
    due: list[tuple[int, rules.FeeFlagFact]] = []
    for supplier_id, admitted_on in suppliers:
        for period in periods:
            fact = rules.return_flag(
                period, submitted.get((supplier_id, period)), today, admitted_on=admitted_on
            )
            if fact:
                due.append((supplier_id, fact))
    for invoice in FeeInvoice.objects.filter(agreement=agreement, paid_on__isnull=True, due_on__lt=today):
        fact = rules.invoice_flag(
            invoice.period, invoice.number, invoice.amount, invoice.due_on, invoice.paid_on, today
        )
        if fact:
            due.append((invoice.supplier_id, fact))
    raised = []
    for supplier_id, fact in due:
        item, created = FeeFlag.objects.get_or_create(
            agreement=agreement,
            supplier_id=supplier_id,
            kind=str(fact.kind),
            period=fact.period,
            defaults={"detail": fact.detail},
        )
        if created:
            raised.append(item)
    if raised:
        audit_record(
            actor=actor,
            action="fee_flags.raised",
            obj=agreement,
            organisation_id=agreement.owner_id,
            after={
                "flags": [
                    {"supplier": f.supplier_id, "kind": f.kind, "period": f.period.isoformat()}
                    for f in raised
                ]
            },
        )
    open_flags = FeeFlag.objects.filter(agreement=agreement, resolved_at__isnull=True).order_by(
        "period", "id"
    )
    _review_fee_flags_record(
        actor=actor,
        agreement=agreement,
        flags=[FeeFlagIn(f.supplier_id, f.kind, f.period, f.detail) for f in open_flags],
    )
    return raised


def _accrued_fees(agreement: Agreement, supplier_id: int | None = None) -> Decimal:
    """What every order on the agreement has accrued so far."""
    from django.db.models import Sum

    orders = Order.objects.filter(agreement=agreement)
    if supplier_id:
        orders = orders.filter(supplier_id=supplier_id)
    return orders.aggregate(total=Sum("fee"))["total"] or Decimal("0")
