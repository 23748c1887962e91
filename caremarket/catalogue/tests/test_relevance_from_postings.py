"""On SQLite, words and relevance come from postings held in memory: the same documents and,
to the last bit, the same bm25 scores as FTS5 gives itself; read again after every change."""

import numpy as np
import pytest
from django.db import connection

from caremarket.catalogue.factories import make_listing
from caremarket.catalogue.models import Listing
from caremarket.catalogue.search import SearchQuery, engine, postings, run_search
from caremarket.catalogue.tests.test_search import catalogue  # noqa: F401 (a fixture)
from caremarket.rules.catalogue_stats import search_terms

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'sqlite'", reason="FTS5 postings are SQLite's"),
]


def _fts5_matches(terms):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM catalogue_search_fts WHERE catalogue_search_fts MATCH %s ORDER BY rowid",
            [engine._fts5_query(terms)],
        )
        return np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)


def _fts5_scores(terms, ids):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, -bm25(catalogue_search_fts, {engine.SQLITE_WEIGHTS}) FROM catalogue_search_fts "
            "WHERE catalogue_search_fts MATCH %s ORDER BY rowid",
            [engine._fts5_query(terms, anywhere=True)],
        )
        scored = dict(cursor.fetchall())
    return np.array([scored[i] for i in ids.tolist()])


@pytest.mark.parametrize(
    "text",
    [
        "ethernet",
        "managed",
        "monitoring connections",  # stems: monitor, connect
        "Fibre Ethernet hospitals",
        "anglia",  # the supplier's name
        "wi-fi",  # "fi" is one letter short of a word: only "wi" is dropped
        "surveys installation",
        "routers",  # no document
    ],
)
def test_postings_find_the_documents_and_scores_fts5_finds(catalogue, text):  # noqa: F811
    terms = search_terms(text)
    words = postings.postings_of(terms)
    assert words is not None
    ids = postings.holding_all(words)
    assert ids.tolist() == _fts5_matches(terms).tolist()
    assert postings.bm25(words, ids).tolist() == _fts5_scores(terms, ids).tolist()


def test_a_word_that_reads_as_a_filter_token_is_left_to_fts5(catalogue):  # noqa: F811
    assert postings.postings_of(["zl1"]) is None
    assert run_search(SearchQuery(text="zl1")).total == 0  # tokens are never searched as words


def test_a_change_to_the_catalogue_is_searched_at_once(catalogue):  # noqa: F811
    ids, _ = catalogue
    assert run_search(SearchQuery(text="telephony")).total == 0
    assert run_search(SearchQuery(text="ethernet")).total == 2
    existing = Listing.objects.select_related("lot", "supplier").get(pk=ids["ethernet"])
    listing = make_listing(lot=existing.lot, supplier=existing.supplier, name="Ethernet telephony")
    result = run_search(SearchQuery(text="ethernet telephony"))
    assert [hit.listing_id for hit in result.hits] == [listing.pk]
    assert run_search(SearchQuery(text="ethernet")).total == 3


@pytest.mark.parametrize(
    ("data", "values"),
    [
        (b"", []),
        (b"\x00", [0]),
        (b"\x05\x7f", [5, 127]),
        (b"\x81\x00", [128]),
        (b"\x81\x80\x00\x03", [16384, 3]),
        (b"\xff\x7f", [16383]),
    ],
)
def test_varints_decode_as_sqlite_writes_them(data, values):
    assert postings._varints(np.frombuffer(data, dtype=np.uint8)).tolist() == values


@pytest.mark.parametrize(
    ("rows", "hits", "expected"),
    [(100, 10, np.log(90.5 / 10.5)), (100, 50, 1e-6), (100, 90, 1e-6), (1, 1, 1e-6)],
)
def test_a_word_in_half_the_documents_or_more_still_counts_a_little(rows, hits, expected):
    assert postings.inverse_frequency(rows, hits) == pytest.approx(expected)
