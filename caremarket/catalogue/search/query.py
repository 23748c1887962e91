"""One search: the words, the filters, facet counts, the order and a page of results."""

from decimal import Decimal

import numpy as np
from django.db import connection
from markupsafe import Markup, escape

from caremarket.catalogue.choices import CATEGORY_INDEX, REGION_BITS, REGION_CHOICES, UNIT_INDEX
from caremarket.catalogue.search import engine, tags
from caremarket.catalogue.search.columns import NO_PRICE, current_columns
from caremarket.catalogue.search.facets import LAST, facets, lot_ids, passes
from caremarket.catalogue.search.types import Facts, HeadlinePrice, SearchHit, SearchQuery, SearchResult
from caremarket.catalogue.search.visibility import current_visibility, shown_documents
from caremarket.core.money import to_money
from caremarket.rules.catalogue import category_label
from caremarket.rules.catalogue_stats import MARK_END, MARK_START, search_terms


def marked(text: str) -> Markup:
    """Escape everything, then turn the engine's markers (and only those) into <mark>."""
    html = str(escape(text or ""))
    opened = html.count(MARK_START) - html.count(MARK_END)
    html = html.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return Markup(html + "</mark>" * max(opened, 0))


def run_search(query: SearchQuery) -> SearchResult:
    """Search the live catalogue as a buyer sees it."""
    columns, visibility = current_columns(), current_visibility()
    shown = shown_documents(columns, visibility)
    terms = search_terms(query.text)
    words = engine.held_words(terms)
    if terms:
        rows = columns.positions(engine.text_matches(terms, words))
        matched = len(rows)
        rows = rows[shown.visible[rows]]
    else:
        rows, matched = np.flatnonzero(shown.visible), 0
    facts = Facts(
        agreement=columns.agreement[rows],
        lot=columns.lot[rows],
        category=columns.category[rows],
        regions=columns.regions[rows],
        supplier_type=shown.supplier_type[rows],
        flags=shown.flags[rows],
        certs=shown.certs[rows],
        prices=columns.prices[rows],
    )
    masks = passes(query, facts, visibility)
    everything = np.ones(len(rows), dtype=bool)
    for mask in masks.values():
        everything &= mask
    counted = facets(query, facts, masks, visibility)
    chosen = rows[everything]
    # Relevance: the engine scores exactly the documents that pass every filter, no others.
    chosen_scores = (
        engine.scores(terms, columns.ids[chosen], _narrowing(query, visibility), words)
        if terms and query.sort == "relevance"
        else np.zeros(len(chosen))
    )
    order = _order(query, terms, columns, chosen, chosen_scores)
    start = (max(query.page, 1) - 1) * query.page_size
    page = chosen[order][start : start + query.page_size]
    page_scores = chosen_scores[order][start : start + query.page_size]
    hits = _hits(columns, page, [float(s) for s in page_scores], terms, visibility, matched)
    return SearchResult(query=query, terms=terms, total=len(chosen), hits=hits, facets=counted)


def _narrowing(query: SearchQuery, visibility) -> list[list[str]]:
    """Filter tokens that let the engine skip most documents holding the words before it looks
    for the chosen ones: the lot and the categories, each carried by a small share of the
    documents. (Not the agreement or the regions: a region's token is carried by every national
    service too, and counting such common tokens costs more than it saves.)"""
    _, lot_id = lot_ids(query, visibility)
    groups = []
    if lot_id > 0:
        groups.append([tags.lot_tag(lot_id)])
    if query.categories:
        groups.append([tags.category_tag(c) for c in query.categories if c in CATEGORY_INDEX] or ["zcnone"])
    return groups


def _order(query: SearchQuery, terms: list[str], columns, rows: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Relevance (best first), price (lowest first) or name; equal results by the id's hash."""
    tie = columns.tie[rows]
    if query.sort == "price":
        units = (
            np.full(len(rows), UNIT_INDEX[query.unit])
            if query.unit in UNIT_INDEX
            else columns.primary_unit[rows]
        )
        price = columns.prices[rows, units] if len(rows) else np.zeros(0, dtype=np.int64)
        price = np.where(price == NO_PRICE, LAST, price)
        return np.lexsort((tie, price))
    if query.sort == "relevance" and terms:
        return np.lexsort((tie, -scores))
    return np.argsort(columns.name_rank[rows], kind="stable")


def _prices(columns, row: int) -> list[HeadlinePrice]:
    """The document's headline prices, from the columns in memory."""
    return [
        HeadlinePrice(
            unit, "yearly" if columns.yearly[row, index] else "one_off", to_money(Decimal(int(pence)) / 100)
        )
        for unit, index in UNIT_INDEX.items()
        if (pence := columns.prices[row, index]) != NO_PRICE
    ]


def _hits(
    columns, page: np.ndarray, scores: list[float], terms: list[str], visibility, matched: int
) -> list[SearchHit]:
    if not len(page):
        return []
    ids = [int(columns.ids[r]) for r in page]
    prices = {listing_id: _prices(columns, int(row)) for listing_id, row in zip(ids, page, strict=True)}
    fields = (
        "listing_id",
        "version_id",
        "name",
        "summary",
        "category",
        "regions",
        "lot_id",
        "agreement_id",
        "supplier__code",
        "supplier__name",
        "supplier__is_sme",
        "supplier__is_vcse",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.listing_id, d.version_id, d.name, d.summary, d.category, d.regions, d.lot_id, "
            "d.agreement_id, o.code, o.name, o.is_sme, o.is_vcse FROM catalogue_searchdocument d "
            "JOIN orgs_organisation o ON o.id = d.supplier_id "
            f"WHERE d.listing_id IN ({', '.join(['%s'] * len(ids))})",
            ids,
        )
        documents = {row[0]: dict(zip(fields, row, strict=True)) for row in cursor.fetchall()}
    marks = engine.marked_text(ids, terms, among=matched)
    region_labels = dict(REGION_CHOICES)
    hits = []
    for listing_id, score in zip(ids, scores, strict=True):
        d = documents[listing_id]
        name, summary, extract = marks.get(listing_id, (d["name"], d["summary"], ""))
        lot = visibility.lots.get(d["lot_id"])
        hits.append(
            SearchHit(
                listing_id=listing_id,
                version_id=d["version_id"],
                name=d["name"],
                name_html=marked(name),
                summary_html=marked(summary),
                extract_html=marked(extract),
                supplier_code=d["supplier__code"],
                supplier_name=d["supplier__name"],
                is_sme=bool(d["supplier__is_sme"]),
                is_vcse=bool(d["supplier__is_vcse"]),
                category=d["category"],
                category_label=category_label(d["category"]),
                regions=[label for code, label in region_labels.items() if d["regions"] & REGION_BITS[code]],
                agreement=visibility.agreement_labels.get(d["agreement_id"], ("", ""))[0],
                lot_number=lot.number if lot else 0,
                lot_title=lot.title if lot else "",
                score=score,
                prices=prices[listing_id],
            )
        )
    return hits
