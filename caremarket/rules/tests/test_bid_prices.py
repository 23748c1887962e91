from decimal import Decimal

import pytest

from caremarket.rules.bid_prices import (
    BaselineItem,
    PriceRow,
    item_label,
    price_list_from_rows,
    unpriced_items,
)
from caremarket.rules.money_text import pounds_from_text, whole_number_from_text

ITEMS = [
    BaselineItem("per_connection", "100 Mbps", 10),
    BaselineItem("per_connection", "1 Gbps", 4),
    BaselineItem("per_site", "", 14),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("98500", Decimal("98500")),
        ("98,500", Decimal("98500")),
        ("£98,500.00", Decimal("98500.00")),
        ("£ 98500.5", Decimal("98500.5")),
        (" 1,234,567.89 ", Decimal("1234567.89")),
        ("0", Decimal("0")),
        ("98,50", None),
        ("1,2345", None),
        ("1e3", None),
        ("-5", None),
        ("12.345", None),
        ("NaN", None),
        ("", None),
        (None, None),
        ("£", None),
    ],
)
def test_pounds_from_text(text, expected):
    assert pounds_from_text(text) == expected


@pytest.mark.parametrize(
    ("unit", "band", "label"),
    [
        ("per_connection", "100 Mbps", "per connection, 100 Mbps"),
        ("per_site", "", "per site"),
        ("overlay_service", "", "overlay service"),
    ],
)
def test_item_label(unit, band, label):
    assert item_label(unit, band) == label


def _row(where, unit, band, start, one_off, annual):
    return PriceRow(where, unit, band, start, one_off, annual)


CASES = [
    (
        "one flat tier per item, amounts as people type them",
        [
            _row("Row 2", "per_connection", "100 Mbps", "1", "£650.00", "1,150"),
            _row("Row 3", "per_connection", "1 Gbps", "", "1200", "2,900.00"),
        ],
        False,
        [
            ("per_connection", "100 Mbps", [(1, "650.00", "1150.00")]),
            ("per_connection", "1 Gbps", [(1, "1200.00", "2900.00")]),
        ],
        [],
    ),
    (
        "tiers sorted by the quantity they start from; blank rows skipped",
        [
            _row("Row 2", "per_connection", "100 Mbps", "5", "600", "1000"),
            _row("Row 3", "per_connection", "100 Mbps", "", "", ""),
            _row("Row 4", "per_connection", "100 Mbps", "1", "650", "1150"),
        ],
        False,
        [("per_connection", "100 Mbps", [(1, "650.00", "1150.00"), (5, "600.00", "1000.00")])],
        [],
    ),
    (
        "an item the baseline does not need",
        [_row("Row 2", "per_connection", "10 Gbps", "1", "1", "1")],
        False,
        [],
        ["Row 2: per connection, 10 Gbps is not an item of the club's baseline"],
    ),
    (
        "bad amounts and quantity, each named",
        [_row("Row 5", "per_connection", "1 Gbps", "two", "12,00", "-3")],
        False,
        [],
        [
            "Row 5: the tier starts from a whole number of units, 1 or more (got 'two')",
            "Row 5: enter the one-off charge in pounds, like 1,250.00 (got '12,00')",
            "Row 5: enter the annual charge in pounds, like 1,250.00 (got '-3')",
        ],
    ),
    (
        "a repeated tier and tiers not starting from 1",
        [
            _row("Row 2", "per_site", "", "3", "10", "10"),
            _row("Row 3", "per_site", "", "3", "9", "9"),
        ],
        False,
        [("per_site", "", [(3, "10.00", "10.00")])],
        ["Row 3: per site already has a tier from 3", "Row 2: per site: the first tier starts from 1"],
    ),
    (
        "submitting needs every item priced",
        [_row("Row 2", "per_connection", "100 Mbps", "1", "650", "1150")],
        True,
        [("per_connection", "100 Mbps", [(1, "650.00", "1150.00")])],
        [
            "per connection, 1 Gbps: enter its one-off and annual charges",
            "per site: enter its one-off and annual charges",
        ],
    ),
    (
        "an absurd charge",
        [_row("Row 2", "per_site", "", "1", "100,000,000", "0")],
        False,
        [],
        ["Row 2: the one-off charge must be less than £100,000,000"],
    ),
]


@pytest.mark.parametrize(("case", "rows", "every", "expected", "problems"), CASES, ids=[c[0] for c in CASES])
def test_price_list_from_rows(case, rows, every, expected, problems):
    price_list, found = price_list_from_rows(rows, ITEMS, require_every_item=every)
    assert [str(p) for p in found] == problems
    assert [
        (r["unit"], r["band"], [(t["from"], t["one_off"], t["annual"]) for t in r["tiers"]])
        for r in price_list
    ] == expected


def test_unpriced_items():
    priced = [{"unit": "per_site", "band": "", "tiers": []}]
    assert unpriced_items(priced, ITEMS) == ["per connection, 100 Mbps", "per connection, 1 Gbps"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,250", 1250),
        ("7", 7),
        (" 12 ", 12),
        ("²", None),
        ("1" * 13, None),
        ("-1", None),
        ("1.5", None),
        ("", None),
    ],
)
def test_whole_number_from_text(text, expected):
    assert whole_number_from_text(text) == expected


def test_a_superscript_tier_start_is_a_problem_not_a_crash():
    _, problems = price_list_from_rows([_row("Row 2", "per_site", "", "²", "1", "1")], ITEMS)
    assert [str(p) for p in problems] == [
        "Row 2: the tier starts from a whole number of units, 1 or more (got '²')"
    ]
