"""The make/share/buy diagnostic over the database: the organisation's own cost figures, and
benchmarks from the catalogue (the yearly prices of live services buyers can see, split
between commissioning support units and independent providers) and from other
organisations' in-house costs. The comparison itself is `rules.sourcing_diagnostic`."""

from collections import defaultdict
from decimal import Decimal

import numpy as np

from caremarket.catalogue.choices import CATEGORY_INDEX
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


def catalogue_prices() -> dict[tuple[ServiceLine, BenchmarkSource], list[Decimal]]:
    """Each visible commissioning support service's lowest yearly price, by service line and
    by kind of supplier."""
    columns = current_columns()
    if not len(columns.ids):
        return {}
    shown = current_visibility().visible(columns.lot, columns.agreement, columns.supplier)
    csu_ids = set(Organisation.objects.filter(org_type=OrganisationType.CSU).values_list("pk", flat=True))
    found: dict[tuple[ServiceLine, BenchmarkSource], list[Decimal]] = defaultdict(list)
    yearly_prices = np.where((columns.prices != NO_PRICE) & (columns.yearly == 1), columns.prices, -1)
    best = np.where(yearly_prices >= 0, yearly_prices, np.iinfo(np.int64).max).min(axis=1)
    for line, category in CATEGORY_OF.items():
        wanted = shown & (columns.category == CATEGORY_INDEX[category]) & (best != np.iinfo(np.int64).max)
        for position in np.flatnonzero(wanted):
            source = (
                BenchmarkSource.CSU
                if int(columns.supplier[position]) in csu_ids
                else BenchmarkSource.INDEPENDENT
            )
            found[(line, source)].append(Decimal(int(best[position])) / 100)
    return found


def diagnostic_for_actor(actor: Actor, organisation: Organisation) -> tuple[Diagnostic, dict]:
    """The diagnostic table for the organisation, and its figures as {(line, option): cost}."""
    require(actor, "sourcing.view_diagnostic", organisation)
    figures = {
        (f.service_line, f.option): f.yearly_cost
        for f in CostFigure.objects.filter(organisation=organisation)
    }
    in_house: dict[str, list[Decimal]] = defaultdict(list)
    others = CostFigure.objects.filter(option=SourcingOption.MAKE).exclude(organisation=organisation)
    for line, cost in others.values_list("service_line", "yearly_cost"):
        in_house[line].append(cost)
    prices = catalogue_prices()
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
        lines.append(LineCosts(line, costs, tuple(benchmarks)))
    threshold = services_threshold(clock.today())
    return diagnose(lines, threshold=threshold, contract_years=3), figures
