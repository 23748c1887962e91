from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caremarket.core.errors import RuleViolation
from caremarket.rules.scoring import (
    DEFAULT_BANDS,
    SCALE_0_TO_4,
    SCALE_0_TO_5,
    Criterion,
    EvaluationModel,
    PriceBand,
    PriceFormula,
    PriceMethod,
    ScaleLevel,
    ScoringScale,
    check_model,
    gate_criteria,
    leaf_shares,
    model_problems,
    number,
    price_criterion,
    price_method_problems,
    price_score,
    price_scores,
    quality_leaves,
    scale_problems,
    walk,
    weight_problems,
)

D = Decimal


def group(id_, name, weight, *children):
    return Criterion(id_, name, D(weight), children=children)


def leaf(id_, name, weight, kind="quality"):
    return Criterion(id_, name, D(weight), kind)


GATE = Criterion("dspt", "DSPT standard met", kind="pass_fail")
TREE = (
    GATE,
    group(
        "quality",
        "Quality",
        60,
        leaf("technical", "Technical", 50),
        group(
            "delivery",
            "Delivery",
            30,
            leaf("mobilisation", "Mobilisation", 40),
            leaf("service", "Service", 60),
        ),
        leaf("social", "Social value", 20),
    ),
    leaf("price", "Price", 40, "price"),
)
MODEL = EvaluationModel(TREE)


def test_a_valid_model_has_no_problems():
    assert model_problems(MODEL) == []
    check_model(MODEL)


def test_shares_multiply_down_the_tree_and_add_up_to_100():
    shares = leaf_shares(MODEL)
    assert shares == {
        "technical": D(30),
        "mobilisation": D("7.2"),
        "service": D("10.8"),
        "social": D(12),
        "price": D(40),
    }
    assert sum(shares.values()) == 100


def test_walking_the_tree():
    labels = [n.label for n in walk(TREE)]
    assert labels[:4] == ["DSPT standard met", "Quality", "Quality › Technical", "Quality › Delivery"]
    assert [n.depth for n in walk(TREE)][:5] == [0, 0, 1, 1, 2]
    assert price_criterion(MODEL).criterion.id == "price"
    assert [n.criterion.id for n in gate_criteria(MODEL)] == ["dspt"]
    assert [n.criterion.id for n in quality_leaves(MODEL)] == [
        "technical",
        "mobilisation",
        "service",
        "social",
    ]


@pytest.mark.parametrize(
    ("criteria", "problems"),
    [
        (
            (leaf("q", "Quality", 60), leaf("p", "Price", 30, "price")),
            ["The weights at the top level add up to 90, not 100"],
        ),
        (
            (
                group("q", "Quality", 60, leaf("t", "Technical", 50), leaf("s", "Social value", 40)),
                leaf("p", "Price", 40, "price"),
            ),
            ["The weights under Quality add up to 90, not 100"],
        ),
        (
            (
                group(
                    "q",
                    "Quality",
                    60,
                    group("d", "Delivery", 100, leaf("m", "Mobilisation", 40), leaf("s", "Service", 70)),
                ),
                leaf("p", "Price", 40, "price"),
            ),
            ["The weights under Quality › Delivery add up to 110, not 100"],
        ),
        (
            (
                leaf("q", "Quality", D("33.33")),
                leaf("r", "Risk", D("33.33")),
                leaf("p", "Price", D("33.33"), "price"),
            ),
            ["The weights at the top level add up to 99.99, not 100"],
        ),
        ((leaf("q", "Quality", D("66.67")), leaf("p", "Price", D("33.33"), "price")), []),
        (
            (leaf("q", "Quality", 0), leaf("p", "Price", 100, "price")),
            ["Quality: give a weight more than 0 and at most 100 (it has 0)"],
        ),
        (
            (leaf("q", "Quality", 110), leaf("p", "Price", -10, "price")),
            [
                "Quality: give a weight more than 0 and at most 100 (it has 110)",
                "Price: give a weight more than 0 and at most 100 (it has -10)",
            ],
        ),
        (
            (leaf("q", "Quality", 100), Criterion("g", "Insurance", D(5), "pass_fail")),
            ["Insurance: a pass/fail criterion carries no weight (it has 5)"],
        ),
        (
            (
                leaf("q", "Quality", 100),
                Criterion("g", "Insurance", kind="pass_fail", children=(leaf("x", "X", 100),)),
            ),
            ["Insurance: a pass/fail criterion cannot have sub-criteria"],
        ),
        (
            (Criterion("p", "Price", D(100), "price", (leaf("x", "Unit prices", 100),)),),
            ["Price: the price criterion cannot have sub-criteria"],
        ),
        (
            (group("q", "Quality", 100, Criterion("g", "Insurance", kind="pass_fail")),),
            ["Quality: a group needs at least one weighted sub-criterion"],
        ),
        (
            (leaf("p", "Price", 50, "price"), leaf("c", "Cost", 50, "price")),
            ["Only one criterion can be the price (found Price, Cost)"],
        ),
        (
            (leaf("q", "Quality", 50), leaf("q", "Quantity", 50)),
            ["The criterion id 'q' is used more than once"],
        ),
        ((leaf("q", " ", 100),), ["q: give the criterion a name"]),
        ((leaf("", "Quality", 100),), ["Quality: give the criterion an id"]),
        ((Criterion("q", "Quality", D(100), "opinion"),), ["Quality: 'opinion' is not a kind of criterion"]),
        ((GATE,), ["Give the evaluation model at least one weighted criterion"]),
        ((), ["Give the evaluation model at least one weighted criterion"]),
    ],
)
def test_weight_problems_name_the_path(criteria, problems):
    assert weight_problems(criteria) == problems


def test_gates_are_left_out_of_the_weights():
    assert (
        weight_problems((GATE, leaf("q", "Quality", 100), Criterion("i", "Insurance", kind="pass_fail")))
        == []
    )


@pytest.mark.parametrize(
    ("scale", "problems"),
    [
        (SCALE_0_TO_4, []),
        (SCALE_0_TO_5, []),
        (ScoringScale((ScaleLevel(0, "No", "Not met"), ScaleLevel(100, "Yes", "Met"))), []),
        (
            ScoringScale((ScaleLevel(0, "No", "Not met"),)),
            ["A scoring scale needs at least two levels", "The top of the scale must be more than 0"],
        ),
        (
            ScoringScale((ScaleLevel(0, "No", "Not met"), ScaleLevel(0, "Yes", "Met"))),
            ["Each score on the scale must appear once"],
        ),
        (
            ScoringScale((ScaleLevel(-1, "No", "Not met"), ScaleLevel(1, "Yes", "Met"))),
            ["Scores on the scale must be whole numbers, 0 or more"],
        ),
        (
            ScoringScale((ScaleLevel(0, "No", "Not met"), ScaleLevel(1, "Yes", " "))),
            ["Give score 1 on the scale a label and a descriptor"],
        ),
    ],
)
def test_scale_problems(scale, problems):
    assert scale_problems(scale) == problems


def test_scales_carry_descriptors():
    assert SCALE_0_TO_4.max_score == 4
    assert SCALE_0_TO_5.max_score == 5
    assert SCALE_0_TO_4.level(3).label == "Good"
    assert SCALE_0_TO_4.level(7) is None
    assert SCALE_0_TO_5.describe() == "0 to 5"


@pytest.mark.parametrize(
    ("method", "problems"),
    [
        (PriceMethod(), []),
        (PriceMethod(PriceFormula.BANDS), []),
        (PriceMethod(PriceFormula.LINEAR, ()), []),
        (
            PriceMethod("cheapest_wins"),
            [
                "'cheapest_wins' is not a price formula "
                "(choose from lowest_over_bid, percentage_bands, linear)"
            ],
        ),
        (PriceMethod(PriceFormula.BANDS, ()), ["Give at least one price band"]),
        (
            PriceMethod(PriceFormula.BANDS, (PriceBand(D(0), D(100)), PriceBand(D(0), D(50)))),
            ["Price bands must go up: 0% follows 0%"],
        ),
        (
            PriceMethod(PriceFormula.BANDS, (PriceBand(D(0), D(80)), PriceBand(D(10), D(90)))),
            ["A band further above the lowest price cannot score more: 90% at 10% follows 80%"],
        ),
        (
            PriceMethod(PriceFormula.BANDS, (PriceBand(D(-5), D(120)),)),
            [
                "A price band's limit must be 0% or more (not -5%)",
                "A price band's share must be from 0% to 100% (not 120%)",
            ],
        ),
    ],
)
def test_price_method_problems(method, problems):
    assert price_method_problems(method) == problems


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"places": 7}, "Show scores to between 0 and 6 decimal places"),
        (
            {"abnormally_low_percent": D(0)},
            "The abnormally low price threshold must be more than 0% and less than 100% below the mean",
        ),
        (
            {"abnormally_low_percent": D(100)},
            "The abnormally low price threshold must be more than 0% and less than 100% below the mean",
        ),
    ],
)
def test_model_settings(changes, problem):
    model = EvaluationModel(TREE, **changes)
    assert model_problems(model) == [problem]
    with pytest.raises(RuleViolation) as raised:
        check_model(model)
    assert raised.value.code == "evaluation.model_invalid"
    assert raised.value.details == {"problems": [problem]}


def test_floats_are_refused():
    with pytest.raises(TypeError, match="must not be floats"):
        weight_problems((Criterion("q", "Quality", 100.0),))


@pytest.mark.parametrize(
    ("value", "text"), [(D(100), "100"), (D("33.50"), "33.5"), (D("0.25"), "0.25"), (D(0), "0")]
)
def test_number(value, text):
    assert number(value) == text


# --- Price formulas -------------------------------------------------------------------------

LOWEST, HIGHEST = D(80_000), D(120_000)
BANDS = PriceMethod(PriceFormula.BANDS)


@pytest.mark.parametrize(
    ("price", "method", "score"),
    [
        (D(80_000), PriceMethod(), D(40)),
        (D(100_000), PriceMethod(), D(32)),  # 40 * 80,000 / 100,000
        (D(120_000), PriceMethod(), D("26.66666666666666666666666667")),
        (D(80_000), PriceMethod(PriceFormula.LINEAR), D(40)),
        (D(100_000), PriceMethod(PriceFormula.LINEAR), D(20)),
        (D(120_000), PriceMethod(PriceFormula.LINEAR), D(0)),
        (D(80_000), BANDS, D(40)),  # the lowest: 100%
        (D(80_000.01), BANDS, D(32)),  # just above: 80%
        (D(84_000), BANDS, D(32)),  # exactly 5% above: still 80% (limits are inclusive)
        (D("84000.01"), BANDS, D(24)),  # 60%
        (D(88_000), BANDS, D(24)),
        (D(96_000), BANDS, D(16)),  # exactly 20% above: 40%
        (D(104_000), BANDS, D(8)),  # exactly 30% above: 20%
        (D("104000.01"), BANDS, D(0)),  # beyond the last band
    ],
)
def test_price_formulas(price, method, score):
    assert price_score(price, LOWEST, max(price, HIGHEST), D(40), method) == score


def test_linear_with_one_price_scores_the_whole_weight():
    assert price_score(D(100), D(100), D(100), D(40), PriceMethod(PriceFormula.LINEAR)) == D(40)


@pytest.mark.parametrize(
    ("price", "lowest", "highest"),
    [(D(0), D(0), D(10)), (D(5), D(10), D(20)), (D(30), D(10), D(20)), (D(-1), D(-1), D(1))],
)
def test_price_formulas_refuse_impossible_prices(price, lowest, highest):
    with pytest.raises(ValueError, match="more than 0"):
        price_score(price, lowest, highest, D(40), PriceMethod())


def test_price_scores_of_a_set_of_bids():
    scores = price_scores({"a": D(80_000), "b": D(100_000)}, D(40), PriceMethod())
    assert scores == {"a": D(40), "b": D(32)}
    assert price_scores({}, D(40), PriceMethod()) == {}


# --- Properties -----------------------------------------------------------------------------

prices = st.decimals(min_value=D("0.01"), max_value=D(10_000_000), places=2)
weights = st.decimals(min_value=D("0.01"), max_value=D(100), places=2)


@st.composite
def price_methods(draw):
    formula = draw(st.sampled_from(list(PriceFormula)))
    if formula != PriceFormula.BANDS:
        return PriceMethod(formula)
    limits = sorted(draw(st.sets(st.decimals(min_value=0, max_value=200, places=1), min_size=1, max_size=6)))
    shares = sorted(
        draw(
            st.lists(
                st.decimals(min_value=0, max_value=100, places=0), min_size=len(limits), max_size=len(limits)
            )
        ),
        reverse=True,
    )
    return PriceMethod(
        formula, tuple(PriceBand(limit, share) for limit, share in zip(limits, shares, strict=True))
    )


@given(st.lists(prices, min_size=1, max_size=30), weights, price_methods())
def test_price_score_is_monotonic_and_bounded(bid_prices, weight, method):
    assert price_method_problems(method) == []
    scores = price_scores({str(n): p for n, p in enumerate(bid_prices)}, weight, method)
    ordered = sorted(((bid_prices[int(k)], s) for k, s in scores.items()), key=lambda pair: pair[0])
    for (cheaper, cheaper_score), (dearer, dearer_score) in pairwise(ordered):
        assert cheaper_score >= dearer_score, (cheaper, dearer)
        if cheaper == dearer:
            assert cheaper_score == dearer_score
    for score in scores.values():
        assert 0 <= score <= weight
    lowest = min(bid_prices)
    if method.formula != PriceFormula.BANDS or method.bands == DEFAULT_BANDS:
        assert scores[str(bid_prices.index(lowest))] == weight


@st.composite
def trees(draw, depth=0):
    """A criteria tree with random weights (integers or two places), some levels adding up to
    100 and some not, with gates scattered in."""
    count = draw(st.integers(1, 4))
    children = []
    for n in range(count):
        weight = draw(st.one_of(st.integers(1, 100).map(D), st.decimals(D("0.01"), D(100), places=2)))
        subtree = draw(trees(depth + 1)) if depth < 2 and draw(st.booleans()) else ()
        children.append(
            Criterion(f"{depth}-{n}-{draw(st.uuids()).hex[:8]}", f"C{depth}{n}", weight, children=subtree)
        )
    if draw(st.booleans()):
        children.append(Criterion(f"gate-{draw(st.uuids()).hex[:8]}", "Gate", kind="pass_fail"))
    if draw(st.booleans()):  # make this level add up to exactly 100
        weighted = [c for c in children if not c.is_gate]
        rest = D(100) - sum((c.weight for c in weighted[:-1]), D(0))
        if D(0) < rest <= D(100):
            last = weighted[-1]
            children[children.index(last)] = Criterion(last.id, last.name, rest, children=last.children)
    return tuple(children)


def levels(criteria):
    yield criteria
    for c in criteria:
        if c.children:
            yield from levels(c.children)


@given(trees())
def test_the_weights_sum_is_checked_at_every_level(criteria):
    problems = [p for p in weight_problems(criteria) if "add up to" in p]
    wrong = [lvl for lvl in levels(criteria) if sum((c.weight for c in lvl if not c.is_gate), D(0)) != 100]
    assert len(problems) == len(wrong)
    if not weight_problems(criteria):
        assert sum(leaf_shares(EvaluationModel(criteria)).values()) == 100
