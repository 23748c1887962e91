"""Schemas for KPI results, the balanced scorecard, feedback and suspension proposals."""

from datetime import date, datetime

from ninja import Field, Schema

from caremarket.api.contract_schemas.common import DECIMAL, KpiOut, OrgRef
from caremarket.api.schemas import IsoDate, Out
from caremarket.rules.performance import Direction, Domain, Frequency


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
    suspended: bool | None


class KpiResultIn(Schema):
    period: IsoDate
    actual: str = Field(..., pattern=DECIMAL)
    note: str = Field("", max_length=2000)


class FeedbackIn(Schema):
    domain: Domain
    stars: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=2000)


class ProposalDecisionIn(Schema):
    suspend: bool
    outcome: str = Field(..., min_length=1, max_length=2000)


class KpiDefineIn(Schema):
    name: str = Field(..., max_length=200)
    unit: str = Field(..., max_length=30)
    target: str = Field(..., max_length=30)
    direction: Direction = Direction.HIGHER
    frequency: Frequency = Frequency.MONTHLY
    domain: Domain = Domain.SERVICES
    amber_limit: str | None = Field(None, max_length=30, description="The worst result still amber")
    code: str = Field("", max_length=40, description="Made from the name when blank")


class KpiDefinedOut(Out):
    code: str
    name: str
    unit: str
    target: str
    direction: str
    frequency: str
    domain: str
    amber_limit: str | None


class SelfAssessmentIn(Schema):
    period: IsoDate
    scores: dict[Domain, int] = Field(..., description="Each domain scored 1 to 5")
    notes: str = Field("", max_length=5000)


class SelfAssessmentOut(Out):
    period: date
    scores: dict[str, int]


class PlanIn(Schema):
    title: str = Field(..., max_length=200)
    actions: str = Field(..., max_length=5000)
    due_on: IsoDate
    kpi: str = Field("", max_length=40, description="The code of the KPI it is for, if any")
    form_key: str = Field("", max_length=64, description="Sent twice, the same key opens one plan")


class PlanUpdateOut(Out):
    progress: str
    recorded_at: datetime


class PlanOut(Out):
    id: int
    contract: str
    title: str
    actions: str
    kpi: str | None
    opened_on: date
    due_on: date
    status: str
    outcome: str
    updates: list[PlanUpdateOut]


class ProgressIn(Schema):
    progress: str = Field(..., max_length=5000)


class PlanCloseIn(Schema):
    outcome: str = Field(..., min_length=1, max_length=5000)


class FeedbackOut(Out):
    domain: str
    stars: int
    comment: str
    given_at: datetime


class ProposalDetailOut(ProposalOut):
    raised_at: datetime
    history: list[KpiResultOut]
    plans: list[PlanOut]
    feedback: list[FeedbackOut]
