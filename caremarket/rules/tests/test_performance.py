from decimal import Decimal

import pytest

from caremarket.rules.performance import (
    Domain,
    Rag,
    consecutive_reds,
    is_repeated_failure,
    overall,
    rag_status,
    rating_problem,
    scorecard,
)

D = Decimal


@pytest.mark.parametrize(
    ("actual", "target", "direction", "rag"),
    [
        ("99.9", "99.5", "higher_is_better", Rag.GREEN),
        ("99.5", "99.5", "higher_is_better", Rag.GREEN),
        ("95", "99.5", "higher_is_better", Rag.AMBER),  # within 5% of the target
        ("94", "99.5", "higher_is_better", Rag.RED),
        ("4", "4", "lower_is_better", Rag.GREEN),
        ("4.2", "4", "lower_is_better", Rag.AMBER),
        ("4.21", "4", "lower_is_better", Rag.RED),
        ("0", "0", "lower_is_better", Rag.GREEN),
        ("1", "0", "lower_is_better", Rag.RED),
    ],
)
def test_rag(actual, target, direction, rag):
    assert rag_status(D(actual), D(target), direction) == rag


def test_rag_tolerance_is_configurable():
    assert rag_status(D("90"), D("100"), "higher_is_better", D("0.10")) == Rag.AMBER


def test_scorecard_weighs_kpis_feedback_and_self_assessment():
    cards = {
        c.domain: c
        for c in scorecard(
            [("services", "green"), ("services", "amber"), ("customer", "red")],
            [("customer", 5), ("customer", 4)],
            {"staff_and_resources": 4, "services": 5},
        )
    }
    # services: KPIs 75 (weight 60) and self 100 (weight 15) -> 80.0
    assert cards[Domain.SERVICES].score == D("80.0")
    assert cards[Domain.SERVICES].rag == Rag.GREEN
    # customer: KPIs 0 (60), feedback 4.5 stars = 87.5 (25) -> 25.7
    assert cards[Domain.CUSTOMER].score == D("25.7")
    assert cards[Domain.CUSTOMER].rag == Rag.RED
    assert cards[Domain.STAFF].score == D("75.0")
    assert cards[Domain.BUSINESS].score is None
    assert cards[Domain.BUSINESS].rag is None
    assert overall(list(cards.values())) == D("60.2")


def test_an_empty_scorecard():
    assert overall(scorecard([], [], {})) is None


@pytest.mark.parametrize(
    ("history", "reds", "repeated"),
    [
        ([], 0, False),
        (["red", "red"], 2, False),
        (["green", "red", "red", "red"], 3, True),
        (["red", "red", "red", "red"], 4, False),  # already proposed at the third
        (["red", "red", "amber"], 0, False),
        (["red", "red", "red", "green"], 0, False),
    ],
)
def test_repeated_failure(history, reds, repeated):
    assert consecutive_reds(history) == reds
    assert is_repeated_failure(history) is repeated


@pytest.mark.parametrize(("stars", "ok"), [(1, True), (5, True), (0, False), (6, False), (True, False)])
def test_ratings(stars, ok):
    assert (rating_problem(stars) is None) is ok
