"""The standstill, the representations and the authority's review of them, and what may
happen next in a selection (regulation 12, 15)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from caremarket.rules import standstill as general_standstill
from caremarket.rules.dates import add_working_days, spoken_date
from caremarket.rules.psr.chooser import Decision
from caremarket.rules.psr.decision import decision_record_locked
from caremarket.rules.psr.table import (
    Process,
    PsrTable,
    process_rule,
    standstill_rule,
)

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
