"""Schemas for the agreements API: what it returns and what it accepts."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from ninja import Field, FilterSchema, Schema

from caremarket.agreements import selectors
from caremarket.agreements.choices import PriceUnit
from caremarket.api.schemas import AmountIn, BlankIfNull, IsoDate, Money, NotNull
from caremarket.orgs.choices import CertificationScheme
from caremarket.rules.admission import DataHandling, Ground, Interoperability, Performance
from caremarket.rules.agreements import AgreementKind, AgreementStatus, Procedure, Threshold

REFERENCE = r"^[A-Za-z0-9][A-Za-z0-9.-]{1,29}$"
RATE = r"^0(\.\d{1,4})?$"


class Stage(StrEnum):
    OPEN = AgreementStatus.OPEN.value
    LIVE = AgreementStatus.LIVE.value
    CLOSED = AgreementStatus.CLOSED.value


# --- Output ---------------------------------------------------------------------------------


class AgreementOut(Schema):
    reference: str
    title: str
    owner_code: str
    owner_name: str
    kind: str
    status: str
    starts_on: date
    ends_on: date
    applications_open_on: date | None
    applications_close_on: date | None
    management_fee_rate: str
    required_standards: list[str]
    max_call_off_term_months: int | None
    review_interval_months: int

    @staticmethod
    def resolve_owner_code(obj) -> str:
        return obj.owner.code

    @staticmethod
    def resolve_owner_name(obj) -> str:
        return obj.owner.name

    @staticmethod
    def resolve_status(obj) -> str:
        return str(obj.status())

    @staticmethod
    def resolve_management_fee_rate(obj) -> str:
        return str(obj.management_fee_rate)


class RulesOut(Schema):
    version: int
    procedures: list[str]
    takes_new_suppliers: bool
    price_units: list[str]
    thresholds: dict[str, Money]
    note: str
    created_at: datetime


class RulesWithQuestionsOut(RulesOut):
    questions: list[dict[str, Any]]


class LotOut(Schema):
    number: int
    code: str
    title: str
    description: str
    rules: RulesOut | None

    @staticmethod
    def resolve_rules(obj):
        return obj.current_rules


class LotDetailOut(LotOut):
    agreement: str
    rules: RulesWithQuestionsOut | None

    @staticmethod
    def resolve_agreement(obj) -> str:
        return obj.agreement.reference


class AgreementDetailOut(AgreementOut):
    description: str
    lots: list[LotOut]

    @staticmethod
    def resolve_lots(obj):
        return selectors.lots_of(obj)


class SupplierOut(Schema):
    code: str
    name: str
    is_sme: bool
    is_vcse: bool


class RouteOut(Schema):
    procedure: Procedure
    label: str
    allowed: bool
    code: str | None = Field(None, description="The refusal's stable error code, when not allowed")
    reason: str | None = Field(None, description="Why the lot does not offer this route today")


class LotRoutesOut(Schema):
    """Buy from this lot: each call-off procedure, offered today or refused with the reason,
    and the suppliers a further competition would invite."""

    agreement: str
    lot: int
    today: date
    routes: list[RouteOut]
    invitable: list[SupplierOut]


class LotSupplierOut(Schema):
    supplier: SupplierOut
    status: str
    ground: str
    admitted_on: date
    compliance_gaps: list[str]
    invitable: bool
    reason: str | None


class StandingChangeOut(Schema):
    from_status: str
    to_status: str
    ground: str
    reason: str
    changed_at: datetime


class PlaceOut(LotSupplierOut):
    history: list[StandingChangeOut]


class ReviewOut(Schema):
    year: int
    status: str
    completed_at: datetime | None
    summary: str


class ReviewEntryOut(Schema):
    supplier: SupplierOut
    lots: list[str]
    performance: str
    performance_notes: str
    fees_status: str  # from the fee invoices today, as the fees page shows it
    fees_outstanding: Money  # overdue on the fee invoices today
    data_handling: str
    interoperability: str
    compliance_gaps: list[str]
    recorded_at: datetime | None


class ReviewDetailOut(ReviewOut):
    agreement: str
    entries: list[ReviewEntryOut]


# --- Input ----------------------------------------------------------------------------------


class AgreementQuery(FilterSchema):
    q: str = Field("", description="Part of the reference or title")
    kind: AgreementKind | None = None
    status: AgreementStatus | None = None
    owner: str = Field("", description="The owner's organisation code")


class AgreementIn(Schema):
    owner_code: str = Field(min_length=2, max_length=20)
    reference: str = Field(pattern=REFERENCE)
    title: str = Field(min_length=1, max_length=255)
    kind: AgreementKind
    starts_on: IsoDate
    ends_on: IsoDate
    description: str = Field("", max_length=5000)
    management_fee_rate: str = Field("0.01", pattern=RATE, description="A fraction: 0.01 is 1%")
    required_standards: list[CertificationScheme] = []
    max_call_off_term_months: int | None = Field(None, ge=1, le=240)
    review_interval_months: int = Field(12, ge=1, le=60)


class AgreementPatch(Schema):
    """Leave a field out to keep it; null clears the description and the longest call-off
    term, and is refused elsewhere."""

    title: Annotated[str, NotNull] = Field(None, min_length=1, max_length=255)
    description: Annotated[str | None, BlankIfNull] = Field(None, max_length=5000)
    ends_on: Annotated[IsoDate, NotNull] = None
    management_fee_rate: Annotated[str, NotNull] = Field(None, pattern=RATE)
    required_standards: Annotated[list[CertificationScheme], NotNull] = None
    max_call_off_term_months: int | None = Field(None, ge=1, le=240)
    review_interval_months: Annotated[int, NotNull] = Field(None, ge=1, le=60)


class TransitionIn(Schema):
    to: Stage
    applications_open_on: IsoDate | None = None
    applications_close_on: IsoDate | None = Field(None, description="A framework's window, when it opens")


class RulesIn(Schema):
    procedures: list[Procedure] = Field(min_length=1)
    takes_new_suppliers: bool = True
    price_units: list[PriceUnit] = []
    thresholds: dict[Threshold, AmountIn] = Field({}, description="Amounts in pounds, like 50,000.00")
    questions: list[dict[str, Any]] | None = Field(
        None, description="Leave out to keep the current questions"
    )
    note: str = Field("", max_length=255)


class LotIn(RulesIn):
    title: str = Field(min_length=1, max_length=255)
    number: int | None = Field(None, ge=1, le=999)
    code: str = Field("", max_length=60)
    description: str = Field("", max_length=5000)


class SuspensionIn(Schema):
    ground: Ground
    reason: str = Field(min_length=1, max_length=5000)


class ReinstatementIn(Schema):
    reason: str = Field(min_length=1, max_length=5000)


class ReviewIn(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


class ReviewEntryIn(Schema):
    """A supplier's evidence in the review; its fee record is read from its fee invoices."""

    performance: Performance
    data_handling: DataHandling
    interoperability: Interoperability
    performance_notes: str = Field("", max_length=5000)
    notes: str = Field("", max_length=5000)


class ReviewCompleteIn(Schema):
    summary: str = Field("", max_length=5000)
