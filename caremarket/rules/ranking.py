"""The one scoring engine: every figure shown for an evaluation, and the ranking, come from
`evaluate`, so the ranking can never disagree with what people read.

- A bid failing a pass/fail criterion, or excluded by the buyer for a recorded reason (for
  example a price list that cannot price the buying club's baseline), is left out of the
  ranking with the reason, and takes no part in the price scores.
- Every figure is computed exactly (Decimal, 28 significant digits), then shown rounded half
  up to the model's `places`. Bids are ranked on the shown total; bids whose shown totals are
  equal share a rank and are flagged as tied, never separated silently (they are listed by
  bid id only so that the order on the page is stable). Each shown figure is rounded on its
  own, so shown sub-scores may differ from the shown total in the last place.
- A price at least the model's `abnormally_low_percent` below the mean price of the ranked
  bids is flagged for a recorded decision.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import RuleViolation
from caremarket.core.money import format_money
from caremarket.rules.scoring import (
    HUNDRED,
    PRECISION,
    ZERO,
    CriterionKind,
    EvaluationModel,
    Node,
    check_model,
    gate_criteria,
    number,
    price_criterion,
    price_scores,
    quality_leaves,
    walk,
)


@dataclass(frozen=True)
class BidScores:
    """What the evaluation knows of one bid: its price, the agreed (moderated) score for each
    quality leaf, the result of each pass/fail criterion, and any recorded exclusion."""

    bid_id: str
    price: Decimal | None = None
    scores: Mapping[str, int] = field(default_factory=dict)
    gates: Mapping[str, bool] = field(default_factory=dict)
    excluded_because: str = ""


@dataclass(frozen=True)
class CriterionResult:
    criterion_id: str
    name: str
    kind: str
    depth: int
    share: Decimal  # the criterion's share of the total, in percent
    score: int | None  # the score on the scale, for a quality leaf
    exact: Decimal
    shown: Decimal


@dataclass(frozen=True)
class BidResult:
    bid_id: str
    price: Decimal | None
    rank: int | None = None
    total: Decimal | None = None  # as shown, and ranked on
    total_exact: Decimal | None = None
    criteria: tuple[CriterionResult, ...] = ()
    tied: bool = False
    abnormally_low: bool = False
    excluded_because: str = ""

    @property
    def included(self) -> bool:
        return self.rank is not None


class FlagKind(StrEnum):
    TIE = "tie"
    ABNORMALLY_LOW = "abnormally_low"


@dataclass(frozen=True)
class Flag:
    kind: str
    bid_ids: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Evaluation:
    ranked: tuple[BidResult, ...]
    excluded: tuple[BidResult, ...]
    flags: tuple[Flag, ...]
    places: int
    mean_price: Decimal | None = None

    @property
    def results(self) -> tuple[BidResult, ...]:
        return self.ranked + self.excluded

    def result(self, bid_id: str) -> BidResult:
        return next(r for r in self.results if r.bid_id == bid_id)

    @property
    def ties(self) -> tuple[tuple[str, ...], ...]:
        return tuple(f.bid_ids for f in self.flags if f.kind == FlagKind.TIE)

    @property
    def abnormally_low(self) -> tuple[str, ...]:
        return tuple(f.bid_ids[0] for f in self.flags if f.kind == FlagKind.ABNORMALLY_LOW)


def shown(value: Decimal, places: int) -> Decimal:
    """A figure as shown: rounded half up to `places` decimal places."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _names(ids: Sequence[str]) -> str:
    ids = list(ids)
    return ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} and {ids[-1]}"


def evaluation_problems(model: EvaluationModel, bids: Sequence[BidScores]) -> list[str]:
    """Everything missing or wrong in the bids' scores for this model (the model itself is
    checked by `scoring.model_problems`)."""
    problems: list[str] = []
    gates = gate_criteria(model)
    leaves = quality_leaves(model)
    has_price = price_criterion(model) is not None
    known_scores = {n.criterion.id for n in leaves}
    known_gates = {n.criterion.id for n in gates}
    seen: set[str] = set()
    for bid in bids:
        if bid.bid_id in seen:
            problems.append(f"Bid {bid.bid_id} appears more than once")
            continue
        seen.add(bid.bid_id)
        for key in sorted(set(bid.scores) - known_scores):
            problems.append(f"Bid {bid.bid_id} has a score for '{key}', which is not a quality criterion")
        for key in sorted(set(bid.gates) - known_gates):
            problems.append(f"Bid {bid.bid_id} has a result for '{key}', which is not a pass/fail criterion")
        for n in gates:
            if n.criterion.id not in bid.gates:
                problems.append(f"Bid {bid.bid_id} has no result for the pass/fail criterion {n.label}")
        if _exclusion(bid, gates):
            continue
        for n in leaves:
            score = bid.scores.get(n.criterion.id)
            if score is None:
                problems.append(f"Bid {bid.bid_id} has no score for {n.label}")
            elif score not in model.scale.scores or isinstance(score, bool):
                problems.append(
                    f"Bid {bid.bid_id}: {score} is not on the scoring scale ({model.scale.describe()}) "
                    f"for {n.label}"
                )
        if has_price:
            if bid.price is None:
                problems.append(f"Bid {bid.bid_id} has no price")
            elif isinstance(bid.price, float) or not Decimal(bid.price).is_finite() or bid.price <= 0:
                problems.append(f"Bid {bid.bid_id}: the price must be an amount more than £0.00")
    return problems


def _exclusion(bid: BidScores, gates: tuple[Node, ...]) -> str:
    reasons = [bid.excluded_because.strip()] if bid.excluded_because.strip() else []
    failed = [n.label for n in gates if bid.gates.get(n.criterion.id) is False]
    if failed:
        noun = "criterion" if len(failed) == 1 else "criteria"
        reasons.append(f"Failed the pass/fail {noun}: {', '.join(failed)}")
    return "; ".join(reasons)


def _score_bid(
    model: EvaluationModel, nodes: tuple[Node, ...], bid: BidScores, price_score: Decimal | None
) -> tuple[Decimal, tuple[CriterionResult, ...]]:
    top = Decimal(model.scale.max_score)
    exact: dict[str, Decimal] = {}
    # Children come after their parent: walk backwards so every group sums finished children.
    for n in reversed(nodes):
        c = n.criterion
        if c.is_gate:
            continue
        if c.children:
            exact[c.id] = sum((exact[k.id] for k in c.weighted_children), ZERO)
        elif c.kind == CriterionKind.PRICE:
            exact[c.id] = price_score if price_score is not None else ZERO
        else:
            exact[c.id] = n.share * Decimal(bid.scores[c.id]) / top
    results = tuple(
        CriterionResult(
            n.criterion.id,
            n.criterion.name,
            n.criterion.kind,
            n.depth,
            n.share,
            bid.scores.get(n.criterion.id) if n.criterion.kind == CriterionKind.QUALITY else None,
            exact[n.criterion.id],
            shown(exact[n.criterion.id], model.places),
        )
        for n in nodes
        if not n.criterion.is_gate
    )
    total = sum((exact[c.id] for c in model.criteria if not c.is_gate), ZERO)
    return total, results


def _low_price_flags(
    model: EvaluationModel, ranked: Sequence[BidScores]
) -> tuple[Decimal | None, list[Flag]]:
    prices = {b.bid_id: Decimal(b.price) for b in ranked if b.price is not None}
    if not prices:
        return None, []
    total = sum(prices.values(), ZERO)
    count = len(prices)
    mean = total / count
    percent = Decimal(model.abnormally_low_percent)
    flags = []
    for bid_id, price in prices.items():
        # price <= mean * (100 - percent) / 100, compared without dividing.
        if price * count * HUNDRED <= total * (HUNDRED - percent):
            below = ((mean - price) * HUNDRED / mean).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            flags.append(
                Flag(
                    FlagKind.ABNORMALLY_LOW,
                    (bid_id,),
                    f"The price of bid {bid_id} ({format_money(price)}) is {number(below)}% below the mean "
                    f"of the bids ({format_money(mean)}), at least {number(percent)}% below it: "
                    "record a decision on it",
                )
            )
    return mean, flags


def evaluate(model: EvaluationModel, bids: Sequence[BidScores]) -> Evaluation:
    """Score and rank the bids; raises `RuleViolation` if the model or the scores are not
    complete and valid (`evaluation_problems` lists the latter without raising)."""
    check_model(model)
    problems = evaluation_problems(model, bids)
    if problems:
        raise RuleViolation(
            "The evaluation is not complete: " + "; ".join(problems[:5]),
            code=ErrorCode.EVALUATION_INCOMPLETE,
            details={"problems": problems},
        )
    gates = gate_criteria(model)
    price_node = price_criterion(model)
    nodes = walk(model.criteria)
    reasons = {b.bid_id: _exclusion(b, gates) for b in bids}
    included = [b for b in bids if not reasons[b.bid_id]]
    excluded = tuple(
        BidResult(b.bid_id, b.price, excluded_because=reasons[b.bid_id]) for b in bids if reasons[b.bid_id]
    )
    mean: Decimal | None = None
    flags: list[Flag] = []
    price_points: dict[str, Decimal] = {}
    with localcontext() as ctx:
        ctx.prec = PRECISION
        if price_node is not None:
            prices = {b.bid_id: Decimal(b.price) for b in included if b.price is not None}
            price_points = price_scores(prices, price_node.share, model.price)
            mean, flags = _low_price_flags(model, included)
        scored = []
        for bid in included:
            total, criteria = _score_bid(model, nodes, bid, price_points.get(bid.bid_id))
            scored.append((shown(total, model.places), total, criteria, bid))
    # Ranked on the shown total; equal shown totals share a rank (1, 1, 3) and are flagged.
    scored.sort(key=lambda row: (-row[0], row[3].bid_id))
    groups: dict[Decimal, list[str]] = {}
    for total_shown, _, _, bid in scored:
        groups.setdefault(total_shown, []).append(bid.bid_id)
    low = {f.bid_ids[0] for f in flags}
    ranked = []
    rank = 0
    for position, (total_shown, total, criteria, bid) in enumerate(scored, start=1):
        if position == 1 or total_shown != scored[position - 2][0]:
            rank = position
        tied = len(groups[total_shown]) > 1
        ranked.append(
            BidResult(bid.bid_id, bid.price, rank, total_shown, total, criteria, tied, bid.bid_id in low)
        )
    tie_flags = [
        Flag(
            FlagKind.TIE, tuple(ids), f"Bids {_names(ids)} are tied on {total}: record how the tie is decided"
        )
        for total, ids in groups.items()
        if len(ids) > 1
    ]
    return Evaluation(tuple(ranked), excluded, tuple(tie_flags + flags), model.places, mean)
