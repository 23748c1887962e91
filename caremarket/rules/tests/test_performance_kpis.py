"""Defining KPIs, amber limits, reporting periods and score labels (pure rules)."""

from datetime import date
from decimal import Decimal

import pytest

from caremarket.rules.performance import (
    Frequency,
    Rag,
    kpi_code,
    kpi_definition,
    last_ended_period,
    period_end,
    period_name,
    period_problem,
    rag_status,
    recent_periods,
    score_label,
)

D = Decimal
H, L = "higher_is_better", "lower_is_better"


@pytest.mark.parametrize(
    ("actual", "target", "direction", "limit", "rag"),
    [
        ("95", "95", H, "90", Rag.GREEN),
        ("90", "95", H, "90", Rag.AMBER),  # the limit itself is still amber
        ("89.9", "95", H, "90", Rag.RED),
        ("91", "99.5", H, "90", Rag.AMBER),  # wider than the 5% default
        ("4", "4", L, "6", Rag.GREEN),
        ("6", "4", L, "6", Rag.AMBER),
        ("6.01", "4", L, "6", Rag.RED),
        ("4.1", "4", L, "4.1", Rag.AMBER),  # narrower than the 5% default
        ("4.2", "4", L, "4.1", Rag.RED),
        ("4.2", "4", L, None, Rag.AMBER),  # no limit: 5% of the target
    ],
)
def test_rag_honours_the_amber_limit(actual, target, direction, limit, rag):
    amber = None if limit is None else D(limit)
    assert rag_status(D(actual), D(target), direction, amber_limit=amber) == rag


@pytest.mark.parametrize(
    ("name", "taken", "code"),
    [
        ("Time to fix a P1 fault", set(), "time-to-fix-a-p1-fault"),
        ("  Availability (%)  ", set(), "availability"),
        ("Availability", {"availability"}, "availability-2"),
        ("Availability", {"availability", "availability-2"}, "availability-3"),
        ("£!!", set(), "kpi"),
        ("x" * 60, set(), "x" * 40),
        ("x" * 60, {"x" * 40}, "x" * 38 + "-2"),
    ],
)
def test_code_from_the_name(name, taken, code):
    assert kpi_code(name, taken) == code


GOOD = {"name": "Time to fix", "unit": "hours", "target": "4", "direction": L, "amber_limit": "6"}


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"name": " "}, "name", "Enter the KPI's name"),
        ({"unit": ""}, "unit", "Enter the unit"),
        ({"unit": "x" * 31}, "unit", "at most 30"),
        ({"target": "four"}, "target", "as a number"),
        ({"target": ""}, "target", "as a number"),
        ({"direction": "sideways"}, "direction", "higher or lower"),
        ({"frequency": "weekly"}, "frequency", "monthly or quarterly"),
        ({"domain": "fun"}, "domain", "scorecard domain"),
        ({"amber_limit": "3"}, "amber_limit", "Lower is better: the amber limit"),
        ({"amber_limit": "4"}, "amber_limit", "above the target"),
        ({"direction": H, "amber_limit": "6"}, "amber_limit", "Higher is better: the amber limit"),
        ({"amber_limit": "lots"}, "amber_limit", "as a number"),
        ({"code": "Bad Code"}, "code", "lower-case"),
        ({"code": "fix"}, "code", "already has a KPI fix"),
    ],
)
def test_each_refusal(change, field, says):
    definition, problems = kpi_definition(**{**GOOD, **change}, taken={"fix"})
    assert definition is None
    assert says in problems[field]


def test_a_good_definition():
    definition, problems = kpi_definition(**GOOD, frequency="quarterly", taken={"time-to-fix"})
    assert problems == {}
    assert definition.code == "time-to-fix-2"
    assert definition.target == D("4") and definition.amber_limit == D("6")
    assert definition.frequency == Frequency.QUARTERLY


def test_blank_amber_limit_means_the_default():
    definition, _ = kpi_definition(**{**GOOD, "amber_limit": ""})
    assert definition.amber_limit is None


def test_typed_numbers_with_commas():
    definition, _ = kpi_definition(**{**GOOD, "target": "1,500", "amber_limit": "2,000"})
    assert definition.target == D("1500")


@pytest.mark.parametrize(
    ("period", "frequency", "today", "problem"),
    [
        (date(2026, 10, 1), "monthly", date(2026, 11, 1), None),
        (date(2026, 10, 2), "monthly", date(2026, 12, 1), "calendar month"),
        (date(2026, 11, 1), "monthly", date(2026, 11, 30), "November 2026 has not ended yet"),
        (date(2026, 7, 1), "quarterly", date(2026, 10, 1), None),
        (date(2026, 8, 1), "quarterly", date(2026, 12, 1), "A quarter starts on"),
        (date(2026, 10, 1), "quarterly", date(2026, 12, 2), "October to December 2026 has not ended"),
    ],
)
def test_period_problem(period, frequency, today, problem):
    found = period_problem(period, frequency, today)
    assert found == problem if problem is None else problem in found


@pytest.mark.parametrize(
    ("today", "frequency", "last"),
    [
        (date(2026, 12, 2), "monthly", date(2026, 11, 1)),
        (date(2026, 1, 1), "monthly", date(2025, 12, 1)),
        (date(2026, 12, 2), "quarterly", date(2026, 7, 1)),
        (date(2026, 1, 15), "quarterly", date(2025, 10, 1)),
        (date(2026, 4, 1), "quarterly", date(2026, 1, 1)),
    ],
)
def test_last_ended_period(today, frequency, last):
    assert last_ended_period(today, frequency) == last


def test_period_names_and_ends():
    assert period_name(date(2026, 10, 1), "quarterly") == "October to December 2026"
    assert period_name(date(2026, 10, 1), "monthly") == "October 2026"
    assert period_end(date(2026, 11, 1), "quarterly") == date(2027, 1, 31)
    assert period_name(date(2026, 11, 1), "quarterly") == "November 2026 to January 2027"
    assert recent_periods(date(2026, 12, 2), "quarterly", 2) == [date(2026, 7, 1), date(2026, 4, 1)]


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (D("75.0"), "75 out of 100"),
        (D("62.5"), "62.5 out of 100"),
        (D("100.0"), "100 out of 100"),
        (None, "No evidence yet"),
    ],
)
def test_score_label(score, label):
    assert score_label(score) == label


def test_a_unit_can_be_optional_for_older_callers():
    definition, problems = kpi_definition(**{**GOOD, "unit": ""}, unit_required=False)
    assert problems == {} and definition.unit == ""
