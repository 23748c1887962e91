"""Search facets of a notice, read from its OCDS release (ours or another publisher's).

The public notices site filters by text, type, buyer, region, CPV code, service category, value
and date: those are columns on `Notice`, filled here when a release is published or imported,
so a search never reads JSON.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

# The service category a Caremarket release names, as an additional classification scheme.
CATEGORY_SCHEME = "CAREMARKET-CATEGORY"
CPV_SCHEME = "CPV"


@dataclass
class Facets:
    title: str = ""
    description: str = ""
    buyer_name: str = ""
    buyer_id: str = ""
    value_amount: Decimal | None = None
    value_currency: str = ""
    cpv_codes: list[str] = field(default_factory=list)
    category: str = ""
    regions: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    @property
    def search_text(self) -> str:
        parts = [self.title, self.description, self.buyer_name, self.category, *self.names, *self.cpv_codes]
        return " ".join(p for p in parts if p).lower()[:20000]

    def as_fields(self) -> dict[str, Any]:
        return {
            "description": self.description[:5000],
            "buyer_name": self.buyer_name[:300],
            "buyer_id": self.buyer_id[:200],
            "value_amount": self.value_amount,
            "value_currency": self.value_currency[:3],
            "cpv_codes": self.cpv_codes[:50],
            "category": self.category[:200],
            "regions": self.regions[:50],
            "search_text": self.search_text,
        }


def _dicts(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _amount(value: Any) -> tuple[Decimal | None, str]:
    value = _dict(value)
    try:
        amount = Decimal(str(value.get("amount")))
    except (InvalidOperation, ValueError):
        return None, ""
    if not amount.is_finite() or abs(amount) >= Decimal("1e14"):
        return None, ""
    return amount.quantize(Decimal("0.01")), str(value.get("currency") or "")


def _classifications(tender: dict) -> list[dict]:
    found = [_dict(tender.get("classification"))]
    for item in _dicts(tender.get("items")):
        found.append(_dict(item.get("classification")))
        found.extend(_dicts(item.get("additionalClassifications")))
    for lot in _dicts(tender.get("lots")):
        found.append(_dict(lot.get("classification")))
    return [c for c in found if c]


def _regions(release: dict) -> list[str]:
    tender = _dict(release.get("tender"))
    places = [_dict(tender.get("deliveryAddress"))]
    places += _dicts(tender.get("deliveryAddresses"))
    for item in _dicts(tender.get("items")):
        places += _dicts(item.get("deliveryAddresses"))
    for lot in _dicts(tender.get("lots")):
        places += _dicts(lot.get("deliveryAddresses"))
    for party in _dicts(release.get("parties")):
        if "buyer" in (party.get("roles") or []):
            places.append(_dict(party.get("address")))
    regions = {str(p.get("region")).strip() for p in places if p.get("region")}
    return sorted(r for r in regions if r)


def _value(release: dict) -> tuple[Decimal | None, str]:
    """The notice's value: its contracts', else its awards', else the tender's estimate."""
    for section in ("contracts", "awards"):
        amounts = [_amount(entry.get("value")) for entry in _dicts(release.get(section))]
        amounts = [a for a in amounts if a[0] is not None]
        if amounts:
            return sum((a[0] for a in amounts), Decimal("0")), amounts[0][1]
    return _amount(_dict(release.get("tender")).get("value"))


def facets_of(release: dict[str, Any]) -> Facets:
    tender = _dict(release.get("tender"))
    buyer = _dict(release.get("buyer"))
    classes = _classifications(tender)
    amount, currency = _value(release)
    names = [str(p.get("name")) for p in _dicts(release.get("parties")) if p.get("name")]
    return Facets(
        title=str(tender.get("title") or ""),
        description=str(tender.get("description") or ""),
        buyer_name=str(buyer.get("name") or ""),
        buyer_id=str(buyer.get("id") or ""),
        value_amount=amount,
        value_currency=currency,
        cpv_codes=sorted(
            {str(c.get("id")) for c in classes if c.get("scheme") == CPV_SCHEME and c.get("id")}
        ),
        category=next(
            (str(c.get("description") or c.get("id")) for c in classes if c.get("scheme") == CATEGORY_SCHEME),
            "",
        ),
        regions=_regions(release),
        names=names,
    )
