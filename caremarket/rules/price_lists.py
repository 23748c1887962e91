"""A bid's price list for aggregated evaluation, and the contract term it is evaluated over.

A price list prices items: (unit code, band) pairs, where the unit code is the service or
unit the pricing schedule names (e.g. "HSCN-FIBRE") and the band a bandwidth or size ("" when
the unit has none). Each item has one or more tiers; a tier gives a one-off charge and a
recurring annual charge per unit, in whole pence, from a quantity on (the first tier from 1).
How tiers apply is the competition's `TierMode` (see `rules/aggregated_pricing.py`).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise

import numpy as np


class TierMode(StrEnum):
    ALL_UNITS = "all_units"
    GRADUATED = "graduated"


@dataclass(frozen=True)
class Tier:
    """From the `from_quantity`-th unit of the club's total (the first tier from 1): the
    one-off and annual charges per unit, in pence."""

    from_quantity: int
    one_off: int
    annual: int


def to_pence(pounds: Decimal | int | str) -> int:
    """Whole pence from pounds; refuses floats and fractions of a penny."""
    if isinstance(pounds, float):
        raise TypeError("money must not be a float")
    pence = Decimal(pounds) * 100
    if not pence.is_finite() or pence != pence.to_integral_value():
        raise ValueError(f"{pounds} is not a whole number of pence")
    return int(pence)


def pounds(pence: int) -> Decimal:
    return Decimal(int(pence)).scaleb(-2)


def tier(from_quantity: int, one_off: Decimal | str, annual: Decimal | str) -> Tier:
    """A tier from pounds, as people enter it."""
    return Tier(from_quantity, to_pence(one_off), to_pence(annual))


def item_label(unit: str, band: str) -> str:
    return f"{unit} ({band})" if band else unit


def _is_int(value) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def price_list_problems(prices: Mapping[tuple[str, str], Sequence[Tier]]) -> list[str]:
    problems = []
    for key, tiers in prices.items():
        if not (isinstance(key, tuple) and len(key) == 2 and all(isinstance(k, str) for k in key)):
            problems.append(f"{key!r}: price a (unit code, band) pair")
            continue
        label = item_label(*key)
        if not tiers:
            problems.append(f"{label}: give at least one tier")
            continue
        if tiers[0].from_quantity != 1:
            problems.append(f"{label}: the first tier must start from 1 unit")
        for before, after in pairwise(tiers):
            if after.from_quantity <= before.from_quantity:
                problems.append(f"{label}: tiers must start from increasing quantities")
                break
        for t in tiers:
            if not all(_is_int(v) for v in (t.from_quantity, t.one_off, t.annual)):
                problems.append(f"{label}: quantities and charges must be whole numbers (pence)")
                break
            if t.one_off < 0 or t.annual < 0:
                problems.append(f"{label}: charges cannot be negative")
                break
    return problems


@dataclass(frozen=True)
class PriceList:
    bid_id: str
    prices: Mapping[tuple[str, str], tuple[Tier, ...]]

    def __post_init__(self) -> None:
        problems = price_list_problems(self.prices)
        if problems:
            raise ValueError(f"price list of bid {self.bid_id}: " + "; ".join(problems))


@dataclass(frozen=True)
class ContractTerm:
    initial_years: int = 3
    extension_years: tuple[int, ...] = (1, 1)
    # Evaluate over the full potential term (initial period plus every extension), or not.
    include_extensions: bool = True

    def __post_init__(self) -> None:
        if self.initial_years < 1 or any(e < 0 for e in self.extension_years):
            raise ValueError("a contract term needs at least 1 initial year and no negative extension")

    @property
    def years(self) -> int:
        return self.initial_years + (sum(self.extension_years) if self.include_extensions else 0)

    def __str__(self) -> str:
        return "+".join(str(y) for y in (self.initial_years, *self.extension_years))
