from decimal import Decimal as D

import pytest

from caremarket.rules.catalogue_stats import (
    MARK_END,
    MARK_START,
    benchmark,
    quantile,
    search_terms,
    strip_markers,
    tie_break_key,
)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Ethernet for GP practices", ["ethernet", "gp", "practices"]),
        ("  the AND of  ", []),
        ("Wi-Fi 100 Mbit/s", ["wi", "fi", "100", "mbit"]),
        ("network network NETWORK", ["network"]),
        ('"quoted" OR NEAR(x) *', ["quoted", "near"]),
        (
            "one two three four five six seven eight nine ten",
            ["one", "two", "three", "four", "five", "six", "seven", "eight"],
        ),
    ],
)
def test_search_terms(text, terms):
    assert search_terms(text) == terms


def test_markers_never_survive_in_stored_text():
    assert strip_markers(f"a{MARK_START}b{MARK_END}c") == "abc"


def test_tie_break_key_is_a_stable_signed_64_bit_hash():
    assert tie_break_key(1) == tie_break_key(1)
    assert tie_break_key(1) != tie_break_key(2)
    keys = [tie_break_key(i) for i in range(1, 200)]
    assert all(-(2**63) <= k < 2**63 for k in keys)
    assert keys != sorted(keys)  # not the insertion order
    assert tie_break_key(1, "advisor") != tie_break_key(1)


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        (["1", "2", "3", "4"], "0.5", "2.50"),
        (["1", "2", "3", "4"], "0.25", "1.75"),
        (["1", "2", "3", "4"], "0.75", "3.25"),
        (["5"], "0.25", "5.00"),
        (["10", "20", "30"], "0.5", "20.00"),
    ],
)
def test_quantiles_interpolate(values, fraction, expected):
    assert quantile([D(v) for v in values], D(fraction)) == D(expected)


def test_benchmark_counts_median_and_quartiles():
    result = benchmark([D("650"), D("450"), D("900"), D("700"), D("500")])
    assert (result.count, result.minimum, result.maximum) == (5, D("450"), D("900"))
    assert (result.lower_quartile, result.median, result.upper_quartile) == (
        D("500.00"),
        D("650.00"),
        D("700.00"),
    )
    assert benchmark([]) is None
