"""The evaluation panel: conflicts of interest, independent scores, and moderation.

An evaluator declares any conflict of interest before opening any bid; one who declares a
conflict takes no part. Each evaluator scores every quality criterion independently, with a
justification. Moderation starts from those individual scores: `score_spread` shows how far
they differ and whether the panel must discuss them; `record_consensus` records the agreed
score and its rationale per bid and criterion, keeping every original score with it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from caremarket.core.error_codes import ErrorCode
from caremarket.rules.refusals import Refusal
from caremarket.rules.scoring import ScoringScale

# Scores further apart than this (top minus bottom, in scale points) must be moderated.
DEFAULT_SPREAD_THRESHOLD = 1


class Declaration(StrEnum):
    NO_CONFLICT = "no_conflict"
    CONFLICT = "conflict"


def evaluator_refusal(declaration: str | None) -> Refusal | None:
    """Why an evaluator cannot open bids or score: no declaration yet, or a declared conflict.
    (The seal is checked separately: `bidding.seal_refusal`.)"""
    if declaration is None:
        return Refusal(
            ErrorCode.EVALUATOR_CONFLICT_NOT_DECLARED,
            "Declare whether you have a conflict of interest before opening any bid",
        )
    if declaration == Declaration.CONFLICT:
        return Refusal(
            ErrorCode.EVALUATOR_CONFLICTED,
            "You declared a conflict of interest: you cannot open or score the bids",
        )
    if declaration != Declaration.NO_CONFLICT:
        raise ValueError(f"'{declaration}' is not a declaration")
    return None


@dataclass(frozen=True)
class IndividualScore:
    evaluator: str
    score: int
    justification: str


def individual_score_refusal(score: int, justification: str, scale: ScoringScale) -> Refusal | None:
    """Why an evaluator's score cannot be recorded: it must be on the scale and justified."""
    if isinstance(score, bool) or score not in scale.scores:
        return Refusal(
            ErrorCode.SCORE_INVALID, f"Choose a score on the scale ({scale.describe()}), not {score}"
        )
    if not justification.strip():
        return Refusal(ErrorCode.SCORE_INVALID, "Give a justification for the score")
    return None


@dataclass(frozen=True)
class Spread:
    originals: tuple[IndividualScore, ...]
    lowest: int | None
    highest: int | None
    spread: int
    mean: Decimal | None
    awaiting: int
    needs_moderation: bool
    reason: str


def score_spread(
    originals: Sequence[IndividualScore],
    *,
    threshold: int = DEFAULT_SPREAD_THRESHOLD,
    expected: int | None = None,
) -> Spread:
    """How far the evaluators' scores for one bid and criterion differ, and whether the
    panel must moderate them (a spread more than `threshold`). `expected` is the number of
    evaluators on the panel: until all have scored, moderation waits."""
    originals = tuple(originals)
    awaiting = max(0, (expected or 0) - len(originals))
    if not originals:
        return Spread(originals, None, None, 0, None, awaiting, False, "No evaluator has scored yet")
    scores = [o.score for o in originals]
    lowest, highest = min(scores), max(scores)
    spread = highest - lowest
    mean = (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if awaiting:
        reason = f"Waiting for {awaiting} more evaluator{'' if awaiting == 1 else 's'} to score"
        needs = False
    elif spread > threshold:
        reason = (
            f"The scores range from {lowest} to {highest}, a spread of {spread} (more than {threshold}): "
            "the panel must agree a consensus"
        )
        needs = True
    elif spread:
        reason = f"The scores range from {lowest} to {highest}, within the spread of {threshold} allowed"
        needs = False
    else:
        reason = f"Every evaluator scored {lowest}"
        needs = False
    return Spread(originals, lowest, highest, spread, mean, awaiting, needs, reason)


@dataclass(frozen=True)
class ConsensusScore:
    bid_id: str
    criterion_id: str
    score: int
    rationale: str
    originals: tuple[IndividualScore, ...]
    spread: Spread


def consensus_refusal(
    originals: Sequence[IndividualScore],
    score: int,
    rationale: str,
    scale: ScoringScale,
    *,
    expected: int | None = None,
) -> Refusal | None:
    """Why this consensus cannot be recorded. Moderation starts from the individual scores:
    every expected evaluator must have scored, and each evaluator only once."""
    if not originals:
        return Refusal(ErrorCode.CONSENSUS_INVALID, "Moderation starts from the evaluators' scores: none yet")
    evaluators = [o.evaluator for o in originals]
    twice = sorted({e for e in evaluators if evaluators.count(e) > 1})
    if twice:
        return Refusal(ErrorCode.CONSENSUS_INVALID, f"{', '.join(twice)} scored more than once")
    awaiting = max(0, (expected or 0) - len(originals))
    if awaiting:
        return Refusal(
            ErrorCode.CONSENSUS_INVALID,
            f"Waiting for {awaiting} more evaluator{'' if awaiting == 1 else 's'} to score before moderation",
        )
    if isinstance(score, bool) or score not in scale.scores:
        return Refusal(
            ErrorCode.CONSENSUS_INVALID,
            f"Choose a consensus score on the scale ({scale.describe()}), not {score}",
        )
    if not rationale.strip():
        return Refusal(ErrorCode.CONSENSUS_INVALID, "Record the rationale for the consensus score")
    return None


def record_consensus(
    bid_id: str,
    criterion_id: str,
    originals: Sequence[IndividualScore],
    score: int,
    rationale: str,
    scale: ScoringScale,
    *,
    threshold: int = DEFAULT_SPREAD_THRESHOLD,
    expected: int | None = None,
) -> ConsensusScore:
    """The consensus score with every original kept; raises `RuleViolation` if refused."""
    refusal = consensus_refusal(originals, score, rationale, scale, expected=expected)
    if refusal:
        raise refusal.error(bid=bid_id, criterion=criterion_id)
    originals = tuple(originals)
    return ConsensusScore(
        bid_id,
        criterion_id,
        score,
        rationale.strip(),
        originals,
        score_spread(originals, threshold=threshold, expected=expected),
    )
