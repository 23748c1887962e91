from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caremarket.core.errors import RuleViolation
from caremarket.rules.moderation import (
    IndividualScore,
    consensus_refusal,
    evaluator_refusal,
    individual_score_refusal,
    record_consensus,
    score_spread,
)
from caremarket.rules.scoring import SCALE_0_TO_4


def scores(*values):
    return tuple(IndividualScore(f"evaluator-{n}", v, f"Reason {n}") for n, v in enumerate(values, start=1))


@pytest.mark.parametrize(
    ("declaration", "code", "message"),
    [
        (
            None,
            "evaluator.conflict_not_declared",
            "Declare whether you have a conflict of interest before opening any bid",
        ),
        (
            "conflict",
            "evaluator.conflicted",
            "You declared a conflict of interest: you cannot open or score the bids",
        ),
        ("no_conflict", None, None),
    ],
)
def test_evaluators_declare_before_opening_bids(declaration, code, message):
    refusal = evaluator_refusal(declaration)
    assert (refusal.code if refusal else None) == code
    assert (refusal.message if refusal else None) == message


def test_an_unknown_declaration_is_a_programming_error():
    with pytest.raises(ValueError, match="not a declaration"):
        evaluator_refusal("maybe")


@pytest.mark.parametrize(
    ("score", "justification", "message"),
    [
        (3, "Clear mobilisation plan with named staff", None),
        (0, "No response", None),
        (5, "Outstanding", "Choose a score on the scale (0 to 4), not 5"),
        (-1, "x", "Choose a score on the scale (0 to 4), not -1"),
        (True, "x", "Choose a score on the scale (0 to 4), not True"),
        (2, "  ", "Give a justification for the score"),
    ],
)
def test_individual_scores(score, justification, message):
    refusal = individual_score_refusal(score, justification, SCALE_0_TO_4)
    assert (refusal.message if refusal else None) == message
    if refusal:
        assert refusal.code == "evaluation.score_invalid"


@pytest.mark.parametrize(
    ("values", "threshold", "expected", "spread", "needs", "reason"),
    [
        ((), 1, None, 0, False, "No evaluator has scored yet"),
        ((3, 3, 3), 1, None, 0, False, "Every evaluator scored 3"),
        ((2, 3, 3), 1, None, 1, False, "The scores range from 2 to 3, within the spread of 1 allowed"),
        (
            (1, 3, 2),
            1,
            None,
            2,
            True,
            "The scores range from 1 to 3, a spread of 2 (more than 1): the panel must agree a consensus",
        ),
        ((1, 3, 2), 2, None, 2, False, "The scores range from 1 to 3, within the spread of 2 allowed"),
        (
            (0, 4),
            0,
            None,
            4,
            True,
            "The scores range from 0 to 4, a spread of 4 (more than 0): the panel must agree a consensus",
        ),
        ((1, 4), 1, 3, 3, False, "Waiting for 1 more evaluator to score"),
        ((1,), 1, 3, 0, False, "Waiting for 2 more evaluators to score"),
    ],
)
def test_the_spread_shows_whether_moderation_is_needed(values, threshold, expected, spread, needs, reason):
    result = score_spread(scores(*values), threshold=threshold, expected=expected)
    assert (result.spread, result.needs_moderation, result.reason) == (spread, needs, reason)
    assert result.originals == scores(*values)


def test_the_spread_keeps_the_figures():
    result = score_spread(scores(1, 2, 4))
    assert (result.lowest, result.highest, result.mean, result.awaiting) == (1, 4, Decimal("2.33"), 0)


@pytest.mark.parametrize(
    ("originals", "score", "rationale", "expected", "message"),
    [
        (scores(1, 3, 2), 2, "Agreed the plan lacks named staff", None, None),
        (scores(1, 3, 2), 4, "Moderators may go outside the range, with a reason", None, None),
        ((), 2, "x", None, "Moderation starts from the evaluators' scores: none yet"),
        (scores(1, 3), 2, "x", 3, "Waiting for 1 more evaluator to score before moderation"),
        (scores(1, 3, 2), 7, "x", None, "Choose a consensus score on the scale (0 to 4), not 7"),
        (scores(1, 3, 2), 2, " ", None, "Record the rationale for the consensus score"),
        (
            (IndividualScore("ann", 1, "a"), IndividualScore("ann", 3, "b")),
            2,
            "x",
            None,
            "ann scored more than once",
        ),
    ],
)
def test_consensus_rules(originals, score, rationale, expected, message):
    refusal = consensus_refusal(originals, score, rationale, SCALE_0_TO_4, expected=expected)
    assert (refusal.message if refusal else None) == message
    if refusal:
        assert refusal.code == "moderation.consensus_invalid"


def test_the_consensus_keeps_every_original():
    originals = scores(1, 3, 2)
    consensus = record_consensus("bid-1", "tech", originals, 2, "  Agreed after discussion ", SCALE_0_TO_4)
    assert consensus.originals == originals
    assert (consensus.score, consensus.rationale) == (2, "Agreed after discussion")
    assert consensus.spread.needs_moderation


def test_a_refused_consensus_raises_with_its_code():
    with pytest.raises(RuleViolation) as raised:
        record_consensus("bid-1", "tech", scores(1, 3), 2, "", SCALE_0_TO_4)
    assert raised.value.code == "moderation.consensus_invalid"
    assert raised.value.details == {"bid": "bid-1", "criterion": "tech"}


@given(st.lists(st.integers(0, 4), max_size=8), st.integers(0, 4))
def test_moderation_is_needed_exactly_when_the_spread_passes_the_threshold(values, threshold):
    result = score_spread(scores(*values), threshold=threshold)
    spread = max(values) - min(values) if values else 0
    assert result.spread == spread
    assert result.needs_moderation == (spread > threshold)
