"""Schemas for management fees: returns, invoices, payments, positions and flags."""

from datetime import date

from ninja import Schema

from caremarket.api.contract_schemas.common import OrgRef
from caremarket.api.schemas import AmountIn, IsoDate, Money, Out


class ReturnOut(Out):
    id: int
    supplier: OrgRef
    agreement: str
    period: date
    is_nil: bool
    rows: int
    declared_total: Money
    state: str
    invoice: str | None


class InvoiceOut(Out):
    id: int
    number: str
    supplier: OrgRef
    agreement: str
    period: date
    ordered_total: Money
    declared_total: Money
    under_declared: Money
    over_declared: Money
    off_platform: Money
    matched_orders: int
    mismatched_orders: int
    missing_orders: int
    fee_base: Money
    fee_rate: str
    amount: Money
    due_on: date
    paid_on: date | None
    state: str
    discrepancies: list[dict]


class FlagOut(Out):
    supplier: OrgRef
    kind: str
    period: date
    detail: str


class FeePositionOut(Out):
    supplier: OrgRef
    accrued: Money
    invoiced: Money
    paid: Money
    overdue: Money
    flags: list[FlagOut]


class PaymentIn(Schema):
    amount: AmountIn
    paid_on: IsoDate | None = None
