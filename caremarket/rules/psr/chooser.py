"""Which Provider Selection Regime process is open: the considerable-change test (which
closes Direct Award Process C) and the process chooser, in the regulation's order."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from caremarket.rules.psr.table import (
    PROCESS_ORDER,
    Process,
    ProcessRule,
    PsrTable,
    _default_table,
    _in_force,
    _money,
    _percent,
    process_rule,
)

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
