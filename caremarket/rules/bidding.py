"""Sealed bids and clarification questions, decided against the competition's deadlines.

Every deadline has one boundary rule: an action is in time when `now < deadline`; at the
deadline itself, to the microsecond, it is too late. Services decide at write time, inside
the transaction, with the clock read then.

The seal: buyer-side people (buyers, evaluators, approvers, auditors, administrators) may
read or count bids only when `seal_refusal` returns None. A supplier always sees its own bid.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from caremarket.core.error_codes import ErrorCode
from caremarket.rules.competitions import (
    OPEN_FOR_BIDS,
    CompetitionFacts,
    CompetitionStatus,
    competition_status,
    format_moment,
    require_aware,
)
from caremarket.rules.lifecycle import Lifecycle
from caremarket.rules.refusals import Refusal

S = CompetitionStatus


class BidStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"
    INVALIDATED = "invalidated"


class BidAction(StrEnum):
    DRAFT = "draft"
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    RESUBMIT = "resubmit"


B = BidStatus
BID_LIFECYCLE = Lifecycle(
    "bid",
    {
        B.DRAFT: frozenset({B.DRAFT, B.SUBMITTED}),
        # A change to the requirement invalidates every submitted bid.
        B.SUBMITTED: frozenset({B.WITHDRAWN, B.INVALIDATED}),
        B.WITHDRAWN: frozenset({B.DRAFT, B.SUBMITTED}),
        B.INVALIDATED: frozenset({B.DRAFT, B.SUBMITTED}),
    },
)
# The status each action leaves the bid in, and the statuses it may start from (None: no bid yet).
ACTION_TARGET = {
    BidAction.DRAFT: B.DRAFT,
    BidAction.SUBMIT: B.SUBMITTED,
    BidAction.WITHDRAW: B.WITHDRAWN,
    BidAction.RESUBMIT: B.SUBMITTED,
}
ACTION_SOURCES: dict[BidAction, frozenset[BidStatus | None]] = {
    BidAction.DRAFT: frozenset({None, B.DRAFT, B.WITHDRAWN, B.INVALIDATED}),
    BidAction.SUBMIT: frozenset({B.DRAFT}),
    BidAction.WITHDRAW: frozenset({B.SUBMITTED}),
    BidAction.RESUBMIT: frozenset({B.WITHDRAWN, B.INVALIDATED}),
}
ACTION_VERBS = {
    BidAction.DRAFT: "drafted",
    BidAction.SUBMIT: "submitted",
    BidAction.WITHDRAW: "withdrawn",
    BidAction.RESUBMIT: "resubmitted",
}
WRONG_STATUS = {
    (BidAction.DRAFT, B.SUBMITTED): "The bid has been submitted: withdraw it before changing it",
    (BidAction.SUBMIT, None): "There is no draft bid to submit",
    (BidAction.SUBMIT, B.SUBMITTED): "The bid has already been submitted",
    (BidAction.SUBMIT, B.WITHDRAWN): "The bid was withdrawn: resubmit it",
    (BidAction.SUBMIT, B.INVALIDATED): "The bid was invalidated by a change to the requirement: resubmit it",
    (BidAction.WITHDRAW, None): "There is no submitted bid to withdraw",
    (BidAction.WITHDRAW, B.DRAFT): "Only a submitted bid can be withdrawn: this one is a draft",
    (BidAction.WITHDRAW, B.WITHDRAWN): "The bid has already been withdrawn",
    (BidAction.WITHDRAW, B.INVALIDATED): "Only a submitted bid can be withdrawn: this one was invalidated",
    (BidAction.RESUBMIT, None): "There is no withdrawn bid to resubmit",
    (BidAction.RESUBMIT, B.DRAFT): "A draft is submitted, not resubmitted",
    (BidAction.RESUBMIT, B.SUBMITTED): "The bid has already been submitted",
}


def bid_window_refusal(c: CompetitionFacts, now: datetime, what: str = "changed") -> Refusal | None:
    """Why no bid can be `what` now: bids are accepted while `now < submission deadline`."""
    status = competition_status(c, now)
    if status == S.DRAFT:
        return Refusal(
            ErrorCode.COMPETITION_NOT_OPEN, f"{c.reference} is not published yet: no bid can be {what}"
        )
    if status == S.CANCELLED:
        return Refusal(ErrorCode.COMPETITION_NOT_OPEN, f"{c.reference} was cancelled: no bid can be {what}")
    if status not in OPEN_FOR_BIDS:
        return Refusal(
            ErrorCode.BID_DEADLINE_PASSED,
            f"Bids for {c.reference} closed at {format_moment(c.submission_deadline)}: "
            f"no bid can be {what} at or after the deadline",
        )
    return None


def bid_action_refusal(
    c: CompetitionFacts,
    bid_status: str | None,
    action: str,
    now: datetime,
    *,
    invited: bool = True,
) -> Refusal | None:
    """Why a supplier cannot take `action` on its bid (None when it has none yet) now.

    Decide at write time, inside the transaction, with the clock read then: the deadline
    check is the last word. `invited` is False for a supplier outside a further
    competition's frozen invitation list (an open procedure invites every registered supplier).
    """
    action = BidAction(action)
    refusal = bid_window_refusal(c, now, ACTION_VERBS[action])
    if refusal:
        return refusal
    if not invited:
        return Refusal(ErrorCode.SUPPLIER_NOT_INVITED, f"Only the suppliers invited to {c.reference} can bid")
    status = None if bid_status is None else BidStatus(bid_status)
    if status not in ACTION_SOURCES[action]:
        return Refusal(ErrorCode.BID_ACTION_REFUSED, WRONG_STATUS[(action, status)])
    return None


def bid_status_after(action: str) -> BidStatus:
    return ACTION_TARGET[BidAction(action)]


# --- The seal -------------------------------------------------------------------------------


def seal_refusal(c: CompetitionFacts, now: datetime) -> Refusal | None:
    """Why nobody on the buyer side may read or count the bids now, or None when they may.

    The seal opens at the submission deadline of a published competition (`now >= deadline`)
    and never before; a competition cancelled before its deadline keeps its bids sealed for
    good. This is the one check behind releasing the per-competition key.
    """
    require_aware(now, "now")
    if c.published_at is None or c.submission_deadline is None or c.stage == S.DRAFT:
        return Refusal(ErrorCode.BIDS_SEALED, f"{c.reference} has not been published: it has no bids to open")
    if c.stage == S.CANCELLED and (c.cancelled_at is None or c.cancelled_at < c.submission_deadline):
        return Refusal(
            ErrorCode.BIDS_SEALED, f"{c.reference} was cancelled before its deadline: its bids stay sealed"
        )
    if now < c.submission_deadline:
        return Refusal(
            ErrorCode.BIDS_SEALED,
            f"Bids for {c.reference} are sealed until {format_moment(c.submission_deadline)}: "
            "nobody on the buyer side can read or count them before then",
        )
    return None


def bids_unsealed(c: CompetitionFacts, now: datetime) -> bool:
    return seal_refusal(c, now) is None


# --- Who may bid ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BidderFacts:
    """A person bidding for an organisation on a competition."""

    member_of_supplier: bool  # the person belongs to the organisation they bid for
    supplier_user: bool  # and holds its supplier user role
    is_supplier: bool  # the organisation is a supplier
    published: bool  # the competition has left its draft
    invited: bool  # the organisation is invited to it, or it is an open procedure


NOT_YOUR_ORGANISATION = "Bid on behalf of your own organisation"
MAY_NOT_TAKE_PART = "You do not have permission to take part"


def bidder_refusal(f: BidderFacts) -> str | None:
    """Why this person may not bid for this organisation on this competition, or None.

    The one answer to "who may bid": the `competitions.take_part` permission and every bid
    service ask it. The refusals past the first do not say which test failed, so that nobody
    learns from them that a draft exists or who was invited.
    """
    if not f.member_of_supplier:
        return NOT_YOUR_ORGANISATION
    if not (f.is_supplier and f.supplier_user and f.published and f.invited):
        return MAY_NOT_TAKE_PART
    return None


# --- Clarification questions ----------------------------------------------------------------


def question_refusal(c: CompetitionFacts, now: datetime, *, invited: bool = True) -> Refusal | None:
    """Why a supplier cannot ask a clarification question now (`now < clarification deadline`)."""
    status = competition_status(c, now)
    if status in (S.DRAFT, S.CANCELLED):
        state = "is not published yet" if status == S.DRAFT else "was cancelled"
        return Refusal(ErrorCode.COMPETITION_NOT_OPEN, f"{c.reference} {state}: no questions can be asked")
    if status != S.PUBLISHED:
        return Refusal(
            ErrorCode.CLARIFICATION_CLOSED,
            f"Clarification questions on {c.reference} closed at {format_moment(c.clarification_deadline)}",
        )
    if not invited:
        return Refusal(
            ErrorCode.SUPPLIER_NOT_INVITED,
            f"Only the suppliers invited to {c.reference} can ask questions",
        )
    return None


def answer_refusal(c: CompetitionFacts, now: datetime) -> Refusal | None:
    """Why the buyer cannot publish an answer now: answers are useful only before the
    submission deadline (a question left unanswered then needs a recorded reason)."""
    status = competition_status(c, now)
    if status in OPEN_FOR_BIDS:
        return None
    if status in (S.DRAFT, S.CANCELLED):
        state = "is not published yet" if status == S.DRAFT else "was cancelled"
        return Refusal(ErrorCode.COMPETITION_NOT_OPEN, f"{c.reference} {state}: no answers can be published")
    return Refusal(
        ErrorCode.BID_DEADLINE_PASSED,
        f"Bids for {c.reference} closed at {format_moment(c.submission_deadline)}: "
        "answers can no longer be published",
    )
