"""Price benchmarks per service category and unit: count, median and quartiles of the headline
prices of the live listings buyers can see, beside those of prices awarded in contracts."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from caremarket.catalogue.choices import CATEGORY_CHOICES, UNIT_INDEX
from caremarket.catalogue.models import AwardedPrice
from caremarket.catalogue.search.columns import NO_PRICE, current_columns
from caremarket.catalogue.search.visibility import current_visibility
from caremarket.core.actor import Actor
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
    prices = AwardedPrice.objects.all()
    if category:
        prices = prices.filter(category=category)
    if unit:
        prices = prices.filter(unit=unit)
    for cat, unit_code, basis, price in prices.values_list("category", "unit", "basis", "unit_price"):
        awarded[(cat, unit_code, basis)].append(price)
    keys = sorted(set(listed) | set(awarded), key=lambda k: (categories.index(k[0]), UNITS.index(k[1]), k[2]))
    return [
        BenchmarkRow(*key, benchmark(listed.get(key, [])), benchmark(awarded.get(key, []))) for key in keys
    ]
