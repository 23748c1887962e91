from decimal import Decimal as D

import pytest

from caremarket.rules.catalogue import (
    VERSION_LIFECYCLE,
    Charge,
    PriceLine,
    Tier,
    Unit,
    cheapest,
    headline_prices,
    line_problems,
    lines_from_rows,
    price_list_problems,
    quote,
    rate_for,
    tier_problems,
    unit_allowed,
    version_move_refusal,
)
from caremarket.rules.catalogue import (
    VersionStatus as S,
)


def line(item="Ethernet 100 Mbit/s", unit="per_connection", charge="monthly", *tiers):
    tiers = tiers or ((1, None, "100.00"),)
    return PriceLine(item, unit, charge, tuple(Tier(a, b, D(p)) for a, b, p in tiers))


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (S.DRAFT, S.SUBMITTED, True),
        (S.DRAFT, S.LIVE, False),
        (S.SUBMITTED, S.LIVE, True),
        (S.SUBMITTED, S.REJECTED, True),
        (S.SUBMITTED, S.DRAFT, True),
        (S.LIVE, S.SUPERSEDED, True),
        (S.LIVE, S.WITHDRAWN, True),
        (S.LIVE, S.DRAFT, False),
        (S.SUPERSEDED, S.LIVE, False),
        (S.REJECTED, S.SUBMITTED, False),
        (S.WITHDRAWN, S.LIVE, False),
    ],
)
def test_version_lifecycle(current, target, allowed):
    assert VERSION_LIFECYCLE.can_move(current, target) is allowed
    refusal = version_move_refusal(current, target)
    assert (refusal is None) is allowed
    if refusal:
        assert refusal.code == "listing.transition_refused"


@pytest.mark.parametrize(
    ("tiers", "problem"),
    [
        (((1, None, "10"),), None),
        (((1, 9, "10"), (10, 49, "9"), (50, None, "8")), None),
        (((2, None, "10"),), "The first tier must start at 1"),
        (((1, 10, "10"), (10, None, "9")), "The tier from 10 overlaps the tier before it"),
        (((1, 9, "10"), (12, None, "9")), "The tier from 12 leaves a gap: the tier before it ends at 9"),
        (((1, None, "10"), (10, None, "9")), "The tier from 10 overlaps the open-ended tier before it"),
        (((1, 5, "10"), (6, 4, "9")), "The tier from 6 ends before it starts (4)"),
        (((1, None, "-1"),), "A price must be zero or more"),
        (((1, None, "1.005"),), "1.005 has more than two decimal places"),
        ((), "Give at least one price"),
    ],
)
def test_tiers_ascend_without_gaps_or_overlaps(tiers, problem):
    found = tier_problems(tuple(Tier(a, b, D(p)) for a, b, p in tiers))
    assert found == ([] if problem is None else [problem])


@pytest.mark.parametrize(
    ("unit", "allowed", "ok"),
    [
        ("per_user", [], True),
        ("per_user", ["per_user", "day_rate"], True),
        ("day_rate", ["per_user"], False),
        ("per_site", ["per_connection"], True),
        ("per_site", ["per_unit"], True),
        ("per_site", ["per_device"], False),
    ],
)
def test_units_allowed_by_the_lot(unit, allowed, ok):
    assert unit_allowed(unit, allowed) is ok


def test_line_problems_name_each_mistake():
    assert line_problems(line("", "per_parsec", "weekly"), []) == [
        "Name the item this line prices, like 'Ethernet 100 Mbit/s'",
        "'per_parsec' is not a price unit",
        "'weekly' is not a charge: use one_off, monthly or annual",
    ]
    assert line_problems(line(unit="day_rate"), ["per_connection"]) == [
        "This lot takes prices per connection, not per day"
    ]
    tiered_fixed = line("Set-up", "fixed_price", "one_off", (1, 1, "5"), (2, None, "4"))
    assert "A fixed price cannot be tiered by volume" in line_problems(tiered_fixed, [])


def test_a_price_list_refuses_the_same_item_unit_and_charge_twice():
    problems = price_list_problems([line(), line("ethernet 100 mbit/s ")], ["per_connection"])
    assert problems == {2: ["Line 1 already prices this item, unit and charge: put tiers in one line"]}
    assert price_list_problems([line(), line(charge="one_off")], ["per_connection"]) == {}


def test_rows_group_into_lines_in_order():
    rows = [
        ("B", "per_user", "annual", 10, None, D("8")),
        ("A", "per_user", "one_off", 1, None, D("50")),
        ("B", "per_user", "annual", 1, 9, D("10")),
    ]
    lines = lines_from_rows(rows)
    assert [x.item for x in lines] == ["B", "A"]
    assert [t.from_quantity for t in lines[0].tiers] == [1, 10]


@pytest.mark.parametrize(
    ("quantity", "rate"), [(1, "289.00"), (9, "289.00"), (10, "259.00"), (500, "259.00")]
)
def test_volume_tiers_price_the_whole_quantity(quantity, rate):
    assert rate_for(
        line("E", "per_connection", "monthly", (1, 9, "289.00"), (10, None, "259.00")), quantity
    ) == D(rate)


@pytest.mark.parametrize(
    ("quantity", "term", "one_off", "recurring", "total"),
    [
        (1, 12, "1450.00", "3468.00", "4918.00"),
        (10, 36, "14500.00", "93240.00", "107740.00"),
        (3, 1, "4350.00", "867.00", "5217.00"),
    ],
)
def test_quote_adds_one_off_and_recurring_over_the_term(quantity, term, one_off, recurring, total):
    lines = [
        line("Ethernet", "per_connection", "one_off", (1, None, "1450.00")),
        line("Ethernet", "per_connection", "monthly", (1, 9, "289.00"), (10, None, "259.00")),
    ]
    [q] = quote(lines, quantity, term)
    assert (q.one_off, q.recurring, q.total, q.priced) == (D(one_off), D(recurring), D(total), True)


def test_annual_charges_run_for_part_years_and_fixed_prices_ignore_quantity():
    lines = [
        line("Licence", "per_user", "annual", (1, None, "120.00")),
        line("Project", "fixed_price", "one_off", (1, None, "9999.99")),
    ]
    licence, project = quote(lines, 25, 18)
    assert licence.total == D("4500.00")  # 25 users x £120 x 1.5 years
    assert project.total == D("9999.99")
    assert cheapest([licence, project]).item == "Licence"


def test_an_item_with_no_tier_for_the_quantity_is_not_priced():
    [q] = quote([line("Small", "per_user", "monthly", (1, 5, "10"))], 6, 12)
    assert q.priced is False
    assert cheapest([q]) is None


def test_headline_price_prefers_a_year_of_recurring_charges():
    lines = [
        line("A", "per_connection", "one_off", (1, None, "1450")),
        line("A", "per_connection", "monthly", (1, 9, "289"), (10, None, "259")),
        line("B", "per_connection", "annual", (1, None, "3000")),
        line("Day", "day_rate", "one_off", (1, None, "650")),
    ]
    assert headline_prices(lines) == {
        Unit.PER_CONNECTION: ("yearly", D("3000.00")),
        Unit.DAY_RATE: ("one_off", D("650.00")),
    }
    assert Charge.MONTHLY == "monthly"
