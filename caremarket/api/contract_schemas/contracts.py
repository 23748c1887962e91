"""Schemas for contracts and NHS SLAs: the register, recording by hand, exceptions, variations,
termination and subcontractors."""

from datetime import date, datetime
from enum import StrEnum

from ninja import Field, Schema

from caremarket.api.contract_schemas.common import DECIMAL, KpiOut, OrgRef
from caremarket.api.schemas import AmountIn, IsoDate, Money, Out
from caremarket.rules.contracts import Origin
from caremarket.rules.performance import Direction, Domain
from caremarket.rules.psr import ModificationGround


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


class VariationOut(Out):
    number: int
    summary: str
    changes: dict
    agreed_on: date
    psr_ground: str = Field(
        "", description="The ground of regulation 13(1), for a Provider Selection Regime contract"
    )


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


class ExtensionOut(Out):
    months: int
    old_ends_on: date
    new_ends_on: date
    by_exception: bool = Field(..., description="Run on by an approved exception, not an option")
    taken_at: datetime
    taken_by: str


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


class ContractOut(Out):
    reference: str
    title: str
    buyer: OrgRef
    supplier: OrgRef
    origin: str
    status: str
    value: Money
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
    committed: Money
    lead_share_percent: str
    kpis: list[KpiOut]
    variations: list[VariationOut]
    subcontractors: list[SubcontractOut]
    exceptions: list[ExceptionOut]
    extensions: list[ExtensionOut] = Field(..., description="Extensions taken, oldest first")


class PriceIn(Schema):
    item: str = Field(..., min_length=1, max_length=200)
    unit: str = Field("", max_length=40)
    unit_price: AmountIn


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
    value: AmountIn
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


class VariationIn(Schema):
    summary: str = Field(..., min_length=1, max_length=5000)
    changes: dict[str, str] = Field(..., description="Field to new value: value, notice_months, title, …")
    agreed_on: IsoDate | None = None
    # A contract under the Provider Selection Regime only (ignored for any other): regulation 13.
    psr_ground: ModificationGround | None = Field(
        None,
        description="The ground of regulation 13(1) a Provider Selection Regime contract's modification "
        "relies on (required for such a contract; ignored for any other)",
    )
    materially_different_in_character: bool | None = Field(
        None,
        description="For external_factors or authority_decision: whether the change makes the contract "
        "materially different in character",
    )
    successor_meets_basic_selection_criteria: bool | None = Field(
        None,
        description="For provider_succession: whether the new provider meets the basic selection criteria",
    )


class TerminationIn(Schema):
    reason: str = Field(..., min_length=1, max_length=5000)


class SubcontractIn(Schema):
    subcontractor_code: str = Field(..., max_length=20)
    share_percent: str = Field(..., pattern=r"^\d{1,3}(\.\d{1,2})?$")
    services: str = Field("", max_length=255)
