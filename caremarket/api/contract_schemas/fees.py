"""Schemas for management fees: returns, invoices, payments, positions and flags."""

from datetime import date

from ninja import Field, Schema

from caremarket.api.contract_schemas.common import AMOUNT, OrgRef
from caremarket.api.schemas import IsoDate, Out


class ReturnOut(Out):
    id: int
    supplier: OrgRef
    agreement: str
    period: date
    is_nil: bool
    rows: int
    declared_total: str
    state: str
    invoice: str | None


class InvoiceOut(Out):
    id: int
    number: str
    supplier: OrgRef
    agreement: str
    period: date
    ordered_total: str
    declared_total: str
    under_declared: str
    over_declared: str
    off_platform: str
    matched_orders: int
    mismatched_orders: int
    missing_orders: int
    fee_base: str
    fee_rate: str
    amount: str
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
    accrued: str
    invoiced: str
    paid: str
    overdue: str
    flags: list[FlagOut]


class PaymentIn(Schema):
    amount: str = Field(..., pattern=AMOUNT)
    paid_on: IsoDate | None = None
