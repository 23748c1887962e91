"""What the contracts API schemas share: the decimal pattern, decisions, an organisation and
a KPI."""

from enum import StrEnum

from ninja import Field, Schema

from caremarket.api.schemas import Out

DECIMAL = r"^-?\d{1,9}(\.\d{1,3})?$"


class Decision(StrEnum):
    APPROVED = "approved"
    REFUSED = "refused"


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


class ContractDecisionIn(Schema):
    decision: Decision
    reason: str = Field("", max_length=5000)


# Its own name in the OpenAPI document (applications have a DecisionIn too).
DecisionIn = ContractDecisionIn
