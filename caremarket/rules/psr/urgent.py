"""Urgent awards (regulation 14) and modifications during a contract's term (regulation 13)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from caremarket.rules.psr.table import ModificationRule, PsrTable, _default_table, _in_force, _money, _percent

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
