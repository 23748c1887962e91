"""The timetable of buying clubs (aggregated procurements): when each plans to launch, and so
when joining closes.

A planned launch is often known only to the month ("December 2017"), the year ("2018") or
not at all ("TBC"). Until the day is set, a club known to the month is taken to launch on
the first of the month, so the joining deadline shown is the earliest it could be, marked
provisional; a club known only to the year, or not at all, has no joining deadline yet.

The default timetable is data (`data/buying_clubs.yaml`), read with PyYAML's safe loader.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from caremarket.rules.milestones import DEFAULT_JOIN_NOTICE

DEFAULT_TIMETABLE_PATH = Path(__file__).parent / "data" / "buying_clubs.yaml"
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
LAUNCH_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class ClubKind(StrEnum):
    REGIONAL = "regional"
    ARMS_LENGTH_BODY = "arms_length_body"
    NON_REGIONAL = "non_regional"


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PlannedLaunch:
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def on(cls, day: date) -> "PlannedLaunch":
        return cls(day.year, day.month, day.day)

    @property
    def precision(self) -> Precision:
        if self.year is None:
            return Precision.UNKNOWN
        if self.month is None:
            return Precision.YEAR
        return Precision.MONTH if self.day is None else Precision.DAY

    @property
    def earliest(self) -> date | None:
        """The first day the launch could fall on (None when it is to be confirmed)."""
        if self.year is None:
            return None
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def label(self) -> str:
        precision = self.precision
        if precision == Precision.UNKNOWN:
            return "TBC"
        if precision == Precision.YEAR:
            return str(self.year)
        if precision == Precision.MONTH:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return self.earliest.isoformat()

    @property
    def phrase(self) -> str:
        """'on 2018-02-14', 'in February 2018', 'in 2018' or 'on a date to be confirmed'."""
        precision = self.precision
        if precision == Precision.UNKNOWN:
            return "on a date to be confirmed"
        return f"{'on' if precision == Precision.DAY else 'in'} {self.label}"


def parse_launch(value: Any) -> PlannedLaunch:
    """Read '2017-12-15', '2017-12', '2018', 2018, a date, or 'TBC'."""
    if isinstance(value, date):
        return PlannedLaunch.on(value)
    text = str(value).strip()
    if text.upper() in {"TBC", ""}:
        return PlannedLaunch()
    match = LAUNCH_PATTERN.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a launch date: use YYYY-MM-DD, YYYY-MM, YYYY or TBC")
    year, month, day = (int(part) if part else None for part in match.groups())
    launch = PlannedLaunch(year, month, day)
    try:
        launch.earliest  # noqa: B018 - checks the month and day exist
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None
    return launch


def join_deadline(launch: date, notice: timedelta = DEFAULT_JOIN_NOTICE) -> date:
    """The last day to join and submit requirements: `notice` before launch (6 weeks by
    default). Joining on the deadline itself is on time."""
    return launch - notice


def join_notice(*, weeks: int | None = None, days: int | None = None) -> timedelta:
    """A club's joining notice in weeks or days (not both); six weeks when neither is given."""
    if weeks is not None and days is not None:
        raise ValueError("Give the joining notice in weeks or in days, not both")
    value = weeks if weeks is not None else days
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ValueError("The joining notice must be a whole number of weeks or days, 0 or more")
    if weeks is not None:
        return timedelta(weeks=weeks)
    if days is not None:
        return timedelta(days=days)
    return DEFAULT_JOIN_NOTICE


def notice_label(notice: timedelta) -> str:
    if notice.days % 7 == 0 and notice.days:
        weeks = notice.days // 7
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    return f"{notice.days} day{'s' if notice.days != 1 else ''}"


@dataclass(frozen=True)
class ClubPlan:
    """One buying club in a timetable."""

    name: str
    kind: ClubKind
    launch: PlannedLaunch
    agreement: str
    regions: frozenset[str] = frozenset()
    notice: timedelta = DEFAULT_JOIN_NOTICE

    @property
    def join_deadline(self) -> date | None:
        if self.launch.precision not in (Precision.DAY, Precision.MONTH):
            return None
        return join_deadline(self.launch.earliest, self.notice)

    @property
    def provisional(self) -> bool:
        """The joining deadline is an estimate until the launch day is set."""
        return self.launch.precision != Precision.DAY

    def open_to_join(self, today: date) -> bool:
        deadline = self.join_deadline
        return deadline is None or today <= deadline


@dataclass(frozen=True)
class Timetable:
    programme: str
    clubs: tuple[ClubPlan, ...]

    def club(self, name: str) -> ClubPlan | None:
        wanted = name.strip().casefold()
        return next((c for c in self.clubs if c.name.casefold() == wanted), None)

    def for_organisation(self, *, region: str = "", club: str = "") -> ClubPlan | None:
        """The club an organisation is grouped into: the named one if the grouping gives a
        name, else the regional club for its region."""
        if club:
            return self.club(club)
        return next(
            (c for c in self.clubs if c.kind == ClubKind.REGIONAL and region and region in c.regions), None
        )

    def by_launch(self) -> tuple[ClubPlan, ...]:
        """Clubs in launch order: a club known only to the year after that year's months,
        those to be confirmed last (each in file order)."""

        def key(c: ClubPlan) -> tuple[int, int, int]:
            launch = c.launch
            if launch.year is None:
                return (10_000, 0, 0)
            return (launch.year, launch.month or 13, launch.day or 0)

        return tuple(sorted(self.clubs, key=key))


def parse_timetable(data: Any) -> Timetable:
    """Check a timetable mapping (as read from YAML); every problem is reported at once."""
    if not isinstance(data, dict) or not isinstance(data.get("clubs"), list):
        raise ValueError("A timetable is a mapping with a list of 'clubs'")
    problems: list[str] = []
    try:
        default_notice = join_notice(weeks=data.get("join_notice_weeks"), days=data.get("join_notice_days"))
    except ValueError as exc:
        problems.append(f"Timetable: {exc}")
        default_notice = DEFAULT_JOIN_NOTICE
    agreement = str(data.get("agreement", "")).strip()
    clubs: list[ClubPlan] = []
    seen: set[str] = set()
    for number, item in enumerate(data["clubs"], start=1):
        where = f"Club {number}"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be a mapping with a name, kind and launch")
            continue
        name = str(item.get("name", "")).strip()
        where = f"Club {number} ({name})" if name else where
        club_problems = []
        if not name:
            club_problems.append("give the club a name")
        elif name.casefold() in seen:
            club_problems.append("another club has this name")
        seen.add(name.casefold())
        kind = item.get("kind", ClubKind.REGIONAL)
        if kind not in set(ClubKind):
            club_problems.append(f"'kind' must be one of {', '.join(ClubKind)}")
        regions = item.get("regions", [])
        if not isinstance(regions, list) or not all(isinstance(r, str) and r for r in regions):
            club_problems.append("'regions' must be a list of region codes")
            regions = []
        if kind == ClubKind.REGIONAL and not regions:
            club_problems.append("a regional club needs its 'regions'")
        try:
            launch = parse_launch(item.get("launch", "TBC"))
        except ValueError as exc:
            club_problems.append(str(exc))
        try:
            notice = (
                join_notice(weeks=item.get("join_notice_weeks"), days=item.get("join_notice_days"))
                if "join_notice_weeks" in item or "join_notice_days" in item
                else default_notice
            )
        except ValueError as exc:
            club_problems.append(str(exc))
        club_agreement = str(item.get("agreement", agreement)).strip()
        if not club_agreement:
            club_problems.append("name the agreement the club competes on ('agreement')")
        if club_problems:
            problems.extend(f"{where}: {p}" for p in club_problems)
            continue
        clubs.append(ClubPlan(name, ClubKind(kind), launch, club_agreement, frozenset(regions), notice))
    if problems:
        raise ValueError("; ".join(problems))
    return Timetable(str(data.get("programme", "")).strip(), tuple(clubs))


def load_timetable(path: Path | str) -> Timetable:
    with open(path, encoding="utf-8") as handle:
        return parse_timetable(yaml.safe_load(handle))


@cache
def default_timetable() -> Timetable:
    """The seed's HSCN timetable: ALB NHS Digital and South West in December 2017, ... and
    the other non-regional club to be confirmed."""
    return load_timetable(DEFAULT_TIMETABLE_PATH)
