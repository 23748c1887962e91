"""Competitions: lifecycle, status from the clock, deadlines and the requirement changing.

A competition's stored *stage* moves by guarded transitions (draft, published, evaluation,
moderation, standstill, awarded, cancelled, unsuccessful). Its *status* is the stage seen
through the clock: a published competition whose clarification deadline has passed IS
clarification closed, and past its submission deadline it IS closed for bids. No job has
to run for either; nobody can move a competition there by hand.

The one boundary rule, for every deadline: an action is in time when `now < deadline`.
At the deadline itself, to the microsecond, it is too late.

Bids, the seal and clarification questions are in `rules/bidding.py`.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from caremarket.core.clock import local
from caremarket.core.error_codes import ErrorCode
from caremarket.rules.lifecycle import Lifecycle
from caremarket.rules.refusals import Refusal


class CompetitionStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLARIFICATION_CLOSED = "clarification_closed"
    CLOSED = "closed_for_bids"
    EVALUATION = "evaluation"
    MODERATION = "moderation"
    STANDSTILL = "standstill"
    AWARDED = "awarded"
    CANCELLED = "cancelled"
    UNSUCCESSFUL = "unsuccessful"


S = CompetitionStatus
STATUS_LABELS = {
    S.DRAFT: "draft",
    S.PUBLISHED: "published",
    S.CLARIFICATION_CLOSED: "clarification closed",
    S.CLOSED: "closed for bids",
    S.EVALUATION: "in evaluation",
    S.MODERATION: "in moderation",
    S.STANDSTILL: "in standstill",
    S.AWARDED: "awarded",
    S.CANCELLED: "cancelled",
    S.UNSUCCESSFUL: "unsuccessful",
}

COMPETITION_LIFECYCLE = Lifecycle(
    "competition",
    {
        S.DRAFT: frozenset({S.PUBLISHED, S.CANCELLED}),
        # The next two moves are made by the clock alone (see CLOCK_STATUSES).
        S.PUBLISHED: frozenset({S.CLARIFICATION_CLOSED, S.CLOSED, S.CANCELLED}),
        S.CLARIFICATION_CLOSED: frozenset({S.CLOSED, S.CANCELLED}),
        S.CLOSED: frozenset({S.EVALUATION, S.CANCELLED, S.UNSUCCESSFUL}),
        S.EVALUATION: frozenset({S.MODERATION, S.CANCELLED, S.UNSUCCESSFUL}),
        # Moderation may send scores back for evaluation; a challenge upheld in standstill too.
        S.MODERATION: frozenset({S.EVALUATION, S.STANDSTILL, S.CANCELLED, S.UNSUCCESSFUL}),
        S.STANDSTILL: frozenset({S.AWARDED, S.EVALUATION, S.CANCELLED}),
        S.AWARDED: frozenset(),
        S.CANCELLED: frozenset(),
        S.UNSUCCESSFUL: frozenset(),
    },
)
# Statuses the clock gives a published competition; they are never stored.
CLOCK_STATUSES = frozenset({S.CLARIFICATION_CLOSED, S.CLOSED})
STAGES = frozenset(COMPETITION_LIFECYCLE.statuses) - CLOCK_STATUSES
OPEN_FOR_BIDS = frozenset({S.PUBLISHED, S.CLARIFICATION_CLOSED})
# Statuses in which the reason for the move must be recorded.
REASON_REQUIRED = {
    S.CANCELLED: "Record why the competition is cancelled",
    S.UNSUCCESSFUL: "Record why the competition ends without an award",
}


@dataclass(frozen=True)
class DeadlinePolicy:
    """Configuration, not law: the defaults suit a further competition on a DPS."""

    # Least time from publication to the submission deadline.
    min_bidding_period: timedelta = timedelta(days=10)
    # Least time from a change to the requirement to the submission deadline.
    min_notice_after_change: timedelta = timedelta(days=5)


DEFAULT_POLICY = DeadlinePolicy()


@dataclass(frozen=True)
class CompetitionFacts:
    """What the rules need to know about a competition. Datetimes must be timezone-aware."""

    reference: str
    stage: str
    clarification_deadline: datetime | None = None
    submission_deadline: datetime | None = None
    published_at: datetime | None = None
    cancelled_at: datetime | None = None


def require_aware(moment: datetime | None, name: str) -> None:
    """Rules compare moments across time zones: a naive datetime is a programming error."""
    if moment is not None and (moment.tzinfo is None or moment.utcoffset() is None):
        raise ValueError(f"{name} must be timezone-aware")


def format_moment(moment: datetime | None) -> str:
    """A moment as England's clock shows it: "1 December 2026 at 12:00" (seconds if any)."""
    if moment is None:
        return "an unset time"
    shown = local(moment)
    fmt = "%-d %B %Y at %H:%M:%S" if shown.second or shown.microsecond else "%-d %B %Y at %H:%M"
    return shown.strftime(fmt)


def format_span(span: timedelta) -> str:
    """A period in days, hours and minutes: "10 days", "1 day 6 hours"."""
    minutes = int(span.total_seconds()) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    text = " ".join(f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n)
    return text or "no time"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def competition_status(c: CompetitionFacts, now: datetime) -> CompetitionStatus:
    """The status a person sees: the stored stage, with the clock applied to a published one."""
    require_aware(now, "now")
    stage = CompetitionStatus(c.stage)
    if stage != S.PUBLISHED:
        return stage
    if c.submission_deadline is not None and now >= c.submission_deadline:
        return S.CLOSED
    if c.clarification_deadline is not None and now >= c.clarification_deadline:
        return S.CLARIFICATION_CLOSED
    return S.PUBLISHED


# --- Deadlines ------------------------------------------------------------------------------


def _order_refusal(clarification: datetime, submission: datetime) -> Refusal | None:
    if clarification >= submission:
        return Refusal(
            ErrorCode.COMPETITION_DEADLINES_INVALID,
            f"The clarification deadline ({format_moment(clarification)}) must be before the "
            f"submission deadline ({format_moment(submission)})",
        )
    return None


def deadline_refusal(
    clarification_deadline: datetime | None,
    submission_deadline: datetime | None,
    published_at: datetime,
    policy: DeadlinePolicy = DEFAULT_POLICY,
) -> Refusal | None:
    """Why these deadlines cannot stand for a competition published at `published_at`."""
    for moment, name in (
        (clarification_deadline, "clarification_deadline"),
        (submission_deadline, "submission_deadline"),
        (published_at, "published_at"),
    ):
        require_aware(moment, name)
    if submission_deadline is None:
        return Refusal(ErrorCode.COMPETITION_DEADLINES_INVALID, "Set the submission deadline")
    if clarification_deadline is None:
        return Refusal(ErrorCode.COMPETITION_DEADLINES_INVALID, "Set the clarification deadline")
    refusal = _order_refusal(clarification_deadline, submission_deadline)
    if refusal:
        return refusal
    if clarification_deadline <= published_at:
        return Refusal(
            ErrorCode.COMPETITION_DEADLINES_INVALID,
            f"The clarification deadline ({format_moment(clarification_deadline)}) must be after "
            f"publication ({format_moment(published_at)})",
        )
    earliest = published_at + policy.min_bidding_period
    if submission_deadline < earliest:
        return Refusal(
            ErrorCode.COMPETITION_DEADLINE_TOO_SOON,
            f"The submission deadline must be at least {format_span(policy.min_bidding_period)} after "
            f"publication: the earliest allowed is {format_moment(earliest)}",
        )
    return None


def deadline_change_refusal(
    c: CompetitionFacts,
    clarification_deadline: datetime,
    submission_deadline: datetime,
    now: datetime,
) -> Refusal | None:
    """Why the deadlines cannot change to these now. A draft only needs them in order (they
    are checked in full at publication); once published, the submission deadline may only
    move later, and only before it has passed."""
    require_aware(clarification_deadline, "clarification_deadline")
    require_aware(submission_deadline, "submission_deadline")
    status = competition_status(c, now)
    if status == S.DRAFT:
        return _order_refusal(clarification_deadline, submission_deadline)
    if status not in OPEN_FOR_BIDS:
        return Refusal(
            ErrorCode.COMPETITION_DEADLINES_INVALID,
            f"The deadlines of {c.reference} cannot change: it is {STATUS_LABELS[status]}",
        )
    if c.submission_deadline is not None and submission_deadline < c.submission_deadline:
        return Refusal(
            ErrorCode.COMPETITION_DEADLINES_INVALID,
            "Once a competition is published its submission deadline can only move later "
            f"(it is {format_moment(c.submission_deadline)})",
        )
    if clarification_deadline != c.clarification_deadline and clarification_deadline <= now:
        return Refusal(
            ErrorCode.COMPETITION_DEADLINES_INVALID,
            "The clarification deadline cannot be moved into the past "
            f"({format_moment(clarification_deadline)})",
        )
    return _order_refusal(clarification_deadline, submission_deadline)


@dataclass(frozen=True)
class RequirementChange:
    """What follows from changing a competition's requirement: the deadline to store, and
    whether every submitted bid becomes invalidated (its supplier must submit again)."""

    earliest_deadline: datetime | None
    submission_deadline: datetime | None
    deadline_moved: bool
    invalidates_submitted_bids: bool


def earliest_deadline_after_change(now: datetime, policy: DeadlinePolicy = DEFAULT_POLICY) -> datetime:
    require_aware(now, "now")
    return now + policy.min_notice_after_change


def requirement_change_refusal(
    c: CompetitionFacts,
    now: datetime,
    policy: DeadlinePolicy = DEFAULT_POLICY,
    proposed_deadline: datetime | None = None,
) -> Refusal | None:
    """Why the requirement cannot change now (or not with `proposed_deadline`)."""
    require_aware(proposed_deadline, "proposed_deadline")
    status = competition_status(c, now)
    if status == S.DRAFT:
        return None
    if status not in OPEN_FOR_BIDS:
        return Refusal(
            ErrorCode.COMPETITION_REQUIREMENT_FIXED,
            f"The requirement of {c.reference} cannot change: it is {STATUS_LABELS[status]}",
        )
    if proposed_deadline is None:
        return None
    earliest = earliest_deadline_after_change(now, policy)
    if proposed_deadline < earliest:
        return Refusal(
            ErrorCode.COMPETITION_DEADLINE_TOO_SOON,
            f"After a change to the requirement the submission deadline must be at least "
            f"{format_span(policy.min_notice_after_change)} away: the earliest allowed is "
            f"{format_moment(earliest)}",
        )
    if c.submission_deadline is not None and proposed_deadline < c.submission_deadline:
        return Refusal(
            ErrorCode.COMPETITION_DEADLINES_INVALID,
            "Once a competition is published its submission deadline can only move later "
            f"(it is {format_moment(c.submission_deadline)})",
        )
    return None


def requirement_change(
    c: CompetitionFacts,
    now: datetime,
    policy: DeadlinePolicy = DEFAULT_POLICY,
    proposed_deadline: datetime | None = None,
) -> RequirementChange:
    """The consequences of changing the requirement now; raises `RuleViolation` if refused.
    Without a proposed deadline the current one stands unless it is too close, when it
    moves to the earliest allowed."""
    refusal = requirement_change_refusal(c, now, policy, proposed_deadline)
    if refusal:
        raise refusal.error(reference=c.reference)
    if competition_status(c, now) == S.DRAFT:
        deadline = proposed_deadline or c.submission_deadline
        return RequirementChange(None, deadline, deadline != c.submission_deadline, False)
    earliest = earliest_deadline_after_change(now, policy)
    current = c.submission_deadline
    deadline = proposed_deadline or (earliest if current is None or current < earliest else current)
    return RequirementChange(earliest, deadline, deadline != current, True)


# --- Transitions ----------------------------------------------------------------------------


def unanswered_questions_refusal(unanswered: int, reason: str = "") -> Refusal | None:
    """The competition cannot close (its bids cannot be opened for evaluation) while a
    clarification question is unanswered, unless the buyer records why."""
    if unanswered <= 0 or reason.strip():
        return None
    verb = "is" if unanswered == 1 else "are"
    return Refusal(
        ErrorCode.COMPETITION_QUESTIONS_UNANSWERED,
        f"{_plural(unanswered, 'clarification question')} {verb} unanswered: answer "
        f"{'it' if unanswered == 1 else 'them'} or record why the competition closes without an answer",
    )


def transition_refusal(
    c: CompetitionFacts,
    target: str,
    now: datetime,
    *,
    policy: DeadlinePolicy = DEFAULT_POLICY,
    unanswered_questions: int = 0,
    unanswered_reason: str = "",
    reason: str = "",
) -> Refusal | None:
    """Why the competition cannot move to `target` now, or None.

    Publishing checks the deadlines against `now`; starting evaluation checks unanswered
    questions; cancelling and ending unsuccessful need a `reason`. Moving from standstill to
    awarded also needs `standstill.contract_creation_refusal` to say yes.
    """
    current = competition_status(c, now)
    if target in CLOCK_STATUSES:
        return Refusal(
            ErrorCode.COMPETITION_TRANSITION_REFUSED,
            f"A competition becomes {STATUS_LABELS[S(target)]} by itself at its deadline: "
            "it cannot be moved there by hand",
        )
    message = COMPETITION_LIFECYCLE.refusal(current, target)
    if message:
        return Refusal(ErrorCode.COMPETITION_TRANSITION_REFUSED, message)
    target = S(target)
    if target == S.PUBLISHED:
        return deadline_refusal(c.clarification_deadline, c.submission_deadline, now, policy)
    if target == S.EVALUATION and current == S.CLOSED:
        return unanswered_questions_refusal(unanswered_questions, unanswered_reason)
    if target in REASON_REQUIRED and not reason.strip():
        return Refusal(ErrorCode.COMPETITION_REASON_REQUIRED, REASON_REQUIRED[target])
    return None
