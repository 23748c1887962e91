"""Schemas for the contracts API: contracts, orders, fees, performance, continuity, delivery
and GP IT. Money is a string of pounds ("1250.00"), never a float."""

from datetime import date, datetime
from enum import StrEnum

from ninja import Field, Schema

from caremarket.api.schemas import IsoDate, Out
from caremarket.rules.continuity import TriggerReason
from caremarket.rules.contracts import Origin
from caremarket.rules.delivery import Stage
from caremarket.rules.performance import Direction, Domain

AMOUNT = r"^£?\d{1,3}(,?\d{3})*(\.\d{1,2})?$"
DECIMAL = r"^-?\d{1,9}(\.\d{1,3})?$"


class ByHand(StrEnum):
    EXISTING = Origin.EXISTING.value
    NHS_SLA = Origin.NHS_SLA.value
    DIRECT_AWARD = Origin.DIRECT_AWARD.value
    MCP_GATEWAY = Origin.MCP_GATEWAY.value


class RegisterStatus(StrEnum):
    IN_FORCE = "in_force"
    DRAFT = "draft"
    SIGNED = "signed"
    LIVE = "live"
    EXTENDED = "extended"
    EXPIRING = "expiring"
    ENDED = "ended"
    TERMINATED = "terminated"


class Decision(StrEnum):
    APPROVED = "approved"
    REFUSED = "refused"


# --- Output -----------------------------------------------------------------------------------


class OrgRef(Out):
    code: str
    name: str


class KpiOut(Out):
    code: str
    name: str
    domain: str
    target: str
    direction: str
    unit: str


class VariationOut(Out):
    number: int
    summary: str
    changes: dict
    agreed_on: date


class SubcontractOut(Out):
    subcontractor: OrgRef
    share_percent: str
    services: str


class ExceptionOut(Out):
    id: int
    months: int
    reason: str
    reprocurement_starts_on: date
    reprocurement_award_by: date
    status: str


class ContractOut(Out):
    reference: str
    title: str
    buyer: OrgRef
    supplier: OrgRef
    origin: str
    status: str
    value: str
    starts_on: date
    ends_on: date
    term: str
    options_left: list[int]
    agreement: str | None
    is_sla: bool


class ContractDetailOut(ContractOut):
    notice_months: int
    service_specification: str
    payment_mechanism: str
    risk_share: str
    has_dpa: bool
    tupe: bool
    expiring_days: int
    price_list: list[dict]
    committed: str
    lead_share_percent: str
    kpis: list[KpiOut]
    variations: list[VariationOut]
    subcontractors: list[SubcontractOut]
    exceptions: list[ExceptionOut]


class LineOut(Out):
    position: int
    item: str
    unit: str
    unit_price: str
    quantity: int
    value: str
    site: str | None
    recipient: str | None
    delivery_date: date | None
    price_source: dict


class RevisionOut(Out):
    id: str
    value: str
    fee: str
    reason: str
    created_at: datetime


class OrderOut(Out):
    reference: str
    revision_id: str
    title: str
    buyer: OrgRef
    supplier: OrgRef
    source: str
    contract: str | None
    agreement: str | None
    value: str
    fee: str
    placed_on: date


class OrderDetailOut(OrderOut):
    lines: list[LineOut]
    revisions: list[RevisionOut]


class DeliveryOut(Out):
    id: int
    order: str
    site: str
    site_name: str
    stage: str
    required_by: date | None
    late: bool


class ProgressOut(Out):
    group: str
    ordered: int
    installed: int
    live: int
    migrated: int
    total: int
    percent_migrated: str


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


class KpiResultOut(Out):
    period: date
    actual: str
    rag: str


class KpiTrendOut(Out):
    kpi: KpiOut
    results: list[KpiResultOut]


class DomainScoreOut(Out):
    domain: str
    score: str | None
    rag: str | None


class PerformanceOut(Out):
    contract: str
    kpis: list[KpiTrendOut]
    scorecard: list[DomainScoreOut]


class KpiReturnOut(Out):
    kpi: str
    period: date
    actual: str
    rag: str
    suspension_proposed: bool


class ProposalOut(Out):
    id: int
    contract: str
    supplier: OrgRef
    kpi: str
    reason: str
    status: str
    outcome: str


class AllocationOut(Out):
    id: int
    commissioner: OrgRef
    agreement: str
    financial_year: int
    amount: str
    spent: str
    remaining: str


class HandoverItemOut(Out):
    position: int
    title: str
    status: str


class HandoverOut(Out):
    id: int
    contract: str
    outgoing: OrgRef
    incoming: OrgRef
    reason: str
    completed: bool
    items: list[HandoverItemOut]


class BackstopOut(Out):
    id: int
    owner: OrgRef
    category: str
    title: str
    suppliers: list[OrgRef]


class OwnSystemOut(Out):
    id: int
    practice: OrgRef
    commissioner: OrgRef
    system_name: str
    status: str
    reason: str


class ChoiceOut(Out):
    practice: str
    solution: str


# --- Input ------------------------------------------------------------------------------------


class PriceIn(Schema):
    item: str = Field(..., min_length=1, max_length=200)
    unit: str = Field("", max_length=40)
    unit_price: str = Field(..., pattern=AMOUNT)


class KpiIn(Schema):
    code: str = Field(..., min_length=1, max_length=40, pattern=r"^[a-z0-9-]+$")
    name: str = Field(..., min_length=1, max_length=200)
    target: str = Field(..., pattern=DECIMAL)
    domain: Domain = Domain.SERVICES
    direction: Direction = Direction.HIGHER
    unit: str = Field("", max_length=30)


class ContractIn(Schema):
    buyer_code: str = Field(..., max_length=20)
    supplier_code: str = Field(..., max_length=20)
    origin: ByHand
    title: str = Field(..., min_length=1, max_length=255)
    value: str = Field(..., pattern=AMOUNT)
    starts_on: IsoDate
    term: str = Field(..., max_length=40, description="Initial period and options, e.g. 3+1+1 (years)")
    reference: str = Field("", max_length=30, pattern=r"^[A-Za-z0-9-]*$")
    agreement: str = Field("", max_length=30, description="Agreement reference, for a direct award")
    lot: int | None = Field(None, ge=1, le=999)
    notice_months: int = Field(3, ge=0, le=36)
    service_specification: str = Field("", max_length=20000)
    payment_mechanism: str = Field("", max_length=255)
    risk_share: str = Field("", max_length=255)
    has_dpa: bool = False
    tupe: bool = False
    expiring_days: int = Field(90, ge=1, le=730)
    price_list: list[PriceIn] = Field(default_factory=list, max_length=500)
    kpis: list[KpiIn] = Field(default_factory=list, max_length=50)


class ExceptionIn(Schema):
    months: int = Field(..., ge=1, le=24)
    reason: str = Field(..., min_length=1, max_length=5000)
    reprocurement_starts_on: IsoDate
    reprocurement_award_by: IsoDate


class DecisionIn(Schema):
    decision: Decision
    reason: str = Field("", max_length=5000)


class VariationIn(Schema):
    summary: str = Field(..., min_length=1, max_length=5000)
    changes: dict[str, str] = Field(..., description="Field to new value: value, notice_months, title, …")
    agreed_on: IsoDate | None = None


class TerminationIn(Schema):
    reason: str = Field(..., min_length=1, max_length=5000)


class SubcontractIn(Schema):
    subcontractor_code: str = Field(..., max_length=20)
    share_percent: str = Field(..., pattern=r"^\d{1,3}(\.\d{1,2})?$")
    services: str = Field("", max_length=255)


class LineIn(Schema):
    item: str = Field(..., min_length=1, max_length=200)
    quantity: int = Field(..., ge=1, le=100_000)
    site: str = Field("", max_length=30)
    recipient: str = Field("", max_length=20)
    delivery_date: IsoDate | None = None


class OrderIn(Schema):
    buyer_code: str = Field("", max_length=20, description="Defaults to the organisation you act for")
    contract: str = Field("", max_length=30)
    agreement: str = Field("", max_length=30)
    lot: int | None = Field(None, ge=1, le=999)
    supplier_code: str = Field("", max_length=20)
    procedure: str = Field("", max_length=30)
    buying_club: int | None = Field(None, ge=1)
    allocation: int | None = Field(None, ge=1)
    title: str = Field("", max_length=255)
    lines: list[LineIn] = Field(..., min_length=1, max_length=1000)


class AmendmentIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)
    lines: list[LineIn] = Field(..., min_length=1, max_length=1000)


class StageIn(Schema):
    stage: Stage
    on: IsoDate | None = None


class KpiResultIn(Schema):
    period: IsoDate
    actual: str = Field(..., pattern=DECIMAL)
    note: str = Field("", max_length=2000)


class FeedbackIn(Schema):
    domain: Domain
    stars: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=2000)


class PaymentIn(Schema):
    amount: str = Field(..., pattern=AMOUNT)
    paid_on: IsoDate | None = None


class ProposalDecisionIn(Schema):
    suspend: bool
    outcome: str = Field(..., min_length=1, max_length=2000)


class AllocationIn(Schema):
    agreement: str = Field(..., max_length=30)
    commissioner_code: str = Field(..., max_length=20)
    financial_year: int = Field(..., ge=2000, le=2100)
    amount: str = Field(..., pattern=AMOUNT)


class FoundationIn(Schema):
    practice_code: str = Field(..., max_length=20)
    solution: str = Field(..., max_length=200)


class OwnSystemIn(Schema):
    practice_code: str = Field(..., max_length=20)
    commissioner_code: str = Field(..., max_length=20)
    system_name: str = Field(..., min_length=1, max_length=200)
    purpose: str = Field(..., min_length=1, max_length=5000)


class BackstopIn(Schema):
    owner_code: str = Field(..., max_length=20)
    category: str = Field(..., min_length=1, max_length=40)
    title: str = Field(..., min_length=1, max_length=200)
    supplier_codes: list[str] = Field(..., min_length=1, max_length=20)


class TriggerIn(Schema):
    contract: str = Field(..., max_length=30)
    reason: TriggerReason
    details: str = Field(..., min_length=1, max_length=5000)


class ItemDoneIn(Schema):
    note: str = Field("", max_length=255)
