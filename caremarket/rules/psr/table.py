"""The Provider Selection Regime's versioned data: the table read from
`data/psr_processes.yaml`, its dataclasses, and the version of each rule in force on a day."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import ValidationFailed
from caremarket.rules.dates import spoken_date

PSR_PATH = Path(__file__).parents[1] / "data" / "psr_processes.yaml"
REGULATIONS = "The Health Care Services (Provider Selection Regime) Regulations 2023 (SI 2023/1348)"


class Process(StrEnum):
    DIRECT_AWARD_A = "direct_award_a"
    DIRECT_AWARD_B = "direct_award_b"
    DIRECT_AWARD_C = "direct_award_c"
    MOST_SUITABLE_PROVIDER = "most_suitable_provider"
    COMPETITIVE = "competitive"


# The regulation's order (regulation 6): the chooser answers in it.
PROCESS_ORDER = tuple(Process)


# --- The data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    fact: str
    expect: bool
    met: str
    unmet: str
    citation: str

    def sentence(self, value: bool) -> str:
        return f"{self.met if value == self.expect else self.unmet} ({self.citation})"


@dataclass(frozen=True)
class ProcessRule:
    code: Process
    version: int
    valid_from: date
    name: str
    citation: str
    mandatory: bool
    standstill: bool
    competition: bool
    notices: tuple[str, ...]
    conditions: tuple[Condition, ...]
    confirmed: bool = False
    source: str = ""


@dataclass(frozen=True)
class Thresholds:
    """Amount and percentage limits of a change in lifetime value (Decimal, never float)."""

    version: int
    valid_from: date
    citation: str
    amount: Decimal
    percentage: Decimal
    confirmed: bool
    source: str
    # Only a rise in lifetime value can be considerable ("at least £500,000 higher").
    increase_only: bool = True


@dataclass(frozen=True)
class StandstillRule:
    version: int
    valid_from: date
    citation: str
    days: int
    further_days_after_proceed: int
    decision_labels: Mapping[str, str]
    confirmed: bool
    source: str


@dataclass(frozen=True)
class KeyCriterion:
    code: str
    name: str


@dataclass(frozen=True)
class KeyCriteriaRule:
    version: int
    valid_from: date
    citation: str
    criteria: tuple[KeyCriterion, ...]
    importance_levels: tuple[str, ...]


@dataclass(frozen=True)
class UrgentRule:
    version: int
    valid_from: date
    citation: str
    notices: tuple[str, ...]
    conditions: tuple[Condition, ...]
    advised_max_term_months: int | None
    confirmed: bool
    source: str


@dataclass(frozen=True)
class ModificationRule:
    thresholds: Thresholds
    grounds: Mapping[str, tuple[str, str]]  # code -> (label, citation)
    notice_amount: Decimal


@dataclass(frozen=True)
class SummaryItem:
    code: str
    label: str
    citation: str


@dataclass(frozen=True)
class PsrTable:
    processes: Mapping[Process, tuple[ProcessRule, ...]]
    considerable_change: tuple[Thresholds, ...]
    standstill: tuple[StandstillRule, ...]
    urgent: tuple[UrgentRule, ...]
    modification: tuple[ModificationRule, ...]
    key_criteria: tuple[KeyCriteriaRule, ...]
    basic_selection_criteria: tuple[tuple[date, tuple[KeyCriterion, ...]], ...]
    summary_items: tuple[tuple[date, tuple[SummaryItem, ...]], ...]


def _conditions(raw: Iterable[Mapping[str, Any]]) -> tuple[Condition, ...]:
    return tuple(
        Condition(c["fact"], bool(c["expect"]), c["met"], c["unmet"], c["citation"]) for c in raw or ()
    )


def _sorted_versions(items: list, what: str) -> tuple:
    items = sorted(items, key=lambda v: v.valid_from if hasattr(v, "valid_from") else v[0])
    starts = [v.valid_from if hasattr(v, "valid_from") else v[0] for v in items]
    if len(set(starts)) != len(starts):
        raise ValueError(f"{what} has two versions valid from the same day")
    return tuple(items)


def _thresholds(v: Mapping[str, Any]) -> Thresholds:
    return Thresholds(
        int(v["version"]),
        v["valid_from"],
        v["citation"],
        Decimal(str(v["amount"])),
        Decimal(str(v["percentage"])),
        bool(v.get("confirmed", False)),
        v.get("source", ""),
        bool(v.get("increase_only", True)),
    )


def parse_psr(data: Mapping[str, Any]) -> PsrTable:
    """The whole table from the YAML's mapping; refuses two versions valid from the same day."""
    processes = {}
    for code, entry in data["processes"].items():
        process = Process(code)
        versions = [
            ProcessRule(
                code=process,
                version=int(v["version"]),
                valid_from=v["valid_from"],
                name=v["name"],
                citation=v["citation"],
                mandatory=bool(v["mandatory"]),
                standstill=bool(v["standstill"]),
                competition=bool(v["competition"]),
                notices=tuple(v.get("notices") or ()),
                conditions=_conditions(v.get("conditions")),
                confirmed=bool(v.get("confirmed", False)),
                source=v.get("source", ""),
            )
            for v in entry["versions"]
        ]
        processes[process] = _sorted_versions(versions, code)
    missing = [p for p in Process if p not in processes]
    if missing:
        raise ValueError(f"The table has no {', '.join(missing)}")
    standstills = [
        StandstillRule(
            int(v["version"]),
            v["valid_from"],
            v["citation"],
            int(v["days"]),
            int(v["further_days_after_proceed"]),
            {k: d["label"] for k, d in (v.get("decisions") or {}).items()},
            bool(v.get("confirmed", False)),
            v.get("source", ""),
        )
        for v in data["standstill"]["versions"]
    ]
    urgent = [
        UrgentRule(
            int(v["version"]),
            v["valid_from"],
            v["citation"],
            tuple(v.get("notices") or ()),
            _conditions(v.get("conditions")),
            v.get("advised_max_term_months"),
            bool(v.get("confirmed", False)),
            v.get("source", ""),
        )
        for v in data["urgent_award"]["versions"]
    ]
    modification = [
        ModificationRule(
            _thresholds(v),
            {k: (g["label"], g["citation"]) for k, g in v["grounds"].items()},
            Decimal(str(v["notice_amount"])),
        )
        for v in data["modification"]["versions"]
    ]
    key_criteria = [
        KeyCriteriaRule(
            int(v["version"]),
            v["valid_from"],
            v["citation"],
            tuple(KeyCriterion(c["code"], c["name"]) for c in v["criteria"]),
            tuple(v.get("importance_levels") or ()),
        )
        for v in data["key_criteria"]["versions"]
    ]
    return PsrTable(
        processes=processes,
        considerable_change=_sorted_versions(
            [_thresholds(v) for v in data["considerable_change"]["versions"]], "considerable_change"
        ),
        standstill=_sorted_versions(standstills, "standstill"),
        urgent=_sorted_versions(urgent, "urgent_award"),
        modification=tuple(sorted(modification, key=lambda m: m.thresholds.valid_from)),
        key_criteria=_sorted_versions(key_criteria, "key_criteria"),
        basic_selection_criteria=_sorted_versions(
            [
                (v["valid_from"], tuple(KeyCriterion(c["code"], c["name"]) for c in v["criteria"]))
                for v in data["basic_selection_criteria"]["versions"]
            ],
            "basic_selection_criteria",
        ),
        summary_items=_sorted_versions(
            [
                (
                    v["valid_from"],
                    tuple(SummaryItem(i["code"], i["label"], i["citation"]) for i in v["items"]),
                )
                for v in data["annual_summary"]["versions"]
            ],
            "annual_summary",
        ),
    )


@cache
def _default_table() -> PsrTable:
    with PSR_PATH.open(encoding="utf-8") as handle:
        return parse_psr(yaml.safe_load(handle))


def psr_table() -> PsrTable:
    return _default_table()


def _in_force(versions: tuple, on: date, what: str):
    def start(v):
        return (
            v.valid_from
            if hasattr(v, "valid_from")
            else (v.thresholds.valid_from if hasattr(v, "thresholds") else v[0])
        )

    applying = [v for v in versions if start(v) <= on]
    if not applying:
        raise ValidationFailed.for_field(
            "date",
            f"The Provider Selection Regime applies only from {spoken_date(start(versions[0]))}: "
            f"there is no {what} on {spoken_date(on)}",
            code=ErrorCode.VALIDATION_FAILED,
        )
    return applying[-1]


def process_rule(code: str, on: date, table: PsrTable | None = None) -> ProcessRule:
    """The version of process `code` in force on `on`."""
    t = table or _default_table()
    try:
        process = Process(code)
    except ValueError:
        raise ValidationFailed.for_field(
            "process",
            f"{code!r} is not a Provider Selection Regime process",
            code=ErrorCode.VALIDATION_FAILED,
        ) from None
    return _in_force(t.processes[process], on, "process")


def standstill_rule(on: date, table: PsrTable | None = None) -> StandstillRule:
    return _in_force((table or _default_table()).standstill, on, "standstill period")


def key_criteria(on: date, table: PsrTable | None = None) -> tuple[KeyCriterion, ...]:
    return _in_force((table or _default_table()).key_criteria, on, "key criteria").criteria


def basic_selection_criteria(on: date, table: PsrTable | None = None) -> tuple[KeyCriterion, ...]:
    return _in_force((table or _default_table()).basic_selection_criteria, on, "basic selection criteria")[1]


def _money(amount: Decimal) -> str:
    """ "£1,234.56"."""
    return f"£{amount:,.2f}"


def _percent(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return f"{text}%"
