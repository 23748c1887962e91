"""The evaluation model: a criteria tree with weights, pass/fail gates, a scoring scale and
a price formula, each checked here. The engine that applies it is in `rules/ranking.py`.

Weights are percentages of the parent: the weighted criteria at each level add up to 100
exactly (Decimal arithmetic, never float). A leaf's share of the total is the product of
the weights on its path, e.g. Quality 60 > Technical 50 is 30% of the total.

- A **quality** leaf scores `share * score / top of the scale`.
- The one **price** leaf (if any) scores by the model's `PriceMethod`.
- A **pass/fail** criterion (gate) carries no weight: a bid failing one is excluded from the
  ranking, with the reason.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum

from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import RuleViolation

HUNDRED = Decimal(100)
ZERO = Decimal(0)
PRECISION = 28


class CriterionKind(StrEnum):
    QUALITY = "quality"
    PRICE = "price"
    GATE = "pass_fail"


@dataclass(frozen=True)
class Criterion:
    """A node of the criteria tree; a criterion with children is a group of sub-criteria."""

    id: str
    name: str
    weight: Decimal = ZERO
    kind: str = CriterionKind.QUALITY
    children: tuple["Criterion", ...] = ()

    @property
    def is_gate(self) -> bool:
        return self.kind == CriterionKind.GATE

    @property
    def is_price(self) -> bool:
        return self.kind == CriterionKind.PRICE

    @property
    def weighted_children(self) -> tuple["Criterion", ...]:
        return tuple(c for c in self.children if not c.is_gate)


@dataclass(frozen=True)
class ScaleLevel:
    score: int
    label: str
    descriptor: str


@dataclass(frozen=True)
class ScoringScale:
    levels: tuple[ScaleLevel, ...]

    @property
    def max_score(self) -> int:
        return max(level.score for level in self.levels)

    @property
    def scores(self) -> frozenset[int]:
        return frozenset(level.score for level in self.levels)

    def level(self, score: int) -> ScaleLevel | None:
        return next((level for level in self.levels if level.score == score), None)

    def describe(self) -> str:
        ordered = sorted(self.scores)
        return f"{ordered[0]} to {ordered[-1]}" if ordered else "empty"


SCALE_0_TO_4 = ScoringScale(
    (
        ScaleLevel(0, "Unacceptable", "No response, or the response does not address the requirement."),
        ScaleLevel(
            1, "Poor", "The response addresses the requirement in part, with significant gaps or risks."
        ),
        ScaleLevel(2, "Satisfactory", "The response meets the requirement, with minor gaps or risks."),
        ScaleLevel(
            3, "Good", "The response meets the requirement in full, with evidence it will be delivered."
        ),
        ScaleLevel(
            4, "Excellent", "The response meets the requirement in full and adds value, with strong evidence."
        ),
    )
)
SCALE_0_TO_5 = ScoringScale(
    (
        ScaleLevel(0, "Unacceptable", "No response, or the response does not address the requirement."),
        ScaleLevel(
            1, "Poor", "The response addresses the requirement in part, with significant gaps or risks."
        ),
        ScaleLevel(2, "Weak", "The response addresses most of the requirement, with some gaps or risks."),
        ScaleLevel(3, "Satisfactory", "The response meets the requirement, with minor gaps or risks."),
        ScaleLevel(
            4, "Good", "The response meets the requirement in full, with evidence it will be delivered."
        ),
        ScaleLevel(
            5, "Excellent", "The response meets the requirement in full and adds value, with strong evidence."
        ),
    )
)


class PriceFormula(StrEnum):
    # weight * lowest price / bid price
    LOWEST_OVER_BID = "lowest_over_bid"
    # a share of the weight by how far (in %) the bid is above the lowest price
    BANDS = "percentage_bands"
    # weight * (highest - bid) / (highest - lowest): the lowest scores all, the highest none
    LINEAR = "linear"


PRICE_FORMULA_LABELS = {
    PriceFormula.LOWEST_OVER_BID: "Lowest price ÷ bid price × weight",
    PriceFormula.BANDS: "Percentage bands above the lowest price",
    PriceFormula.LINEAR: "Linear between the lowest and the highest price",
}


@dataclass(frozen=True)
class PriceBand:
    """Bids at most `up_to_percent_above` % above the lowest price (inclusive) score `share` %
    of the price weight; bids beyond the last band score nothing."""

    up_to_percent_above: Decimal
    share: Decimal


DEFAULT_BANDS = (
    PriceBand(Decimal(0), Decimal(100)),
    PriceBand(Decimal(5), Decimal(80)),
    PriceBand(Decimal(10), Decimal(60)),
    PriceBand(Decimal(20), Decimal(40)),
    PriceBand(Decimal(30), Decimal(20)),
)


@dataclass(frozen=True)
class PriceMethod:
    formula: str = PriceFormula.LOWEST_OVER_BID
    bands: tuple[PriceBand, ...] = DEFAULT_BANDS


@dataclass(frozen=True)
class EvaluationModel:
    criteria: tuple[Criterion, ...]
    scale: ScoringScale = SCALE_0_TO_4
    price: PriceMethod = PriceMethod()
    # Figures are shown, ranked and compared for ties at this many decimal places.
    places: int = 2
    # A price at least this % below the mean of the ranked bids' prices is flagged.
    abnormally_low_percent: Decimal = Decimal(20)


# --- Walking the tree -----------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    """A criterion in place: its path of names, depth and share of the total (percent)."""

    criterion: Criterion
    path: tuple[str, ...]
    depth: int
    share: Decimal

    @property
    def label(self) -> str:
        return " › ".join(self.path)


def walk(criteria: tuple[Criterion, ...]) -> tuple[Node, ...]:
    """Every criterion, parents before children, with its share of the total."""
    nodes: list[Node] = []

    def visit(children: tuple[Criterion, ...], path: tuple[str, ...], depth: int, parent: Decimal) -> None:
        for c in children:
            share = ZERO if c.is_gate else parent * _decimal(c.weight) / HUNDRED
            node = Node(c, (*path, c.name.strip() or c.id), depth, share)
            nodes.append(node)
            visit(c.children, node.path, depth + 1, share)

    with localcontext() as ctx:
        ctx.prec = PRECISION
        visit(criteria, (), 0, HUNDRED)
    return tuple(nodes)


def leaf_shares(model: EvaluationModel) -> dict[str, Decimal]:
    """Each weighted leaf's share of the total, in percent (they add up to 100)."""
    return {
        n.criterion.id: n.share
        for n in walk(model.criteria)
        if not n.criterion.children and not n.criterion.is_gate
    }


def price_criterion(model: EvaluationModel) -> Node | None:
    return next((n for n in walk(model.criteria) if n.criterion.is_price), None)


def gate_criteria(model: EvaluationModel) -> tuple[Node, ...]:
    return tuple(n for n in walk(model.criteria) if n.criterion.is_gate)


def quality_leaves(model: EvaluationModel) -> tuple[Node, ...]:
    return tuple(
        n
        for n in walk(model.criteria)
        if n.criterion.kind == CriterionKind.QUALITY and not n.criterion.children
    )


# --- Checking the model ---------------------------------------------------------------------


def _decimal(value) -> Decimal:
    if isinstance(value, float):
        raise TypeError("weights, scores and prices must not be floats")
    return Decimal(value)


def number(value: Decimal) -> str:
    """A Decimal as people write it: 100, 33.5, 0.25."""
    text = format(_decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _weight_problems(children: tuple[Criterion, ...], path: tuple[str, ...]) -> list[str]:
    problems: list[str] = []
    where = f"under {' › '.join(path)}" if path else "at the top level"
    for c in children:
        here = " › ".join((*path, c.name.strip() or c.id))
        if c.kind not in set(CriterionKind):
            problems.append(f"{here}: '{c.kind}' is not a kind of criterion")
            continue
        weight = _decimal(c.weight)
        if c.is_gate:
            if weight != 0:
                problems.append(f"{here}: a pass/fail criterion carries no weight (it has {number(weight)})")
            if c.children:
                problems.append(f"{here}: a pass/fail criterion cannot have sub-criteria")
            continue
        if not weight.is_finite() or weight <= 0 or weight > HUNDRED:
            problems.append(f"{here}: give a weight more than 0 and at most 100 (it has {weight})")
        if c.is_price and c.children:
            problems.append(f"{here}: the price criterion cannot have sub-criteria")
        if c.children and not c.weighted_children:
            problems.append(f"{here}: a group needs at least one weighted sub-criterion")
        problems += _weight_problems(c.children, (*path, c.name.strip() or c.id))
    weighted = [c for c in children if c.kind in set(CriterionKind) and not c.is_gate]
    if weighted:
        total = sum((_decimal(c.weight) for c in weighted if _decimal(c.weight).is_finite()), ZERO)
        if total != HUNDRED:
            problems.append(f"The weights {where} add up to {number(total)}, not 100")
    return problems


def weight_problems(criteria: tuple[Criterion, ...]) -> list[str]:
    """Every problem with the tree's weights and shape, each naming the offending node's path."""
    problems: list[str] = []
    nodes = walk(criteria)
    seen: set[str] = set()
    for n in nodes:
        c = n.criterion
        if not c.id.strip():
            problems.append(f"{n.label}: give the criterion an id")
        elif c.id in seen:
            problems.append(f"The criterion id '{c.id}' is used more than once")
        seen.add(c.id)
        if not c.name.strip():
            problems.append(f"{n.label}: give the criterion a name")
    if not any(not c.is_gate for c in criteria):
        problems.append("Give the evaluation model at least one weighted criterion")
        return problems
    problems += _weight_problems(criteria, ())
    prices = [n.label for n in nodes if n.criterion.is_price]
    if len(prices) > 1:
        problems.append(f"Only one criterion can be the price (found {', '.join(prices)})")
    return problems


def scale_problems(scale: ScoringScale) -> list[str]:
    problems = []
    scores = [level.score for level in scale.levels]
    if len(scores) < 2:
        problems.append("A scoring scale needs at least two levels")
    if any(not isinstance(s, int) or isinstance(s, bool) or s < 0 for s in scores):
        problems.append("Scores on the scale must be whole numbers, 0 or more")
    elif len(set(scores)) != len(scores):
        problems.append("Each score on the scale must appear once")
    elif scores and max(scores) <= 0:
        problems.append("The top of the scale must be more than 0")
    for level in scale.levels:
        if not level.label.strip() or not level.descriptor.strip():
            problems.append(f"Give score {level.score} on the scale a label and a descriptor")
    return problems


def price_method_problems(method: PriceMethod) -> list[str]:
    if method.formula not in set(PriceFormula):
        choices = ", ".join(PriceFormula)
        return [f"'{method.formula}' is not a price formula (choose from {choices})"]
    if method.formula != PriceFormula.BANDS:
        return []
    if not method.bands:
        return ["Give at least one price band"]
    problems = []
    previous: PriceBand | None = None
    for band in method.bands:
        limit, share = _decimal(band.up_to_percent_above), _decimal(band.share)
        if not limit.is_finite() or limit < 0:
            problems.append(f"A price band's limit must be 0% or more (not {limit}%)")
        if not share.is_finite() or share < 0 or share > HUNDRED:
            problems.append(f"A price band's share must be from 0% to 100% (not {share}%)")
        if previous is not None and limit <= previous.up_to_percent_above:
            problems.append(
                f"Price bands must go up: {number(limit)}% follows {number(previous.up_to_percent_above)}%"
            )
        if previous is not None and share > previous.share:
            problems.append(
                f"A band further above the lowest price cannot score more: {number(share)}% at "
                f"{number(limit)}% follows {number(previous.share)}%"
            )
        previous = band
    return problems


def model_problems(model: EvaluationModel) -> list[str]:
    problems = (
        weight_problems(model.criteria) + scale_problems(model.scale) + price_method_problems(model.price)
    )
    if not 0 <= model.places <= 6:
        problems.append("Show scores to between 0 and 6 decimal places")
    percent = _decimal(model.abnormally_low_percent)
    if not percent.is_finite() or not ZERO < percent < HUNDRED:
        problems.append(
            "The abnormally low price threshold must be more than 0% and less than 100% below the mean"
        )
    return problems


def check_model(model: EvaluationModel) -> None:
    problems = model_problems(model)
    if problems:
        raise RuleViolation(
            "The evaluation model is not valid: " + "; ".join(problems),
            code=ErrorCode.EVALUATION_MODEL_INVALID,
            details={"problems": problems},
        )


# --- Price formulas -------------------------------------------------------------------------


def price_score(
    price: Decimal, lowest: Decimal, highest: Decimal, weight: Decimal, method: PriceMethod
) -> Decimal:
    """The weighted price score of `price` among bids from `lowest` to `highest` (exact to 28
    significant digits). Never above `weight`, never below 0, and never higher for a higher price."""
    price, lowest, highest, weight = (_decimal(v) for v in (price, lowest, highest, weight))
    if not ZERO < lowest <= price <= highest:
        raise ValueError("prices must be more than 0, with lowest <= price <= highest")
    with localcontext() as ctx:
        ctx.prec = PRECISION
        formula = PriceFormula(method.formula)
        if formula == PriceFormula.LOWEST_OVER_BID:
            return weight * lowest / price
        if formula == PriceFormula.LINEAR:
            if highest == lowest:
                return weight
            return weight * (highest - price) / (highest - lowest)
        # Bands, compared without dividing: (price - lowest) * 100 <= limit * lowest.
        above = (price - lowest) * HUNDRED
        for band in method.bands:
            if above <= _decimal(band.up_to_percent_above) * lowest:
                return weight * _decimal(band.share) / HUNDRED
        return ZERO


def price_scores(prices: Mapping[str, Decimal], weight: Decimal, method: PriceMethod) -> dict[str, Decimal]:
    """The weighted price score of every bid in `prices` (all more than 0)."""
    if not prices:
        return {}
    values = [_decimal(p) for p in prices.values()]
    lowest, highest = min(values), max(values)
    return {bid: price_score(_decimal(p), lowest, highest, weight, method) for bid, p in prices.items()}
