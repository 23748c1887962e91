from decimal import Decimal

import pytest

from caremarket.rules.sourcing_diagnostic import (
    SERVICE_LINE_DESCRIPTIONS,
    SERVICE_LINE_LABELS,
    Benchmark,
    BenchmarkSource,
    LineCosts,
    Position,
    ServiceLine,
    SourcingOption,
    diagnose,
    diagnose_line,
    position,
)

MAKE, SHARE, BUY, COLLAB, MIXED = (
    SourcingOption.MAKE,
    SourcingOption.SHARE,
    SourcingOption.BUY,
    SourcingOption.BUY_COLLABORATIVELY,
    SourcingOption.MIXED,
)
D = Decimal
IN_HOUSE_BENCH = Benchmark(BenchmarkSource.IN_HOUSE, 12, D("100000"), D("80000"), D("120000"))
CSU_BENCH = Benchmark(BenchmarkSource.CSU, 19, D("90000"), D("70000"), D("110000"))
INDEPENDENT_BENCH = Benchmark(BenchmarkSource.INDEPENDENT, 3, D("95000"), D("85000"), D("105000"))


def test_the_seven_commissioning_support_service_lines():
    assert [SERVICE_LINE_LABELS[line] for line in ServiceLine] == [
        "Health needs assessment",
        "Business intelligence",
        "Support for redesign",
        "Communications and public engagement",
        "Procurement and market management (agreeing contracts)",
        "Provider management (monitoring contracts)",
        "Business support and back office",
    ]
    assert set(SERVICE_LINE_DESCRIPTIONS) == set(ServiceLine)


@pytest.mark.parametrize(
    ("cost", "expected"),
    [
        (D("79999.99"), Position.BELOW),
        (D("80000"), Position.WITHIN),
        (D("120000"), Position.WITHIN),
        (D("120000.01"), Position.ABOVE),
    ],
)
def test_position_against_a_benchmark(cost, expected):
    assert position(cost, IN_HOUSE_BENCH) == expected


def test_buying_cheaper_than_in_house():
    row = diagnose_line(
        LineCosts(
            ServiceLine.BUSINESS_INTELLIGENCE,
            {MAKE: D("130000"), SHARE: D("110000"), BUY: D("95000"), COLLAB: D("85000")},
            (IN_HOUSE_BENCH, CSU_BENCH),
        )
    )
    assert row.label == "Business intelligence"
    assert [(r.option, r.cost, r.saving_vs_in_house, r.saving_percent) for r in row.options] == [
        (MAKE, D("130000.00"), D("0.00"), D("0.0")),
        (SHARE, D("110000.00"), D("20000.00"), D("15.4")),
        (BUY, D("95000.00"), D("35000.00"), D("26.9")),
        (COLLAB, D("85000.00"), D("45000.00"), D("34.6")),
    ]
    assert (row.cheapest, row.cheapest_cost, row.tied) == (COLLAB, D("85000.00"), (COLLAB,))
    assert row.result(MAKE).positions[0].position == Position.ABOVE
    assert row.result(BUY).positions[0].position == Position.WITHIN
    assert row.notes == (
        "In-house provision must show better value, and does not: buy "
        "collaboratively costs £25,000.00 a year less",
        "Make (in-house) costs more than three quarters of in-house benchmark prices (median £100,000.00)",
    )


def test_in_house_showing_better_value():
    row = diagnose_line(LineCosts(ServiceLine.COMMUNICATIONS, {MAKE: D("60000"), BUY: D("75000")}))
    assert row.cheapest == MAKE
    assert row.notes == (
        "In-house provision is outside procurement law but must show better value: it does, by £15,000.00 a "
        "year against buy",
    )


def test_in_house_level_with_buying_does_not_show_better_value():
    row = diagnose_line(LineCosts(ServiceLine.COMMUNICATIONS, {MAKE: D("75000"), BUY: D("75000")}))
    assert row.tied == (MAKE, BUY) and row.cheapest == MAKE
    assert row.notes == ("In-house costs the same as buy: it does not show better value",)


def test_a_missing_price_to_buy_is_estimated_from_the_lowest_external_median():
    row = diagnose_line(
        LineCosts(ServiceLine.PROVIDER_MANAGEMENT, {MAKE: D("100000")}, (CSU_BENCH, INDEPENDENT_BENCH))
    )
    buy = row.result(BUY)
    assert (buy.cost, buy.estimated, buy.positions) == (D("90000.00"), True, ())
    assert row.notes == (
        "The price to buy is estimated from the commissioning support unit median (£90,000.00): get quotes "
        "to confirm it",
        "In-house provision must show better value, and does not: buy costs £10,000.00 a year less",
        "Only 3 independent provider benchmark prices: treat the comparison with care",
    )
    no_guess = diagnose_line(
        LineCosts(ServiceLine.PROVIDER_MANAGEMENT, {MAKE: D("100000")}, (CSU_BENCH,)), estimate_buy=False
    )
    assert no_guess.result(BUY) is None
    assert no_guess.notes == (
        "In-house provision must show better value than buying: add a price to buy, or benchmarks",
    )


@pytest.mark.parametrize(
    ("costs", "notes"),
    [
        ({}, ("No cost figures for this service line yet",)),
        ({BUY: D("50000")}, ("No in-house cost given: savings against in-house cannot be shown",)),
        (
            {SHARE: D("40000"), BUY: D("50000")},
            (
                "No in-house cost given: savings against in-house cannot be shown",
                "In-house provision is outside procurement law but must show better "
                "value: it does, by £10,000.00 "
                "a year against buy",
            ),
        ),
        (
            {MAKE: D("50000"), MIXED: D("45000")},
            ("In-house provision must show better value, and does not: mixed costs £5,000.00 a year less",),
        ),
    ],
)
def test_notes_when_figures_are_missing(costs, notes):
    assert (
        diagnose_line(LineCosts(ServiceLine.SUPPORT_FOR_REDESIGN, costs), estimate_buy=False).notes == notes
    )


def test_buying_above_the_threshold_must_be_competed():
    row = diagnose_line(
        LineCosts(ServiceLine.BUSINESS_SUPPORT, {MAKE: D("90000"), BUY: D("80000"), COLLAB: D("60000")}),
        threshold=D("214904"),
        contract_years=3,
    )
    assert row.notes[1:] == (
        "Buy at £240,000.00 is above the threshold (£214,904.00): it must be "
        "competed by a compliant procedure",
    )


def test_the_table_orders_lines_and_totals_the_saving():
    table = diagnose(
        [
            LineCosts(ServiceLine.BUSINESS_SUPPORT, {MAKE: D("90000"), BUY: D("80000")}),
            LineCosts(ServiceLine.HEALTH_NEEDS_ASSESSMENT, {MAKE: D("40000"), BUY: D("50000")}),
            LineCosts(ServiceLine.COMMUNICATIONS, {BUY: D("30000")}),  # no in-house cost: not in the totals
        ],
        estimate_buy=False,
    )
    assert [r.line for r in table.rows] == [
        ServiceLine.HEALTH_NEEDS_ASSESSMENT,
        ServiceLine.COMMUNICATIONS,
        ServiceLine.BUSINESS_SUPPORT,
    ]
    assert (table.in_house_total, table.cheapest_total, table.saving_total) == (
        D("130000.00"),
        D("120000.00"),
        D("10000.00"),
    )
    assert table.problems == ()


def test_bad_figures_are_reported_and_nothing_is_compared():
    table = diagnose(
        [
            LineCosts(
                ServiceLine.BUSINESS_INTELLIGENCE,
                {MAKE: D("-1")},
                (Benchmark(BenchmarkSource.CSU, 4, D("100"), D("120"), D("130")),),
            ),
            LineCosts(
                ServiceLine.BUSINESS_INTELLIGENCE,
                {},
                (Benchmark(BenchmarkSource.IN_HOUSE, 0, D("1"), D("1"), D("1")),),
            ),
        ]
    )
    assert table.rows == ()
    assert table.problems == (
        "Business intelligence, commissioning support unit: The quartiles must "
        "hold the median: lower quartile, "
        "median, upper quartile",
        "Business intelligence, Make (in-house): enter a cost of £0 or more",
        "Business intelligence is given more than once",
        "Business intelligence, in-house: A benchmark needs at least one price",
    )


@pytest.mark.parametrize(
    ("benchmark", "problem"),
    [
        (IN_HOUSE_BENCH, None),
        (Benchmark(BenchmarkSource.CSU, 1, D("-1"), D("-2"), D("0")), "Benchmark prices cannot be negative"),
    ],
)
def test_benchmark_problem(benchmark, problem):
    assert benchmark.problem() == problem


def test_money_is_never_float():
    row = diagnose_line(LineCosts(ServiceLine.BUSINESS_SUPPORT, {MAKE: D("100000.005"), BUY: D("3")}))
    assert all(isinstance(r.cost, Decimal) for r in row.options)
    assert row.result(MAKE).cost == D("100000.01")  # rounded half up to the penny
