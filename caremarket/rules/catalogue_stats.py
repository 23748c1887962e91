"""Pure helpers for searching the catalogue and summarising its prices: the search terms of a
query, the stable order of equal results, and price benchmarks (count, median, quartiles)."""

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Words too common to search on: PostgreSQL's English stop words, which it drops from documents
# and queries. SQLite's FTS5 keeps every word, so queries leave these out on both engines.
STOP_WORDS = frozenset(
    [
        "i",
        "me",
        "my",
        "myself",
        "we",
        "our",
        "ours",
        "ourselves",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "he",
        "him",
        "his",
        "himself",
        "she",
        "her",
        "hers",
        "herself",
        "it",
        "its",
        "itself",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "what",
        "which",
        "who",
        "whom",
        "this",
        "that",
        "these",
        "those",
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        "a",
        "an",
        "the",
        "and",
        "but",
        "if",
        "or",
        "because",
        "as",
        "until",
        "while",
        "of",
        "at",
        "by",
        "for",
        "with",
        "about",
        "against",
        "between",
        "into",
        "through",
        "during",
        "before",
        "after",
        "above",
        "below",
        "to",
        "from",
        "up",
        "down",
        "in",
        "out",
        "on",
        "off",
        "over",
        "under",
        "again",
        "further",
        "then",
        "once",
        "here",
        "there",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "no",
        "nor",
        "not",
        "only",
        "own",
        "same",
        "so",
        "than",
        "too",
        "very",
        "s",
        "t",
        "can",
        "will",
        "just",
        "don",
        "should",
        "now",
    ]
)
MAX_TERMS = 8
WORD = re.compile(r"[^\W_]+", re.UNICODE)

# The markers a search engine puts around a matched word; escaped text never contains them.
MARK_START = "\ue000"
MARK_END = "\ue001"


def search_terms(text: str) -> list[str]:
    """The words of a query that are searched on, in order, lower case, without repeats."""
    terms: list[str] = []
    for word in WORD.findall(text.lower()):
        if word in STOP_WORDS or word in terms or (len(word) == 1 and not word.isdigit()):
            continue
        terms.append(word[:40])
    return terms[:MAX_TERMS]


def strip_markers(text: str) -> str:
    """Text as stored for searching: it must not contain the highlight markers itself."""
    return text.replace(MARK_START, "").replace(MARK_END, "")


def tie_break_key(identifier: int, namespace: str = "listing") -> int:
    """A signed 64-bit number from a hash of the id: results that rank equal are shown in this
    order, which neither the insertion order nor the id reveals, and which never changes."""
    digest = hashlib.sha256(f"{namespace}:{identifier}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


# --- Price benchmarks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Benchmark:
    count: int
    minimum: Decimal
    lower_quartile: Decimal
    median: Decimal
    upper_quartile: Decimal
    maximum: Decimal


def quantile(ordered: list[Decimal], fraction: Decimal) -> Decimal:
    """The `fraction` quantile of sorted values, interpolating between neighbours (the method
    spreadsheets call QUARTILE.INC), to the penny."""
    if not ordered:
        raise ValueError("no values")
    position = (len(ordered) - 1) * fraction
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    weight = position - below
    value = ordered[below] + (ordered[above] - ordered[below]) * weight
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def benchmark(prices: Iterable[Decimal]) -> Benchmark | None:
    ordered = sorted(prices)
    if not ordered:
        return None
    return Benchmark(
        count=len(ordered),
        minimum=ordered[0],
        lower_quartile=quantile(ordered, Decimal("0.25")),
        median=quantile(ordered, Decimal("0.5")),
        upper_quartile=quantile(ordered, Decimal("0.75")),
        maximum=ordered[-1],
    )


# --- Awarded prices -----------------------------------------------------------------------------

YEARLY, ONE_OFF = "yearly", "one_off"


def awarded_headlines(items: Iterable[tuple[str, int, int]]) -> dict[str, tuple[str, Decimal]]:
    """An awarded price list's prices as the benchmarks count a listing's: per unit, from each
    item's first tier (unit, one-off pence, annual pence), the lowest annual charge where the
    unit has one (a year's price), else the lowest one-off charge. Like with like: an
    installation charge is never counted as a year's price."""
    recurring: dict[str, int] = {}
    one_off: dict[str, int] = {}
    for unit, once, annual in items:
        if annual > 0:
            recurring[unit] = min(annual, recurring.get(unit, annual))
        elif once > 0:
            one_off[unit] = min(once, one_off.get(unit, once))
    result = {unit: (ONE_OFF, Decimal(p).scaleb(-2)) for unit, p in one_off.items()}
    result.update({unit: (YEARLY, Decimal(p).scaleb(-2)) for unit, p in recurring.items()})
    return result


def yearly_value(value: Decimal | None, term_months: int) -> Decimal | None:
    """An awarded contract's value (over its full term) as a fixed price a year."""
    if value is None or term_months <= 0 or value <= 0:
        return None
    return (Decimal(value) * 12 / term_months).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def award_category(*candidates: Iterable[str], order: Iterable[str] = ()) -> str | None:
    """The catalogue category an award's prices are benchmarked under: the most common
    category of the first non-empty candidate list (the winner's live services on the lot in
    that unit, then any service on the lot in that unit, then any service on the lot); ties go
    to the category first in `order`. None when every list is empty."""
    rank = {code: n for n, code in enumerate(order)}
    for found in candidates:
        counts = Counter(found)
        if counts:
            return min(counts, key=lambda c: (-counts[c], rank.get(c, len(rank)), c))
    return None
