from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caremarket.rules.dates import add_working_days, is_working_day
from caremarket.rules.milestones import (
    HSCN_PROGRAMME,
    JOIN_AGGREGATED,
    NOT_IN_CATALOGUE,
    Milestone,
    MilestonePlan,
    MilestoneStatus,
    ProcedureDurations,
    ReadinessLeads,
    aggregated_plan,
    first_missed,
    procurement_plan,
    review_plan,
    subtract_working_days,
)
from caremarket.rules.sourcing import BuyingProcedure, Route

DONE, DUE, LATE = MilestoneStatus.DONE, MilestoneStatus.DUE, MilestoneStatus.LATE
COLLABORATIVE = HSCN_PROGRAMME.plan(Route.COLLABORATIVE)
INDIVIDUAL = HSCN_PROGRAMME.plan(Route.INDIVIDUAL)


def dates_of(plan: MilestonePlan) -> list[tuple[str, date]]:
    return [(m.key, m.due) for m in plan.milestones]


# --- The seed's programme dates are the default programme ----------------------------------------------


def test_collaborative_programme_dates():
    assert dates_of(COLLABORATIVE) == [
        ("readiness_check_1", date(2017, 9, 15)),
        ("readiness_check_2", date(2017, 10, 31)),
        ("launch", date(2017, 12, 31)),
        ("complete", date(2018, 9, 30)),
    ]
    first = COLLABORATIVE.milestone("readiness_check_1")
    assert first.detail == (
        "Confirm the procurement route and lead entity, governance and operating model arrangements, "
        "the organisations involved, and evidence of their commitment"
    )
    assert COLLABORATIVE.milestone("readiness_check_2").detail == (
        "Confirm resources, the scope of services and migration priorities"
    )
    assert {m.consequence for m in COLLABORATIVE.milestones} == {JOIN_AGGREGATED}


def test_individual_programme_dates():
    assert dates_of(INDIVIDUAL) == [
        ("connections_list", date(2017, 9, 30)),
        ("launch", date(2017, 12, 31)),
        ("complete", date(2018, 9, 30)),
    ]
    assert {m.consequence for m in INDIVIDUAL.milestones} == {"Join an aggregated procurement"}


def test_aggregated_dates_follow_the_club_not_the_programme():
    assert HSCN_PROGRAMME.plan(Route.AGGREGATED) is None


# --- Done, due or late against today ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "done", "statuses", "message"),
    [
        (
            date(2017, 8, 1),
            (),
            [DUE, DUE, DUE, DUE],
            "Readiness check 1: due by 15 September 2017 (45 days left)",
        ),
        (
            date(2017, 9, 14),
            (),
            [DUE, DUE, DUE, DUE],
            "Readiness check 1: due by 15 September 2017 (1 day left)",
        ),
        (
            date(2017, 9, 15),
            (),
            [DUE, DUE, DUE, DUE],
            "Readiness check 1: due by 15 September 2017 (due today)",
        ),
        (
            date(2017, 9, 16),
            (),
            [LATE, DUE, DUE, DUE],
            "Readiness check 1: late, was due by 15 September 2017 (1 day ago). "
            "Join an aggregated procurement",
        ),
        (
            date(2017, 11, 2),
            ("readiness_check_1",),
            [DONE, LATE, DUE, DUE],
            "Readiness check 1: done",
        ),
        (
            date(2018, 10, 1),
            ("readiness_check_1", "readiness_check_2", "launch"),
            [DONE, DONE, DONE, LATE],
            "Readiness check 1: done",
        ),
    ],
)
def test_collaborative_milestones_against_today(today, done, statuses, message):
    review = review_plan(COLLABORATIVE, today, done)
    assert [s.status for s in review.states] == statuses
    assert review.states[0].message == message
    assert review.on_track is (LATE not in statuses)


def test_a_late_milestone_names_its_consequence_once():
    review = review_plan(COLLABORATIVE, date(2018, 1, 2))
    assert [s.milestone.key for s in review.late] == ["readiness_check_1", "readiness_check_2", "launch"]
    assert review.consequences == ("Join an aggregated procurement",)
    assert review.late[1].message == (
        "Readiness check 2: late, was due by 31 October 2017 (63 days ago). Join an aggregated procurement"
    )
    assert review.next_due.milestone.key == "complete"
    assert first_missed(COLLABORATIVE, date(2018, 1, 2)).milestone.key == "readiness_check_1"
    assert first_missed(COLLABORATIVE, date(2017, 9, 1)) is None


def test_a_late_milestone_without_consequence_says_only_that_it_is_late():
    plan = MilestonePlan(Route.INDIVIDUAL, (Milestone("x", "Bids due", date(2026, 1, 5)),))
    assert (
        review_plan(plan, date(2026, 1, 7)).states[0].message
        == "Bids due: late, was due by 5 January 2026 (2 days ago)"
    )
    assert review_plan(plan, date(2026, 1, 7)).consequences == ()


def test_individual_lateness():
    review = review_plan(INDIVIDUAL, date(2017, 10, 1), done=())
    assert review.late[0].message == (
        "List of planned connections: late, was due by 30 September 2017 (1 day ago). "
        "Join an aggregated procurement"
    )
    assert review_plan(INDIVIDUAL, date(2017, 10, 1), done={"connections_list"}).on_track


# --- Computed plans


def test_the_default_readiness_leads_reproduce_the_seed_dates_from_its_launch():
    plan = procurement_plan(
        Route.COLLABORATIVE, BuyingProcedure.DPS_FURTHER_COMPETITION, launch=date(2017, 12, 31)
    )
    assert plan.milestone("readiness_check_1").due == date(2017, 9, 15)
    assert plan.milestone("readiness_check_2").due == date(2017, 10, 31)
    individual = procurement_plan(Route.INDIVIDUAL, BuyingProcedure.OPEN, launch=date(2017, 12, 31))
    assert individual.milestone("connections_list").due == date(2017, 9, 30)


def test_a_forward_plan_from_a_launch():
    plan = procurement_plan(
        Route.COLLABORATIVE, BuyingProcedure.DPS_FURTHER_COMPETITION, launch=date(2017, 12, 31)
    )
    assert dates_of(plan) == [
        ("readiness_check_1", date(2017, 9, 15)),
        ("readiness_check_2", date(2017, 10, 31)),
        ("start_preparation", date(2017, 11, 19)),  # 6 weeks before launch
        ("launch", date(2017, 12, 31)),
        ("bids_due", date(2018, 1, 28)),  # 4 weeks
        ("award", date(2018, 2, 25)),  # 4 weeks of evaluation
        ("complete", date(2018, 3, 7)),  # 8 working days of standstill
        ("service_start", date(2018, 5, 30)),  # 12 weeks of mobilisation
    ]
    assert plan.milestone("launch").consequence == JOIN_AGGREGATED
    assert plan.milestone("bids_due").consequence == ""


def test_a_backward_plan_from_the_day_the_service_must_start():
    plan = procurement_plan(Route.INDIVIDUAL, BuyingProcedure.DIRECT_AWARD, service_start=date(2019, 4, 1))
    assert dates_of(plan) == [
        ("connections_list", date(2018, 9, 23)),
        ("start_preparation", date(2018, 11, 26)),
        ("launch", date(2018, 12, 24)),
        ("award", date(2019, 1, 7)),  # no bids for a direct award, and no standstill
        ("complete", date(2019, 1, 7)),
        ("service_start", date(2019, 4, 1)),
    ]


def test_durations_and_leads_are_configurable():
    quick = ProcedureDurations(timedelta(weeks=1), timedelta(days=10), timedelta(days=5), 0, timedelta(0))
    plan = procurement_plan(
        Route.COLLABORATIVE,
        BuyingProcedure.MINI_COMPETITION,
        launch=date(2026, 3, 2),
        durations=quick,
        leads=ReadinessLeads(readiness_check_1=timedelta(days=30), readiness_check_2=timedelta(days=10)),
    )
    assert plan.milestone("readiness_check_1").due == date(2026, 1, 31)
    assert plan.milestone("readiness_check_2").due == date(2026, 2, 20)
    assert plan.milestone("service_start").due == date(2026, 3, 17)


def test_the_aggregated_plan_joins_six_weeks_before_launch():
    plan = aggregated_plan("South West", date(2017, 12, 1))
    assert dates_of(plan) == [
        ("join", date(2017, 10, 20)),
        ("launch", date(2017, 12, 1)),
        ("bids_due", date(2017, 12, 29)),
        ("award", date(2018, 1, 26)),
        ("complete", date(2018, 2, 7)),
        ("service_start", date(2018, 5, 2)),
    ]
    join = plan.milestone("join")
    assert join.title == "Join the South West buying club"
    assert join.consequence == NOT_IN_CATALOGUE
    assert review_plan(plan, date(2017, 10, 21)).consequences == (NOT_IN_CATALOGUE,)
    assert aggregated_plan("X", date(2018, 3, 1), notice=timedelta(days=30)).milestone("join").due == date(
        2018, 1, 30
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "Give either the launch date or the service start date, not both"),
        ({"launch": date(2026, 1, 1), "service_start": date(2026, 6, 1)}, "not both"),
    ],
)
def test_a_plan_needs_one_anchor(kwargs, message):
    with pytest.raises(ValueError, match=message):
        procurement_plan(Route.INDIVIDUAL, BuyingProcedure.OPEN, **kwargs)


def test_an_aggregated_plan_is_a_dps_further_competition():
    with pytest.raises(ValueError, match="further competition on a DPS"):
        procurement_plan(Route.AGGREGATED, BuyingProcedure.OPEN, launch=date(2026, 1, 1))


# --- Working days backwards


@pytest.mark.parametrize(
    ("end", "days", "expected"),
    [
        (date(2026, 11, 24), 0, date(2026, 11, 24)),
        (date(2026, 11, 24), 1, date(2026, 11, 23)),  # Tuesday back to Monday
        (date(2026, 11, 30), 1, date(2026, 11, 27)),  # Monday back to Friday
        (date(2026, 11, 28), 0, date(2026, 11, 27)),  # a Saturday counts from the Friday before
        (date(2027, 1, 6), 8, date(2026, 12, 22)),  # back over Christmas and New Year
    ],
)
def test_subtract_working_days(end, days, expected):
    assert subtract_working_days(end, days) == expected


def test_subtract_refuses_negative_days():
    with pytest.raises(ValueError, match="must not be negative"):
        subtract_working_days(date(2026, 1, 1), -1)


@settings(max_examples=200, deadline=None)
@given(end=st.dates(date(2017, 1, 1), date(2030, 12, 31)), days=st.integers(0, 30))
def test_subtracting_then_adding_working_days_lands_on_or_before_the_end(end, days):
    start = subtract_working_days(end, days)
    assert is_working_day(start)
    assert add_working_days(start, days) <= end
    assert end - add_working_days(start, days) < timedelta(days=7)


@settings(max_examples=100, deadline=None)
@given(
    needed=st.dates(date(2018, 1, 1), date(2030, 12, 31)),
    route=st.sampled_from([Route.COLLABORATIVE, Route.INDIVIDUAL]),
    procedure=st.sampled_from(list(BuyingProcedure)),
)
def test_a_backward_plan_is_in_order_and_ends_on_the_day_needed(needed, route, procedure):
    plan = procurement_plan(route, procedure, service_start=needed)
    dues = [m.due for m in plan.milestones]
    assert dues == sorted(dues)
    assert plan.milestone("service_start").due == needed
    assert is_working_day(plan.milestone("award").due)
    forwards = procurement_plan(route, procedure, launch=plan.milestone("launch").due)
    assert forwards.milestone("service_start").due <= needed
