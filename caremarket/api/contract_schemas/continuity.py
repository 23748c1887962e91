"""Schemas for backstops and handovers."""

from ninja import Field, Schema

from caremarket.api.contract_schemas.common import OrgRef
from caremarket.api.schemas import Out
from caremarket.rules.continuity import TriggerReason


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
