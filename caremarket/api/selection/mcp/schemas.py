"""The Most Suitable Provider API's request and response shapes (their class names are the
OpenAPI document's schema names: each is defined once, here)."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from caremarket.api.schemas import AmountIn, Id, IsoDate, Money, Out

Text = Field("", max_length=10000)
RatingValue = Literal["assured", "partially_assured", "not_assured"]


class MspStageOut(Out):
    stage: str
    name: str
    state: str
    refusal: str | None


class MspAllianceOut(Out):
    id: int
    name: str
    lead_code: str
    member_codes: list[str]
    letter_signed_on: date | None
    letter_sha256: str
    submitted_at: datetime | None
    contract_reference: str | None


class MspSessionOut(Out):
    number: int
    held_on: date
    subjects: list[str]
    presentation_notes: str
    qa: list[dict]


class MspPanelOut(Out):
    person_email: str
    declaration: str


class MspGatewayOut(Out):
    gateway: int
    decision: str
    rationale: str
    themes: list[str]
    decided_at: datetime


class MspAwardStepOut(Out):
    step: str
    allowed: bool
    why_not: str


class MspAwardOut(Out):
    """After gateway 2: the decision, the notice of intention, its standstill and the award."""

    alliance_id: int | None
    provider_code: str | None
    contract_value: Money | None
    decision_recorded: bool
    intention_published_on: date | None
    intention_notice_id: int | None
    standstill_ends_on: date | None
    contract_may_be_made_from: date | None
    representations: int
    review_decision: str
    awarded_on: date | None
    award_notice_id: int | None
    next_step: str
    steps: list[MspAwardStepOut]


class MspOut(Out):
    reference: str
    title: str
    stage: str
    framework: str
    framework_version: int
    submission_deadline: date | None
    market_notice_id: int | None
    next_step: str
    stages: list[MspStageOut]
    alliances: list[MspAllianceOut]
    sessions: list[MspSessionOut]
    panel: list[MspPanelOut]
    gateways: list[MspGatewayOut]
    linked_competition_reference: str | None
    ended_at: datetime | None
    award: MspAwardOut | None


class MspListOut(Out):
    reference: str
    title: str
    stage: str
    lead_commissioner_code: str


class MspStartIn(BaseModel):
    framework: str = Field(max_length=60)
    submission_deadline: IsoDate | None = None


class MspDeadlineIn(BaseModel):
    deadline: IsoDate


class MspAllianceIn(BaseModel):
    name: str = Field(max_length=200)
    lead_code: str = Field(max_length=30)
    member_codes: list[str] = Field(default_factory=list, max_length=50)


class MspNoticeIn(BaseModel):
    description: str = Text


class MspQaIn(BaseModel):
    question: str = Field(max_length=4000)
    answer: str = Field(max_length=4000)


class MspSessionIn(BaseModel):
    held_on: IsoDate
    subjects: list[str] = Field(max_length=20)
    presentation_notes: str = Text
    qa: list[MspQaIn] = Field(default_factory=list, max_length=100)


class MspDocumentOut(Out):
    id: int
    kind: str
    name: str
    size: int
    sha256: str
    uploaded_at: datetime


class MspPanelIn(BaseModel):
    person_email: str = Field(max_length=254)


class MspDeclarationIn(BaseModel):
    declaration: Literal["no_conflict", "conflict"]
    conflict_text: str = Text


class MspRatingIn(BaseModel):
    sub_criterion: str = Field(max_length=20)
    rating: RatingValue
    comment: str = Field(max_length=4000)


class MspRatingsIn(BaseModel):
    ratings: list[MspRatingIn] = Field(max_length=500)


class MspPanelRatingOut(Out):
    panel_member_email: str | None
    sub_criterion: str
    rating: str
    comment: str


class MspModeratedOut(Out):
    sub_criterion: str
    rating: str
    suggested: str
    rationale: str


class MspDomainOut(Out):
    domain: str
    suggested: str
    agreed: str
    rationale: str


class MspRatingsOut(Out):
    alliance: str
    visibility: str
    panel: list[MspPanelRatingOut]
    moderated: list[MspModeratedOut]
    domains: list[MspDomainOut]


class MspAgreedIn(BaseModel):
    sub_criterion: str = Field(max_length=20)
    rating: RatingValue
    rationale: str = Text


class MspDomainIn(BaseModel):
    domain: str = Field(max_length=20)
    rating: RatingValue
    rationale: str = Text


class MspModerationIn(BaseModel):
    sub_criteria: list[MspAgreedIn] = Field(max_length=500)
    domains: list[MspDomainIn] = Field(default_factory=list, max_length=100)
    overall: RatingValue | None = None
    overall_rationale: str = Text


class MspGateway1In(BaseModel):
    decision: Literal["progress", "divert"]
    rationale: str = Text
    themes: list[str] = Field(default_factory=list, max_length=50)
    notes: dict[str, str] = Field(
        default_factory=dict, description="Domain id -> why progress when not assured"
    )


class MspVersionOut(Out):
    id: int
    number: int
    kind: str
    sha256: str
    drafted_by_side: str
    agreed_by: list[str]
    document_status: str


class MspEngagementIn(BaseModel):
    held_on: IsoDate
    who: str = Field(max_length=255)
    summary: str = Field(max_length=10000)


class MspEngagementOut(Out):
    id: int
    held_on: date
    who: str
    summary: str


class MspGateway2In(BaseModel):
    rationale: str = Text


class MspCriterionIn(BaseModel):
    criterion: str = Field(max_length=60)
    weight: str | None = Field(None, max_length=10, description='A percentage, like "30"')
    importance: str = Field("", max_length=40)
    rationale: str = Text


class MspDecisionIn(BaseModel):
    alliance_id: Id
    contract_value: AmountIn
    criteria: list[MspCriterionIn] = Field(max_length=10)


class MspContractIn(BaseModel):
    value: AmountIn | None = Field(None, description="The decision's contract value (checked, if given)")
    starts_on: IsoDate
    term_months: int = Field(ge=1, le=600)
    signed_on: IsoDate | None = None


class MspContractOut(Out):
    reference: str
    supplier_code: str
    value: Money
    subcontractor_codes: list[str]
