"""Price benchmarks per service category and unit: count, median and quartiles of the headline
prices of the live listings buyers can see, beside those of prices awarded through the
platform (`catalogue.awarded`: confirmed buying club awards, contracts from awards, and
prices recorded by hand)."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from caremarket.catalogue.awarded import awarded_prices_for_actor
from caremarket.catalogue.choices import CATEGORY_CHOICES, UNIT_INDEX
from caremarket.catalogue.search.columns import NO_PRICE, current_columns
from caremarket.catalogue.search.visibility import current_visibility
from caremarket.core.actor import Actor
from caremarket.core.money import format_money
from caremarket.core.permissions import require
from caremarket.rules.catalogue import BASIS_LABELS, UNIT_LABELS, Basis, Unit, category_label
from caremarket.rules.catalogue_stats import Benchmark, benchmark

UNITS = list(UNIT_INDEX)


@dataclass(frozen=True)
class BenchmarkRow:
    category: str
    unit: str
    basis: str
    listed: Benchmark | None
    awarded: Benchmark | None

    @property
    def awarded_text(self) -> str:
        """The awarded median and count as a person reads it, never "None"."""
        if self.awarded is None:
            return "No award yet"
        count = self.awarded.count
        return f"{format_money(self.awarded.median)} ({count} award{'s' if count != 1 else ''})"

    @property
    def category_label(self) -> str:
        return category_label(self.category)

    @property
    def unit_label(self) -> str:
        return f"{UNIT_LABELS[Unit(self.unit)]}, {BASIS_LABELS[Basis(self.basis)]}"


def benchmarks_for_actor(actor: Actor, *, category: str = "", unit: str = "") -> list[BenchmarkRow]:
    require(actor, "catalogue.view_benchmarks")
    columns, visibility = current_columns(), current_visibility()
    shown = visibility.visible(columns.lot, columns.agreement, columns.supplier)
    listed: dict[tuple[str, str, str], list[Decimal]] = defaultdict(list)
    categories = [code for code, _ in CATEGORY_CHOICES]
    for unit_code, index in UNIT_INDEX.items():
        if unit and unit_code != unit:
            continue
        has = shown & (columns.prices[:, index] != NO_PRICE)
        for basis in (Basis.YEARLY, Basis.ONE_OFF):
            wanted = has & (columns.yearly[:, index] == (1 if basis == Basis.YEARLY else 0))
            if not wanted.any():
                continue
            cats, pence = columns.category[wanted], columns.prices[wanted, index]
            for cat_index in np.unique(cats):
                code = categories[int(cat_index)]
                if category and code != category:
                    continue
                values = np.sort(pence[cats == cat_index])
                listed[(code, unit_code, str(basis))] = [Decimal(int(v)) / 100 for v in values]
    awarded: dict[tuple[str, str, str], list[Decimal]] = defaultdict(list)
    for point in awarded_prices_for_actor(actor, category=category, unit=unit):
        awarded[(point.category, point.unit, point.basis)].append(point.unit_price)
    keys = sorted(set(listed) | set(awarded), key=lambda k: (categories.index(k[0]), UNITS.index(k[1]), k[2]))
    return [
        BenchmarkRow(*key, benchmark(listed.get(key, [])), benchmark(awarded.get(key, []))) for key in keys
    ]
