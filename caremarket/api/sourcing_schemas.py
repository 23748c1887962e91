"""Schemas for the sourcing API: requirements, buying clubs, the route advisor,
collaborations, individual procurements, intentions, phasing and the diagnostic."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema
from pydantic import StrictInt, model_validator

from caremarket.api.schemas import AmountIn, BlankIfNull, Flag, IsoDate, Money, NotNull
from caremarket.orgs.choices import Region
from caremarket.rules.club_timetable import ClubKind
from caremarket.rules.route_facts import PURCHASES
from caremarket.sourcing.choices import CollaborationRoute, ValueBand

CODE = r"^[A-Za-z0-9][A-Za-z0-9.-]{0,29}$"


class ObjectIn(Schema):
    """A JSON object body: Ninja would otherwise read the defaults of a body that is a list."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, value):
        if not isinstance(getattr(value, "_obj", value), dict):
            raise ValueError("Send a JSON object")
        return value


class ClubMove(StrEnum):
    OPEN = "open_to_members"
    JOINING_CLOSED = "joining_closed"
    LAUNCHED = "launched"
    AWARDED = "awarded"
    CANCELLED = "cancelled"


# --- Requirements ----------------------------------------------------------------------------


class RequirementLineOut(Schema):
    id: int
    site_code: str
    service_type: str
    quantity: int
    unit: str
    size: str
    required_by: date
    notes: str


class RequirementSetOut(Schema):
    reference: str
    title: str
    organisation_code: str
    club: str | None
    lot: str | None
    line_count: int


class RequirementSetDetailOut(RequirementSetOut):
    lines: list[RequirementLineOut]
    allowed: dict[str, list[str]]


class RequirementSetIn(Schema):
    organisation_code: str = Field(..., pattern=CODE)
    title: str = Field(..., min_length=1, max_length=200)
    agreement: str | None = Field(None, pattern=CODE)
    lot: StrictInt | None = Field(None, ge=1, le=999)


class RequirementLineIn(Schema):
    site_code: str = Field(..., max_length=30)
    service_type: str = Field(..., max_length=100)
    quantity: StrictInt = Field(..., ge=1, le=100_000)
    unit: str = Field(..., max_length=60)
    size: str = Field("", max_length=60)
    required_by: IsoDate
    notes: str = Field("", max_length=1000)


class RequirementLinePatch(ObjectIn):
    """Leave a field out to keep it; null clears the notes, and is refused elsewhere."""

    site_code: Annotated[str, NotNull] = Field(None, max_length=30)
    service_type: Annotated[str, NotNull] = Field(None, max_length=100)
    quantity: Annotated[StrictInt, NotNull] = Field(None, ge=1, le=100_000)
    unit: Annotated[str, NotNull] = Field(None, max_length=60)
    size: Annotated[str, NotNull] = Field(None, max_length=60)
    required_by: Annotated[IsoDate, NotNull] = None
    notes: Annotated[str | None, BlankIfNull] = Field(None, max_length=1000)


# --- Buying clubs -----------------------------------------------------------------------------


class ClubOut(Schema):
    reference: str
    name: str
    kind: str
    region: str
    agreement: str
    lot: int
    lead_organisation_code: str
    launch_date: date | None
    join_notice_days: int
    join_deadline: date | None
    status: str
    launched_at: datetime | None
    member_count: int


class ClubIn(Schema):
    lead_organisation_code: str = Field(..., pattern=CODE)
    name: str = Field(..., min_length=1, max_length=200)
    reference: str = Field("", max_length=30)
    kind: ClubKind = ClubKind.REGIONAL
    region: Region | None = None
    agreement: str = Field(..., pattern=CODE)
    lot: StrictInt = Field(..., ge=1, le=999)
    launch_date: IsoDate | None = None
    join_notice_days: StrictInt = Field(42, ge=0, le=365)
    description: str = Field("", max_length=5000)


class ClubPatch(Schema):
    launch_date: IsoDate
    join_notice_days: StrictInt | None = Field(None, ge=0, le=365)


class ClubMoveIn(Schema):
    to: ClubMove
    reason: str = Field("", max_length=2000)
    winner: str = Field("", max_length=255)


class ClubMemberIn(Schema):
    organisation_code: str = Field(..., pattern=CODE)


# Its own name in the OpenAPI document (organisations have a MemberIn too).
MemberIn = ClubMemberIn


class ClubMemberOut(Schema):
    # Named apart from the organisation's MemberOut (api/orgs.py): the OpenAPI document keys
    # its schemas by class name, and one would silently replace the other.
    organisation_code: str
    organisation_name: str
    intent_confirmed_at: datetime
    requirements_submitted_at: datetime | None
    included_at_launch: bool
    requirement_set: str | None
    lines: int
    sites: int
    quantity: int


MemberOut = ClubMemberOut


class LegalEntityIn(Schema):
    name: str = Field(..., min_length=1, max_length=255)
    code: str = Field(..., min_length=1, max_length=30)


class LegalEntityOut(Schema):
    name: str
    code: str


class ClubSiteIn(Schema):
    site_code: str = Field(..., min_length=1, max_length=30)


class ClubSiteOut(Schema):
    site_code: str
    name: str


class BaselineLineOut(Schema):
    member: str
    site: str
    unit: str
    band: str
    quantity: int


class BaselineOut(Schema):
    club: str
    launched_at: datetime
    members: list[str]
    lines: list[BaselineLineOut]


# --- Route advice ---------------------------------------------------------------------------------


Purchase = StrEnum("Purchase", {code: code for code in PURCHASES})


class FactsIn(ObjectIn):
    name: str = Field("", max_length=200)
    purchase: Purchase | None = Field(
        None, description="What is being bought; only agreements that supply it are weighed"
    )
    region: Region | None = None
    sites: StrictInt = Field(1, ge=0, le=1_000_000)
    complex_needs: Flag = False
    needs_dialogue: Flag = False
    beyond_agreements: Flag = False
    procurement_expertise: Flag = False
    clear_plans: Flag = False
    collaboration: str = Field("", max_length=200)
    lead_organisation: str = Field("", max_length=200)
    buying_club: str = Field("", max_length=200)
    contract_end_dates: list[IsoDate] = Field(default_factory=list, max_length=50)
    estimated_value: AmountIn | None = None
    earliest_start: IsoDate | None = None
    latest_start: IsoDate | None = None
    central_government: Flag = False
    programme: Flag = False
    milestones_done: list[str] = Field(default_factory=list, max_length=20)


class OptionOut(Schema):
    route: str
    procedure: str
    agreement: str | None
    lot: int | None
    label: str
    eligible: bool
    rank: int | None
    score: int
    reasons: list[str]
    cautions: list[str]
    refusals: list[dict]


class MilestoneOut(Schema):
    key: str
    title: str
    due: date
    status: str
    days: int
    consequence: str
    message: str


class AdviceOut(Schema):
    recommended: OptionOut | None
    options: list[OptionOut]
    threshold: Money
    needed_by: date | None
    notes: list[str]
    plan: list[MilestoneOut]
    late: list[str]


# --- Collaborations, individual procurements ---------------------------------------------------------


class ProcurementIn(Schema):
    route: CollaborationRoute = CollaborationRoute.DPS
    agreement: str | None = Field(None, pattern=CODE)
    milestone_dates: dict[str, IsoDate] = Field(default_factory=dict)


class CollaborationIn(ProcurementIn):
    lead_organisation_code: str = Field(..., pattern=CODE)
    name: str = Field(..., min_length=1, max_length=200)
    intelligent_client_function: str = Field("", max_length=2000)
    technical_design_authority: str = Field("", max_length=2000)
    legal_access: str = Field("", max_length=2000)


class IndividualIn(ProcurementIn):
    organisation_code: str = Field(..., pattern=CODE)
    title: str = Field(..., min_length=1, max_length=200)


class PartnerIn(Schema):
    organisation_code: str = Field(..., pattern=CODE)
    commitment: str = Field("", max_length=2000)


class ProcurementOut(Schema):
    reference: str
    title: str
    organisation_code: str
    route: str
    agreement: str | None
    status: str
    partners: list[str]
    governance: dict[str, str]
    milestones: list[MilestoneOut]
    on_track: bool
    consequences: list[str]


# --- Intentions and phasing ----------------------------------------------------------------------------


class IntentionIn(Schema):
    organisation_code: str = Field(..., pattern=CODE)
    title: str = Field(..., min_length=1, max_length=255)
    description: str = Field("", max_length=5000)
    category: str = Field(..., max_length=60)
    region: Region
    value_band: ValueBand
    launch_on: IsoDate
    closes_on: IsoDate | None = None


class IntentionOut(Schema):
    reference: str
    organisation_code: str
    organisation_name: str
    title: str
    description: str
    category: str
    region: str
    value_band: str
    launch_on: date
    closes_on: date | None
    status: str
    published_at: datetime | None


class PhasingRowOut(Schema):
    month: date
    region: str
    launches: int
    closings: int


class CrowdingOut(Schema):
    category: str
    fortnight_start: date
    fortnight_end: date
    references: list[str]
    message: str


class PhasingOut(Schema):
    rows: list[PhasingRowOut]
    totals: list[PhasingRowOut]
    warnings: list[CrowdingOut]


# --- The diagnostic ----------------------------------------------------------------------------------------


class CostFigureIn(Schema):
    service_line: str = Field(..., max_length=40)
    option: str = Field(..., max_length=30)
    yearly_cost: AmountIn | None = None


class CostFiguresIn(Schema):
    figures: list[CostFigureIn] = Field(..., max_length=35)


class DiagnosticOptionOut(Schema):
    option: str
    cost: Money
    estimated: bool
    saving_vs_in_house: Money | None
    saving_percent: Decimal | None


class DiagnosticRowOut(Schema):
    service_line: str
    label: str
    options: list[DiagnosticOptionOut]
    cheapest: str | None
    notes: list[str]


class DiagnosticOut(Schema):
    organisation_code: str
    rows: list[DiagnosticRowOut]
    in_house_total: Money
    cheapest_total: Money
    saving_total: Money
