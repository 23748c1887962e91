"""The sourcing diagnostic: make, share, buy, buy collaboratively or a mix, per service line.

For each commissioning support service line, the organisation gives its own yearly cost for
the options it knows (in-house, a share of a shared in-house service, a price to buy, a
price to buy with other commissioners, a mix), and benchmark prices (count, median and
quartiles) for in-house teams, commissioning support units and independent providers. The
diagnostic returns a table-ready row per line: each option's cost and its saving against
in-house, where it sits against its benchmarks, the cheapest option, and notes.

In-house provision (make or share) is outside procurement law, but must show better value
than buying; buying above the legal threshold must be competed by a compliant procedure.
All money is Decimal pounds, never float.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from caremarket.core.money import format_money, to_money


class ServiceLine(StrEnum):
    HEALTH_NEEDS_ASSESSMENT = "health_needs_assessment"
    BUSINESS_INTELLIGENCE = "business_intelligence"
    SUPPORT_FOR_REDESIGN = "support_for_redesign"
    COMMUNICATIONS = "communications_and_engagement"
    PROCUREMENT = "procurement_and_market_management"
    PROVIDER_MANAGEMENT = "provider_management"
    BUSINESS_SUPPORT = "business_support"


SERVICE_LINE_LABELS = {
    ServiceLine.HEALTH_NEEDS_ASSESSMENT: "Health needs assessment",
    ServiceLine.BUSINESS_INTELLIGENCE: "Business intelligence",
    ServiceLine.SUPPORT_FOR_REDESIGN: "Support for redesign",
    ServiceLine.COMMUNICATIONS: "Communications and public engagement",
    ServiceLine.PROCUREMENT: "Procurement and market management (agreeing contracts)",
    ServiceLine.PROVIDER_MANAGEMENT: "Provider management (monitoring contracts)",
    ServiceLine.BUSINESS_SUPPORT: "Business support and back office",
}

SERVICE_LINE_DESCRIPTIONS = {
    ServiceLine.HEALTH_NEEDS_ASSESSMENT: "Joint strategic needs assessment, forecasting local health needs "
    "and gaps in service provision.",
    ServiceLine.BUSINESS_INTELLIGENCE: "Collecting and analysing information on activity, outcomes and "
    "experience; risk stratification and referral assessment.",
    ServiceLine.SUPPORT_FOR_REDESIGN: "Clinical specifications, pathway design and service reviews, "
    "designed with patients and carers.",
    ServiceLine.COMMUNICATIONS: "Engaging stakeholders, media and FOI handling, campaigns and consultations.",
    ServiceLine.PROCUREMENT: "Identifying best value providers; tendering, negotiating, agreeing contracts.",
    ServiceLine.PROVIDER_MANAGEMENT: "Making sure contracts, service levels and KPIs are fulfilled.",
    ServiceLine.BUSINESS_SUPPORT: "Finance, IT systems and support, legal services and HR.",
}


class SourcingOption(StrEnum):
    MAKE = "make"
    SHARE = "share"
    BUY = "buy"
    BUY_COLLABORATIVELY = "buy_collaboratively"
    MIXED = "mixed"


OPTION_LABELS = {
    SourcingOption.MAKE: "Make (in-house)",
    SourcingOption.SHARE: "Share (in-house, shared with other commissioners)",
    SourcingOption.BUY: "Buy",
    SourcingOption.BUY_COLLABORATIVELY: "Buy collaboratively",
    SourcingOption.MIXED: "Mixed",
}
IN_HOUSE = frozenset({SourcingOption.MAKE, SourcingOption.SHARE})
BOUGHT = frozenset({SourcingOption.BUY, SourcingOption.BUY_COLLABORATIVELY})


class BenchmarkSource(StrEnum):
    IN_HOUSE = "in_house"
    CSU = "csu"
    INDEPENDENT = "independent"


SOURCE_LABELS = {
    BenchmarkSource.IN_HOUSE: "in-house",
    BenchmarkSource.CSU: "commissioning support unit",
    BenchmarkSource.INDEPENDENT: "independent provider",
}
SOURCES_FOR = {
    SourcingOption.MAKE: (BenchmarkSource.IN_HOUSE,),
    SourcingOption.SHARE: (BenchmarkSource.IN_HOUSE,),
    SourcingOption.BUY: (BenchmarkSource.CSU, BenchmarkSource.INDEPENDENT),
    SourcingOption.BUY_COLLABORATIVELY: (BenchmarkSource.CSU, BenchmarkSource.INDEPENDENT),
    SourcingOption.MIXED: (),
}
MIN_BENCHMARK_COUNT = 5

# --- Like with like: a catalogue price as a yearly cost of the whole service line --------------


class LeftOut(StrEnum):
    """Why a catalogue price is not a benchmark for a yearly cost."""

    NO_POPULATION = "no_population"  # per head of population, and the population is not known
    ONE_OFF = "one_off"  # a one-off price, not a year's
    OTHER_UNIT = "other_unit"  # per user, per day, per site...: no quantity to multiply by


LEFT_OUT_NOTES = {
    LeftOut.NO_POPULATION: "{n} catalogue service{s} priced per head of population cannot be compared "
    "with a yearly cost: give your registered population to compare {them}",
    LeftOut.ONE_OFF: "{n} catalogue service{s} with only one-off prices cannot be compared with a "
    "yearly cost",
    LeftOut.OTHER_UNIT: "{n} catalogue service{s} priced in other units (per user, per day, per site) "
    "cannot be compared with a yearly cost",
}
# When a service has several prices and none compares, the reason given: the one the buyer can act on.
LEFT_OUT_ORDER = (LeftOut.NO_POPULATION, LeftOut.OTHER_UNIT, LeftOut.ONE_OFF)
FIXED_PRICE, PER_HEAD, YEARLY = "fixed_price", "per_head_of_population", "yearly"


def yearly_cost_of(
    unit: str, basis: str, price: Decimal, population: int | None
) -> tuple[Decimal | None, LeftOut | None]:
    """A catalogue price as the yearly cost of a whole service line, to compare with the
    organisation's yearly costs: a fixed price a year as it is; a price per head of population
    a year times the population, when it is known; anything else cannot be compared (and why)."""
    if basis != YEARLY:
        return None, LeftOut.ONE_OFF
    if unit == FIXED_PRICE:
        return to_money(price), None
    if unit == PER_HEAD:
        if not population or population < 0:
            return None, LeftOut.NO_POPULATION
        return to_money(Decimal(price) * population), None
    return None, LeftOut.OTHER_UNIT


def service_yearly_cost(
    prices: Iterable[tuple[str, str, Decimal]], population: int | None
) -> tuple[Decimal | None, LeftOut | None]:
    """A catalogue service's benchmark for a yearly cost, from its (unit, basis, price)
    headline prices: the lowest that is a yearly cost of the whole line (its options are
    alternatives), or why none is."""
    found: list[Decimal] = []
    reasons: set[LeftOut] = set()
    for unit, basis, price in prices:
        value, reason = yearly_cost_of(unit, basis, price, population)
        if value is not None:
            found.append(value)
        elif reason is not None:
            reasons.add(reason)
    if found:
        return min(found), None
    return None, next((r for r in LEFT_OUT_ORDER if r in reasons), None)


def left_out_note(reason: LeftOut, count: int) -> str:
    return LEFT_OUT_NOTES[LeftOut(reason)].format(
        n=count, s="" if count == 1 else "s", them="it" if count == 1 else "them"
    )


def saving_text(saving: Decimal | None, percent: Decimal | None = None) -> str:
    """A saving against in-house as a person reads it: "saves £1,000.00 (10.0%)", "costs
    £25,000.00 more (12.5%)" for a negative saving, "costs the same"; "" when there is none."""
    if saving is None:
        return ""
    if saving == 0:
        return "costs the same as in-house"
    share = f" ({abs(percent)}%)" if percent is not None else ""
    if saving > 0:
        return f"saves {format_money(saving)}{share}"
    return f"costs {format_money(-saving)} more{share}"


@dataclass(frozen=True)
class Benchmark:
    source: BenchmarkSource
    count: int
    median: Decimal
    lower_quartile: Decimal
    upper_quartile: Decimal

    def problem(self) -> str | None:
        if self.count < 1:
            return "A benchmark needs at least one price"
        if min(self.lower_quartile, self.median, self.upper_quartile) < 0:
            return "Benchmark prices cannot be negative"
        if not self.lower_quartile <= self.median <= self.upper_quartile:
            return "The quartiles must hold the median: lower quartile, median, upper quartile"
        return None


class Position(StrEnum):
    BELOW = "below_lower_quartile"
    WITHIN = "within_interquartile_range"
    ABOVE = "above_upper_quartile"


POSITION_LABELS = {
    Position.BELOW: "below the lower quartile",
    Position.WITHIN: "within the middle half",
    Position.ABOVE: "above the upper quartile",
}


def position(cost: Decimal, benchmark: Benchmark) -> Position:
    if cost < benchmark.lower_quartile:
        return Position.BELOW
    if cost > benchmark.upper_quartile:
        return Position.ABOVE
    return Position.WITHIN


@dataclass(frozen=True)
class LineCosts:
    line: ServiceLine
    costs: Mapping[str, Decimal] = field(default_factory=dict)  # yearly cost by SourcingOption
    benchmarks: tuple[Benchmark, ...] = ()
    # Catalogue prices not in the benchmarks because they are not a yearly cost, by LeftOut.
    left_out: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class BenchmarkPosition:
    source: BenchmarkSource
    position: Position
    median: Decimal


@dataclass(frozen=True)
class OptionResult:
    option: SourcingOption
    cost: Decimal
    estimated: bool = False  # taken from a benchmark median, not the organisation's figure
    saving_vs_in_house: Decimal | None = None  # in-house cost less this one: positive is cheaper
    saving_percent: Decimal | None = None
    positions: tuple[BenchmarkPosition, ...] = ()

    @property
    def saving_text(self) -> str:
        return saving_text(self.saving_vs_in_house, self.saving_percent)


@dataclass(frozen=True)
class DiagnosticRow:
    line: ServiceLine
    options: tuple[OptionResult, ...]
    cheapest: SourcingOption | None
    tied: tuple[SourcingOption, ...] = ()  # every option at the cheapest cost
    notes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return SERVICE_LINE_LABELS[self.line]

    def result(self, option: str) -> OptionResult | None:
        return next((r for r in self.options if r.option == option), None)

    @property
    def cheapest_cost(self) -> Decimal | None:
        result = self.result(self.cheapest) if self.cheapest else None
        return result.cost if result else None


@dataclass(frozen=True)
class Diagnostic:
    rows: tuple[DiagnosticRow, ...]
    in_house_total: Decimal  # the in-house cost of the lines that have one
    cheapest_total: Decimal  # the cheapest option of those same lines
    problems: tuple[str, ...] = ()

    @property
    def saving_total(self) -> Decimal:
        return self.in_house_total - self.cheapest_total

    @property
    def saving_total_text(self) -> str:
        return saving_text(self.saving_total)


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole == 0:
        return None
    return (part / whole * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _estimated_buy(benchmarks: dict[BenchmarkSource, Benchmark]) -> tuple[Decimal, BenchmarkSource] | None:
    external = [(b.median, s) for s, b in benchmarks.items() if s != BenchmarkSource.IN_HOUSE]
    return min(external) if external else None


def diagnose_line(
    costs: LineCosts,
    *,
    threshold: Decimal | None = None,
    contract_years: int = 1,
    min_benchmark_count: int = MIN_BENCHMARK_COUNT,
    estimate_buy: bool = True,
) -> DiagnosticRow:
    """The comparison for one service line. With no price to buy, the lowest external
    benchmark median stands in for it (marked estimated) unless `estimate_buy` is False.
    The contract value tested against `threshold` is the yearly cost times `contract_years`."""
    benchmarks = {b.source: b for b in costs.benchmarks}
    figures = {SourcingOption(k): to_money(v) for k, v in costs.costs.items() if v is not None}
    notes: list[str] = []
    estimated: set[SourcingOption] = set()
    if SourcingOption.BUY not in figures and estimate_buy and (guess := _estimated_buy(benchmarks)):
        figures[SourcingOption.BUY] = to_money(guess[0])
        estimated.add(SourcingOption.BUY)
        notes.append(
            f"The price to buy is estimated from the {SOURCE_LABELS[guess[1]]} median "
            f"({format_money(guess[0])}): get quotes to confirm it"
        )
    if not figures:
        left_out = tuple(left_out_note(LeftOut(r), n) for r, n in costs.left_out.items() if n)
        return DiagnosticRow(
            costs.line, (), None, (), ("No cost figures for this service line yet", *left_out)
        )
    in_house = figures.get(SourcingOption.MAKE)
    results = []
    for option in SourcingOption:
        if option not in figures:
            continue
        cost = figures[option]
        saving = in_house - cost if in_house is not None else None
        positions = tuple(
            BenchmarkPosition(s, position(cost, benchmarks[s]), benchmarks[s].median)
            for s in SOURCES_FOR[option]
            if s in benchmarks and option not in estimated
        )
        results.append(
            OptionResult(
                option,
                cost,
                option in estimated,
                saving,
                _percent(saving, in_house) if saving is not None else None,
                positions,
            )
        )
    lowest = min(r.cost for r in results)
    tied = tuple(r.option for r in results if r.cost == lowest)
    cheapest = tied[0]
    notes.extend(_value_notes(figures, in_house))
    for r in results:
        for p in r.positions:
            if p.position == Position.ABOVE:
                notes.append(
                    f"{OPTION_LABELS[r.option]} costs more than three quarters of "
                    f"{SOURCE_LABELS[p.source]} benchmark prices (median {format_money(p.median)})"
                )
    for reason, count in costs.left_out.items():
        if count:
            notes.append(left_out_note(LeftOut(reason), count))
    for source, b in benchmarks.items():
        if b.count < min_benchmark_count:
            notes.append(
                f"Only {b.count} {SOURCE_LABELS[source]} benchmark price{'s' if b.count != 1 else ''}: "
                "treat the comparison with care"
            )
    if threshold is not None:
        for option in sorted(BOUGHT & figures.keys()):
            value = figures[option] * contract_years
            if value > threshold:
                notes.append(
                    f"{OPTION_LABELS[option]} at {format_money(value)} is above the threshold "
                    f"({format_money(threshold)}): it must be competed by a compliant procedure"
                )
    return DiagnosticRow(costs.line, tuple(results), cheapest, tied, tuple(notes))


def _value_notes(figures: dict[SourcingOption, Decimal], in_house: Decimal | None) -> list[str]:
    """Whether in-house provision shows better value than the other options, as it must."""
    notes = []
    if in_house is None:
        notes.append("No in-house cost given: savings against in-house cannot be shown")
    own = [c for o, c in figures.items() if o in IN_HOUSE]
    external = {o: c for o, c in figures.items() if o not in IN_HOUSE}
    if not own:
        return notes
    if not external:
        return [
            *notes,
            "In-house provision must show better value than buying: add a price to buy, or benchmarks",
        ]
    best_in_house = min(own)
    best_option = min(external, key=lambda o: (external[o], list(SourcingOption).index(o)))
    best = external[best_option]
    label = OPTION_LABELS[best_option].lower()
    if best_in_house < best:
        notes.append(
            "In-house provision is outside procurement law but must show better value: it does, by "
            f"{format_money(best - best_in_house)} a year against {label}"
        )
    elif best_in_house == best:
        notes.append(f"In-house costs the same as {label}: it does not show better value")
    else:
        notes.append(
            f"In-house provision must show better value, and does not: {label} costs "
            f"{format_money(best_in_house - best)} a year less"
        )
    return notes


def diagnose(
    lines: Sequence[LineCosts],
    *,
    threshold: Decimal | None = None,
    contract_years: int = 1,
    min_benchmark_count: int = MIN_BENCHMARK_COUNT,
    estimate_buy: bool = True,
) -> Diagnostic:
    """The whole table, one row per service line given, in the order of the seven lines,
    with totals over the lines that have an in-house cost."""
    problems = []
    seen: set[ServiceLine] = set()
    for costs in lines:
        if costs.line in seen:
            problems.append(f"{SERVICE_LINE_LABELS[costs.line]} is given more than once")
        seen.add(costs.line)
        for b in costs.benchmarks:
            problem = b.problem()
            if problem:
                problems.append(f"{SERVICE_LINE_LABELS[costs.line]}, {SOURCE_LABELS[b.source]}: {problem}")
        for option, cost in costs.costs.items():
            if cost is not None and (not Decimal(cost).is_finite() or cost < 0):
                problems.append(
                    f"{SERVICE_LINE_LABELS[costs.line]}, {OPTION_LABELS[SourcingOption(option)]}: "
                    "enter a cost of £0 or more"
                )
    if problems:
        return Diagnostic((), Decimal("0.00"), Decimal("0.00"), tuple(problems))
    order = list(ServiceLine)
    rows = tuple(
        diagnose_line(
            c,
            threshold=threshold,
            contract_years=contract_years,
            min_benchmark_count=min_benchmark_count,
            estimate_buy=estimate_buy,
        )
        for c in sorted(lines, key=lambda c: order.index(c.line))
    )
    compared = [r for r in rows if r.result(SourcingOption.MAKE)]
    in_house_total = sum((r.result(SourcingOption.MAKE).cost for r in compared), Decimal("0.00"))
    cheapest_total = sum((r.cheapest_cost for r in compared), Decimal("0.00"))
    return Diagnostic(rows, to_money(in_house_total), to_money(cheapest_total))
