"""Filters and facet counts over the candidate documents' columns."""

from decimal import Decimal

import numpy as np

from caremarket.catalogue.choices import (
    CATEGORY_CHOICES,
    CATEGORY_INDEX,
    CERT_BITS,
    CERTIFICATION_CHOICES,
    NATIONAL_BIT,
    REGION_BITS,
    REGION_CHOICES,
    SUPPLIER_TYPE_CHOICES,
    SUPPLIER_TYPE_INDEX,
    UNIT_CHOICES,
    UNIT_INDEX,
)
from caremarket.catalogue.search.columns import NO_PRICE
from caremarket.catalogue.search.types import Facet, FacetValue, Facts, SearchQuery

LAST = np.int64(2**62)


def lot_ids(query: SearchQuery, visibility) -> tuple[int, int]:
    """(agreement id, lot id) the query names; -1 where it names none, 0 where nothing matches."""
    if not query.agreement:
        return -1, -1
    agreement_id = next(
        (i for i, (ref, _) in visibility.agreement_labels.items() if ref.lower() == query.agreement.lower()),
        0,
    )
    if query.lot is None:
        return agreement_id, -1
    lot_id = next(
        (
            lot.id
            for lot in visibility.lots.values()
            if lot.agreement_id == agreement_id and lot.number == query.lot
        ),
        0,
    )
    return agreement_id, lot_id


def _pence(amount: Decimal | None, default: int) -> int:
    return default if amount is None else int((amount * 100).to_integral_value())


def passes(query: SearchQuery, f: Facts, visibility) -> dict[str, np.ndarray]:
    """One mask per filter group; a group with no filter passes everything."""
    passes: dict[str, np.ndarray] = {}
    agreement_id, lot_id = lot_ids(query, visibility)
    if agreement_id != -1:
        passes["agreement"] = f.agreement == agreement_id
    if lot_id != -1:
        passes["lot"] = f.lot == lot_id
    if query.categories:
        codes = [CATEGORY_INDEX[c] for c in query.categories if c in CATEGORY_INDEX]
        passes["category"] = np.isin(f.category, codes)
    if query.regions:
        bits = sum(REGION_BITS.get(r, 0) for r in set(query.regions)) | NATIONAL_BIT
        passes["region"] = (f.regions & bits) != 0
    if query.supplier_types:
        codes = [SUPPLIER_TYPE_INDEX[t] for t in query.supplier_types if t in SUPPLIER_TYPE_INDEX]
        passes["supplier_type"] = np.isin(f.supplier_type, codes)
    if query.sme or query.vcse:
        wanted = (1 if query.sme else 0) | (2 if query.vcse else 0)
        passes["organisation"] = (f.flags & wanted) == wanted
    if query.certifications:
        bits = sum(CERT_BITS.get(c, 0) for c in set(query.certifications))
        passes["certification"] = (f.certs & bits) == bits
    if query.unit in UNIT_INDEX:
        price = f.prices[:, UNIT_INDEX[query.unit]]
        low, high = _pence(query.min_price, 0), _pence(query.max_price, int(LAST))
        passes["unit"] = (price != NO_PRICE) & (price >= low) & (price <= high)
    return passes


def _others(passes: dict[str, np.ndarray], group: str, size: int) -> np.ndarray:
    mask = np.ones(size, dtype=bool)
    for name, other in passes.items():
        if name != group and not (group == "agreement" and name == "lot"):
            mask &= other
    return mask


def facets(query: SearchQuery, f: Facts, passes: dict[str, np.ndarray], visibility) -> list[Facet]:
    """Counts per value, each with every filter applied except its own group's (so choosing a
    value shows how many the other values would give)."""
    size = len(f.category)

    def counted(group: str, codes: np.ndarray, length: int) -> np.ndarray:
        return np.bincount(codes[_others(passes, group, size)], minlength=length)

    def bits(group: str, masks: np.ndarray, table: dict[str, int], extra: int = 0) -> dict[str, int]:
        chosen = masks[_others(passes, group, size)]
        return {code: int(((chosen & (bit | extra)) != 0).sum()) for code, bit in table.items()}

    facets = []
    agreement_id, lot_id = lot_ids(query, visibility)
    mask = _others(passes, "agreement", size)
    ids, counts = np.unique(f.agreement[mask], return_counts=True)
    values = [
        FacetValue(
            visibility.agreement_labels[int(i)][0],
            visibility.agreement_labels[int(i)][1],
            int(n),
            int(i) == agreement_id,
        )
        for i, n in zip(ids, counts, strict=True)
    ]
    facets.append(Facet("agreement", "Agreement", sorted(values, key=lambda v: v.value)))
    if agreement_id > 0:
        mask = _others(passes, "lot", size) & (f.agreement == agreement_id)
        ids, counts = np.unique(f.lot[mask], return_counts=True)
        lots = [visibility.lots[int(i)] for i in ids]
        values = [
            FacetValue(str(lot.number), f"Lot {lot.number}: {lot.title}", int(n), lot.id == lot_id)
            for lot, n in zip(lots, counts, strict=True)
        ]
        facets.append(Facet("lot", "Lot", sorted(values, key=lambda v: int(v.value))))
    category = counted("category", f.category, len(CATEGORY_CHOICES))
    facets.append(_choice_facet("category", "Service category", CATEGORY_CHOICES, category, query.categories))
    region = bits("region", f.regions, REGION_BITS, NATIONAL_BIT)
    region["national"] = int(((f.regions[_others(passes, "region", size)] & NATIONAL_BIT) != 0).sum())
    facets.append(_choice_facet("region", "Region covered", REGION_CHOICES, region, query.regions))
    mask = _others(passes, "supplier_type", size)
    types = np.bincount(f.supplier_type[mask & (f.supplier_type >= 0)], minlength=len(SUPPLIER_TYPE_CHOICES))
    facets.append(
        _choice_facet("supplier_type", "Supplier type", SUPPLIER_TYPE_CHOICES, types, query.supplier_types)
    )
    chosen = f.flags[_others(passes, "organisation", size)]
    facets.append(
        Facet(
            "organisation",
            "Organisation",
            [
                FacetValue(
                    "sme", "Small or medium enterprise (SME)", int(((chosen & 1) != 0).sum()), query.sme
                ),
                FacetValue(
                    "vcse",
                    "Voluntary, community or social enterprise",
                    int(((chosen & 2) != 0).sum()),
                    query.vcse,
                ),
            ],
        )
    )
    certs = bits("certification", f.certs, CERT_BITS)
    facets.append(
        _choice_facet(
            "certification", "Certification held", CERTIFICATION_CHOICES, certs, query.certifications
        )
    )
    chosen = f.prices[_others(passes, "unit", size)]
    units = {code: int((chosen[:, index] != NO_PRICE).sum()) for code, index in UNIT_INDEX.items()}
    facets.append(_choice_facet("unit", "Priced", UNIT_CHOICES, units, (query.unit,)))
    return facets


def _choice_facet(name: str, label: str, choices, counts, selected) -> Facet:
    values = []
    for index, (code, text) in enumerate(choices):
        count = int(counts[code] if isinstance(counts, dict) else counts[index])
        if count or code in selected:
            values.append(FacetValue(code, text, count, code in selected))
    return Facet(name, label, values)
