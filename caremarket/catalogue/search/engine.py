"""The two full-text engines behind one interface: which documents match the words, how well,
and the matched words marked in the text shown."""

import re

import numpy as np
from django.db import connection

from caremarket.catalogue.search import postings
from caremarket.catalogue.search.tags import TAG_LIKE
from caremarket.rules.catalogue_stats import MARK_END, MARK_START

# bm25 weights for name, supplier name, summary, body and the filter tokens (which never count).
SQLITE_WEIGHTS = ", ".join(map(str, [*postings.COLUMN_WEIGHTS.values(), 0.0]))
CONTENT = "{name supplier_name summary body}"
SNIPPET_WORDS = 24
SEEK_ABOVE = 7_000


def _fts5_query(terms: list[str], groups: list[list[str]] = (), *, anywhere: bool = False) -> str:
    # Each term is quoted (a phrase of one word), so no word can be read as FTS5 syntax, and
    # looked for in the text columns only; each group of filter tokens is one OR, in `tags`.
    # `anywhere` drops the column filter from the words (cheaper for the engine to score), for
    # words that can never be a filter token, which are then found in the text columns only.
    scope = "" if anywhere and not any(TAG_LIKE.match(t) for t in terms) else f"{CONTENT} : "
    words = [scope + '"' + term.replace('"', "") + '"' for term in terms]
    filters = ["tags : (" + " OR ".join(f'"{tag}"' for tag in group) + ")" for group in groups]
    return " AND ".join(words + filters)


def _tsquery(terms: list[str]) -> str:
    # Terms are letters and digits only (rules.catalogue_stats.search_terms), safe in a tsquery.
    return " & ".join(terms)


def _ids(text: str | None) -> np.ndarray:
    # One row of comma-separated ids: far quicker to carry out of the database than a row each.
    return np.fromstring(text, dtype=np.int64, sep=",") if text else np.empty(0, dtype=np.int64)


def held_words(terms: list[str]) -> list[postings.Postings] | None:
    """On SQLite, the terms' postings held in memory (read from the index the first time); None
    on PostgreSQL, or when FTS5 must answer these terms itself. Asked once per search."""
    return postings.postings_of(terms) if connection.vendor == "sqlite" and terms else None


def text_matches(terms: list[str], words: list[postings.Postings] | None = None) -> np.ndarray:
    """The ids (ascending) of the documents holding every term, unscored."""
    if words is not None:
        return postings.holding_all(words)
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
                [_fts5_query(terms, anywhere=True)],
            )
        ids = _ids(cursor.fetchone()[0])
    return np.sort(ids)


def scores(
    terms: list[str],
    ids: np.ndarray,
    groups: list[list[str]] = (),
    words: list[postings.Postings] | None = None,
) -> np.ndarray:
    """How well each of `ids` (ascending: the documents that hold every term and pass every
    filter) matches the terms, higher is better, in the order of `ids`. Only those documents are
    scored: from the held `words` when given (`held_words`); otherwise by the engine, which on
    SQLite first narrows the words' entries by `groups` of filter tokens those documents all
    carry (a token of each group), then keeps just `ids`."""
    if not len(ids) or not terms:
        return np.zeros(len(ids), dtype=np.float64)
    if words is not None:
        return postings.bm25(words, ids)
    wanted = ",".join(map(str, ids.tolist()))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT listing_id, ts_rank_cd(document, q) FROM catalogue_searchdocument, "
                "to_tsquery('english', %s) q WHERE document @@ q "
                "AND listing_id = ANY(string_to_array(%s, ',')::bigint[])",
                [_tsquery(terms), wanted],
            )
        else:
            # `+rowid` keeps the scan on the words' entries (one pass, the ids looked up in a
            # set built once); a bare `rowid IN` would search the index again for every id.
            cursor.execute(
                f"SELECT rowid, -bm25(catalogue_search_fts, {SQLITE_WEIGHTS}) FROM catalogue_search_fts "
                "WHERE catalogue_search_fts MATCH %s AND +rowid IN (SELECT value FROM json_each(%s))",
                [_fts5_query(terms, [g for g in groups if g], anywhere=True), f"[{wanted}]"],
            )
        rows = cursor.fetchall()
    if not rows:
        return np.zeros(len(ids), dtype=np.float64)
    found = np.array(rows, dtype=[("id", np.int64), ("score", np.float64)])
    found.sort(order="id")
    if np.array_equal(found["id"], ids):  # the usual case: every one of `ids` scored
        return found["score"]
    at = np.clip(np.searchsorted(found["id"], ids), 0, len(found) - 1)
    return np.where(found["id"][at] == ids, found["score"][at], 0.0)


def marked_text(ids: list[int], terms: list[str], among: int = 0) -> dict[int, tuple[str, str, str]]:
    """For each listing: its name and summary with every matched word between MARK_START and
    MARK_END, and an extract of the body around the matches ('' when the body has none).
    `among` is how many documents hold the words, which decides how SQLite finds the page's."""
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
            # Seeking each of the page's documents costs about as much as reading the words'
            # entries of SEEK_ABOVE documents once: a bare `rowid IN` seeks, `+rowid IN` reads.
            rowid = "rowid" if among > SEEK_ABOVE else "+rowid"
            cursor.execute(
                "SELECT rowid, highlight(catalogue_search_fts, 0, %s, %s), "
                "highlight(catalogue_search_fts, 2, %s, %s), "
                f"snippet(catalogue_search_fts, 3, %s, %s, '…', {SNIPPET_WORDS}) "
                "FROM catalogue_search_fts WHERE catalogue_search_fts "
                f"MATCH %s AND {rowid} IN ({placeholders})",
                [MARK_START, MARK_END] * 3 + [_fts5_query(terms, anywhere=True), *ids],
            )
        rows = cursor.fetchall()
    return {row[0]: (row[1], row[2], _extract(row[3])) for row in rows}


ELLIPSES = re.compile(r"(?:…|\.\.\.)(?:\s*(?:…|\.\.\.))+")


def _extract(text: str | None) -> str:
    """The body's extract on one line, or nothing when the words matched elsewhere. Where the
    engine's ellipsis meets one in the text itself (a description that trails off with "…"),
    or two meet around a line with no words, one is shown, never "……"."""
    if not text or MARK_START not in text:
        return ""
    return ELLIPSES.sub("…", " ".join(text.split()))
