"""Phasing of procurement intentions and competitions, so that suppliers can respond to each.

Buyers publish when they plan to launch and when bids close. This module counts launches and
closings per month and region, and warns when more than a limit (3 by default) of the
competitions in one category close in the same fortnight.

**A fortnight** is a fixed 14-day period from a Monday to the Sunday of the following week,
counted from an anchor Monday (1 January 2001 by default). Fixed periods, unlike a rolling
window, put every closing date in exactly one fortnight, so a warning names one period and
the counts of a table add up; the anchor is a parameter for anyone who wants the fortnights
to fall on other Mondays.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

ANCHOR = date(2001, 1, 1)  # a Monday
FORTNIGHT = timedelta(days=14)
DEFAULT_LIMIT = 3


@dataclass(frozen=True)
class PlannedProcurement:
    """A procurement intention or a competition: what it is, and when it launches and closes."""

    reference: str
    category: str
    region: str
    launch_on: date | None = None
    closes_on: date | None = None
    title: str = ""


@dataclass(frozen=True)
class Fortnight:
    start: date  # a Monday
    end: date  # the Sunday 13 days later

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def fortnight_of(day: date, anchor: date = ANCHOR) -> Fortnight:
    if anchor.weekday() != 0:
        raise ValueError("The fortnight anchor must be a Monday")
    start = anchor + FORTNIGHT * ((day - anchor).days // 14)
    return Fortnight(start, start + FORTNIGHT - timedelta(days=1))


def timetable_problems(item: PlannedProcurement) -> dict[str, str]:
    """What is wrong with one intention's dates, field by field."""
    if item.launch_on and item.closes_on and item.closes_on < item.launch_on:
        return {"closes_on": "The closing date must be on or after the launch date"}
    return {}


# --- Launches and closings per month and region -------------------------------------------------


@dataclass(frozen=True)
class PhasingRow:
    month: date  # the first day of the month
    region: str
    launches: int
    closings: int


def _month(day: date) -> date:
    return day.replace(day=1)


def phasing_table(items: Iterable[PlannedProcurement]) -> tuple[PhasingRow, ...]:
    """One row per month and region that has a launch or a closing, in month then region order."""
    launches: Counter = Counter()
    closings: Counter = Counter()
    for item in items:
        if item.launch_on:
            launches[(_month(item.launch_on), item.region)] += 1
        if item.closes_on:
            closings[(_month(item.closes_on), item.region)] += 1
    keys = sorted(set(launches) | set(closings))
    return tuple(
        PhasingRow(month, region, launches[(month, region)], closings[(month, region)])
        for month, region in keys
    )


def month_totals(rows: Iterable[PhasingRow]) -> tuple[PhasingRow, ...]:
    """The table's rows added up across regions (region ``""``), one a month."""
    launches: Counter = Counter()
    closings: Counter = Counter()
    for row in rows:
        launches[row.month] += row.launches
        closings[row.month] += row.closings
    return tuple(PhasingRow(m, "", launches[m], closings[m]) for m in sorted(set(launches) | set(closings)))


# --- Crowded fortnights -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CrowdingWarning:
    category: str
    fortnight: Fortnight
    references: tuple[str, ...]
    limit: int

    @property
    def count(self) -> int:
        return len(self.references)

    @property
    def message(self) -> str:
        return (
            f"{self.count} competitions in {self.category} close in the fortnight {self.fortnight.label}, "
            f"more than {self.limit}: stagger them so suppliers can respond to each"
        )


def closings_by_fortnight(
    items: Iterable[PlannedProcurement], anchor: date = ANCHOR
) -> dict[tuple[str, Fortnight], tuple[str, ...]]:
    """The references closing in each category and fortnight (items with no closing date are
    left out), references in closing-date order."""
    groups: dict[tuple[str, Fortnight], list[PlannedProcurement]] = defaultdict(list)
    for item in items:
        if item.closes_on:
            groups[(item.category, fortnight_of(item.closes_on, anchor))].append(item)
    return {
        key: tuple(i.reference for i in sorted(group, key=lambda i: (i.closes_on, i.reference)))
        for key, group in sorted(groups.items(), key=lambda kv: (kv[0][1].start, kv[0][0]))
    }


def crowding_warnings(
    items: Iterable[PlannedProcurement], *, limit: int = DEFAULT_LIMIT, anchor: date = ANCHOR
) -> tuple[CrowdingWarning, ...]:
    """A warning for each category and fortnight with more than `limit` closings."""
    if limit < 0:
        raise ValueError("The limit must be 0 or more")
    return tuple(
        CrowdingWarning(category, fortnight, refs, limit)
        for (category, fortnight), refs in closings_by_fortnight(items, anchor).items()
        if len(refs) > limit
    )


def crowding_for(
    candidate: PlannedProcurement,
    others: Iterable[PlannedProcurement],
    *,
    limit: int = DEFAULT_LIMIT,
    anchor: date = ANCHOR,
) -> CrowdingWarning | None:
    """The warning a buyer sees before publishing `candidate`: would its closing date put its
    category's fortnight over the limit?"""
    if candidate.closes_on is None:
        return None
    fortnight = fortnight_of(candidate.closes_on, anchor)
    same = [
        o
        for o in others
        if o.reference != candidate.reference
        and o.category == candidate.category
        and o.closes_on
        and o.closes_on in fortnight
    ]
    if len(same) + 1 <= limit:
        return None
    refs = tuple(i.reference for i in sorted([*same, candidate], key=lambda i: (i.closes_on, i.reference)))
    return CrowdingWarning(candidate.category, fortnight, refs, limit)


def quieter_fortnights(
    candidate: PlannedProcurement,
    others: Iterable[PlannedProcurement],
    *,
    limit: int = DEFAULT_LIMIT,
    anchor: date = ANCHOR,
    look_ahead: int = 4,
) -> tuple[Fortnight, ...]:
    """The next `look_ahead` fortnights after the candidate's where its category would stay
    within the limit: somewhere to move a crowded closing date."""
    if candidate.closes_on is None:
        return ()
    counts = Counter(
        fortnight_of(o.closes_on, anchor)
        for o in others
        if o.reference != candidate.reference and o.category == candidate.category and o.closes_on
    )
    start = fortnight_of(candidate.closes_on, anchor).start
    following = (fortnight_of(start + FORTNIGHT * n, anchor) for n in range(1, look_ahead + 1))
    return tuple(f for f in following if counts[f] + 1 <= limit)
