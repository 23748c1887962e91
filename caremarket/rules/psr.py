"""The Provider Selection Regime 2023: which process an authority may follow, the decision
record against the key criteria, the standstill and the review of representations, urgent
awards, modifications and the annual summary - pure rules over versioned data.

The law is data (`data/psr_processes.yaml`, read with PyYAML's safe loader) with the
Regulations' paragraphs cited and each figure marked `confirmed` or not; the functions here
take the facts and "today" and say yes, or no and why, in sentences a commissioner reads.
Working days and the standstill's end reuse `rules.dates` and `rules.standstill`. No Django.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import ValidationFailed
from caremarket.rules import standstill as general_standstill
from caremarket.rules.dates import add_working_days, spoken_date
from caremarket.rules.refusals import Refusal

PSR_PATH = Path(__file__).parent / "data" / "psr_processes.yaml"
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


# --- Considerable change (Direct Award Process C) -----------------------------------------------


@dataclass(frozen=True)
class Decision:
    """A yes or no with the sentences that explain it (each with its citation)."""

    yes: bool
    reasons: tuple[str, ...]
    confirmed: bool = True

    def __bool__(self) -> bool:
        return self.yes

    @property
    def sentence(self) -> str:
        return "; ".join(self.reasons)


def _change(old_value: Decimal, new_value: Decimal, increase_only: bool) -> tuple[Decimal, Decimal | None]:
    for name, value in (("old_value", old_value), ("new_value", new_value)):
        if not isinstance(value, Decimal):
            raise TypeError(f"{name} must be a Decimal amount of money, not {type(value).__name__}")
        if value < 0:
            raise ValueError(f"{name} cannot be negative")
    change = new_value - old_value if increase_only else abs(new_value - old_value)
    share = None if old_value == 0 else (change * 100 / old_value)
    return change, share


def considerable_change(
    old_value: Decimal,
    new_value: Decimal,
    attributable_to_authority: bool,
    *,
    materially_different_in_character: bool = False,
    on: date | None = None,
    table: PsrTable | None = None,
) -> Decision:
    """Whether the proposed contracting arrangements change considerably from the existing
    contract (which closes Direct Award Process C): materially different in character, or a
    change attributable to the authority of at least the amount AND at least the percentage
    of the existing lifetime value (both thresholds are data)."""
    t = table or _default_table()
    th = _in_force(t.considerable_change, on or date.max, "considerable change threshold")
    cite = th.citation
    change, share = _change(old_value, new_value, th.increase_only)
    reasons = []
    if materially_different_in_character:
        reasons.append(
            f"The proposed arrangements are materially different in character from the existing contract "
            f"({cite})"
        )
        return Decision(True, tuple(reasons), th.confirmed)
    if change <= 0 and th.increase_only:
        reasons.append(
            f"The lifetime value does not rise ({_money(old_value)} to {_money(new_value)}): only a rise "
            f"can be a considerable change ({cite})"
        )
        return Decision(False, tuple(reasons), th.confirmed)
    size = f"The lifetime value changes by {_money(change)}"
    size += f" ({_percent(share)} of {_money(old_value)})" if share is not None else " (from nothing)"
    big_amount = change >= th.amount
    big_share = share is None or share >= th.percentage
    if not attributable_to_authority:
        reasons.append(f"{size}, but the change is not attributable to a decision of the authority ({cite})")
        return Decision(False, tuple(reasons), th.confirmed)
    if big_amount and big_share:
        reasons.append(
            f"{size}: at least {_money(th.amount)} and at least {_percent(th.percentage)}, "
            f"and attributable to a decision of the authority ({cite})"
        )
        return Decision(True, tuple(reasons), th.confirmed)
    below = []
    if not big_amount:
        below.append(f"less than {_money(th.amount)}")
    if not big_share:
        below.append(f"less than {_percent(th.percentage)}")
    reasons.append(f"{size}: {' and '.join(below)}, so not a considerable change ({cite})")
    return Decision(False, tuple(reasons), th.confirmed)


# --- The process chooser ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcessFacts:
    """What the authority knows about the proposed contracting arrangements."""

    existing_provider: bool = False
    only_existing_provider_capable: bool = False
    framework_agreement: bool = False
    patient_choice: bool = False
    providers_unrestricted: bool = False
    all_capable_providers_offered: bool = False
    expressions_of_interest_open: bool = False
    existing_contract_expiring: bool = False
    provider_satisfactory: bool = False
    # Either say whether the change is considerable, or give the inputs to decide it.
    considerable_change: bool | None = None
    old_lifetime_value: Decimal | None = None
    new_lifetime_value: Decimal | None = None
    change_attributable_to_authority: bool = False
    materially_different_in_character: bool = False
    able_to_identify_most_suitable: bool = False


@dataclass(frozen=True)
class ProcessOption:
    process: Process
    name: str
    citation: str
    open: bool
    mandatory: bool
    reasons: tuple[str, ...]
    notices: tuple[str, ...]
    standstill: bool

    @property
    def sentence(self) -> str:
        if self.open:
            verb = "must be followed" if self.mandatory else "is open"
            return f"{self.name} {verb}: " + "; ".join(self.reasons)
        return f"{self.name} is not open: " + "; ".join(self.reasons)


@dataclass(frozen=True)
class Choice:
    options: tuple[ProcessOption, ...]
    considerable: Decision | None = None

    @property
    def open(self) -> tuple[Process, ...]:
        return tuple(o.process for o in self.options if o.open)

    @property
    def mandatory(self) -> Process | None:
        return next((o.process for o in self.options if o.open and o.mandatory), None)

    def option(self, process: str) -> ProcessOption:
        return next(o for o in self.options if o.process == process)

    def why_not(self, process: str) -> tuple[str, ...]:
        option = self.option(process)
        return () if option.open else option.reasons


def _considerable(facts: ProcessFacts, on: date, table: PsrTable) -> tuple[bool, Decision | None]:
    if facts.old_lifetime_value is not None and facts.new_lifetime_value is not None:
        decision = considerable_change(
            facts.old_lifetime_value,
            facts.new_lifetime_value,
            facts.change_attributable_to_authority,
            materially_different_in_character=facts.materially_different_in_character,
            on=on,
            table=table,
        )
        return decision.yes, decision
    if facts.considerable_change is None:
        # Not known: Direct Award Process C cannot be shown to be open.
        return True, None
    return facts.considerable_change or facts.materially_different_in_character, None


def _check(rule: ProcessRule, values: Mapping[str, bool]) -> tuple[bool, list[str], list[str]]:
    met, unmet = [], []
    for condition in rule.conditions:
        value = bool(values[condition.fact])
        (met if value == condition.expect else unmet).append(condition.sentence(value))
    return not unmet, met, unmet


def choose_process(facts: ProcessFacts, on: date, table: PsrTable | None = None) -> Choice:
    """Which processes are open for `facts` on `on` and, for each closed one, why not, in the
    regulation's order (A, B, C, then the Most Suitable Provider or the Competitive Process).

    A and B are mandatory once their conditions are met (regulation 6(3), (4)): then every
    other process is closed. Otherwise C is open when its conditions are met, the Most
    Suitable Provider Process when the authority can identify the most suitable provider
    without a competition, and the Competitive Process always."""
    t = table or _default_table()
    rules = {p: process_rule(p, on, t) for p in PROCESS_ORDER}
    considerable, decision = _considerable(facts, on, t)
    values = {name: getattr(facts, name) for name in ProcessFacts.__dataclass_fields__}
    values["considerable_change"] = considerable
    checked = {p: _check(rules[p], values) for p in PROCESS_ORDER}

    required = next((p for p in (Process.DIRECT_AWARD_A, Process.DIRECT_AWARD_B) if checked[p][0]), None)
    options = []
    for p in PROCESS_ORDER:
        rule = rules[p]
        ok, met, unmet = checked[p]
        if p == Process.DIRECT_AWARD_C and decision is not None:
            extra = list(decision.reasons)
        elif p == Process.DIRECT_AWARD_C and facts.considerable_change is None:
            extra = [
                "Whether the arrangements change considerably is not known: "
                "give the old and new lifetime values"
            ]
        else:
            extra = []
        if required is not None and p != required:
            req = rules[required]
            reasons = [f"{req.name} must be followed ({req.citation})"]
            if p != Process.COMPETITIVE and unmet:
                reasons += unmet
            options.append(_option(rule, False, reasons))
            continue
        if rule.mandatory and not ok:
            options.append(_option(rule, False, unmet))
            continue
        if ok:
            reasons = met + ([] if p != Process.DIRECT_AWARD_C else extra) or [
                f"Neither Direct Award Process A nor B must be followed ({rule.citation})"
            ]
            options.append(_option(rule, True, reasons))
        else:
            reasons = unmet + (extra if p == Process.DIRECT_AWARD_C else [])
            options.append(_option(rule, False, reasons))
    return Choice(tuple(options), decision)


def _option(rule: ProcessRule, is_open: bool, reasons: list[str]) -> ProcessOption:
    return ProcessOption(
        process=rule.code,
        name=rule.name,
        citation=rule.citation,
        open=is_open,
        mandatory=is_open and rule.mandatory,
        reasons=tuple(reasons),
        notices=rule.notices,
        standstill=rule.standstill,
    )


# --- The decision record against the key criteria -----------------------------------------------


@dataclass(frozen=True)
class CriterionRecord:
    """How one key criterion was taken into account: a weight in per cent OR an importance
    (the relative importance is the authority's choice), and always a rationale."""

    criterion: str
    rationale: str = ""
    weight: Decimal | None = None
    importance: str | None = None


def decision_record_problems(
    records: Iterable[CriterionRecord], on: date, table: PsrTable | None = None
) -> list[str]:
    """What stops the decision record from being complete, as sentences (empty when none).

    Every key criterion appears once, with a rationale and either a weight or an importance;
    a record uses weights for all five (adding up to 100%) or importances for all five."""
    t = table or _default_table()
    rule = _in_force(t.key_criteria, on, "key criteria")
    names = {c.code: c.name for c in rule.criteria}
    problems: list[str] = []
    seen: dict[str, CriterionRecord] = {}
    for record in records:
        if record.criterion not in names:
            problems.append(f"'{record.criterion}' is not one of the key criteria ({rule.citation})")
            continue
        if record.criterion in seen:
            problems.append(f"{names[record.criterion]} is recorded more than once")
            continue
        seen[record.criterion] = record
    for criterion in rule.criteria:
        record = seen.get(criterion.code)
        if record is None:
            problems.append(
                f"{criterion.name} has no record: every decision is recorded against all five key criteria "
                f"({rule.citation})"
            )
            continue
        if not (record.rationale or "").strip():
            problems.append(f"{criterion.name} has no rationale")
        if record.weight is None and not (record.importance or "").strip():
            problems.append(f"{criterion.name} has neither a weight nor an importance")
        if record.weight is not None and (record.importance or "").strip():
            problems.append(f"{criterion.name} has both a weight and an importance: give one")
        if record.weight is not None:
            if not isinstance(record.weight, Decimal):
                problems.append(f"{criterion.name}'s weight must be a decimal percentage")
            elif record.weight < 0 or record.weight > 100:
                problems.append(f"{criterion.name}'s weight must be between 0% and 100%")
        importance = (record.importance or "").strip()
        if importance and importance not in rule.importance_levels:
            levels = ", ".join(rule.importance_levels)
            problems.append(f"'{importance}' is not an importance (choose from {levels})")
    weighted = [r for r in seen.values() if r.weight is not None]
    ranked = [r for r in seen.values() if r.weight is None and (r.importance or "").strip()]
    if weighted and ranked:
        problems.append("Give every key criterion a weight, or every one an importance, not a mix of both")
    elif weighted and len(weighted) == len(rule.criteria):
        total = sum((r.weight for r in weighted if isinstance(r.weight, Decimal)), Decimal(0))
        if total != 100:
            problems.append(f"The weights add up to {_percent(total)}, not 100%")
    return problems


def decision_record_locked(intention_published_on: date | None, today: date) -> Refusal | None:
    """Why the decision record cannot be changed today (None while it can): it is locked from
    the day the notice of intention is published."""
    if intention_published_on is not None and today >= intention_published_on:
        return Refusal(
            ErrorCode.RULE_VIOLATION,
            f"The decision record was locked when the notice of intention was published on "
            f"{spoken_date(intention_published_on)}",
        )
    return None


# --- Standstill and representations -------------------------------------------------------------


class ReviewDecision(StrEnum):
    PROCEED = "proceed"
    REPEAT = "repeat"
    ABANDON = "abandon"


@dataclass(frozen=True)
class Representation:
    provider: str
    received_on: date
    in_writing: bool = True


@dataclass(frozen=True)
class Review:
    """The authority's further decision after reviewing the representations."""

    decision: ReviewDecision
    decided_on: date
    repeat_from: str = ""  # the earlier step, for "repeat"


@dataclass(frozen=True)
class PsrStandstill:
    intention_published_on: date
    days: int = 8
    further_days: int = 5
    representations: tuple[Representation, ...] = ()
    review: Review | None = None

    @property
    def ends_on(self) -> date:
        """The last day (to midnight) of the standstill without representations."""
        return general_standstill.standstill_ends_on(self.intention_published_on, self.days)

    @property
    def valid_representations(self) -> tuple[Representation, ...]:
        return tuple(
            r for r in self.representations if representation_allowed(r.received_on, self, r.in_writing).yes
        )

    @property
    def paused(self) -> bool:
        """A representation received in the standstill keeps it open until the review."""
        return bool(self.valid_representations) and self.review is None


def psr_standstill(
    intention_published_on: date,
    representations: tuple[Representation, ...] = (),
    review: Review | None = None,
    table: PsrTable | None = None,
) -> PsrStandstill:
    """The standstill under the rule in force on the day the notice of intention went out."""
    rule = standstill_rule(intention_published_on, table)
    return PsrStandstill(
        intention_published_on, rule.days, rule.further_days_after_proceed, representations, review
    )


def standstill_ends_on(intention_published_on: date, table: PsrTable | None = None) -> date:
    """The last day of the standstill: 8 working days (England and Wales) after the day the
    notice of intention was published."""
    return psr_standstill(intention_published_on, table=table).ends_on


def representation_allowed(received_on: date, standstill: PsrStandstill, in_writing: bool = True) -> Decision:
    """Whether a provider's representation received on `received_on` keeps the standstill open."""
    s = standstill
    if not in_writing:
        return Decision(False, ("Representations must be made in writing (regulation 12(3))",))
    if received_on < s.intention_published_on:
        return Decision(
            False,
            (
                f"The notice of intention was published on {spoken_date(s.intention_published_on)}: "
                "a representation cannot be received before the standstill begins (regulation 12)",
            ),
        )
    if received_on > s.ends_on:
        return Decision(
            False,
            (
                f"The standstill period ended at midnight at the end of {spoken_date(s.ends_on)}: "
                "a representation received later does not keep it open (regulation 12(3))",
            ),
        )
    return Decision(
        True,
        (
            f"Received in the standstill period, which runs to the end of {spoken_date(s.ends_on)}: "
            "the award waits for the authority's review (regulation 12(3), (4))",
        ),
    )


@dataclass(frozen=True)
class AfterReview:
    decision: ReviewDecision
    label: str
    contract_may_follow: bool
    new_intention_needed: bool
    process_ends: bool
    sentence: str


def after_representation(review: Review, table: PsrTable | None = None) -> AfterReview:
    """What follows the authority's further decision after reviewing representations."""
    rule = standstill_rule(review.decided_on, table)
    d = ReviewDecision(review.decision)
    label = rule.decision_labels.get(d, d.value)
    on = spoken_date(review.decided_on)
    if d == ReviewDecision.PROCEED:
        until = add_working_days(review.decided_on, rule.further_days_after_proceed)
        return AfterReview(
            d,
            label,
            True,
            False,
            False,
            f"The authority decided on {on} to proceed: the contract may be awarded once a further "
            f"{rule.further_days_after_proceed} working days have passed, after {spoken_date(until)} "
            f"({rule.citation})",
        )
    if d == ReviewDecision.REPEAT:
        step = f" ({review.repeat_from})" if review.repeat_from else ""
        return AfterReview(
            d,
            label,
            False,
            True,
            False,
            f"The authority decided on {on} to go back to an earlier step{step}: a new notice of "
            "intention and a new standstill follow before any award (regulation 15)",
        )
    return AfterReview(
        d,
        label,
        False,
        False,
        True,
        f"The authority decided on {on} to abandon the process: "
        "no contract is awarded from it (regulation 15)",
    )


def contract_may_be_made_from(standstill: PsrStandstill) -> date | None:
    """The first day the contract may be awarded, or None while it cannot be known (a
    representation waits for review) or never will be (repeat or abandon)."""
    s = standstill
    no_representation_day = s.ends_on + timedelta(days=1)
    if not s.valid_representations:
        return no_representation_day
    if s.review is None or s.review.decision != ReviewDecision.PROCEED:
        return None
    further_end = add_working_days(s.review.decided_on, s.further_days)
    return max(no_representation_day, further_end + timedelta(days=1))


class Step(StrEnum):
    RECORD_DECISION = "record_decision"
    PUBLISH_INTENTION = "publish_intention"
    RECEIVE_REPRESENTATION = "receive_representation"
    RECORD_REVIEW = "record_review"
    AWARD_CONTRACT = "award_contract"
    PUBLISH_CONFIRMATION = "publish_confirmation"


@dataclass(frozen=True)
class PsrState:
    """Where a selection stands (plain facts, no database)."""

    process: Process
    decision_record_complete: bool = False
    intention_published_on: date | None = None
    representations: tuple[Representation, ...] = ()
    review: Review | None = None
    contract_awarded_on: date | None = None
    confirmation_published_on: date | None = None
    abandoned: bool = False


@dataclass(frozen=True)
class NextSteps:
    allowed: tuple[Step, ...]
    refused: Mapping[Step, str] = field(default_factory=dict)
    waiting_until: date | None = None

    def may(self, step: str) -> bool:
        return step in self.allowed

    def why_not(self, step: str) -> str | None:
        return self.refused.get(Step(step))


def _refuse(refused: dict, step: Step, reason: str) -> None:
    refused[step] = reason


def next_step(state: PsrState, today: date, table: PsrTable | None = None) -> NextSteps:
    """What may happen next in the selection today, and why each other step may not."""
    rule = process_rule(state.process, state.intention_published_on or today, table)
    allowed: list[Step] = []
    refused: dict[Step, str] = {}
    waiting = None
    if state.abandoned:
        for step in Step:
            _refuse(refused, step, "The process was abandoned")
        return NextSteps((), refused)
    if state.confirmation_published_on is not None:
        for step in Step:
            _refuse(
                refused, step, f"The award was confirmed on {spoken_date(state.confirmation_published_on)}"
            )
        return NextSteps((), refused)

    if not rule.standstill:
        for step in (Step.PUBLISH_INTENTION, Step.RECEIVE_REPRESENTATION, Step.RECORD_REVIEW):
            _refuse(
                refused, step, f"{rule.name} has no notice of intention and no standstill ({rule.citation})"
            )
        lock = None
    else:
        lock = decision_record_locked(state.intention_published_on, today)

    if lock:
        _refuse(refused, Step.RECORD_DECISION, lock.message)
    elif state.contract_awarded_on is not None:
        _refuse(
            refused,
            Step.RECORD_DECISION,
            f"The contract was awarded on {spoken_date(state.contract_awarded_on)}",
        )
    else:
        allowed.append(Step.RECORD_DECISION)

    if not state.decision_record_complete:
        reason = "The decision record against the five key criteria is not complete (regulation 24)"
        for step in (Step.PUBLISH_INTENTION, Step.AWARD_CONTRACT):
            refused.setdefault(step, reason)

    if rule.standstill:
        s = None
        if state.intention_published_on is None:
            if state.decision_record_complete:
                allowed.append(Step.PUBLISH_INTENTION)
            for step in (Step.RECEIVE_REPRESENTATION, Step.RECORD_REVIEW, Step.AWARD_CONTRACT):
                refused.setdefault(
                    step, "The notice of intention to award has not been published (regulation 12)"
                )
        else:
            s = psr_standstill(state.intention_published_on, state.representations, state.review, table)
            _refuse(
                refused,
                Step.PUBLISH_INTENTION,
                f"The notice of intention was published on {spoken_date(state.intention_published_on)}",
            )
            received = representation_allowed(today, s)
            if received.yes:
                allowed.append(Step.RECEIVE_REPRESENTATION)
            else:
                _refuse(refused, Step.RECEIVE_REPRESENTATION, received.sentence)
            if not s.valid_representations:
                _refuse(
                    refused, Step.RECORD_REVIEW, "No representation was received in the standstill period"
                )
            elif s.review is not None:
                _refuse(
                    refused,
                    Step.RECORD_REVIEW,
                    f"The further decision was recorded on {spoken_date(s.review.decided_on)}",
                )
            else:
                allowed.append(Step.RECORD_REVIEW)
            if state.contract_awarded_on is None and state.decision_record_complete:
                if s.review is not None and s.review.decision != ReviewDecision.PROCEED:
                    _refuse(refused, Step.AWARD_CONTRACT, after_representation(s.review, table).sentence)
                else:
                    start = contract_may_be_made_from(s)
                    if start is None:
                        names = ", ".join(r.provider for r in s.valid_representations)
                        _refuse(
                            refused,
                            Step.AWARD_CONTRACT,
                            f"The award is paused: the representation by {names} waits for the authority's "
                            "review (regulation 12(4))",
                        )
                    elif today < start:
                        waiting = start
                        if s.review is not None:
                            why = (
                                f"A further {s.further_days} working days run after the decision to proceed "
                                f"on {spoken_date(s.review.decided_on)}"
                            )
                        else:
                            why = f"The standstill period runs until the end of {spoken_date(s.ends_on)}"
                        _refuse(
                            refused,
                            Step.AWARD_CONTRACT,
                            f"{why}: the contract may be awarded from {spoken_date(start)}",
                        )
                    else:
                        allowed.append(Step.AWARD_CONTRACT)
    elif state.contract_awarded_on is None and state.decision_record_complete:
        allowed.append(Step.AWARD_CONTRACT)

    if state.contract_awarded_on is not None:
        _refuse(
            refused,
            Step.AWARD_CONTRACT,
            f"The contract was awarded on {spoken_date(state.contract_awarded_on)}",
        )
        allowed.append(Step.PUBLISH_CONFIRMATION)
    else:
        refused.setdefault(Step.AWARD_CONTRACT, "The contract cannot be awarded yet")
        _refuse(
            refused, Step.PUBLISH_CONFIRMATION, "The confirmation of award follows the award of the contract"
        )
    ordered = tuple(step for step in Step if step in allowed)
    return NextSteps(ordered, {k: v for k, v in refused.items() if k not in allowed}, waiting)


# --- Urgent award and modification --------------------------------------------------------------


@dataclass(frozen=True)
class UrgentFacts:
    must_be_made_urgently: bool = False
    urgency_unforeseeable_and_not_attributable: bool = False
    delay_risks_patient_or_public_safety: bool = False
    term_months: int | None = None


@dataclass(frozen=True)
class UrgentDecision:
    permitted: bool
    reasons: tuple[str, ...]
    advice: tuple[str, ...]
    notices: tuple[str, ...]
    standstill: bool = False


def urgent_award_permitted(facts: UrgentFacts, on: date, table: PsrTable | None = None) -> UrgentDecision:
    """Whether a contract may be awarded (or modified) urgently under regulation 14: no
    standstill, a notice after the award; every condition must hold."""
    rule = _in_force((table or _default_table()).urgent, on, "urgent award")
    met, unmet = [], []
    for condition in rule.conditions:
        value = bool(getattr(facts, condition.fact))
        (met if value == condition.expect else unmet).append(condition.sentence(value))
    advice = []
    if (
        rule.advised_max_term_months
        and facts.term_months
        and facts.term_months > rule.advised_max_term_months
    ):
        advice.append(
            f"A term of {facts.term_months} months is longer than the {rule.advised_max_term_months} months "
            "advised for an urgent award: keep it to what the urgency needs"
        )
    return UrgentDecision(not unmet, tuple(unmet or met), tuple(advice), rule.notices)


class ModificationGround(StrEnum):
    PROVIDED_FOR = "provided_for"
    PROVIDER_SUCCESSION = "provider_succession"
    EXTERNAL_FACTORS = "external_factors"
    AUTHORITY_DECISION = "authority_decision"


@dataclass(frozen=True)
class ModificationFacts:
    ground: str
    original_lifetime_value: Decimal
    cumulative_change: Decimal  # since the contract was entered into, this change included
    materially_different_in_character: bool = False
    successor_meets_basic_selection_criteria: bool = True


@dataclass(frozen=True)
class ModificationDecision:
    permitted: bool
    reasons: tuple[str, ...]
    notice_required: bool
    notices: tuple[str, ...]


def modification_permitted(
    facts: ModificationFacts, on: date, table: PsrTable | None = None
) -> ModificationDecision:
    """Whether a contract may be modified during its term without a new process (regulation 13)."""
    rule: ModificationRule = _in_force((table or _default_table()).modification, on, "modification rule")
    th = rule.thresholds
    try:
        ground = ModificationGround(facts.ground)
    except ValueError:
        grounds = ", ".join(ModificationGround)
        return ModificationDecision(
            False,
            (f"'{facts.ground}' is not a ground of regulation 13(1) (choose from {grounds})",),
            False,
            (),
        )
    label, cite = rule.grounds[ground]
    if not isinstance(facts.cumulative_change, Decimal) or not isinstance(
        facts.original_lifetime_value, Decimal
    ):
        raise TypeError("amounts of money must be Decimal")
    change = abs(facts.cumulative_change)
    share = None if facts.original_lifetime_value == 0 else change * 100 / facts.original_lifetime_value
    reasons: list[str] = []
    permitted = True
    if (
        ground == ModificationGround.PROVIDER_SUCCESSION
        and not facts.successor_meets_basic_selection_criteria
    ):
        permitted = False
        reasons.append(f"The succeeding provider does not meet the basic selection criteria ({cite})")
    if (
        ground in (ModificationGround.EXTERNAL_FACTORS, ModificationGround.AUTHORITY_DECISION)
        and facts.materially_different_in_character
    ):
        permitted = False
        reasons.append(f"The modification would make the contract materially different in character ({cite})")
    if ground == ModificationGround.AUTHORITY_DECISION:
        small_amount = change < th.amount
        small_share = share is not None and share < th.percentage
        size = f"The cumulative change in lifetime value is {_money(change)}"
        size += (
            f" ({_percent(share)} of {_money(facts.original_lifetime_value)})" if share is not None else ""
        )
        if small_amount or small_share:
            reasons.append(
                f"{size}: below {_money(th.amount)} or less than {_percent(th.percentage)} "
                f"({th.citation}(2)(b))"
            )
        else:
            permitted = False
            reasons.append(
                f"{size}: at least {_money(th.amount)} and at least {_percent(th.percentage)}, "
                f"so a new process is needed ({th.citation}(2)(b))"
            )
    if permitted:
        reasons.insert(0, f"{label} ({cite})")
    notice = (
        permitted
        and ground in (ModificationGround.EXTERNAL_FACTORS, ModificationGround.AUTHORITY_DECISION)
        and change >= rule.notice_amount
    )
    return ModificationDecision(permitted, tuple(reasons), notice, ("PSR_MODIFICATION",) if notice else ())


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
