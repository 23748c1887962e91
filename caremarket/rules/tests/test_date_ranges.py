from datetime import date

import pytest

from caremarket.rules.date_ranges import (
    ANY_DATE,
    closing_date_range,
    deadline_range,
    delivery_date_range,
    years_after,
)

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (date(2026, 12, 2), 10, date(2036, 12, 2)),
        (date(2028, 2, 29), 1, date(2029, 2, 28)),
        (date(2026, 12, 2), -1, date(2025, 12, 2)),
    ],
)
def test_years_after(day, years, expected):
    assert years_after(day, years) == expected


@pytest.mark.parametrize(
    ("day", "problem"),
    [
        (date(1948, 7, 5), None),
        (date(2026, 12, 2), None),
        (date(2036, 12, 2), None),
        (date(1, 1, 1), "The closing date must be on or after 5 July 1948"),
        (date(1948, 7, 4), "The closing date must be on or after 5 July 1948"),
        (date(2036, 12, 3), "The closing date must be on or before 2 December 2036"),
        (date(9999, 12, 31), "The closing date must be on or before 2 December 2036"),
    ],
)
def test_closing_dates(day, problem):
    assert closing_date_range(TODAY).problem(day, "The closing date") == problem


@pytest.mark.parametrize(
    ("day", "term", "problem"),
    [
        (date(2027, 1, 1), (None, None), None),
        (date(2025, 12, 2), (None, None), None),
        (date(2025, 12, 1), (None, None), "The delivery date must be on or after 2 December 2025"),
        (date(2036, 12, 3), (None, None), "The delivery date must be on or before 2 December 2036"),
        (date(9999, 12, 31), (None, None), "The delivery date must be on or before 2 December 2036"),
        (date(1, 1, 1), (None, None), "The delivery date must be on or after 2 December 2025"),
        # Within the contract's term when it is known.
        (date(2027, 3, 31), (date(2026, 4, 1), date(2029, 3, 31)), None),
        (
            date(2029, 4, 1),
            (date(2026, 4, 1), date(2029, 3, 31)),
            "The delivery date must be on or before 31 March 2029",
        ),
        (
            date(2026, 3, 31),
            (date(2026, 4, 1), date(2029, 3, 31)),
            "The delivery date must be on or after 1 April 2026",
        ),
    ],
)
def test_delivery_dates(day, term, problem):
    assert delivery_date_range(TODAY, *term).problem(day, "The delivery date") == problem


@pytest.mark.parametrize(
    ("day", "problem"),
    [
        (date(2027, 6, 1), None),
        (date(2028, 12, 2), None),
        (date(2028, 12, 3), "The submission deadline must be on or before 2 December 2028"),
        (date(9999, 12, 31), "The submission deadline must be on or before 2 December 2028"),
    ],
)
def test_competition_deadlines(day, problem):
    assert deadline_range(TODAY).problem(day, "The submission deadline") == problem


@pytest.mark.parametrize(
    ("day", "allowed"),
    [
        (date(1, 1, 1), False),
        (date(1899, 12, 31), False),
        (date(1900, 1, 1), True),
        (date(2100, 12, 31), True),
        (date(9999, 12, 31), False),
    ],
)
def test_any_date_at_the_edge(day, allowed):
    assert (day in ANY_DATE) is allowed


@pytest.mark.parametrize(
    ("delivery", "term_ends_on", "problems"),
    [
        (date(2027, 1, 4), None, {}),
        (date(2026, 12, 1), None, {1: ["The delivery date must not be in the past"]}),
        (date(9999, 12, 31), None, {1: ["The delivery date must be on or before 2 December 2036"]}),
        (date(2029, 4, 1), date(2029, 3, 31), {1: ["The delivery date must be on or before 31 March 2029"]}),
    ],
)
def test_an_order_lines_delivery_date(delivery, term_ends_on, problems):
    from caremarket.rules.contracts import order_line_problems

    lines = [{"item": "x", "quantity": 1, "delivery_date": delivery}]
    assert (
        order_line_problems(lines, priced_items=None, ordered_on=TODAY, term_ends_on=term_ends_on) == problems
    )
