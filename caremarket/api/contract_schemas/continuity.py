"""Schemas for backstops and handovers."""

from datetime import date, datetime

from ninja import Field, Schema

from caremarket.api.contract_schemas.common import OrgRef
from caremarket.api.schemas import Out
from caremarket.orgs.choices import Region
from caremarket.rules.continuity import MAX_RANKED, TriggerReason


class HandoverItemOut(Out):
    position: int
    title: str
    status: str
    note: str = ""
    done_at: datetime | None = None
    done_by: str | None = None


class HandoverOut(Out):
    id: int
    contract: str
    buyer: OrgRef | None = None
    outgoing: OrgRef
    incoming: OrgRef
    reason: str
    interim_contract: str | None = None
    started_at: datetime | None = None
    completed: bool
    completed_at: datetime | None = None
    items: list[HandoverItemOut]


class BackstopOut(Out):
    id: int
    owner: OrgRef
    category: str
    title: str
    suppliers: list[OrgRef]
    agreement: str | None = None
    lot: int | None = None
    region: str = Field("", description="Blank: every region")


class BackstopIn(Schema):
    owner_code: str = Field(..., max_length=20)
    category: str = Field(..., min_length=1, max_length=40)
    title: str = Field(..., min_length=1, max_length=200)
    supplier_codes: list[str] = Field(..., min_length=1, max_length=20)


class LotBackstopIn(Schema):
    region: Region | None = Field(None, description="Leave out for every region")
    title: str = Field(..., min_length=1, max_length=200)
    supplier_codes: list[str] = Field(
        ...,
        min_length=1,
        max_length=MAX_RANKED,
        description="Suppliers admitted to the lot, in order of call",
    )


class RankingIn(Schema):
    supplier_codes: list[str] = Field(..., min_length=1, max_length=MAX_RANKED)


class RankedOut(Out):
    rank: int
    supplier: OrgRef
    standing: str
    can_take_on: bool
    would_be_called: bool


class ContractBackstopOut(Out):
    contract: str
    backstop: BackstopOut | None
    ranking: list[RankedOut]
    handover_under_way: int | None = None
    interim_term_months: int
    starts_on: date


class TriggerIn(Schema):
    contract: str = Field(..., max_length=30)
    reason: TriggerReason
    details: str = Field(..., min_length=1, max_length=5000)


class ContractTriggerIn(Schema):
    reason: TriggerReason
    details: str = Field(..., min_length=1, max_length=5000)


class ItemDoneIn(Schema):
    note: str = Field("", max_length=255)
