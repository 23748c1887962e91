"""Standstill: the pause between the award decision and the contract, and challenges in it.

The standstill period ends a number of working days (England and Wales bank holidays)
after the award decision: 8 under the Procurement Act 2023 and under the Provider Selection
Regime, configurable per regime. It runs to the end of its last day (a date in England);
the contract can be created from the next day. A bidder's challenge recorded during the
standstill pauses the award until the buyer records its outcome; an upheld challenge stops
it for good (the competition goes back to evaluation, or is cancelled).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from caremarket.core.error_codes import ErrorCode
from caremarket.rules.dates import add_working_days
from caremarket.rules.refusals import Refusal


class Regime(StrEnum):
    PROCUREMENT_ACT_2023 = "procurement_act_2023"
    PROVIDER_SELECTION_REGIME = "provider_selection_regime"


REGIME_LABELS = {
    Regime.PROCUREMENT_ACT_2023: "Procurement Act 2023",
    Regime.PROVIDER_SELECTION_REGIME: "Provider Selection Regime",
}
# Configuration with these defaults: pass `overrides` to change a regime's length.
STANDSTILL_WORKING_DAYS: Mapping[str, int] = {
    Regime.PROCUREMENT_ACT_2023: 8,
    Regime.PROVIDER_SELECTION_REGIME: 8,
}


class ChallengeOutcome(StrEnum):
    DISMISSED = "dismissed"
    WITHDRAWN = "withdrawn"
    UPHELD = "upheld"


def standstill_days(regime: str, overrides: Mapping[str, int] | None = None) -> int:
    """The length of standstill, in working days, for `regime`."""
    table = {**STANDSTILL_WORKING_DAYS, **(overrides or {})}
    if regime not in table:
        raise ValueError(f"'{regime}' is not a procurement regime with a standstill period")
    days = table[regime]
    if days < 0:
        raise ValueError("a standstill period cannot be negative")
    return days


def standstill_ends_on(decided_on: date, days: int) -> date:
    """The last day of standstill: `days` working days after the award decision."""
    return add_working_days(decided_on, days)


@dataclass(frozen=True)
class Challenge:
    bidder: str
    recorded_on: date
    outcome: str | None = None
    outcome_on: date | None = None


@dataclass(frozen=True)
class Standstill:
    decided_on: date
    days: int = 8
    challenges: tuple[Challenge, ...] = ()

    @property
    def ends_on(self) -> date:
        return standstill_ends_on(self.decided_on, self.days)

    @property
    def contract_allowed_from(self) -> date:
        return self.ends_on + timedelta(days=1)

    @property
    def open_challenges(self) -> tuple[Challenge, ...]:
        return tuple(c for c in self.challenges if c.outcome is None)

    @property
    def paused(self) -> bool:
        """A challenge without an outcome pauses the award."""
        return bool(self.open_challenges)

    @property
    def upheld_challenges(self) -> tuple[Challenge, ...]:
        return tuple(c for c in self.challenges if c.outcome == ChallengeOutcome.UPHELD)


def standstill_for(
    decided_on: date,
    regime: str,
    challenges: tuple[Challenge, ...] = (),
    overrides: Mapping[str, int] | None = None,
) -> Standstill:
    return Standstill(decided_on, standstill_days(regime, overrides), challenges)


def _day(day: date) -> str:
    return day.strftime("%-d %B %Y")


def in_standstill(s: Standstill, today: date) -> bool:
    return s.decided_on <= today <= s.ends_on


def challenge_refusal(s: Standstill, today: date) -> Refusal | None:
    """Why a bidder's challenge cannot be recorded (to pause the award) today."""
    if today < s.decided_on:
        return Refusal(
            ErrorCode.CHALLENGE_OUTSIDE_STANDSTILL,
            f"The award was decided on {_day(s.decided_on)}: a challenge cannot be recorded before it",
        )
    if today > s.ends_on:
        return Refusal(
            ErrorCode.CHALLENGE_OUTSIDE_STANDSTILL,
            f"The standstill period ended on {_day(s.ends_on)}: "
            "a challenge recorded now does not pause the award",
        )
    return None


def outcome_refusal(challenge: Challenge, outcome: str, today: date) -> Refusal | None:
    """Why the buyer cannot record `outcome` for `challenge` today."""
    if outcome not in set(ChallengeOutcome):
        choices = ", ".join(ChallengeOutcome)
        return Refusal(
            ErrorCode.VALIDATION_FAILED, f"'{outcome}' is not a challenge outcome (choose from {choices})"
        )
    if challenge.outcome is not None:
        return Refusal(
            ErrorCode.CHALLENGE_OUTCOME_RECORDED,
            f"The challenge by {challenge.bidder} was already {challenge.outcome}"
            + (f" on {_day(challenge.outcome_on)}" if challenge.outcome_on else ""),
        )
    if today < challenge.recorded_on:
        return Refusal(
            ErrorCode.VALIDATION_FAILED,
            f"The outcome cannot be dated before the challenge was recorded ({_day(challenge.recorded_on)})",
        )
    return None


def contract_creation_refusal(s: Standstill, today: date) -> Refusal | None:
    """Why the contract cannot be created (nor the award confirmed) today, or None.

    Refused while standstill runs (up to and including `ends_on`), while any challenge has no
    outcome, and for good once a challenge is upheld.
    """
    if today < s.decided_on:
        return Refusal(
            ErrorCode.STANDSTILL_IN_FORCE,
            f"The award was decided on {_day(s.decided_on)}: the contract cannot be created before it",
        )
    if today <= s.ends_on:
        return Refusal(
            ErrorCode.STANDSTILL_IN_FORCE,
            f"The standstill period runs until the end of {_day(s.ends_on)}: "
            f"the contract can be created from {_day(s.contract_allowed_from)}",
        )
    upheld = s.upheld_challenges
    if upheld:
        first = upheld[0]
        when = f" on {_day(first.outcome_on)}" if first.outcome_on else ""
        return Refusal(
            ErrorCode.CHALLENGE_UPHELD,
            f"The challenge by {first.bidder} was upheld{when}: the award cannot go ahead; "
            "evaluate again or cancel the competition",
        )
    waiting = s.open_challenges
    if waiting:
        names = ", ".join(c.bidder for c in waiting)
        noun = "a challenge" if len(waiting) == 1 else f"{len(waiting)} challenges"
        return Refusal(
            ErrorCode.AWARD_CHALLENGED,
            f"The award is paused: {noun} ({names}) recorded during standstill "
            f"{'has' if len(waiting) == 1 else 'have'} no outcome yet",
        )
    return None
