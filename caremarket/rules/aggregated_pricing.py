"""Aggregated price evaluation: every bid's price list applied to a buying club's frozen
baseline, giving each bid's total evaluated cost and a breakdown per member.

The baseline is the club's requirement lines frozen at launch: (member, site, unit code,
band, quantity), where the band is a bandwidth or size band ("" when the unit has none).
A bid prices each (unit code, band) with one or more tiers; a tier gives a one-off charge
and a recurring annual charge per unit, in whole pence, from a quantity on. The quantity a
tier looks at is the total of that unit code across the whole club (every member, site
and band). Two tier modes, chosen per competition:

- `ALL_UNITS` (volume tiers): the tier the club's total reaches applies to every unit.
- `GRADUATED` (banded): the club's units fill the tiers in turn (units 1-99 at the first
  tier's price, 100-499 at the second's, ...), and every unit bears the average price.

A member's charge for one (unit code, band) is its quantity times the tier price: exact in
all-units mode; in graduated mode rounded half up to the penny once per member, item and
charge (one-off, annual). Evaluated cost = one-off + annual x the evaluated years of the
contract term (3+1+1 years by default: the full potential term). A bid missing a price for
any item the baseline needs is non-compliant: it gets no total, and the reason and the lines
it cannot price are returned.

Money is integer pence inside (int64 in numpy, Python int in the reference loop) and Decimal
pounds at the boundary. `evaluate` is the vectorised engine: it aggregates the baseline by
(member, item) and prices every bid in one array operation. `evaluate_naive` is the plain
loop over the same lines, kept as its reference in tests and benchmark.

The inputs are in `rules/club_baseline.py` (the frozen baseline) and `rules/price_lists.py`
(price lists, tiers and the contract term), and are re-exported here.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from caremarket.rules.club_baseline import Baseline, BaselineLine
from caremarket.rules.price_lists import (
    ContractTerm,
    PriceList,
    Tier,
    TierMode,
    item_label,
    pounds,
    tier,
    to_pence,
)

__all__ = [
    "DEFAULT_TERM",
    "Baseline",
    "BaselineLine",
    "BidCost",
    "ContractTerm",
    "PriceList",
    "Tier",
    "TierMode",
    "UnpricedItem",
    "evaluate",
    "evaluate_naive",
    "tier",
    "to_pence",
]

DEFAULT_TERM = ContractTerm()
INT64_LIMIT = 2**62  # headroom below 2**63 for every intermediate


@dataclass(frozen=True, order=True)
class UnpricedItem:
    unit: str
    band: str
    lines: int
    quantity: int


@dataclass(frozen=True)
class BidCost:
    """A bid's evaluated cost over `years`, or why it cannot be evaluated (then `total` is
    None and `by_member` empty). Pounds, exact to the penny."""

    bid_id: str
    years: int
    total: Decimal | None
    one_off: Decimal | None
    annual: Decimal | None
    by_member: Mapping[str, Decimal]
    unpriced: tuple[UnpricedItem, ...] = ()
    unpriced_lines: tuple[int, ...] = ()
    reason: str = ""

    @property
    def compliant(self) -> bool:
        return self.total is not None


def unpriced_reason(items: Sequence[UnpricedItem], shown: int = 5) -> str:
    names = [
        f"{item_label(i.unit, i.band)} on {i.lines} line{'' if i.lines == 1 else 's'}" for i in items[:shown]
    ]
    if len(items) > shown:
        names.append(f"and {len(items) - shown} more")
    count = len(items)
    return (
        f"The price list has no price for {count} item{'' if count == 1 else 's'} the baseline needs: "
        + ", ".join(names)
    )


# --- The reference: a plain loop over the lines ----------------------------------------------


def _naive_rate(tiers: Sequence[Tier], total: int, mode: str) -> tuple[int, int, int]:
    """(one-off numerator, annual numerator, denominator) of the price per unit."""
    if mode == TierMode.ALL_UNITS:
        chosen = tiers[0]
        for t in tiers:
            if t.from_quantity <= total:
                chosen = t
        return chosen.one_off, chosen.annual, 1
    one_off = annual = 0
    for i, t in enumerate(tiers):
        last = tiers[i + 1].from_quantity - 1 if i + 1 < len(tiers) else total
        units = max(0, min(total, last) - t.from_quantity + 1)
        one_off += units * t.one_off
        annual += units * t.annual
    return one_off, annual, total


def _round_half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def evaluate_naive(
    baseline: Baseline,
    price_lists: Sequence[PriceList],
    term: ContractTerm = DEFAULT_TERM,
    mode: str = TierMode.ALL_UNITS,
) -> tuple[BidCost, ...]:
    """The reference implementation: a straightforward Python loop over every line."""
    mode = TierMode(mode)
    lines = baseline.lines
    unit_totals: dict[str, int] = {}
    for line in lines:
        unit_totals[line.unit] = unit_totals.get(line.unit, 0) + line.quantity
    results = []
    for price_list in price_lists:
        quantities: dict[tuple[str, str, str], int] = {}
        missing: dict[tuple[str, str], list[int]] = {}
        unpriced_lines = []
        for number, line in enumerate(lines):
            if (line.unit, line.band) not in price_list.prices:
                unpriced_lines.append(number)
                counts = missing.setdefault((line.unit, line.band), [0, 0])
                counts[0] += 1
                counts[1] += line.quantity
                continue
            key = (line.member, line.unit, line.band)
            quantities[key] = quantities.get(key, 0) + line.quantity
        if missing:
            items = tuple(UnpricedItem(u, b, n, q) for (u, b), (n, q) in sorted(missing.items()))
            results.append(
                BidCost(
                    price_list.bid_id,
                    term.years,
                    None,
                    None,
                    None,
                    {},
                    items,
                    tuple(unpriced_lines),
                    unpriced_reason(items),
                )
            )
            continue
        by_member = dict.fromkeys(baseline.members, 0)
        one_off_total = annual_total = 0
        for (member, unit, band), quantity in quantities.items():
            one_off, annual, denominator = _naive_rate(
                price_list.prices[(unit, band)], unit_totals[unit], mode
            )
            one_off = _round_half_up(quantity * one_off, denominator)
            annual = _round_half_up(quantity * annual, denominator)
            one_off_total += one_off
            annual_total += annual
            by_member[member] += one_off + term.years * annual
        results.append(
            BidCost(
                price_list.bid_id,
                term.years,
                pounds(one_off_total + term.years * annual_total),
                pounds(one_off_total),
                pounds(annual_total),
                {member: pounds(pence) for member, pence in by_member.items()},
            )
        )
    return tuple(results)


# --- The engine: the same figures with numpy ------------------------------------------------


def _tier_tables(baseline: Baseline, price_lists: Sequence[PriceList]):
    """Every bid's tiers for every item the baseline needs, as (bids, items, tiers) arrays
    padded with never-reached tiers; and which items each bid prices."""
    keys = [baseline.item_key(p) for p in range(len(baseline.items))]
    found = [[pl.prices.get(key) for key in keys] for pl in price_lists]
    depth = max((len(tiers) for row in found for tiers in row if tiers), default=1)
    never = Tier(INT64_LIMIT, 0, 0)
    flat = [
        (t.from_quantity, t.one_off, t.annual)
        for row in found
        for tiers in row
        for t in (*(tiers or ()), *(never,) * (depth - len(tiers or ())))
    ]
    table = np.array(flat, dtype=np.int64).reshape(len(price_lists), len(keys), depth, 3)
    priced = np.array([[tiers is not None for tiers in row] for row in found], dtype=bool)
    return table[..., 0], table[..., 1], table[..., 2], priced.reshape(len(price_lists), len(keys))


def _check_range(quantities: np.ndarray, unit_totals: np.ndarray, prices: int, years: int) -> None:
    """Refuse figures that could overflow int64 rather than return a wrong total."""
    biggest = int(unit_totals.max()) * prices * 2 * int(quantities.max()) + int(unit_totals.max())
    everything = (int(quantities.sum()) * prices + quantities.size) * (1 + years)
    if max(biggest, everything) >= INT64_LIMIT:
        raise OverflowError("the baseline and prices are too large for exact int64 evaluation")


def evaluate(
    baseline: Baseline,
    price_lists: Sequence[PriceList],
    term: ContractTerm = DEFAULT_TERM,
    mode: str = TierMode.ALL_UNITS,
) -> tuple[BidCost, ...]:
    """Each bid's evaluated cost over the term, per member and in total, in the order of
    `price_lists`: the same figures as `evaluate_naive`, computed as arrays."""
    mode = TierMode(mode)
    members, items = len(baseline.members), len(baseline.items)
    # The club's quantity of each item per member, and of each unit code in total.
    per_cell = np.zeros(members * items, dtype=np.int64)
    per_cell[baseline.run_cells] = np.add.reduceat(baseline.quantity, baseline.run_starts)
    quantities = per_cell.reshape(members, items)
    item_totals = quantities.sum(axis=0)
    unit_totals = np.zeros(len(baseline.units), dtype=np.int64)
    np.add.at(unit_totals, baseline.item_unit, item_totals)
    reach = unit_totals[baseline.item_unit]  # (items,): the total each item's tiers look at
    if not price_lists:
        return ()
    froms, one_offs, annuals, priced = _tier_tables(baseline, price_lists)
    _check_range(quantities, reach, int(max(one_offs.max(), annuals.max())), term.years)
    if mode == TierMode.ALL_UNITS:
        # The last tier the total reaches (the first always is: it starts from 1).
        chosen = (froms <= reach[None, :, None]).sum(axis=2, keepdims=True) - 1
        one_off_rate = np.take_along_axis(one_offs, chosen, axis=2)[..., 0]
        annual_rate = np.take_along_axis(annuals, chosen, axis=2)[..., 0]
        one_off = one_off_rate @ quantities.T  # (bids, members), exact
        annual = annual_rate @ quantities.T
    else:
        nexts = np.concatenate([froms[..., 1:], np.full_like(froms[..., :1], INT64_LIMIT)], axis=2)
        last = np.minimum(reach[None, :, None], nexts - 1)
        units = np.clip(last - froms + 1, 0, None)  # how many of the club's units each tier holds
        denominator = reach[None, None, :]
        cells = quantities[None, :, :]

        def charged(rates: np.ndarray) -> np.ndarray:
            numerator = (units * rates).sum(axis=2)[:, None, :] * cells
            return ((2 * numerator + denominator) // (2 * denominator)).sum(axis=2)

        one_off, annual = charged(one_offs), charged(annuals)
    evaluated = one_off + term.years * annual
    lines_per_item = np.bincount(baseline.item, minlength=items)
    results = []
    for b, price_list in enumerate(price_lists):
        if priced[b].all():
            results.append(
                BidCost(
                    price_list.bid_id,
                    term.years,
                    pounds(int(evaluated[b].sum())),
                    pounds(int(one_off[b].sum())),
                    pounds(int(annual[b].sum())),
                    dict(zip(baseline.members, map(pounds, evaluated[b].tolist()), strict=True)),
                )
            )
            continue
        missing = np.flatnonzero(~priced[b])
        unpriced = tuple(
            sorted(
                UnpricedItem(*baseline.item_key(p), int(lines_per_item[p]), int(item_totals[p]))
                for p in missing.tolist()
            )
        )
        lines = np.flatnonzero(~priced[b][baseline.item])
        results.append(
            BidCost(
                price_list.bid_id,
                term.years,
                None,
                None,
                None,
                {},
                unpriced,
                tuple(lines.tolist()),
                unpriced_reason(unpriced),
            )
        )
    return tuple(results)
