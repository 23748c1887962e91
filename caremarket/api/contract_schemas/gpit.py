"""Schemas for GP IT allocations, foundation choices and own-system requests."""

from ninja import Field, Schema

from caremarket.api.contract_schemas.common import OrgRef
from caremarket.api.schemas import AmountIn, Money, Out


class AllocationOut(Out):
    id: int
    commissioner: OrgRef
    agreement: str
    financial_year: int
    amount: Money
    spent: Money
    remaining: Money


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


class AllocationIn(Schema):
    agreement: str = Field(..., max_length=30)
    commissioner_code: str = Field(..., max_length=20)
    financial_year: int = Field(..., ge=2000, le=2100)
    amount: AmountIn


class FoundationIn(Schema):
    practice_code: str = Field(..., max_length=20)
    solution: str = Field(..., max_length=200)


class OwnSystemIn(Schema):
    practice_code: str = Field(..., max_length=20)
    commissioner_code: str = Field(..., max_length=20)
    system_name: str = Field(..., min_length=1, max_length=200)
    purpose: str = Field(..., min_length=1, max_length=5000)
