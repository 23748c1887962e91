"""Input and output schemas of the catalogue API."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema

from caremarket.api.schemas import AmountIn, BlankIfNull, Money, NotNull, Out
from caremarket.catalogue.choices import SUPPLIER_TYPE_CHOICES, ShortlistStatus, SortOrder, Specialism
from caremarket.orgs.choices import CertificationScheme, Region
from caremarket.rules.catalogue import (
    CATEGORIES,
    MAX_COMPARE,
    MAX_QUANTITY,
    MAX_TERM_MONTHS,
    Basis,
    Charge,
    Unit,
)

ListingId = Annotated[int, Field(ge=1, le=2**62)]
REFERENCE = r"^[A-Za-z0-9][A-Za-z0-9.-]{1,29}$"

Category = StrEnum("Category", {code: code for code in CATEGORIES})
SupplierType = StrEnum("SupplierType", {code: code for code, _ in SUPPLIER_TYPE_CHOICES})
ExportFormat = StrEnum("ExportFormat", {"csv": "csv", "xlsx": "xlsx"})


# --- Search ---------------------------------------------------------------------------------------


class SearchParams(Schema):
    q: str = Field("", max_length=200, description="Words to find; every word must match")
    agreement: str = Field("", max_length=30, description="An agreement's reference, e.g. RM3825")
    lot: int | None = Field(None, ge=1, le=999, description="A lot number of that agreement")
    category: list[Category] = Field([], max_length=30)
    region: list[Region] = Field([], max_length=10, description="Services covering any of these regions")
    supplier_type: list[SupplierType] = Field([], max_length=10)
    # Query strings carry booleans as text ("true", "1"): a strict boolean would refuse them all.
    sme: bool = False
    vcse: bool = False
    certification: list[CertificationScheme] = Field([], max_length=10, description="The supplier holds all")
    unit: Unit | None = Field(None, description="Priced in this unit; the price range applies to it")
    min_price: AmountIn | None = Field(None, description="Pounds; a year's, or one-off")
    max_price: AmountIn | None = None
    sort: SortOrder = SortOrder.RELEVANCE
    page: int = Field(1, ge=1, le=10000)
    page_size: int = Field(20, ge=1, le=100)


class SupplierOut(Out):
    code: str
    name: str
    is_sme: bool
    is_vcse: bool


class HeadlinePriceOut(Out):
    unit: str
    basis: str
    price: Money


class SearchHitOut(Out):
    id: int
    version_id: int
    name: str
    name_html: str = Field(description="The name, escaped, with matched words in <mark>")
    summary_html: str
    extract_html: str = Field(description="Where the description matched, if it did")
    supplier: SupplierOut
    category: str
    category_label: str
    regions: list[str]
    agreement: str
    lot: int
    prices: list[HeadlinePriceOut]


class FacetValueOut(Out):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Out):
    name: str
    label: str
    values: list[FacetValueOut]


class SearchOut(Out):
    total: int
    page: int
    pages: int
    terms: list[str]
    items: list[SearchHitOut]
    facets: list[FacetOut]


# --- Listings -------------------------------------------------------------------------------------


class TierIn(Schema):
    from_quantity: int = Field(1, ge=1, le=MAX_QUANTITY)
    to_quantity: int | None = Field(None, ge=1, le=MAX_QUANTITY)
    unit_price: AmountIn = Field(description="Pounds, like 289.00")


class PriceLineIn(Schema):
    item: str = Field(min_length=1, max_length=120)
    unit: Unit
    charge: Charge
    tiers: list[TierIn] = Field(min_length=1, max_length=20)


class ContentIn(Schema):
    name: str = Field(min_length=3, max_length=120)
    summary: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=5000)
    category: Category
    regions: list[Region] = Field(min_length=1, max_length=10)
    capacity: str = Field("", max_length=200)
    features: list[str] = Field([], max_length=20)
    price_lines: list[PriceLineIn] = Field([], max_length=200)


class ListingIn(ContentIn):
    supplier_code: str = Field(min_length=2, max_length=20)
    agreement: str = Field(pattern=REFERENCE)
    lot: int = Field(ge=1, le=999)


class DraftIn(Schema):
    name: str | None = Field(None, min_length=3, max_length=120)
    summary: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=5000)
    category: Category | None = None
    regions: list[Region] | None = Field(None, min_length=1, max_length=10)
    capacity: str | None = Field(None, max_length=200)
    features: list[str] | None = Field(None, max_length=20)
    price_lines: list[PriceLineIn] | None = Field(None, max_length=200)


class ReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)


class TierOut(Out):
    from_quantity: int
    to_quantity: int | None
    unit_price: Money


class PriceLineOut(Out):
    item: str
    unit: str
    charge: str
    tiers: list[TierOut]


class VersionOut(Out):
    number: int
    status: str
    name: str
    summary: str
    description: str
    category: str
    regions: list[str]
    capacity: str
    features: list[str]
    price_lines: list[PriceLineOut]
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    decision_reason: str
    live_from: datetime | None
    live_until: datetime | None


class ListingOut(Out):
    id: int
    reference: str
    supplier: SupplierOut
    agreement: str
    lot: int
    visible: bool = Field(description="Whether buyers see it today")
    live: VersionOut | None
    open_version: VersionOut | None = Field(None, description="A draft or submission, to those who manage it")


class ApprovalOut(Out):
    listing_id: int
    reference: str
    supplier: SupplierOut
    agreement: str
    lot: int
    version: int
    name: str
    submitted_at: datetime | None
    replaces_version: int | None


class CompareParams(Schema):
    id: list[ListingId] = Field(min_length=1, max_length=MAX_COMPARE, description="Listing ids, up to ten")
    quantity: int = Field(1, ge=1, le=MAX_QUANTITY)
    term_months: int = Field(36, ge=1, le=MAX_TERM_MONTHS)


class ItemQuoteOut(Out):
    item: str
    one_off: Money
    recurring: Money
    total: Money
    priced: bool


class ComparedOut(Out):
    id: int
    reference: str
    version: int
    name: str
    summary: str
    supplier: SupplierOut
    category: str
    regions: list[str]
    capacity: str
    features: list[str]
    certifications: list[str]
    price_lines: list[PriceLineOut]
    quotes: list[ItemQuoteOut]
    cheapest: ItemQuoteOut | None


# --- Shortlists, advisors, benchmarks -------------------------------------------------------------


class ShortlistIn(SearchParams):
    name: str = Field(min_length=1, max_length=200)
    purpose: str = Field("", max_length=2000)
    listing_ids: list[ListingId] | None = Field(None, max_length=100, description="Only these of the results")
    quantity: int = Field(1, ge=1, le=MAX_QUANTITY)
    term_months: int = Field(36, ge=1, le=MAX_TERM_MONTHS)


class ShortlistEntryOut(Out):
    position: int
    listing_id: int
    version: int
    snapshot: dict


class ShortlistOut(Out):
    id: int
    name: str
    purpose: str
    status: ShortlistStatus
    query: dict
    result_count: int
    created_at: datetime
    locked_at: datetime | None


class ShortlistDetailOut(ShortlistOut):
    entries: list[ShortlistEntryOut]


class ExportParams(Schema):
    format: ExportFormat = ExportFormat.csv


class AdvisorParams(Schema):
    specialism: Specialism | None = None
    region: Region | None = None


class AdvisorIn(Schema):
    headline: str = Field(min_length=1, max_length=200)
    biography: str = Field("", max_length=3000)
    specialisms: list[Specialism] = Field(min_length=1, max_length=10)
    regions: list[Region] = Field(min_length=1, max_length=10)
    contact_email: str = Field(pattern=r"^[^@\s]{1,64}@[^@\s]{1,185}\.[A-Za-z]{2,}$", max_length=254)


class AdvisorPatch(Schema):
    """Leave a field out to keep it; null clears the biography, and is refused elsewhere."""

    headline: Annotated[str, NotNull] = Field(None, min_length=1, max_length=200)
    biography: Annotated[str | None, BlankIfNull] = Field(None, max_length=3000)
    specialisms: Annotated[list[Specialism], NotNull] = Field(None, min_length=1, max_length=10)
    regions: Annotated[list[Region], NotNull] = Field(None, min_length=1, max_length=10)
    contact_email: Annotated[str, NotNull] = Field(
        None, pattern=r"^[^@\s]{1,64}@[^@\s]{1,185}\.[A-Za-z]{2,}$", max_length=254
    )


class AdvisorOut(Out):
    id: int
    name: str
    organisation: str
    headline: str
    biography: str
    specialisms: list[str]
    regions: list[str]
    contact_email: str


class BenchmarkParams(Schema):
    category: Category | None = None
    unit: Unit | None = None


class StatsOut(Out):
    count: int
    minimum: Money
    lower_quartile: Money
    median: Money
    upper_quartile: Money
    maximum: Money


class BenchmarkOut(Out):
    category: str
    category_label: str
    unit: str
    basis: Basis
    listed: StatsOut | None
    awarded: StatsOut | None
