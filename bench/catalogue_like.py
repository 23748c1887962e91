"""The catalogue search done the plain way, for the benchmark's comparison: no full-text index,
just SQL. One scan of the documents with `LIKE '%term%'` on their text columns (name, supplier's
name, summary, body) and the same visibility rules, kept in a temporary table; then plain SQL
over it for the total, the page and each facet count, with the same filters and the same rule
for facets (every filter applied except the facet's own). SQLite only, as the benchmark.

It answers the same question as `run_search`, so the benchmark checks that both give the same
page, total and facet counts for every query. It cannot order by relevance (LIKE does not score),
so it orders by name or price only.
"""

import json
from dataclasses import dataclass

from django.db import connection

from caremarket.catalogue.choices import (
    CATEGORY_CHOICES,
    CERTIFICATION_CHOICES,
    NATIONAL_BIT,
    REGION_BITS,
    SUPPLIER_TYPE_CHOICES,
    UNIT_CHOICES,
)
from caremarket.catalogue.search import SearchQuery, SearchResult
from caremarket.core import clock
from caremarket.rules.admission import SupplierStatus
from caremarket.rules.agreements import AgreementFacts, call_off_refusal
from caremarket.rules.catalogue_stats import search_terms
from caremarket.rules.roles import Sector

TEXT = "(d.name || ' ' || d.supplier_name || ' ' || d.summary || ' ' || d.body)"
LAST = 2**62


@dataclass
class Answer:
    ids: list[int]
    total: int
    facets: dict[str, dict[str, int]]


def answer_of(result: SearchResult) -> Answer:
    """Ours, in the same shape (facet values with no documents left out on both sides)."""
    return Answer(
        ids=[hit.listing_id for hit in result.hits],
        total=result.total,
        facets={f.name: {v.value: v.count for v in f.values if v.count} for f in result.facets},
    )


def _open_agreements(today) -> list[int]:
    # Whether an agreement can be bought through today is a rule of the agreements domain.
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, reference, kind, stage, starts_on, ends_on FROM agreements_agreement")
        rows = cursor.fetchall()
    return [
        agreement_id
        for agreement_id, reference, kind, stage, starts_on, ends_on in rows
        if call_off_refusal(AgreementFacts(reference, kind, stage, _day(starts_on), _day(ends_on)), today)
        is None
    ]


def _day(value):
    from datetime import date

    return date.fromisoformat(value) if isinstance(value, str) else value


def _cert_held(scheme_param: str = "%s") -> str:
    return (
        "EXISTS (SELECT 1 FROM orgs_certification c WHERE c.organisation_id = m.supplier_id "
        f"AND c.scheme = {scheme_param} AND c.valid_from <= %s AND c.expires_on >= %s)"
    )


def _filters(query: SearchQuery, today: str) -> dict[str, tuple[str, list]]:
    """One SQL condition per filter group, over the temporary table `m`."""
    groups: dict[str, tuple[str, list]] = {}
    if query.agreement:
        groups["agreement"] = (
            "m.agreement_id = (SELECT id FROM agreements_agreement WHERE lower(reference) = lower(%s))",
            [query.agreement],
        )
        if query.lot is not None:
            groups["lot"] = (
                "m.lot_id = (SELECT l.id FROM agreements_lot l JOIN agreements_agreement a "
                "ON a.id = l.agreement_id WHERE lower(a.reference) = lower(%s) AND l.number = %s)",
                [query.agreement, query.lot],
            )
    if query.categories:
        groups["category"] = (
            f"m.category IN ({', '.join(['%s'] * len(query.categories))})",
            [*query.categories],
        )
    if query.regions:
        bits = sum(REGION_BITS.get(r, 0) for r in set(query.regions)) | NATIONAL_BIT
        groups["region"] = ("(m.regions & %s) != 0", [bits])
    if query.supplier_types:
        groups["supplier_type"] = (
            f"m.sector = %s AND m.org_type IN ({', '.join(['%s'] * len(query.supplier_types))})",
            [Sector.SUPPLIER, *query.supplier_types],
        )
    if query.sme or query.vcse:
        groups["organisation"] = (
            " AND ".join((["m.is_sme"] if query.sme else []) + (["m.is_vcse"] if query.vcse else [])),
            [],
        )
    if query.certifications:
        schemes = sorted(set(query.certifications))
        groups["certification"] = (
            " AND ".join([_cert_held()] * len(schemes)),
            [p for s in schemes for p in (s, today, today)],
        )
    if query.unit:
        low = 0 if query.min_price is None else int((query.min_price * 100).to_integral_value())
        high = LAST if query.max_price is None else int((query.max_price * 100).to_integral_value())
        groups["unit"] = (
            "EXISTS (SELECT 1 FROM catalogue_searchprice p WHERE p.document_id = m.listing_id "
            "AND p.unit = %s AND p.pence BETWEEN %s AND %s)",
            [query.unit, low, high],
        )
    return groups


def _where(groups: dict[str, tuple[str, list]], leave_out: tuple[str, ...] = ()) -> tuple[str, list]:
    chosen = [(sql, params) for name, (sql, params) in groups.items() if name not in leave_out]
    if not chosen:
        return "1", []
    return " AND ".join(f"({sql})" for sql, _ in chosen), [p for _, params in chosen for p in params]


def like_search(query: SearchQuery) -> Answer:
    terms = search_terms(query.text)
    if terms and query.sort == "relevance":
        raise ValueError("a LIKE scan cannot order by relevance")
    day = clock.today()
    today = day.isoformat()
    words = " AND ".join([f"{TEXT} LIKE %s"] * len(terms)) or "1"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS temp.like_match")
        cursor.execute(
            "CREATE TEMP TABLE like_match AS SELECT d.listing_id, d.name, d.tie, d.agreement_id, d.lot_id, "
            "d.category, d.regions, d.primary_unit, d.supplier_id, o.sector, o.org_type, o.is_sme, o.is_vcse "
            "FROM catalogue_searchdocument d JOIN orgs_organisation o ON o.id = d.supplier_id "
            f"WHERE {words} "
            # Shown to buyers: the supplier admitted to the lot, the agreement open today, and every
            # certification the agreement requires held by the supplier today.
            "AND EXISTS (SELECT 1 FROM agreements_lotsupplier s WHERE s.lot_id = d.lot_id "
            "AND s.supplier_id = d.supplier_id AND s.status = %s) "
            "AND d.agreement_id IN (SELECT value FROM json_each(%s)) "
            "AND NOT EXISTS (SELECT 1 FROM agreements_agreement a, json_each(a.required_standards) r "
            "WHERE a.id = d.agreement_id AND NOT EXISTS (SELECT 1 FROM orgs_certification c "
            "WHERE c.organisation_id = d.supplier_id AND c.scheme = r.value "
            "AND c.valid_from <= %s AND c.expires_on >= %s))",
            [
                *(f"%{t}%" for t in terms),
                SupplierStatus.ADMITTED,
                json.dumps(_open_agreements(day)),
                today,
                today,
            ],
        )
        groups = _filters(query, today)
        where, params = _where(groups)
        cursor.execute(f"SELECT count(*) FROM like_match m WHERE {where}", params)
        total = cursor.fetchone()[0]
        ids = _page(cursor, query, where, params)
        facets = _facets(cursor, query, groups, today)
        cursor.execute("DROP TABLE temp.like_match")
    return Answer(ids=ids, total=total, facets=facets)


def _page(cursor, query: SearchQuery, where: str, params: list) -> list[int]:
    if query.sort == "price":
        unit = "%s" if query.unit else "m.primary_unit"
        order = (
            "coalesce((SELECT p.pence FROM catalogue_searchprice p WHERE p.document_id = m.listing_id "
            f"AND p.unit = {unit}), %s), m.tie"
        )
        order_params = [query.unit, LAST] if query.unit else [LAST]
    else:
        order, order_params = "lower(m.name), m.tie", []
    # The page with what a result shows, as a page of results would be read.
    cursor.execute(
        "SELECT m.listing_id, d.version_id, d.name, d.summary, d.category, d.regions, o.code, o.name, "
        "o.is_sme, o.is_vcse FROM like_match m "
        "JOIN catalogue_searchdocument d ON d.listing_id = m.listing_id "
        f"JOIN orgs_organisation o ON o.id = m.supplier_id WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s",
        [*params, *order_params, query.page_size, (max(query.page, 1) - 1) * query.page_size],
    )
    return [row[0] for row in cursor.fetchall()]


def _counts(cursor, sql: str, params: list) -> dict[str, int]:
    cursor.execute(sql, params)
    return {str(value): count for value, count in cursor.fetchall() if count}


def _facets(cursor, query: SearchQuery, groups: dict, today: str) -> dict[str, dict[str, int]]:
    facets: dict[str, dict[str, int]] = {}
    where, params = _where(groups, ("agreement", "lot"))
    facets["agreement"] = _counts(
        cursor,
        "SELECT a.reference, count(*) FROM like_match m JOIN agreements_agreement a ON a.id = m.agreement_id "
        f"WHERE {where} GROUP BY a.reference",
        params,
    )
    if query.agreement:
        cursor.execute(
            "SELECT id FROM agreements_agreement WHERE lower(reference) = lower(%s)", [query.agreement]
        )
        found = cursor.fetchone()
        if found:
            where, params = _where(groups, ("lot",))
            facets["lot"] = _counts(
                cursor,
                "SELECT l.number, count(*) FROM like_match m JOIN agreements_lot l ON l.id = m.lot_id "
                f"WHERE {where} AND m.agreement_id = %s GROUP BY l.number",
                [*params, found[0]],
            )
    where, params = _where(groups, ("category",))
    known = [code for code, _ in CATEGORY_CHOICES]
    facets["category"] = {
        k: v
        for k, v in _counts(
            cursor, f"SELECT m.category, count(*) FROM like_match m WHERE {where} GROUP BY m.category", params
        ).items()
        if k in known
    }
    where, params = _where(groups, ("region",))
    codes = list(REGION_BITS)
    cursor.execute(
        "SELECT "
        + ", ".join(["sum((m.regions & %s) != 0)"] * len(codes))
        + f" FROM like_match m WHERE {where}",
        [
            *(NATIONAL_BIT if code == "national" else REGION_BITS[code] | NATIONAL_BIT for code in codes),
            *params,
        ],
    )
    facets["region"] = {code: n for code, n in zip(codes, cursor.fetchone(), strict=True) if n}
    where, params = _where(groups, ("supplier_type",))
    types = [code for code, _ in SUPPLIER_TYPE_CHOICES]
    facets["supplier_type"] = {
        k: v
        for k, v in _counts(
            cursor,
            f"SELECT m.org_type, count(*) FROM like_match m WHERE {where} AND m.sector = %s "
            "GROUP BY m.org_type",
            [*params, Sector.SUPPLIER],
        ).items()
        if k in types
    }
    where, params = _where(groups, ("organisation",))
    cursor.execute(f"SELECT sum(m.is_sme != 0), sum(m.is_vcse != 0) FROM like_match m WHERE {where}", params)
    facets["organisation"] = {k: n for k, n in zip(("sme", "vcse"), cursor.fetchone(), strict=True) if n}
    where, params = _where(groups, ("certification",))
    schemes = [code for code, _ in CERTIFICATION_CHOICES]
    cursor.execute(
        "SELECT " + ", ".join(f"sum({_cert_held()})" for _ in schemes) + f" FROM like_match m WHERE {where}",
        [*(p for s in schemes for p in (s, today, today)), *params],
    )
    facets["certification"] = {k: n for k, n in zip(schemes, cursor.fetchone(), strict=True) if n}
    where, params = _where(groups, ("unit",))
    units = [code for code, _ in UNIT_CHOICES]
    cursor.execute(
        "SELECT "
        + ", ".join(
            [
                "sum(EXISTS (SELECT 1 FROM catalogue_searchprice p "
                "WHERE p.document_id = m.listing_id AND p.unit = %s))"
            ]
            * len(units)
        )
        + f" FROM like_match m WHERE {where}",
        [*units, *params],
    )
    facets["unit"] = {k: n for k, n in zip(units, cursor.fetchone(), strict=True) if n}
    return facets
