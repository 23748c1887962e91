"""The make/share/buy diagnostic over the database: the organisation's own cost figures, and
benchmarks from the catalogue (the yearly costs of live services buyers can see, like with
like: fixed prices a year, and prices per head times the population when it is known; split
between commissioning support units and independent providers) and from other
organisations' in-house costs. The comparison itself is `rules.sourcing_diagnostic`."""

from collections import Counter, defaultdict
from decimal import Decimal

import numpy as np

from caremarket.catalogue.choices import CATEGORY_INDEX, UNIT_INDEX
from caremarket.catalogue.search.columns import NO_PRICE, current_columns
from caremarket.catalogue.search.visibility import current_visibility
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.permissions import require
from caremarket.orgs.choices import OrganisationType
from caremarket.orgs.models import Organisation
from caremarket.rules.catalogue_stats import benchmark
from caremarket.rules.sourcing import services_threshold
from caremarket.rules.sourcing_diagnostic import (
    Benchmark,
    BenchmarkSource,
    Diagnostic,
    LineCosts,
    ServiceLine,
    SourcingOption,
    diagnose,
    service_yearly_cost,
)
from caremarket.sourcing.models import CostFigure

# The catalogue's category for each service line.
CATEGORY_OF = {
    ServiceLine.HEALTH_NEEDS_ASSESSMENT: "health_needs_assessment",
    ServiceLine.BUSINESS_INTELLIGENCE: "business_intelligence",
    ServiceLine.SUPPORT_FOR_REDESIGN: "service_redesign",
    ServiceLine.COMMUNICATIONS: "communications_engagement",
    ServiceLine.PROCUREMENT: "procurement_market_management",
    ServiceLine.PROVIDER_MANAGEMENT: "provider_management",
    ServiceLine.BUSINESS_SUPPORT: "business_support",
}


def _diagnostic_benchmark(source: BenchmarkSource, prices: list[Decimal]) -> Benchmark | None:
    found = benchmark(prices)
    if found is None:
        return None
    return Benchmark(source, found.count, found.median, found.lower_quartile, found.upper_quartile)


def catalogue_prices(
    population: int | None = None,
) -> tuple[dict[tuple[ServiceLine, BenchmarkSource], list[Decimal]], dict[ServiceLine, Counter]]:
    """Each visible commissioning support service's yearly cost of the whole service line, by
    service line and by kind of supplier: like with like, so a fixed price a year, or a price
    per head of population a year times `population` (`rules.sourcing_diagnostic`). And, per
    line, how many services were left out because none of their prices is a yearly cost."""
    columns = current_columns()
    found: dict[tuple[ServiceLine, BenchmarkSource], list[Decimal]] = defaultdict(list)
    left_out: dict[ServiceLine, Counter] = defaultdict(Counter)
    if not len(columns.ids):
        return found, left_out
    shown = current_visibility().visible(columns.lot, columns.agreement, columns.supplier)
    csu_ids = set(Organisation.objects.filter(org_type=OrganisationType.CSU).values_list("pk", flat=True))
    units = list(UNIT_INDEX)
    for line, category in CATEGORY_OF.items():
        wanted = shown & (columns.category == CATEGORY_INDEX[category])
        for position in np.flatnonzero(wanted):
            pence, yearly = columns.prices[position], columns.yearly[position]
            prices = [
                (units[i], "yearly" if yearly[i] == 1 else "one_off", Decimal(int(pence[i])) / 100)
                for i in np.flatnonzero(pence != NO_PRICE)
            ]
            cost, reason = service_yearly_cost(prices, population)
            if cost is None:
                if reason is not None:
                    left_out[line][str(reason)] += 1
                continue
            source = (
                BenchmarkSource.CSU
                if int(columns.supplier[position]) in csu_ids
                else BenchmarkSource.INDEPENDENT
            )
            found[(line, source)].append(cost)
    return found, left_out


def diagnostic_for_actor(
    actor: Actor, organisation: Organisation, *, population: int | None = None
) -> tuple[Diagnostic, dict]:
    """The diagnostic table for the organisation, and its figures as {(line, option): cost}.
    `population` (the registered population, when known) turns catalogue prices per head into
    yearly costs; without it they are left out of the benchmarks, and the notes say so."""
    require(actor, "sourcing.view_diagnostic", organisation)
    figures = {
        (f.service_line, f.option): f.yearly_cost
        for f in CostFigure.objects.filter(organisation=organisation)
    }
    in_house: dict[str, list[Decimal]] = defaultdict(list)
    others = CostFigure.objects.filter(option=SourcingOption.MAKE).exclude(organisation=organisation)
    for line, cost in others.values_list("service_line", "yearly_cost"):
        in_house[line].append(cost)
    prices, left_out = catalogue_prices(population)
    lines = []
    for line in ServiceLine:
        benchmarks = [
            b
            for b in (
                _diagnostic_benchmark(BenchmarkSource.IN_HOUSE, in_house.get(line, [])),
                _diagnostic_benchmark(BenchmarkSource.CSU, prices.get((line, BenchmarkSource.CSU), [])),
                _diagnostic_benchmark(
                    BenchmarkSource.INDEPENDENT, prices.get((line, BenchmarkSource.INDEPENDENT), [])
                ),
            )
            if b is not None
        ]
        costs = {option: cost for (key, option), cost in figures.items() if key == line}
        lines.append(LineCosts(line, costs, tuple(benchmarks), dict(left_out.get(line, {}))))
    threshold = services_threshold(clock.today())
    return diagnose(lines, threshold=threshold, contract_years=3), figures
