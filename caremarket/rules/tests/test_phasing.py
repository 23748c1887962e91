from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caremarket.rules.phasing import (
    Fortnight,
    PhasingRow,
    PlannedProcurement,
    closings_by_fortnight,
    crowding_for,
    crowding_warnings,
    fortnight_of,
    month_totals,
    phasing_table,
    quieter_fortnights,
    timetable_problems,
)

BI = "business intelligence"
COMMS = "communications and public engagement"
LATE_FEB = Fortnight(date(2024, 2, 26), date(2024, 3, 10))


def p(ref, category=BI, region="london", launch=None, closes=None):
    return PlannedProcurement(ref, category, region, launch, closes)


@pytest.mark.parametrize(
    ("day", "fortnight"),
    [
        (date(2024, 2, 26), LATE_FEB),  # its first day, a Monday
        (date(2024, 3, 4), LATE_FEB),  # the second Monday is inside it
        (date(2024, 3, 10), LATE_FEB),  # its last day, a Sunday
        (date(2024, 3, 11), Fortnight(date(2024, 3, 11), date(2024, 3, 24))),
        (date(2026, 1, 1), Fortnight(date(2025, 12, 29), date(2026, 1, 11))),  # across the new year
        (date(2001, 1, 1), Fortnight(date(2001, 1, 1), date(2001, 1, 14))),  # the anchor
        (date(2000, 12, 31), Fortnight(date(2000, 12, 18), date(2000, 12, 31))),  # before the anchor
    ],
)
def test_a_fortnight_is_a_fixed_fourteen_days_from_a_monday(day, fortnight):
    assert fortnight_of(day) == fortnight
    assert fortnight.label == f"{fortnight.start.isoformat()} to {fortnight.end.isoformat()}"


def test_the_anchor_moves_the_fortnights_and_must_be_a_monday():
    assert fortnight_of(date(2024, 3, 4), anchor=date(2024, 3, 4)).start == date(2024, 3, 4)
    with pytest.raises(ValueError, match="must be a Monday"):
        fortnight_of(date(2024, 3, 4), anchor=date(2024, 3, 5))


@given(day=st.dates(date(1990, 1, 1), date(2100, 12, 31)))
def test_every_day_falls_in_exactly_one_fortnight(day):
    fortnight = fortnight_of(day)
    assert day in fortnight
    assert fortnight.start.weekday() == 0
    assert fortnight.end - fortnight.start == timedelta(days=13)
    assert fortnight_of(fortnight.start) == fortnight_of(fortnight.end) == fortnight


# --- Per month and region -----------------------------------------------------------------------------------


def test_phasing_table_counts_launches_and_closings():
    items = [
        p("A", launch=date(2024, 1, 8), closes=date(2024, 2, 9)),
        p("B", region="east", launch=date(2024, 1, 20), closes=date(2024, 2, 20)),
        p("C", launch=date(2024, 2, 1), closes=date(2024, 3, 1)),
        p("D", launch=date(2024, 1, 31)),  # an intention with no closing date yet
        p("E"),  # no dates at all
    ]
    rows = phasing_table(items)
    assert rows == (
        PhasingRow(date(2024, 1, 1), "east", 1, 0),
        PhasingRow(date(2024, 1, 1), "london", 2, 0),
        PhasingRow(date(2024, 2, 1), "east", 0, 1),
        PhasingRow(date(2024, 2, 1), "london", 1, 1),
        PhasingRow(date(2024, 3, 1), "london", 0, 1),
    )
    assert month_totals(rows) == (
        PhasingRow(date(2024, 1, 1), "", 3, 0),
        PhasingRow(date(2024, 2, 1), "", 1, 2),
        PhasingRow(date(2024, 3, 1), "", 0, 1),
    )


@pytest.mark.parametrize(
    ("launch", "closes", "problems"),
    [
        (date(2024, 1, 1), date(2024, 2, 1), {}),
        (date(2024, 1, 1), date(2024, 1, 1), {}),
        (
            date(2024, 2, 1),
            date(2024, 1, 1),
            {"closes_on": "The closing date must be on or after the launch date"},
        ),
        (None, date(2024, 1, 1), {}),
    ],
)
def test_timetable_problems(launch, closes, problems):
    assert timetable_problems(p("A", launch=launch, closes=closes)) == problems


# --- Crowded fortnights -------------------------------------------------------------------------------------

FOUR_BI = [
    p(ref, closes=day)
    for ref, day in zip(
        "ABCD", [date(2024, 3, 8), date(2024, 2, 26), date(2024, 3, 10), date(2024, 3, 1)], strict=True
    )
]


def test_more_than_three_closings_in_a_category_and_fortnight_is_a_warning():
    (warning,) = crowding_warnings(FOUR_BI)
    assert warning.references == ("B", "D", "A", "C")  # in closing-date order
    assert warning.count == 4
    assert warning.message == (
        "4 competitions in business intelligence close in the fortnight "
        "2024-02-26 to 2024-03-10, more than 3: "
        "stagger them so suppliers can respond to each"
    )


@pytest.mark.parametrize(
    ("items", "limit", "warnings"),
    [
        (FOUR_BI[:3], 3, 0),  # three is the limit, not over it
        (FOUR_BI, 3, 1),
        (FOUR_BI, 4, 0),  # the limit is configurable
        (FOUR_BI[:2], 1, 1),
        ([*FOUR_BI[:3], p("E", category=COMMS, closes=date(2024, 3, 1))], 3, 0),  # another category
        ([*FOUR_BI[:3], p("E", closes=date(2024, 3, 11))], 3, 0),  # the next fortnight
        ([*FOUR_BI[:3], p("E")], 3, 0),  # no closing date
        ([*FOUR_BI, *(p(f"N{n}", closes=date(2024, 3, 12)) for n in range(4))], 3, 2),
    ],
)
def test_crowding_warnings(items, limit, warnings):
    assert len(crowding_warnings(items, limit=limit)) == warnings


def test_a_negative_limit_is_refused():
    with pytest.raises(ValueError, match="0 or more"):
        crowding_warnings(FOUR_BI, limit=-1)


def test_a_buyer_is_warned_before_publishing_a_crowding_date():
    candidate = p("NEW", closes=date(2024, 3, 5))
    warning = crowding_for(candidate, FOUR_BI[:3])
    assert warning.references == ("B", "NEW", "A", "C")
    assert crowding_for(candidate, FOUR_BI[:2]) is None
    assert crowding_for(p("NEW"), FOUR_BI) is None
    # Editing an existing competition does not count it twice.
    assert crowding_for(FOUR_BI[0], FOUR_BI[:3]) is None
    assert crowding_for(candidate, FOUR_BI[:3], limit=4) is None


def test_quieter_fortnights_suggest_where_to_move():
    candidate = p("NEW", closes=date(2024, 3, 5))
    busy_next = [*FOUR_BI[:3], *(p(f"N{n}", closes=date(2024, 3, 12)) for n in range(3))]
    assert quieter_fortnights(candidate, busy_next, look_ahead=3) == (
        Fortnight(date(2024, 3, 25), date(2024, 4, 7)),
        Fortnight(date(2024, 4, 8), date(2024, 4, 21)),
    )
    assert quieter_fortnights(p("NEW"), busy_next) == ()


items_strategy = st.lists(
    st.builds(
        PlannedProcurement,
        reference=st.uuids().map(str),
        category=st.sampled_from([BI, COMMS, "provider management"]),
        region=st.sampled_from(["london", "east", "midlands"]),
        launch_on=st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2024, 6, 30))),
        closes_on=st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2024, 6, 30))),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(items=items_strategy, limit=st.integers(0, 5))
def test_phasing_counts_are_consistent(items, limit):
    closing = [i for i in items if i.closes_on]
    launching = [i for i in items if i.launch_on]
    rows = phasing_table(items)
    assert sum(r.closings for r in rows) == len(closing)
    assert sum(r.launches for r in rows) == len(launching)
    assert sum(r.closings for r in month_totals(rows)) == len(closing)
    groups = closings_by_fortnight(items)
    assert sum(len(refs) for refs in groups.values()) == len(closing)
    for (category, fortnight), refs in groups.items():
        assert all(i.closes_on in fortnight and i.category == category for i in items if i.reference in refs)
    warnings = crowding_warnings(items, limit=limit)
    assert {(w.category, w.fortnight) for w in warnings} == {
        k for k, refs in groups.items() if len(refs) > limit
    }
    for item in closing:
        others = [i for i in items if i is not item]
        crowded = len(groups[(item.category, fortnight_of(item.closes_on))]) > limit
        assert (crowding_for(item, others, limit=limit) is not None) is crowded
