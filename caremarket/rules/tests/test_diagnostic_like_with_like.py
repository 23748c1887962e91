"""The make/share/buy diagnostic compares like with like: a yearly cost against a yearly
benchmark of the whole service line, never against a unit price per head; and a negative
saving reads "costs £25,000.00 more", never "saves -£25,000.00"."""

from decimal import Decimal as D

import pytest

from caremarket.rules.sourcing_diagnostic import (
    LeftOut,
    LineCosts,
    ServiceLine,
    SourcingOption,
    diagnose,
    diagnose_line,
    left_out_note,
    saving_text,
    service_yearly_cost,
    yearly_cost_of,
)

MAKE, BUY = SourcingOption.MAKE, SourcingOption.BUY


@pytest.mark.parametrize(
    ("unit", "basis", "price", "population", "expected"),
    [
        ("fixed_price", "yearly", D("95000"), None, (D("95000.00"), None)),
        ("fixed_price", "yearly", D("95000"), 250_000, (D("95000.00"), None)),
        ("per_head_of_population", "yearly", D("0.38"), 250_000, (D("95000.00"), None)),
        ("per_head_of_population", "yearly", D("0.38"), None, (None, LeftOut.NO_POPULATION)),
        ("per_head_of_population", "yearly", D("0.38"), 0, (None, LeftOut.NO_POPULATION)),
        ("per_head_of_population", "one_off", D("0.38"), 250_000, (None, LeftOut.ONE_OFF)),
        ("fixed_price", "one_off", D("12000"), None, (None, LeftOut.ONE_OFF)),
        ("day_rate", "yearly", D("650"), 250_000, (None, LeftOut.OTHER_UNIT)),
        ("per_user", "yearly", D("120"), 250_000, (None, LeftOut.OTHER_UNIT)),
        ("per_connection", "yearly", D("780"), None, (None, LeftOut.OTHER_UNIT)),
    ],
)
def test_a_catalogue_price_as_a_yearly_cost_of_the_whole_line(unit, basis, price, population, expected):
    assert yearly_cost_of(unit, basis, price, population) == expected


@pytest.mark.parametrize(
    ("prices", "population", "expected"),
    [
        ([], None, (None, None)),
        (
            [("fixed_price", "yearly", D("90000")), ("per_head_of_population", "yearly", D("0.30"))],
            None,
            (D("90000.00"), None),
        ),
        (
            [("fixed_price", "yearly", D("90000")), ("per_head_of_population", "yearly", D("0.30"))],
            250_000,
            (D("75000.00"), None),
        ),
        (
            [("per_head_of_population", "yearly", D("0.30")), ("day_rate", "yearly", D("600"))],
            None,
            (None, LeftOut.NO_POPULATION),
        ),
        (
            [("day_rate", "yearly", D("600")), ("fixed_price", "one_off", D("5000"))],
            None,
            (None, LeftOut.OTHER_UNIT),
        ),
        ([("fixed_price", "one_off", D("5000"))], 250_000, (None, LeftOut.ONE_OFF)),
    ],
)
def test_a_services_benchmark_is_its_lowest_comparable_yearly_cost(prices, population, expected):
    assert service_yearly_cost(prices, population) == expected


@pytest.mark.parametrize(
    ("saving", "percent", "text"),
    [
        (D("10000"), D("10.0"), "saves £10,000.00 (10.0%)"),
        (D("-25000"), D("-25.0"), "costs £25,000.00 more (25.0%)"),
        (D("-25000"), None, "costs £25,000.00 more"),
        (D("1234.56"), None, "saves £1,234.56"),
        (D("0"), D("0.0"), "costs the same as in-house"),
        (None, None, ""),
    ],
)
def test_a_saving_as_a_person_reads_it(saving, percent, text):
    assert saving_text(saving, percent) == text
    assert "-£" not in text and "saves -" not in text


def test_a_dearer_option_costs_more_never_saves_a_negative_amount():
    row = diagnose_line(LineCosts(ServiceLine.BUSINESS_INTELLIGENCE, {MAKE: D("100000"), BUY: D("125000")}))
    buy = row.result(BUY)
    assert buy.saving_vs_in_house == D("-25000.00")
    assert buy.saving_text == "costs £25,000.00 more (25.0%)"
    assert row.result(MAKE).saving_text == "costs the same as in-house"


@pytest.mark.parametrize(
    ("left_out", "notes"),
    [
        ({}, []),
        (
            {LeftOut.NO_POPULATION: 1},
            [
                "1 catalogue service priced per head of population cannot be compared with a yearly cost: "
                "give your registered population to compare it"
            ],
        ),
        (
            {LeftOut.NO_POPULATION: 3, LeftOut.ONE_OFF: 0},
            [
                "3 catalogue services priced per head of population cannot be compared with a yearly cost: "
                "give your registered population to compare them"
            ],
        ),
        (
            {LeftOut.OTHER_UNIT: 2},
            [
                "2 catalogue services priced in other units (per user, per day, per site) cannot be "
                "compared with a yearly cost"
            ],
        ),
    ],
)
def test_the_notes_say_what_could_not_be_compared(left_out, notes):
    line = LineCosts(ServiceLine.BUSINESS_INTELLIGENCE, {MAKE: D("100000")}, (), left_out)
    found = [n for n in diagnose_line(line).notes if "cannot be compared" in n]
    assert found == notes
    empty = LineCosts(ServiceLine.BUSINESS_INTELLIGENCE, {}, (), left_out)
    assert [n for n in diagnose_line(empty).notes if "cannot be compared" in n] == notes


def test_left_out_notes_cover_every_reason():
    for reason in LeftOut:
        assert left_out_note(reason, 2).startswith("2 catalogue services")


def test_the_total_saving_text_is_never_negative_money():
    result = diagnose([LineCosts(ServiceLine.PROCUREMENT, {MAKE: D("80000"), BUY: D("95000")})])
    assert result.saving_total == D("0.00")
    assert result.saving_total_text == "costs the same as in-house"
