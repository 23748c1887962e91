"""The two full-text engines behind one interface: which documents match the words, how well,
and the matched words marked in the text shown."""

import numpy as np
from django.db import connection

from caremarket.rules.catalogue_stats import MARK_END, MARK_START

# bm25 weights for name, supplier name, summary, body and the filter tokens (which never count).
SQLITE_WEIGHTS = "10.0, 3.0, 4.0, 1.0, 0.0"
CONTENT = "{name supplier_name summary body}"
SNIPPET_WORDS = 24


def _fts5_query(terms: list[str], groups: list[list[str]] = ()) -> str:
    # Each term is quoted (a phrase of one word), so no word can be read as FTS5 syntax, and
    # looked for in the text columns only; each group of filter tokens is one OR, in `tags`.
    words = [f'{CONTENT} : "' + term.replace('"', "") + '"' for term in terms]
    filters = ["tags : (" + " OR ".join(f'"{tag}"' for tag in group) + ")" for group in groups]
    return " AND ".join(words + filters)


def _tsquery(terms: list[str]) -> str:
    # Terms are letters and digits only (rules.catalogue_stats.search_terms), safe in a tsquery.
    return " & ".join(terms)


def _tags_tsquery(groups: list[list[str]]) -> str:
    return " & ".join("(" + " | ".join(group) + ")" for group in groups)


def _ids(text: str | None) -> np.ndarray:
    # One row of comma-separated ids: far quicker to carry out of the database than a row each.
    return np.fromstring(text, dtype=np.int64, sep=",") if text else np.empty(0, dtype=np.int64)


def text_matches(terms: list[str]) -> np.ndarray:
    """The ids (ascending) of the documents holding every term, unscored."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT string_agg(listing_id::text, ',' ORDER BY listing_id) FROM catalogue_searchdocument "
                "WHERE document @@ to_tsquery('english', %s)",
                [_tsquery(terms)],
            )
        else:
            cursor.execute(
                "SELECT group_concat(rowid) FROM catalogue_search_fts WHERE catalogue_search_fts MATCH %s",
                [_fts5_query(terms)],
            )
        ids = _ids(cursor.fetchone()[0])
    return np.sort(ids)


def scored_matches(terms: list[str], groups: list[list[str]] = ()) -> tuple[np.ndarray, np.ndarray]:
    """(ids, scores: higher is more relevant) of the documents holding every term and a token
    from each group of filter tokens: the engine intersects the filters, so only the documents
    that can be shown are scored."""
    groups = [g for g in groups if g]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            where, params = "document @@ to_tsquery('english', %s)", [_tsquery(terms)]
            if groups:
                where += " AND document @@ to_tsquery('simple', %s)"
                params.append(_tags_tsquery(groups))
            cursor.execute(
                "SELECT listing_id, ts_rank_cd(document, to_tsquery('english', %s)) "
                f"FROM catalogue_searchdocument WHERE {where}",
                [_tsquery(terms), *params],
            )
        else:
            cursor.execute(
                f"SELECT rowid, -bm25(catalogue_search_fts, {SQLITE_WEIGHTS}) FROM catalogue_search_fts "
                "WHERE catalogue_search_fts MATCH %s",
                [_fts5_query(terms, groups)],
            )
        rows = cursor.fetchall()
    if not rows:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    ids, scores = zip(*rows, strict=True)
    return np.fromiter(ids, dtype=np.int64, count=len(ids)), np.fromiter(
        scores, dtype=np.float64, count=len(ids)
    )


def marked_text(ids: list[int], terms: list[str]) -> dict[int, tuple[str, str, str]]:
    """For each listing: its name and summary with every matched word between MARK_START and
    MARK_END, and an extract of the body around the matches ('' when the body has none)."""
    if not ids or not terms:
        return {}
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            whole = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
            extract = (
                f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, MinWords=8, "
                "MaxFragments=1, FragmentDelimiter=…"
            )
            cursor.execute(
                "SELECT listing_id, ts_headline('english', name, q, %s), "
                "ts_headline('english', summary, q, %s), "
                "CASE WHEN to_tsvector('english', body) @@ q THEN "
                "ts_headline('english', body, q, %s) ELSE '' END "
                "FROM catalogue_searchdocument, to_tsquery('english', %s) "
                f"q WHERE listing_id IN ({placeholders})",
                [whole, whole, extract, _tsquery(terms), *ids],
            )
        else:
            cursor.execute(
                "SELECT rowid, highlight(catalogue_search_fts, 0, %s, %s), "
                "highlight(catalogue_search_fts, 2, %s, %s), "
                f"snippet(catalogue_search_fts, 3, %s, %s, '…', {SNIPPET_WORDS}) "
                "FROM catalogue_search_fts WHERE catalogue_search_fts "
                f"MATCH %s AND rowid IN ({placeholders})",
                [MARK_START, MARK_END, MARK_START, MARK_END, MARK_START, MARK_END, _fts5_query(terms), *ids],
            )
        rows = cursor.fetchall()
    return {row[0]: (row[1], row[2], _extract(row[3])) for row in rows}


def _extract(text: str | None) -> str:
    """The body's extract on one line, or nothing when the words matched elsewhere."""
    return " ".join(text.split()) if text and MARK_START in text else ""


def like_matches(terms: list[str]) -> np.ndarray:
    """The same words as a plain scan (LIKE on every text column, no index): the naive way,
    kept for the benchmark's comparison."""
    text = "(name || ' ' || supplier_name || ' ' || summary || ' ' || body)"
    operator = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
    where = " AND ".join([f"{text} {operator} %s"] * len(terms)) or "1=1"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT listing_id FROM catalogue_searchdocument WHERE {where} ORDER BY listing_id",
            [f"%{t}%" for t in terms],
        )
        return np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)
