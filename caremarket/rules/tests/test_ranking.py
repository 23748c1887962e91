from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caremarket.core.errors import RuleViolation
from caremarket.rules.ranking import BidScores, FlagKind, evaluate, evaluation_problems, shown
from caremarket.rules.scoring import (
    SCALE_0_TO_5,
    Criterion,
    EvaluationModel,
    PriceFormula,
    PriceMethod,
)

D = Decimal
GATE = Criterion("dspt", "DSPT standard met", kind="pass_fail")
MODEL = EvaluationModel(
    (
        GATE,
        Criterion(
            "quality",
            "Quality",
            D(60),
            children=(Criterion("tech", "Technical", D(50)), Criterion("social", "Social value", D(50))),
        ),
        Criterion("price", "Price", D(40), "price"),
    )
)
PRICE_ONLY = EvaluationModel((Criterion("price", "Price", D(100), "price"),))


def bid(bid_id, price, tech=2, social=2, dspt=True, **kwargs):
    return BidScores(bid_id, D(price), {"tech": tech, "social": social}, {"dspt": dspt}, **kwargs)


HAND = [
    bid("A", 100_000, 3, 2),
    bid("B", 120_000, 4, 4),
    bid("C", 60_000, 4, 4, dspt=False),
    bid("D", 75_000, 1, 2),
]


def test_a_hand_worked_evaluation():
    result = evaluate(MODEL, HAND)
    # Quality 60 = Technical 30 + Social value 30, each score / 4; price 40 * lowest / bid,
    # the lowest being D's 75,000 (C failed its gate, so it does not set the lowest price).
    rows = [(r.bid_id, r.rank, r.total, r.abnormally_low) for r in result.ranked]
    assert rows == [("B", 1, D("85.00"), False), ("A", 2, D("67.50"), False), ("D", 3, D("62.50"), True)]
    b = result.result("B")
    assert [(c.criterion_id, c.share, c.score, c.shown) for c in b.criteria] == [
        ("quality", D(60), None, D("60.00")),
        ("tech", D(30), 4, D("30.00")),
        ("social", D(30), 4, D("30.00")),
        ("price", D(40), None, D("25.00")),
    ]
    assert [c.depth for c in b.criteria] == [0, 1, 1, 0]
    (c,) = result.excluded
    assert (c.bid_id, c.rank, c.total, c.excluded_because) == (
        "C",
        None,
        None,
        "Failed the pass/fail criterion: DSPT standard met",
    )
    assert not c.included
    assert result.mean_price.quantize(D("0.01")) == D("98333.33")
    assert result.abnormally_low == ("D",)
    assert result.flags[0].message == (
        "The price of bid D (£75,000.00) is 23.7% below the mean of the bids (£98,333.33), "
        "at least 20% below it: record a decision on it"
    )
    assert result.ties == ()


def test_a_recorded_exclusion_takes_the_bid_out_of_the_price_scores():
    result = evaluate(MODEL, [*HAND[:2], bid("D", 75_000, 1, 2, excluded_because="Price list incomplete")])
    assert [r.bid_id for r in result.ranked] == ["B", "A"]
    assert result.result("A").criteria[-1].shown == D("40.00")  # A is now the lowest price
    assert result.excluded[0].excluded_because == "Price list incomplete"


def test_every_reason_for_exclusion_is_given():
    gates = (GATE, Criterion("ins", "Insurance", kind="pass_fail"))
    model = EvaluationModel((*gates, Criterion("price", "Price", D(100), "price")))
    result = evaluate(
        model,
        [
            BidScores("A", D(10), gates={"dspt": True, "ins": True}),
            BidScores("B", D(10), gates={"dspt": False, "ins": False}, excluded_because="Late"),
        ],
    )
    assert result.excluded[0].excluded_because == (
        "Late; Failed the pass/fail criteria: DSPT standard met, Insurance"
    )


def test_ties_are_flagged_and_share_a_rank():
    result = evaluate(
        MODEL, [bid("A", 100_000, 3, 3), bid("B", 100_000, 3, 3), bid("C", 100_000, 4, 4), bid("D", 150_000)]
    )
    assert [(r.bid_id, r.rank, r.tied) for r in result.ranked] == [
        ("C", 1, False),
        ("A", 2, True),
        ("B", 2, True),
        ("D", 4, False),
    ]
    assert result.ties == (("A", "B"),)
    tie = result.flags[0]
    assert tie.kind == FlagKind.TIE
    assert tie.message == "Bids A and B are tied on 85.00: record how the tie is decided"


@pytest.mark.parametrize(
    ("prices", "places", "ties"),
    [
        # 100 * 100,000 / 142,857.14 = 70.0000028 and / 142,860 = 69.9986: both show 70.00.
        (("100000", "142857.14", "142860"), 2, (("B", "C"),)),
        (("100000", "142857.14", "142860"), 3, ()),  # 70.000 and 69.999
        (("100000", "142857.14", "142900"), 2, ()),  # 70.00 and 69.98
        (("100000", "142857.14", "142900"), 0, (("B", "C"),)),  # 70 and 70
    ],
)
def test_ties_are_decided_on_the_shown_total(prices, places, ties):
    model = EvaluationModel(PRICE_ONLY.criteria, places=places)
    result = evaluate(model, [BidScores(name, D(p)) for name, p in zip("ABC", prices, strict=True)])
    assert result.ties == ties


def test_three_way_tie_message():
    result = evaluate(PRICE_ONLY, [BidScores(name, D(500)) for name in "CAB"])
    assert result.flags[0].message == "Bids A, B and C are tied on 100.00: record how the tie is decided"
    assert [r.rank for r in result.ranked] == [1, 1, 1]


@pytest.mark.parametrize(
    ("prices", "percent", "flagged"),
    [
        (("80", "100", "120"), 20, ("A",)),  # exactly 20% below the mean of 100: flagged
        (("80.01", "100", "120"), 20, ()),
        (("80", "100", "120"), 25, ()),
        (("50", "100", "120", "130"), 20, ("A",)),
        (("100",), 20, ()),
        (("60", "61", "200"), 20, ("A", "B")),
    ],
)
def test_abnormally_low_prices(prices, percent, flagged):
    model = EvaluationModel(PRICE_ONLY.criteria, abnormally_low_percent=D(percent))
    result = evaluate(model, [BidScores(name, D(p)) for name, p in zip("ABCD", prices, strict=False)])
    assert result.abnormally_low == flagged
    assert {r.bid_id for r in result.ranked if r.abnormally_low} == set(flagged)


@pytest.mark.parametrize(
    ("bids", "problems"),
    [
        (HAND, []),
        ([bid("A", 1), bid("A", 2)], ["Bid A appears more than once"]),
        (
            [BidScores("A", D(1), {"tech": 1, "social": 1})],
            ["Bid A has no result for the pass/fail criterion DSPT standard met"],
        ),
        (
            [BidScores("A", D(1), {"tech": 1}, {"dspt": True})],
            ["Bid A has no score for Quality › Social value"],
        ),
        (
            [bid("A", 1, tech=5)],
            ["Bid A: 5 is not on the scoring scale (0 to 4) for Quality › Technical"],
        ),
        (
            [bid("A", 1, tech=True)],
            ["Bid A: True is not on the scoring scale (0 to 4) for Quality › Technical"],
        ),
        ([BidScores("A", None, {"tech": 1, "social": 1}, {"dspt": True})], ["Bid A has no price"]),
        ([bid("A", 0)], ["Bid A: the price must be an amount more than £0.00"]),
        ([bid("A", -5)], ["Bid A: the price must be an amount more than £0.00"]),
        (
            [BidScores("A", D(1), {"tech": 1, "social": 1, "price": 3}, {"dspt": True, "iso": True})],
            [
                "Bid A has a score for 'price', which is not a quality criterion",
                "Bid A has a result for 'iso', which is not a pass/fail criterion",
            ],
        ),
        # A bid failing a gate needs no scores or price.
        ([BidScores("A", None, {}, {"dspt": False})], []),
        ([BidScores("A", None, {}, {"dspt": True}, excluded_because="Late")], []),
    ],
)
def test_evaluation_problems(bids, problems):
    assert evaluation_problems(MODEL, bids) == problems


def test_an_incomplete_evaluation_is_refused():
    with pytest.raises(RuleViolation) as raised:
        evaluate(MODEL, [bid("A", 0)])
    assert raised.value.code == "evaluation.incomplete"
    assert raised.value.details == {"problems": ["Bid A: the price must be an amount more than £0.00"]}


def test_an_invalid_model_is_refused():
    model = EvaluationModel((Criterion("q", "Quality", D(90)),))
    with pytest.raises(RuleViolation) as raised:
        evaluate(model, [])
    assert raised.value.code == "evaluation.model_invalid"
    assert (
        raised.value.message
        == "The evaluation model is not valid: The weights at the top level add up to 90, not 100"
    )


def test_quality_only_and_no_bids():
    model = EvaluationModel((Criterion("q", "Quality", D(100)),), scale=SCALE_0_TO_5)
    result = evaluate(model, [BidScores("A", scores={"q": 5}), BidScores("B", scores={"q": 3})])
    assert [(r.bid_id, r.total) for r in result.ranked] == [("A", D("100.00")), ("B", D("60.00"))]
    assert result.mean_price is None
    assert evaluate(MODEL, []).results == ()


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [(D("70.005"), 2, "70.01"), (D("70.0049"), 2, "70.00"), (D("99.5"), 0, "100"), (D("1.25"), 1, "1.3")],
)
def test_shown_rounds_half_up(value, places, text):
    assert str(shown(value, places)) == text


# --- Properties -----------------------------------------------------------------------------

DEEP = EvaluationModel(
    (
        GATE,
        Criterion(
            "quality",
            "Quality",
            D(70),
            children=(
                Criterion("tech", "Technical", D("33.33")),
                Criterion(
                    "delivery",
                    "Delivery",
                    D("33.33"),
                    children=(Criterion("mob", "Mobilisation", D(30)), Criterion("svc", "Service", D(70))),
                ),
                Criterion("social", "Social value", D("33.34")),
            ),
        ),
        Criterion("price", "Price", D(30), "price"),
    ),
    scale=SCALE_0_TO_5,
)
LEAVES = ("tech", "mob", "svc", "social")


@st.composite
def evaluations(draw):
    formula = draw(st.sampled_from(list(PriceFormula)))
    model = EvaluationModel(DEEP.criteria, DEEP.scale, PriceMethod(formula), places=draw(st.integers(0, 3)))
    count = draw(st.integers(0, 12))
    # A few shared prices and scores make ties likely.
    price = st.one_of(
        st.sampled_from([D(90_000), D(100_000), D("100000.01")]),
        st.decimals(min_value=D("1000"), max_value=D("200000"), places=2),
    )
    bids = [
        BidScores(
            f"bid-{n:02d}",
            draw(price),
            {leaf: draw(st.integers(0, 5)) for leaf in LEAVES},
            {"dspt": draw(st.sampled_from([True, True, True, False]))},
        )
        for n in range(count)
    ]
    return model, bids


@given(evaluations())
def test_the_ranking_is_the_order_of_the_shown_totals(case):
    model, bids = case
    result = evaluate(model, bids)
    totals = [r.total for r in result.ranked]
    # Totals are bounded, and ranked from highest to lowest.
    assert all(D(0) <= t <= D(100) for t in totals)
    assert all(D(0) <= r.total_exact <= D(100) for r in result.ranked)
    assert totals == sorted(totals, reverse=True)
    for r in result.ranked:
        assert r.rank == 1 + sum(1 for t in totals if t > r.total)
        assert r.total == shown(r.total_exact, model.places)
        top = [c for c in r.criteria if c.depth == 0]
        assert r.total_exact == sum((c.exact for c in top), D(0))
        assert all(c.shown == shown(c.exact, model.places) for c in r.criteria)
        assert all(D(0) <= c.exact <= c.share for c in r.criteria)
    # Ties are flagged exactly when shown totals are equal.
    for r in result.ranked:
        assert r.tied == (totals.count(r.total) > 1)
    expected = {
        tuple(sorted(r.bid_id for r in result.ranked if r.total == t)) for t in totals if totals.count(t) > 1
    }
    assert set(result.ties) == expected
    # A bid is excluded exactly when it failed the gate.
    assert {r.bid_id for r in result.excluded} == {b.bid_id for b in bids if not b.gates["dspt"]}


@given(evaluations())
def test_a_lower_price_never_scores_lower(case):
    model, bids = case
    same_quality = [BidScores(b.bid_id, b.price, dict.fromkeys(LEAVES, 3), {"dspt": True}) for b in bids]
    result = evaluate(model, same_quality)
    by_price = sorted(result.ranked, key=lambda r: r.price)
    for cheaper, dearer in pairwise(by_price):
        assert cheaper.total_exact >= dearer.total_exact
        assert cheaper.rank <= dearer.rank
