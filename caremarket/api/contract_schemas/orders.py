"""Schemas for call-off orders and their amendments."""

from datetime import date, datetime

from ninja import Field, Schema

from caremarket.api.contract_schemas.common import OrgRef
from caremarket.api.schemas import IsoDate, Money, Out


class LineOut(Out):
    position: int
    item: str = Field(description="The item as the price list names it")
    ref: str = Field(
        description="The exact priced item ordered: a listing's price line (CM-000123:2), a contract's "
        "item or a club catalogue's item; blank on lines placed before it was kept"
    )
    label: str = Field(description="The item as a person reads it")
    unit: str
    unit_price: Money
    quantity: int
    value: Money
    site: str | None
    recipient: str | None
    delivery_date: date | None
    price_source: dict


class RevisionOut(Out):
    id: str
    value: Money
    fee: Money
    reason: str
    created_at: datetime


class OrderOut(Out):
    reference: str
    revision_id: str
    title: str
    buyer: OrgRef
    supplier: OrgRef
    source: str
    contract: str | None
    agreement: str | None
    value: Money
    fee: Money
    placed_on: date


class OrderDetailOut(OrderOut):
    lines: list[LineOut]
    revisions: list[RevisionOut]


class LineIn(Schema):
    item: str = Field(
        ...,
        min_length=1,
        max_length=200,
        description="The exact priced item: on an agreement lot, a listing's price line as its reference and "
        "line number in the live version (CM-000123:2); from a contract, an item of its price list; from a "
        "buying club's catalogue, its item (per_connection (100 Mbps)). A bare item name is taken only when "
        "one item has it: one offered on several listings is refused with the choices.",
        examples=["CM-000123:2"],
    )
    quantity: int = Field(..., ge=1, le=100_000)
    site: str = Field("", max_length=30)
    recipient: str = Field("", max_length=20)
    delivery_date: IsoDate | None = None


class OrderIn(Schema):
    buyer_code: str = Field("", max_length=20, description="Defaults to the organisation you act for")
    contract: str = Field("", max_length=30)
    agreement: str = Field("", max_length=30)
    lot: int | None = Field(None, ge=1, le=999)
    supplier_code: str = Field("", max_length=20)
    procedure: str = Field("", max_length=30)
    buying_club: int | None = Field(None, ge=1)
    allocation: int | None = Field(None, ge=1)
    title: str = Field("", max_length=255)
    lines: list[LineIn] = Field(..., min_length=1, max_length=1000)


class AmendmentIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)
    lines: list[LineIn] = Field(..., min_length=1, max_length=1000)
