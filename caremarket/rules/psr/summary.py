"""The annual summary an authority publishes (regulation 25)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from caremarket.rules.psr.standstill import ReviewDecision
from caremarket.rules.psr.table import (
    Process,
    PsrTable,
    SummaryItem,
    _default_table,
    _in_force,
)

# --- The annual summary (regulation 25) ---------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    """One contracting event of the authority: an award (with its process), a framework
    concluded, an urgent award or modification, or a standstill with its representations."""

    provider: str = ""
    awarded_on: date | None = None
    process: str | None = None
    urgent: bool = False
    modification: bool = False
    framework_concluded: bool = False
    framework_based: bool = False
    standstill_ended_on: date | None = None
    representation_outcomes: tuple[str, ...] = ()  # one ReviewDecision per representation


@dataclass(frozen=True)
class AnnualSummary:
    period_start: date
    period_end: date
    counts: Mapping[str, int | None]
    by_process: Mapping[Process, int]
    representation_outcomes: Mapping[ReviewDecision, int]
    items: tuple[SummaryItem, ...]

    def rows(self) -> list[tuple[str, str, int | None]]:
        """(label, citation, count) in the regulation's order; None when not reported."""
        return [(i.label, i.citation, self.counts.get(i.code)) for i in self.items]


def summary_period(year: int) -> tuple[date, date]:
    """The financial year beginning 1 April `year`."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def annual_summary(
    rows: Iterable[SummaryRow],
    year: int,
    *,
    period: tuple[date, date] | None = None,
    held_previous_year: Iterable[str] | None = None,
    held_this_year: Iterable[str] | None = None,
    table: PsrTable | None = None,
) -> AnnualSummary:
    """The counts regulation 25(2) asks for, over plain rows, for the financial year starting
    in April of `year` (or `period`). Providers holding contracts in the previous year and
    this year, when given, decide the new providers (g) and providers lost (h); otherwise those
    two are None (not reported)."""
    start, end = period or summary_period(year)
    t = table or _default_table()
    items = _in_force(t.summary_items, end, "annual summary")[1]

    def inside(day: date | None) -> bool:
        return day is not None and start <= day <= end

    rows = list(rows)
    by_process = {p: 0 for p in Process}
    outcomes = {d: 0 for d in ReviewDecision}
    counts: dict[str, int | None] = {i.code: 0 for i in items}
    awarded: set[str] = set()
    for row in rows:
        if inside(row.awarded_on):
            if row.urgent:
                counts["urgent"] += 1
            if row.framework_concluded:
                counts["frameworks_concluded"] += 1
            if row.framework_based:
                counts["framework_contracts"] += 1
            if row.process and not row.modification and not row.framework_concluded:
                process = Process(row.process)
                by_process[process] += 1
                if row.provider:
                    awarded.add(row.provider)
        if inside(row.standstill_ended_on):
            counts["representations"] += len(row.representation_outcomes)
            for outcome in row.representation_outcomes:
                outcomes[ReviewDecision(outcome)] += 1
    counts["direct_awards"] = sum(
        by_process[p] for p in (Process.DIRECT_AWARD_A, Process.DIRECT_AWARD_B, Process.DIRECT_AWARD_C)
    )
    counts["most_suitable_provider"] = by_process[Process.MOST_SUITABLE_PROVIDER]
    counts["competitive"] = by_process[Process.COMPETITIVE]
    if held_previous_year is None:
        counts["new_providers"] = None
        counts["providers_lost"] = None
    else:
        before = set(held_previous_year)
        now = set(held_this_year) if held_this_year is not None else awarded
        counts["new_providers"] = len(awarded - before)
        counts["providers_lost"] = len(before - now - awarded)
    return AnnualSummary(start, end, counts, by_process, outcomes, items)
