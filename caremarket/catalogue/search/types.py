"""What a search is asked and what it answers."""

import math
from dataclasses import asdict, dataclass, field
from decimal import Decimal

import numpy as np
from markupsafe import Markup

from caremarket.rules.catalogue import BASIS_LABELS, UNIT_LABELS, Basis, Unit


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    agreement: str = ""  # an agreement's reference
    lot: int | None = None  # a lot number of that agreement
    categories: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    supplier_types: tuple[str, ...] = ()
    sme: bool = False
    vcse: bool = False
    certifications: tuple[str, ...] = ()  # the supplier holds every one, in force today
    unit: str = ""  # prices in this unit; min and max apply to its headline price
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20

    def record(self) -> dict:
        """The query as a shortlist keeps it: everything but the page."""
        data = asdict(self)
        data.pop("page")
        data.pop("page_size")
        for key in ("min_price", "max_price"):
            data[key] = str(data[key]) if data[key] is not None else None
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}

    @classmethod
    def from_record(cls, record: dict, **overrides) -> "SearchQuery":
        data = {k: v for k, v in record.items() if k in cls.__dataclass_fields__}
        for key in ("categories", "regions", "supplier_types", "certifications"):
            data[key] = tuple(data.get(key) or ())
        for key in ("min_price", "max_price"):
            data[key] = Decimal(data[key]) if data.get(key) is not None else None
        return cls(**{**data, **overrides})


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: list[FacetValue]


@dataclass(frozen=True)
class HeadlinePrice:
    unit: str
    basis: str
    price: Decimal

    @property
    def label(self) -> str:
        return f"{UNIT_LABELS[Unit(self.unit)]}, {BASIS_LABELS[Basis(self.basis)]}"


@dataclass
class SearchHit:
    listing_id: int
    version_id: int
    name: str
    name_html: Markup
    summary_html: Markup
    extract_html: Markup
    supplier_code: str
    supplier_name: str
    is_sme: bool
    is_vcse: bool
    category: str
    category_label: str
    regions: list[str]
    agreement: str
    lot_number: int
    lot_title: str
    score: float
    prices: list[HeadlinePrice] = field(default_factory=list)


@dataclass
class SearchResult:
    query: SearchQuery
    terms: list[str]
    total: int
    hits: list[SearchHit]
    facets: list[Facet]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.query.page_size))


@dataclass
class Facts:
    agreement: np.ndarray
    lot: np.ndarray
    category: np.ndarray
    regions: np.ndarray
    supplier_type: np.ndarray
    flags: np.ndarray
    certs: np.ndarray
    prices: np.ndarray
