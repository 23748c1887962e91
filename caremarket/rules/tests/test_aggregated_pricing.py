from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caremarket.rules.aggregated_pricing import (
    Baseline,
    BaselineLine,
    BidCost,
    ContractTerm,
    PriceList,
    Tier,
    TierMode,
    UnpricedItem,
    evaluate,
    evaluate_naive,
    tier,
    to_pence,
)
from caremarket.rules.price_lists import pounds, price_list_problems

D = Decimal
LINES = [
    BaselineLine("ICB-A", "a2", "FIBRE", "1 Gbps", 1),
    BaselineLine("ICB-A", "a1", "FIBRE", "100 Mbps", 2),
    BaselineLine("TRUST-B", "b1", "ROUTER", "", 4),
    BaselineLine("TRUST-B", "b1", "FIBRE", "100 Mbps", 3),
]
CLUB = Baseline.from_lines(LINES, members=["ICB-A", "TRUST-B", "GP-C"])
FULL = PriceList(
    "full",
    {
        # From the 5th fibre connection in the club (any band), £90 + £40 a year each.
        ("FIBRE", "100 Mbps"): (tier(1, "100", "50"), tier(5, "90", "40")),
        ("FIBRE", "1 Gbps"): (tier(1, "500", "300"),),
        ("ROUTER", ""): (tier(1, "10", "0"),),
        ("WIFI", ""): (tier(1, "1", "1"),),  # priced but not needed: ignored
    },
)
PARTIAL = PriceList("partial", {("FIBRE", "100 Mbps"): (tier(1, "100", "50"),)})


def test_the_baseline_holds_lines_by_member_and_item():
    # Codes are given in the order labels are first seen: FIBRE before ROUTER, 1 Gbps first.
    assert [CLUB.item_key(i) for i in range(len(CLUB.items))] == [
        ("FIBRE", "1 Gbps"),
        ("FIBRE", "100 Mbps"),
        ("ROUTER", ""),
    ]
    assert [CLUB.line(i) for i in range(len(CLUB))] == [LINES[0], LINES[1], LINES[3], LINES[2]]
    assert CLUB.lines == (LINES[0], LINES[1], LINES[3], LINES[2])
    assert CLUB.members == ("ICB-A", "TRUST-B", "GP-C")
    assert len(CLUB) == 4
    with pytest.raises(ValueError, match="read-only"):
        CLUB.quantity[0] = 99


@pytest.mark.parametrize("engine", [evaluate, evaluate_naive])
def test_a_hand_worked_club_with_volume_tiers(engine):
    # The club has 6 fibre connections, so the 100 Mbps second tier applies to all of them:
    # ICB-A: 2 x (£90 + 5 x £40) + (£500 + 5 x £300) = £2,580
    # TRUST-B: 3 x (£90 + 5 x £40) + 4 x £10 = £910
    full, partial = engine(CLUB, [FULL, PARTIAL])
    assert full == BidCost(
        "full",
        5,
        D("3490.00"),
        D("990.00"),
        D("500.00"),
        {"ICB-A": D("2580.00"), "TRUST-B": D("910.00"), "GP-C": D("0.00")},
    )
    assert full.compliant
    assert partial == BidCost(
        "partial",
        5,
        None,
        None,
        None,
        {},
        (UnpricedItem("FIBRE", "1 Gbps", 1, 1), UnpricedItem("ROUTER", "", 1, 4)),
        (0, 3),  # line numbers in the baseline's order
        "The price list has no price for 2 items the baseline needs: FIBRE (1 Gbps) on 1 line, "
        "ROUTER on 1 line",
    )
    assert not partial.compliant


@pytest.mark.parametrize("engine", [evaluate, evaluate_naive])
def test_a_hand_worked_club_with_graduated_tiers(engine):
    # Fibre connections 1-4 at the first tier, 5-6 at the second: the 100 Mbps average is
    # (4 x £100 + 2 x £90) / 6 one-off and (4 x £50 + 2 x £40) / 6 a year.
    # ICB-A's 2: one-off 2 x 580 / 6 = £193.33, annual 2 x 280 / 6 = £93.33 (each to the penny);
    # with its 1 Gbps (£500 + 5 x £300): £193.33 + 5 x £93.33 + £2,000 = £2,659.98.
    # TRUST-B's 3: £290 + 5 x £140 + 4 x £10 = £1,030.
    (full,) = engine(CLUB, [FULL], mode=TierMode.GRADUATED)
    assert full.by_member == {"ICB-A": D("2659.98"), "TRUST-B": D("1030.00"), "GP-C": D("0.00")}
    assert (full.total, full.one_off, full.annual) == (D("3689.98"), D("1023.33"), D("533.33"))


@pytest.mark.parametrize("engine", [evaluate, evaluate_naive])
def test_the_term_decides_the_years(engine):
    term = ContractTerm(3, (1, 1), include_extensions=False)
    (full,) = engine(CLUB, [FULL], term)
    assert full.years == 3
    assert full.by_member == {"ICB-A": D("1820.00"), "TRUST-B": D("670.00"), "GP-C": D("0.00")}


@pytest.mark.parametrize(
    ("term", "years", "text"),
    [
        (ContractTerm(), 5, "3+1+1"),
        (ContractTerm(2, ()), 2, "2"),
        (ContractTerm(3, (1, 1), False), 3, "3+1+1"),
    ],
)
def test_contract_terms(term, years, text):
    assert (term.years, str(term)) == (years, text)


@pytest.mark.parametrize(("initial", "extensions"), [(0, ()), (3, (-1,))])
def test_impossible_terms(initial, extensions):
    with pytest.raises(ValueError, match="at least 1 initial year"):
        ContractTerm(initial, extensions)


def test_many_missing_items_are_summarised():
    lines = [BaselineLine("A", f"s{n}", f"U{n}", "", 1) for n in range(7)]
    (cost,) = evaluate(Baseline.from_lines(lines), [PriceList("empty", {})])
    assert cost.reason == (
        "The price list has no price for 7 items the baseline needs: U0 on 1 line, U1 on 1 line, "
        "U2 on 1 line, U3 on 1 line, U4 on 1 line, and 2 more"
    )
    assert cost.unpriced_lines == tuple(range(7))


def test_no_bids():
    assert evaluate(CLUB, []) == evaluate_naive(CLUB, []) == ()


# --- Money and price lists ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "pence"), [(D("12.34"), 1234), ("0.01", 1), (5, 500), (D("1E+3"), 100_000), (D("0.50"), 50)]
)
def test_to_pence(amount, pence):
    assert to_pence(amount) == pence
    assert pounds(pence) == D(amount)


@pytest.mark.parametrize(
    ("amount", "error", "message"),
    [
        (1.5, TypeError, "must not be a float"),
        (D("0.005"), ValueError, "not a whole number of pence"),
        (D("NaN"), ValueError, "not a whole number of pence"),
    ],
)
def test_to_pence_refuses(amount, error, message):
    with pytest.raises(error, match=message):
        to_pence(amount)


@pytest.mark.parametrize(
    ("prices", "problems"),
    [
        ({("A", ""): (Tier(1, 100, 100), Tier(10, 90, 90))}, []),
        ({("A", ""): ()}, ["A: give at least one tier"]),
        ({("A", "1G"): (Tier(0, 1, 1),)}, ["A (1G): the first tier must start from 1 unit"]),
        (
            {("A", ""): (Tier(1, 1, 1), Tier(10, 1, 1), Tier(10, 1, 1))},
            ["A: tiers must start from increasing quantities"],
        ),
        ({("A", ""): (Tier(1, -1, 1),)}, ["A: charges cannot be negative"]),
        ({("A", ""): (Tier(1, D("1.5"), 1),)}, ["A: quantities and charges must be whole numbers (pence)"]),
        ({"A": (Tier(1, 1, 1),)}, ["'A': price a (unit code, band) pair"]),
    ],
)
def test_price_list_problems(prices, problems):
    assert price_list_problems(prices) == problems


def test_an_invalid_price_list_cannot_be_made():
    with pytest.raises(ValueError, match=r"price list of bid X: A: give at least one tier"):
        PriceList("X", {("A", ""): ()})


# --- The baseline ---------------------------------------------------------------------------


def codes(**changes):
    arrays = {
        "member": np.array([0, 1]),
        "site": np.array([0, 1]),
        "unit": np.array([0, 0]),
        "band": np.array([0, 0]),
        "quantity": np.array([1, 2]),
    }
    arrays.update(changes)
    return Baseline.from_codes(["A", "B"], ["s1", "s2"], ["U"], [""], **arrays)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"quantity": np.array([1, 0])}, "needs a quantity of at least 1"),
        ({"quantity": np.array([1])}, "one-dimensional and of equal length"),
        ({"member": np.array([0, 2])}, "a member code is outside the member table"),
        ({"unit": np.array([-1, 0])}, "a unit code is outside the unit table"),
        ({"quantity": np.array([1.0, 2.0])}, "must be integers"),
        (
            {k: np.array([], dtype=np.int64) for k in ("member", "site", "unit", "band", "quantity")},
            "has no requirement lines",
        ),
    ],
)
def test_an_impossible_baseline_is_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        codes(**changes)


def test_members_appear_once():
    with pytest.raises(ValueError, match="each member appears once"):
        Baseline.from_codes(["A", "A"], ["s"], ["U"], [""], [0], [0], [0], [0], [1])


def test_figures_too_large_for_int64_are_refused():
    huge = PriceList("huge", {("U", ""): (Tier(1, 10**18, 0),)})
    with pytest.raises(OverflowError, match="too large"):
        evaluate(codes(), [huge])


# --- The engine against the reference -------------------------------------------------------

UNITS = ("FIBRE", "EFM", "ROUTER")
BANDS = ("", "100 Mbps", "1 Gbps")


@st.composite
def clubs(draw):
    members = [f"M{n}" for n in range(draw(st.integers(1, 6)))]
    lines = [
        BaselineLine(
            draw(st.sampled_from(members)),
            f"S{draw(st.integers(0, 20))}",
            draw(st.sampled_from(UNITS)),
            draw(st.sampled_from(BANDS)),
            draw(st.integers(1, 30)),
        )
        for _ in range(draw(st.integers(1, 40)))
    ]
    needed = sorted({(line.unit, line.band) for line in lines})

    def tiers():
        starts = sorted(draw(st.sets(st.integers(2, 120), max_size=3)))
        money = st.integers(0, 2_000_000)
        return tuple(Tier(start, draw(money), draw(money)) for start in [1, *starts])

    price_lists = [
        PriceList(
            f"bid-{n}",
            {key: tiers() for key in needed if draw(st.integers(0, 9)) > 0},  # about 1 in 10 left out
        )
        for n in range(draw(st.integers(0, 5)))
    ]
    term = ContractTerm(draw(st.integers(1, 4)), tuple(draw(st.lists(st.integers(0, 2), max_size=2))))
    return Baseline.from_lines(lines, members=[*members, "NO-LINES"]), price_lists, term


@settings(max_examples=200, deadline=None)
@given(clubs(), st.sampled_from(list(TierMode)))
def test_the_engine_matches_the_reference_loop(club, mode):
    baseline, price_lists, term = club
    fast = evaluate(baseline, price_lists, term, mode)
    assert fast == evaluate_naive(baseline, price_lists, term, mode)
    for cost in fast:
        if cost.compliant:
            assert sum(cost.by_member.values()) == cost.total == cost.one_off + cost.years * cost.annual
            assert cost.by_member["NO-LINES"] == 0
        else:
            assert cost.total is None and cost.unpriced and cost.reason


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 150),
    st.lists(st.tuples(st.integers(2, 120), st.integers(0, 10_000)), max_size=4, unique_by=lambda t: t[0]),
    st.integers(0, 10_000),
)
def test_graduated_tiers_charge_each_unit_at_its_own_tier(quantity, higher, first_price):
    tiers = tuple(Tier(start, price, 0) for start, price in [(1, first_price), *sorted(higher)])
    baseline = Baseline.from_lines([BaselineLine("A", "s", "U", "", quantity)])
    (cost,) = evaluate(baseline, [PriceList("x", {("U", ""): tiers})], mode=TierMode.GRADUATED)

    def unit_price(number):  # the n-th unit of the club is charged at the last tier it reaches
        return [t.one_off for t in tiers if t.from_quantity <= number][-1]

    assert to_pence(cost.one_off) == sum(unit_price(n) for n in range(1, quantity + 1))


def test_a_seeded_club_of_a_few_thousand_lines():
    rng = np.random.default_rng(7)
    count = 5_000
    members = [f"ORG{n}" for n in range(40)]
    baseline = Baseline.from_codes(
        members,
        [f"S{n}" for n in range(2_000)],
        list(UNITS),
        list(BANDS),
        rng.integers(0, 40, count),
        rng.integers(0, 2_000, count),
        rng.integers(0, len(UNITS), count),
        rng.integers(0, len(BANDS), count),
        rng.integers(1, 50, count),
    )
    price_lists = [
        PriceList(
            f"bid-{b}",
            {
                (u, band): tuple(
                    Tier(start, int(rng.integers(0, 500_000)), int(rng.integers(0, 900_000)))
                    for start in (1, 1_000, 5_000)[: rng.integers(1, 4)]
                )
                for u in UNITS
                for band in BANDS
                if b != 3 or (u, band) != ("EFM", "1 Gbps")  # bid 3 cannot price one item
            },
        )
        for b in range(8)
    ]
    for mode in TierMode:
        fast = evaluate(baseline, price_lists, ContractTerm(), mode)
        assert fast == evaluate_naive(baseline, price_lists, ContractTerm(), mode)
        assert [c.compliant for c in fast] == [True, True, True, False, True, True, True, True]
