"""Which notices a lifecycle event publishes: publishing a competition, deciding an award,
cancelling, making a direct award, signing, varying or ending a contract... per regime and
procedure, as versioned data with the citation (`data/notice_triggers.yaml`).

`notices_for(event, regime, procedure, on=day)` gives the notice codes to publish, in order; an
empty list when the law asks for none (a call-off under a framework publishes no tender notice).
No Django here.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from caremarket.rules.standstill import Regime

NOTICE_TRIGGERS_PATH = Path(__file__).parent / "data" / "notice_triggers.yaml"
ANY = "any"


class Event(StrEnum):
    COMPETITION_PUBLISHED = "competition_published"
    AWARD_DECIDED = "award_decided"
    COMPETITION_CANCELLED = "competition_cancelled"
    COMPETITION_ENDED_WITHOUT_AWARD = "competition_ended_without_award"
    DIRECT_AWARD_MADE = "direct_award_made"
    CONTRACT_SIGNED = "contract_signed"
    CONTRACT_VARIED = "contract_varied"
    CONTRACT_ENDED = "contract_ended"
    CLUB_LAUNCH_PLANNED = "club_launch_planned"
    INTENTIONS_PUBLISHED = "intentions_published"


class NoticeProcedure(StrEnum):
    """How the contract is awarded, as the notice rules tell them apart."""

    OPEN = "open_procedure"
    FURTHER_COMPETITION = "further_competition"  # a call-off under an agreement's lot
    DIRECT_AWARD = "direct_award"  # a call-off awarded directly under an agreement's lot
    SPECIAL_CASE_DIRECT_AWARD = "special_case_direct_award"  # s41 / Schedule 5, or s43


@dataclass(frozen=True)
class TriggerVersion:
    """One version of one rule: the notices `event` publishes under `regime` for `procedures`."""

    event: str
    regime: Regime
    procedures: tuple[str, ...]
    version: int
    valid_from: date
    notices: tuple[str, ...]
    citation: str
    only_after: tuple[str, ...] = ()
    confirmed: bool = False
    note: str = ""

    def applies_to(self, procedure: str) -> bool:
        return procedure in self.procedures or ANY in self.procedures

    def needed(self, published: Iterable[str] = ()) -> list[str]:
        """The notices to publish, given the codes already published in the process."""
        if self.only_after and not set(self.only_after) & set(published):
            return []
        return list(self.notices)


@dataclass(frozen=True)
class TriggerRule:
    event: str
    regime: Regime
    procedures: tuple[str, ...]
    versions: tuple[TriggerVersion, ...]  # oldest first

    def in_force(self, on: date) -> TriggerVersion | None:
        applying = [v for v in self.versions if v.valid_from <= on]
        return applying[-1] if applying else None


def _parse_rule(event: str, raw: Mapping[str, Any]) -> TriggerRule:
    regime = Regime(raw["regime"])
    procedures = tuple(str(p) for p in raw["procedures"])
    if not procedures:
        raise ValueError(f"A rule of {event} names no procedure")
    versions = sorted(
        (
            TriggerVersion(
                event=event,
                regime=regime,
                procedures=procedures,
                version=int(v["version"]),
                valid_from=v["valid_from"],
                notices=tuple(v.get("notices") or ()),
                citation=v["citation"],
                only_after=tuple(v.get("only_after") or ()),
                confirmed=bool(v.get("confirmed", False)),
                note=" ".join(str(v.get("note", "")).split()),
            )
            for v in raw["versions"]
        ),
        key=lambda v: v.valid_from,
    )
    if len({v.valid_from for v in versions}) != len(versions):
        raise ValueError(f"A rule of {event} has two versions valid from the same day")
    return TriggerRule(event, regime, procedures, tuple(versions))


def parse_notice_triggers(data: Mapping[str, Any]) -> dict[str, tuple[TriggerRule, ...]]:
    """Every event's rules. Refuses an unknown event and two rules of one event, regime and
    procedure."""
    table: dict[str, tuple[TriggerRule, ...]] = {}
    for event, entry in data["events"].items():
        Event(event)
        rules = tuple(_parse_rule(event, raw) for raw in entry["rules"])
        seen: set[tuple[str, str]] = set()
        for rule in rules:
            for procedure in rule.procedures:
                if (rule.regime, procedure) in seen:
                    raise ValueError(f"{event} has two rules for {rule.regime} and {procedure}")
                seen.add((rule.regime, procedure))
        table[event] = rules
    return table


@cache
def _default_table() -> dict[str, tuple[TriggerRule, ...]]:
    with NOTICE_TRIGGERS_PATH.open(encoding="utf-8") as handle:
        return parse_notice_triggers(yaml.safe_load(handle))


def trigger_rule(
    event: str, regime: str, procedure: str, table: Mapping[str, tuple[TriggerRule, ...]] | None = None
) -> TriggerRule:
    """The rule for `event` under `regime` for `procedure`: the procedure's own rule, else the
    regime's `any` rule. Raises ValueError when the data has none (a gap in the table, which the
    tests close for every event and regime)."""
    rules = (table or _default_table()).get(str(event))
    if rules is None:
        raise ValueError(f"{event!r} is not a lifecycle event with notices")
    mine = [r for r in rules if r.regime == regime]
    for rule in mine:
        if procedure in rule.procedures:
            return rule
    for rule in mine:
        if ANY in rule.procedures:
            return rule
    raise ValueError(f"No notice rule for {event} under {regime} and {procedure}")


def trigger_for(
    event: str,
    regime: str,
    procedure: str,
    on: date,
    table: Mapping[str, tuple[TriggerRule, ...]] | None = None,
) -> TriggerVersion | None:
    """The version of the rule in force on `on` (None before the regime's rules apply)."""
    return trigger_rule(event, regime, procedure, table).in_force(on)


def notices_for(
    event: str,
    regime: str,
    procedure: str,
    on: date,
    published: Iterable[str] = (),
    table: Mapping[str, tuple[TriggerRule, ...]] | None = None,
) -> list[str]:
    """The notice codes `event` publishes, in order (empty when none is needed). `published` is
    the codes already published in the same process (a procurement termination notice follows
    only a tender or transparency notice)."""
    version = trigger_for(event, regime, procedure, on, table)
    return version.needed(published) if version else []


def events(table: Mapping[str, tuple[TriggerRule, ...]] | None = None) -> list[str]:
    return list((table or _default_table()).keys())
