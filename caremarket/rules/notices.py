"""Notice types under the Procurement Act 2023 and the Provider Selection Regime, as versioned
data with their legal basis, and the pure rules over them: which version applies on a day,
which OCDS tags and document type a notice carries, which fields it must fill, when it is due
and which notices are overdue.

The types are data (`data/notice_types.yaml`, read with PyYAML's safe loader), not code: a
change in the law adds a version with a later `valid_from` and its own citation, and a notice
keeps the version it was published under. No Django here.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import ValidationFailed
from caremarket.rules.dates import add_working_days, is_working_day, spoken_date
from caremarket.rules.standstill import REGIME_LABELS, Regime

NOTICE_TYPES_PATH = Path(__file__).parent / "data" / "notice_types.yaml"


class DeadlineRule(StrEnum):
    WITHIN = "within"  # before the end of a number of days from an event
    BEFORE = "before"  # before the event happens
    NONE = "none"  # no deadline of its own


class DayCount(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


class Counting(StrEnum):
    BEGINNING_WITH = "beginning_with"  # "the period of 30 days beginning with the day on which ..."
    AFTER = "after"  # day 1 is the day after the event


@dataclass(frozen=True)
class Deadline:
    rule: DeadlineRule
    days: int = 0
    day_count: DayCount = DayCount.CALENDAR
    counting: Counting = Counting.BEGINNING_WITH
    event: str = ""
    event_label: str = ""
    confirmed: bool = False
    source: str = ""

    def due_by(self, event_date: date) -> date | None:
        """The last day the notice may be published, for an event on `event_date`."""
        if self.rule == DeadlineRule.NONE:
            return None
        if self.rule == DeadlineRule.BEFORE:
            return event_date - timedelta(days=1)
        # The event day is day 1 when counting "beginning with" it.
        extra = 1 if self.counting == Counting.BEGINNING_WITH else 0
        if self.day_count == DayCount.CALENDAR:
            return event_date + timedelta(days=self.days - extra)
        if extra and is_working_day(event_date):
            return add_working_days(event_date, self.days - 1)
        return add_working_days(event_date, self.days)

    @property
    def wording(self) -> str:
        """The rule as a sentence: "within 30 days of the day the contract was entered into"."""
        if self.rule == DeadlineRule.NONE:
            return "no deadline"
        if self.rule == DeadlineRule.BEFORE:
            return f"before {self.event_label}"
        unit = "working days" if self.day_count == DayCount.WORKING else "days"
        return f"within {self.days} {unit} of {self.event_label}"


@dataclass(frozen=True)
class NoticeType:
    code: str
    regime: Regime
    version: int
    valid_from: date
    name: str
    citation: str
    tags: tuple[str, ...]
    correction_tags: tuple[str, ...]
    document_type: str
    section: str
    required: tuple[str, ...]
    deadline: Deadline
    starts_standstill: int | None = None

    @property
    def label(self) -> str:
        """ "UK7 contract details notice", "Intention to award a contract notice"."""
        if self.regime == Regime.PROCUREMENT_ACT_2023:
            return f"{self.code} {self.name[0].lower()}{self.name[1:]}"
        return self.name

    @property
    def regime_label(self) -> str:
        return REGIME_LABELS[self.regime]

    def release_tags(self, *, correction: bool = False) -> list[str]:
        return list(self.correction_tags if correction else self.tags)


def _parse_version(code: str, regime: Regime, raw: Mapping[str, Any]) -> NoticeType:
    deadline = dict(raw.get("deadline") or {"rule": "none"})
    return NoticeType(
        code=code,
        regime=regime,
        version=int(raw["version"]),
        valid_from=raw["valid_from"],
        name=raw["name"],
        citation=raw["citation"],
        tags=tuple(raw["tags"]),
        correction_tags=tuple(raw.get("correction_tags") or raw["tags"]),
        document_type=raw["document_type"],
        section=raw["section"],
        required=tuple(raw.get("required") or ()),
        deadline=Deadline(
            rule=DeadlineRule(deadline["rule"]),
            days=int(deadline.get("days", 0)),
            day_count=DayCount(deadline.get("day_count", DayCount.CALENDAR)),
            counting=Counting(deadline.get("counting", Counting.BEGINNING_WITH)),
            event=deadline.get("event", ""),
            event_label=deadline.get("event_label", ""),
            confirmed=bool(deadline.get("confirmed", False)),
            source=deadline.get("source", ""),
        ),
        starts_standstill=raw.get("starts_standstill"),
    )


def parse_notice_types(data: Mapping[str, Any]) -> dict[str, tuple[NoticeType, ...]]:
    """Every type's versions, oldest first. Refuses two versions valid from the same day."""
    table: dict[str, tuple[NoticeType, ...]] = {}
    for code, entry in data["types"].items():
        regime = Regime(entry["regime"])
        versions = sorted(
            (_parse_version(code, regime, v) for v in entry["versions"]), key=lambda v: v.valid_from
        )
        starts = [v.valid_from for v in versions]
        if len(set(starts)) != len(starts):
            raise ValueError(f"{code} has two versions valid from the same day")
        table[code] = tuple(versions)
    return table


@cache
def _default_table() -> dict[str, tuple[NoticeType, ...]]:
    with NOTICE_TYPES_PATH.open(encoding="utf-8") as handle:
        return parse_notice_types(yaml.safe_load(handle))


def notice_codes(table: Mapping[str, tuple[NoticeType, ...]] | None = None) -> list[str]:
    return list((table or _default_table()).keys())


def notice_type(
    code: str, on_date: date, table: Mapping[str, tuple[NoticeType, ...]] | None = None
) -> NoticeType:
    """The version of notice type `code` that applies on `on_date`."""
    versions = (table or _default_table()).get(code)
    if not versions:
        raise ValidationFailed.for_field(
            "notice_type",
            f"{code!r} is not a notice type Caremarket knows",
            code=ErrorCode.NOTICE_TYPE_UNKNOWN,
        )
    applying = [v for v in versions if v.valid_from <= on_date]
    if not applying:
        first = versions[0]
        raise ValidationFailed.for_field(
            "notice_type",
            f"The {first.label} applies only from {spoken_date(first.valid_from)}",
            code=ErrorCode.NOTICE_TYPE_UNKNOWN,
        )
    return applying[-1]


def notice_types(
    on_date: date, regime: str | None = None, table: Mapping[str, tuple[NoticeType, ...]] | None = None
) -> list[NoticeType]:
    """Every notice type in force on `on_date` (optionally of one regime), in table order."""
    found = []
    for code, versions in (table or _default_table()).items():
        if versions[0].valid_from > on_date or (regime and versions[0].regime != regime):
            continue
        found.append(notice_type(code, on_date, table))
    return found


def notice_due_by(
    code: str,
    event_date: date,
    on_date: date | None = None,
    table: Mapping[str, tuple[NoticeType, ...]] | None = None,
) -> date | None:
    """The last day a notice of type `code` may be published for an event on `event_date`
    (None when the notice has no deadline). The law in force on `on_date` (the event's day by
    default) decides."""
    return notice_type(code, on_date or event_date, table).deadline.due_by(event_date)


def financial_year_start(day: date) -> date:
    """1 April of the financial year `day` falls in (the UK1 pipeline notice counts from it)."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


# --- Required fields ----------------------------------------------------------------------------


def _filled(value: Any) -> bool:
    return value not in (None, "", [], {})


def _path_filled(content: Any, parts: list[str]) -> bool:
    if not parts:
        return _filled(content)
    head, rest = parts[0], parts[1:]
    if head.endswith("[]"):
        items = content.get(head[:-2]) if isinstance(content, Mapping) else None
        return isinstance(items, list) and bool(items) and all(_path_filled(item, rest) for item in items)
    if not isinstance(content, Mapping):
        return False
    return _path_filled(content.get(head), rest)


def missing_fields(kind: NoticeType, content: Mapping[str, Any]) -> list[str]:
    """The required OCDS paths `content` leaves empty ("awards[].suppliers": every award needs
    suppliers), in the type's order."""
    return [path for path in kind.required if not _path_filled(content, path.split("."))]


def incomplete_refusal(kind: NoticeType, content: Mapping[str, Any]) -> ValidationFailed | None:
    missing = missing_fields(kind, content)
    if not missing:
        return None
    return ValidationFailed(
        f"The {kind.label} cannot be published without {', '.join(missing)}",
        code=ErrorCode.NOTICE_INCOMPLETE,
        details={"fields": {path: [f"Enter {path}"] for path in missing}},
    )


# --- Overdue notices ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeFact:
    """A notice the law requires for an event: `ref` names the thing (a contract's reference),
    `published_on` is the day the notice went out (None if it has not)."""

    code: str
    ref: str
    event_date: date
    published_on: date | None = None


@dataclass(frozen=True)
class OverdueNotice:
    fact: NoticeFact
    kind: NoticeType
    due_by: date
    days_overdue: int

    @property
    def sentence(self) -> str:
        return (
            f"The {self.kind.label} for {self.fact.ref} was due by {spoken_date(self.due_by)} "
            f"({self.kind.deadline.wording}; {self.kind.citation})"
        )


def overdue_notices(
    facts: Iterable[NoticeFact], today: date, table: Mapping[str, tuple[NoticeType, ...]] | None = None
) -> list[OverdueNotice]:
    """The required notices not published by their deadline, most overdue first. A notice
    published late is not overdue any more (it is out); one with no deadline never is."""
    found = []
    for fact in facts:
        if fact.published_on is not None:
            continue
        kind = notice_type(fact.code, fact.event_date, table)
        due = kind.deadline.due_by(fact.event_date)
        if due is not None and today > due:
            found.append(OverdueNotice(fact, kind, due, (today - due).days))
    return sorted(found, key=lambda o: (o.due_by, o.fact.code, o.fact.ref))
