"""How an awarded price list joins the benchmarks: like a listing's prices, one per unit."""

from decimal import Decimal as D

import pytest

from caremarket.rules.catalogue import CATEGORIES
from caremarket.rules.catalogue_stats import award_category, awarded_headlines, yearly_value

ORDER = list(CATEGORIES)


@pytest.mark.parametrize(
    ("items", "headlines"),
    [
        ([], {}),
        # The Suffolk award: per connection, each band's one-off and annual charge.
        (
            [
                ("per_connection", 45000, 78000),
                ("per_connection", 65000, 115000),
                ("per_connection", 120000, 290000),
            ],
            {"per_connection": ("yearly", D("780.00"))},
        ),
        # An installation charge is never a year's price; only one-off where nothing recurs.
        ([("per_site", 50000, 0), ("per_site", 40000, 0)], {"per_site": ("one_off", D("400.00"))}),
        ([("per_site", 50000, 0), ("per_site", 90000, 12000)], {"per_site": ("yearly", D("120.00"))}),
        (
            [("per_connection", 0, 78000), ("day_rate", 65000, 0)],
            {"per_connection": ("yearly", D("780.00")), "day_rate": ("one_off", D("650.00"))},
        ),
        ([("per_user", 0, 0)], {}),  # a free item prices nothing
    ],
)
def test_awarded_headlines(items, headlines):
    assert awarded_headlines(items) == headlines


@pytest.mark.parametrize(
    ("value", "months", "yearly"),
    [
        (D("480000"), 60, D("96000.00")),
        (D("100000"), 36, D("33333.33")),
        (D("1000"), 12, D("1000.00")),
        (None, 60, None),
        (D("0"), 60, None),
        (D("1000"), 0, None),
    ],
)
def test_a_contract_value_as_a_fixed_price_a_year(value, months, yearly):
    assert yearly_value(value, months) == yearly


@pytest.mark.parametrize(
    ("candidates", "category"),
    [
        ((["hscn_connectivity"], ["hscn_voice"]), "hscn_connectivity"),
        (([], ["hscn_voice", "hscn_voice", "hscn_connectivity"]), "hscn_voice"),
        (([], [], ["business_intelligence"]), "business_intelligence"),
        # A tie goes to the category buyers see first.
        ((["hscn_voice", "hscn_connectivity"],), "hscn_connectivity"),
        (([], [], []), None),
        ((), None),
    ],
)
def test_the_category_an_award_is_benchmarked_under(candidates, category):
    assert award_category(*candidates, order=ORDER) == category
