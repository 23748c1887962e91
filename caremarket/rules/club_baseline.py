"""A buying club's frozen baseline as arrays: one entry per requirement line.

Built once when the baseline is frozen at launch, then read by `rules/aggregated_pricing.py`.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np


@dataclass(frozen=True)
class BaselineLine:
    member: str
    site: str
    unit: str
    band: str
    quantity: int


@dataclass(frozen=True, eq=False)
class Baseline:
    """A frozen baseline: label tables and one array entry per requirement line, codes
    indexing the tables. Lines are held sorted by member and item (unit code, band), and
    line numbers (as in `BidCost.unpriced_lines`) count in that order. Build it with
    `from_lines` or `from_codes`."""

    members: tuple[str, ...]
    sites: tuple[str, ...]
    units: tuple[str, ...]
    bands: tuple[str, ...]
    member: np.ndarray
    site: np.ndarray
    unit: np.ndarray
    band: np.ndarray
    quantity: np.ndarray
    # Derived when frozen: the items (unit, band code pairs) needed, each line's item, and
    # the runs of lines sharing (member, item).
    items: tuple[tuple[int, int], ...] = field(init=False)
    item: np.ndarray = field(init=False)
    item_unit: np.ndarray = field(init=False)
    run_starts: np.ndarray = field(init=False)
    run_cells: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        arrays = [np.asarray(a) for a in (self.member, self.site, self.unit, self.band, self.quantity)]
        count = len(arrays[0])
        if any(a.ndim != 1 or len(a) != count for a in arrays):
            raise ValueError("the baseline's arrays must be one-dimensional and of equal length")
        if count == 0:
            raise ValueError("the baseline has no requirement lines")
        if any(not np.issubdtype(a.dtype, np.integer) for a in arrays):
            raise ValueError("the baseline's codes and quantities must be integers")
        tables = (self.members, self.sites, self.units, self.bands)
        for codes, table, name in zip(arrays[:4], tables, ("member", "site", "unit", "band"), strict=True):
            if codes.min() < 0 or codes.max() >= len(table):
                raise ValueError(f"a {name} code is outside the {name} table")
        if len(set(self.members)) != len(self.members):
            raise ValueError("each member appears once in the member table")
        if arrays[4].min() <= 0:
            raise ValueError("every requirement line needs a quantity of at least 1")
        member, site, unit, band, quantity = (a.astype(np.int64) for a in arrays)
        pair = unit * len(self.bands) + band
        pairs, item = np.unique(pair, return_inverse=True)
        order = np.lexsort((site, item, member))
        member, site, unit, band, quantity, item = (
            a[order] for a in (member, site, unit, band, quantity, item)
        )
        cell = member * len(pairs) + item
        starts = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1]])
        derived = {
            "member": member,
            "site": site,
            "unit": unit,
            "band": band,
            "quantity": quantity,
            "item": item,
            "item_unit": pairs // len(self.bands),
            "run_starts": starts,
            "run_cells": cell[starts],
        }
        for name, array in derived.items():
            array.flags.writeable = False
            object.__setattr__(self, name, array)
        items = tuple((int(p) // len(self.bands), int(p) % len(self.bands)) for p in pairs)
        object.__setattr__(self, "items", items)

    @classmethod
    def from_codes(
        cls,
        members: Sequence[str],
        sites: Sequence[str],
        units: Sequence[str],
        bands: Sequence[str],
        member,
        site,
        unit,
        band,
        quantity,
    ) -> "Baseline":
        return cls(
            tuple(members), tuple(sites), tuple(units), tuple(bands), member, site, unit, band, quantity
        )

    @classmethod
    def from_lines(cls, lines: Iterable[BaselineLine], members: Sequence[str] = ()) -> "Baseline":
        """A baseline from lines; `members` may list members with no lines (they cost 0)."""
        lines = list(lines)
        tables: list[dict[str, int]] = [{m: i for i, m in enumerate(dict.fromkeys(members))}, {}, {}, {}]
        codes = [[], [], [], []]
        for line in lines:
            for table, column, value in zip(
                tables, codes, (line.member, line.site, line.unit, line.band), strict=True
            ):
                column.append(table.setdefault(value, len(table)))
        member, site, unit, band = (np.array(c, dtype=np.int64) for c in codes)
        quantity = np.array([line.quantity for line in lines], dtype=np.int64)
        labels = [tuple(t) for t in tables]
        return cls(*labels, member, site, unit, band, quantity)

    def __len__(self) -> int:
        return len(self.quantity)

    def line(self, index: int) -> BaselineLine:
        return BaselineLine(
            self.members[self.member[index]],
            self.sites[self.site[index]],
            self.units[self.unit[index]],
            self.bands[self.band[index]],
            int(self.quantity[index]),
        )

    @cached_property
    def lines(self) -> tuple[BaselineLine, ...]:
        """Every line as plain Python data, in line-number order."""
        return tuple(self.line(i) for i in range(len(self)))

    def item_key(self, index: int) -> tuple[str, str]:
        unit, band = self.items[index]
        return self.units[unit], self.bands[band]
