"""Schemas for KPI results, the balanced scorecard, feedback and suspension proposals."""

from datetime import date

from ninja import Field, Schema

from caremarket.api.contract_schemas.common import DECIMAL, KpiOut, OrgRef
from caremarket.api.schemas import IsoDate, Out
from caremarket.rules.performance import Domain


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
