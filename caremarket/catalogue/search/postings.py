"""Words and relevance on SQLite without asking FTS5 on every search.

FTS5 scores a document with bm25 in a few microseconds, so a common word among thousands of
filtered services costs tens of milliseconds on every search. Here each word's postings (the
documents holding it in the text columns and how often, weighted by column) and every
document's length are read from the index once, held per process until the index changes,
and FTS5's own bm25 is computed from them in numpy: the same formula, constants and
arithmetic, so the scores are FTS5's to the last bit (a test checks it). A word that the
index cannot answer this way (one that reads as a filter token, or that the tokenizer splits
in two) leaves the search to FTS5 itself."""

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from django.db import connection

from caremarket.catalogue.search.columns import index_state
from caremarket.catalogue.search.tags import TAG_LIKE

# bm25 as FTS5 computes it (fts5_aux.c), with the weights the engine gives each text column.
K1, B = 1.2, 0.75
COLUMN_WEIGHTS = {"name": 10.0, "supplier_name": 3.0, "summary": 4.0, "body": 1.0}  # tags count 0
TOKENIZE = "porter unicode61 remove_diacritics 2"  # as the index's (catalogue migration 0002)
MAX_HELD_ENTRIES = 4_000_000  # documents across every word held, about 64 MB

# Column codes 1-4 in the order of COLUMN_WEIGHTS; 0 is the tags column.
_COLUMN_CODE = " ".join(f"WHEN '{name}' THEN {code}" for code, name in enumerate(COLUMN_WEIGHTS, 1))
_WEIGHT_OF_CODE = np.array([0.0, *COLUMN_WEIGHTS.values()])
_SETUP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.catalogue_search_words "
    "USING fts5vocab(main, catalogue_search_fts, 'instance')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.catalogue_stem USING fts5(word, tokenize='{TOKENIZE}')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.catalogue_stem_words "
    "USING fts5vocab(temp, catalogue_stem, 'instance')",
]


@dataclass(frozen=True)
class Postings:
    docs: np.ndarray  # ids of the documents holding the word in a text column, ascending
    freq: np.ndarray  # in each, the word's count in each column times the column's weight


@dataclass(frozen=True)
class Lengths:
    docs: np.ndarray  # every document's id, ascending
    tokens: np.ndarray  # its length in tokens, all columns, as FTS5 counts it
    rows: int  # documents in the index
    average: float  # mean tokens per document, as FTS5 works it out


@dataclass
class _Held:
    key: tuple
    lengths: Lengths | None = None
    words: OrderedDict | None = None  # stem -> Postings, least recently used first
    entries: int = 0


_lock = threading.Lock()
_held: dict[str, _Held] = {}
_stems: dict[str, str | None] = {}  # the tokenizer never changes, so neither do stems


def postings_of(terms: list[str]) -> list[Postings] | None:
    """Each term's postings, in order, or None when FTS5 must answer these terms itself."""
    stems = _stems_of(terms)
    if stems is None:
        return None
    held = _current()
    with _lock:
        found = [held.words.get(stem) for stem in stems]
        for stem, postings in zip(stems, found, strict=True):
            if postings is not None:
                held.words.move_to_end(stem)
    missing = [stem for stem, postings in zip(stems, found, strict=True) if postings is None]
    fetched = {stem: _read_postings(stem) for stem in dict.fromkeys(missing)}
    with _lock:
        for stem, postings in fetched.items():
            _hold(held, stem, postings)
    return [
        postings if postings is not None else fetched[stem]
        for stem, postings in zip(stems, found, strict=True)
    ]


def holding_all(words: list[Postings]) -> np.ndarray:
    """The ids (ascending) of the documents holding every word in a text column."""
    if not words:
        return np.empty(0, dtype=np.int64)
    ids = words[0].docs
    for word in sorted(words[1:], key=lambda w: len(w.docs)):
        ids = np.intersect1d(ids, word.docs, assume_unique=True)
    return ids


def bm25(words: list[Postings], ids: np.ndarray) -> np.ndarray:
    """FTS5's bm25 of each of `ids` (ascending; every one holds every word), higher is better."""
    lengths = current_lengths()
    tokens = lengths.tokens[np.searchsorted(lengths.docs, ids)].astype(np.float64)
    norm = K1 * (1 - B + B * tokens / lengths.average)
    score = np.zeros(len(ids), dtype=np.float64)
    for word in words:
        freq = word.freq[np.searchsorted(word.docs, ids)]
        score = score + inverse_frequency(lengths.rows, len(word.docs)) * (
            (freq * (K1 + 1.0)) / (freq + norm)
        )
    return score


def inverse_frequency(rows: int, hits: int) -> float:
    idf = math.log((rows - hits + 0.5) / (hits + 0.5))
    return idf if idf > 0.0 else 1e-6


def forget() -> None:
    with _lock:
        _held.clear()


# --- Reading the index ------------------------------------------------------------------------


def _current() -> _Held:
    key = (connection.settings_dict["NAME"], *index_state())
    with _lock:
        held = _held.get(connection.alias)
        if held is None or held.key != key:
            held = _held[connection.alias] = _Held(key=key, words=OrderedDict())
    return held


def current_lengths() -> Lengths:
    """Every document's length, read from the index once per change."""
    held = _current()
    if held.lengths is None:
        lengths = _read_lengths()
        with _lock:
            held.lengths = lengths
    return held.lengths


def _hold(held: _Held, stem: str, postings: Postings) -> None:
    if stem in held.words:
        return
    held.words[stem] = postings
    held.entries += len(postings.docs)
    while held.entries > MAX_HELD_ENTRIES and len(held.words) > 1:
        _, dropped = held.words.popitem(last=False)
        held.entries -= len(dropped.docs)


def _setup(cursor) -> None:
    for statement in _SETUP:
        cursor.execute(statement)


def _stems_of(terms: list[str]) -> list[str] | None:
    """Each term as the index holds it (stemmed by the index's own tokenizer), or None when a
    term reads as a filter token or is not exactly one token."""
    if any(TAG_LIKE.match(term) for term in terms):
        return None
    unknown = [term for term in terms if term not in _stems]
    if unknown:
        with connection.cursor() as cursor:
            _setup(cursor)
            cursor.executemany(
                "INSERT INTO temp.catalogue_stem(rowid, word) VALUES (%s, %s)", list(enumerate(unknown))
            )
            cursor.execute("SELECT doc, term FROM temp.catalogue_stem_words")
            tokens: dict[int, list[str]] = {}
            for doc, term in cursor.fetchall():
                tokens.setdefault(doc, []).append(term)
            cursor.execute("DELETE FROM temp.catalogue_stem")
        if len(_stems) > 100_000:
            _stems.clear()
        for at, term in enumerate(unknown):
            found = tokens.get(at, [])
            _stems[term] = found[0] if len(found) == 1 else None
    stems = [_stems[term] for term in terms]
    return None if None in stems else stems


def _read_postings(stem: str) -> Postings:
    # One row: every instance of the word as document * 8 + column code, in document order.
    with connection.cursor() as cursor:
        _setup(cursor)
        cursor.execute(
            f"SELECT group_concat(doc * 8 + CASE col {_COLUMN_CODE} ELSE 0 END) "
            "FROM temp.catalogue_search_words WHERE term = %s",
            [stem],
        )
        text = cursor.fetchone()[0]
    codes = np.fromstring(text, dtype=np.int64, sep=",") if text else np.empty(0, dtype=np.int64)
    codes = codes[(codes & 7) > 0]
    if len(codes) and np.any(codes[1:] < codes[:-1]):  # the index gives them in order already
        codes = np.sort(codes)
    docs, columns = codes >> 3, codes & 7
    if not len(docs):
        return Postings(docs=docs, freq=np.empty(0, dtype=np.float64))
    starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
    return Postings(docs=docs[starts], freq=np.add.reduceat(_WEIGHT_OF_CODE[columns], starts))


def _read_lengths() -> Lengths:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT group_concat(id), group_concat(hex(sz), '') FROM "
            "(SELECT id, sz FROM catalogue_search_fts_docsize ORDER BY id)"
        )
        ids_text, sizes_hex = cursor.fetchone()
        cursor.execute("SELECT block FROM catalogue_search_fts_data WHERE id = 1")
        averages = cursor.fetchone()
    docs = np.fromstring(ids_text, dtype=np.int64, sep=",") if ids_text else np.empty(0, dtype=np.int64)
    sizes = _varints(np.frombuffer(bytes.fromhex(sizes_hex or ""), dtype=np.uint8))
    per_document = len(sizes) // max(len(docs), 1)
    tokens = sizes.reshape(len(docs), per_document).sum(axis=1) if len(docs) else sizes
    totals = _varints(np.frombuffer(bytes(averages[0]), dtype=np.uint8)) if averages else np.zeros(1)
    rows = max(int(totals[0]), 1)
    return Lengths(docs=docs, tokens=tokens, rows=rows, average=float(int(totals[1:].sum())) / float(rows))


def _varints(data: np.ndarray) -> np.ndarray:
    """SQLite varints (big-endian groups of 7 bits; a byte below 0x80 ends one), decoded."""
    if not len(data):
        return np.zeros(0, dtype=np.int64)
    ends = np.flatnonzero(data < 0x80)
    starts = np.r_[0, ends[:-1] + 1]
    end_of_each_byte = ends[np.searchsorted(ends, np.arange(len(data)))]
    shifts = 7 * (end_of_each_byte - np.arange(len(data)))
    parts = (data & 0x7F).astype(np.int64) << shifts
    return np.add.reduceat(parts, starts)
