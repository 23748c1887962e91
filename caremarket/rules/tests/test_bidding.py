from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from caremarket.rules.bidding import (
    BID_LIFECYCLE,
    MAY_NOT_TAKE_PART,
    NOT_YOUR_ORGANISATION,
    BidAction,
    BidderFacts,
    BidStatus,
    answer_refusal,
    bid_action_refusal,
    bid_status_after,
    bidder_refusal,
    bids_unsealed,
    question_refusal,
    seal_refusal,
)
from caremarket.rules.competitions import CompetitionFacts

US = timedelta(microseconds=1)
PUBLISHED_AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
CLARIFY = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
LIVE = CompetitionFacts("CM-0042", "published", CLARIFY, DEADLINE, PUBLISHED_AT)
DRAFT = CompetitionFacts("CM-0042", "draft", CLARIFY, DEADLINE)
BEFORE = datetime(2026, 11, 10, 10, 0, tzinfo=UTC)
A, D, W, R = BidAction.DRAFT, BidAction.SUBMIT, BidAction.WITHDRAW, BidAction.RESUBMIT
CLOSED = "Bids for CM-0042 closed at 27 November 2026 at 12:00: no bid can be {} at or after the deadline"


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("draft", "submitted", True),
        ("draft", "withdrawn", False),
        ("submitted", "withdrawn", True),
        ("submitted", "invalidated", True),
        ("submitted", "draft", False),
        ("withdrawn", "submitted", True),
        ("invalidated", "submitted", True),
        ("invalidated", "withdrawn", False),
    ],
)
def test_bid_lifecycle(current, target, allowed):
    assert BID_LIFECYCLE.can_move(current, target) is allowed


@pytest.mark.parametrize(
    ("action", "status"),
    [(A, BidStatus.DRAFT), (D, BidStatus.SUBMITTED), (W, BidStatus.WITHDRAWN), (R, BidStatus.SUBMITTED)],
)
def test_each_action_leaves_the_bid_in_a_status(action, status):
    assert bid_status_after(action) == status


# The deadline is exclusive: a microsecond before it is in time, the deadline itself is not.
@pytest.mark.parametrize("action", list(BidAction))
@pytest.mark.parametrize(
    ("now", "in_time"),
    [
        (BEFORE, True),
        (CLARIFY, True),  # clarifications have closed, bids have not
        (DEADLINE - US, True),
        (DEADLINE, False),
        (DEADLINE + US, False),
        (DEADLINE + timedelta(days=3), False),
    ],
)
def test_nothing_is_accepted_at_or_after_the_deadline(action, now, in_time):
    status = {A: None, D: "draft", W: "submitted", R: "withdrawn"}[action]
    refusal = bid_action_refusal(LIVE, status, action, now)
    if in_time:
        assert refusal is None
    else:
        verb = {A: "drafted", D: "submitted", W: "withdrawn", R: "resubmitted"}[action]
        assert refusal.code == "bid.deadline_passed"
        assert refusal.message == CLOSED.format(verb)


@pytest.mark.parametrize(
    ("action", "status", "message"),
    [
        (A, None, None),
        (A, "draft", None),
        (A, "withdrawn", None),
        (A, "invalidated", None),
        (A, "submitted", "The bid has been submitted: withdraw it before changing it"),
        (D, "draft", None),
        (D, None, "There is no draft bid to submit"),
        (D, "submitted", "The bid has already been submitted"),
        (D, "withdrawn", "The bid was withdrawn: resubmit it"),
        (D, "invalidated", "The bid was invalidated by a change to the requirement: resubmit it"),
        (W, "submitted", None),
        (W, None, "There is no submitted bid to withdraw"),
        (W, "draft", "Only a submitted bid can be withdrawn: this one is a draft"),
        (W, "withdrawn", "The bid has already been withdrawn"),
        (W, "invalidated", "Only a submitted bid can be withdrawn: this one was invalidated"),
        (R, "withdrawn", None),
        (R, "invalidated", None),
        (R, None, "There is no withdrawn bid to resubmit"),
        (R, "draft", "A draft is submitted, not resubmitted"),
        (R, "submitted", "The bid has already been submitted"),
    ],
)
def test_bid_actions_follow_the_bid(action, status, message):
    refusal = bid_action_refusal(LIVE, status, action, BEFORE)
    assert (refusal.message if refusal else None) == message
    if refusal:
        assert refusal.code == "bid.action_refused"


@pytest.mark.parametrize(
    ("facts", "invited", "code", "message"),
    [
        (DRAFT, True, "competition.not_open", "CM-0042 is not published yet: no bid can be submitted"),
        (
            replace(LIVE, stage="cancelled", cancelled_at=BEFORE),
            True,
            "competition.not_open",
            "CM-0042 was cancelled: no bid can be submitted",
        ),
        (
            replace(LIVE, stage="evaluation"),
            True,
            "bid.deadline_passed",
            CLOSED.format("submitted"),
        ),
        (LIVE, False, "competition.supplier_not_invited", "Only the suppliers invited to CM-0042 can bid"),
    ],
)
def test_bids_need_an_open_competition_and_an_invitation(facts, invited, code, message):
    refusal = bid_action_refusal(facts, "draft", D, BEFORE, invited=invited)
    assert (refusal.code, refusal.message) == (code, message)


def test_an_extended_deadline_reopens_the_window():
    extended = replace(LIVE, submission_deadline=DEADLINE + timedelta(days=7))
    assert bid_action_refusal(extended, "draft", D, DEADLINE) is None


# --- The seal -------------------------------------------------------------------------------


# Every case of the seal: (competition facts, moment, refusal message or None when open). The
# query form of the rule (`competitions.sealed_audit`) is tested against this same table.
SEAL_CASES = [
    (
        LIVE,
        BEFORE,
        "Bids for CM-0042 are sealed until 27 November 2026 at 12:00: nobody on the buyer side can "
        "read or count them before then",
    ),
    (
        LIVE,
        DEADLINE - US,
        "Bids for CM-0042 are sealed until 27 November 2026 at 12:00: nobody on the buyer side can "
        "read or count them before then",
    ),
    (LIVE, DEADLINE, None),
    (LIVE, DEADLINE + timedelta(days=30), None),
    (replace(LIVE, stage="evaluation"), DEADLINE, None),
    (replace(LIVE, stage="awarded"), DEADLINE + timedelta(days=60), None),
    (
        replace(LIVE, stage="evaluation"),
        DEADLINE - US,  # a stage stored early does not open the seal: only the clock does
        "Bids for CM-0042 are sealed until 27 November 2026 at 12:00: nobody on the buyer side can "
        "read or count them before then",
    ),
    (DRAFT, DEADLINE + timedelta(days=1), "CM-0042 has not been published: it has no bids to open"),
    (
        replace(LIVE, stage="cancelled", cancelled_at=DEADLINE - US),
        DEADLINE + timedelta(days=1),
        "CM-0042 was cancelled before its deadline: its bids stay sealed",
    ),
    (
        replace(LIVE, stage="cancelled", cancelled_at=None),
        DEADLINE + timedelta(days=1),
        "CM-0042 was cancelled before its deadline: its bids stay sealed",
    ),
    (replace(LIVE, stage="cancelled", cancelled_at=DEADLINE), DEADLINE + timedelta(days=1), None),
]


@pytest.mark.parametrize(("facts", "now", "message"), SEAL_CASES)
def test_the_seal(facts, now, message):
    refusal = seal_refusal(facts, now)
    assert (refusal.message if refusal else None) == message
    assert bids_unsealed(facts, now) is (message is None)
    if refusal:
        assert refusal.code == "bid.sealed"


def test_a_deadline_extended_before_it_passed_keeps_the_seal():
    extended = replace(LIVE, submission_deadline=DEADLINE + timedelta(days=7))
    assert not bids_unsealed(extended, DEADLINE)
    assert bids_unsealed(extended, DEADLINE + timedelta(days=7))


def test_the_seal_needs_an_aware_clock():
    with pytest.raises(ValueError, match="timezone-aware"):
        seal_refusal(LIVE, datetime(2026, 12, 1))


# --- Clarification questions ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "now", "invited", "code", "message"),
    [
        (LIVE, BEFORE, True, None, None),
        (LIVE, CLARIFY - US, True, None, None),
        (
            LIVE,
            CLARIFY,
            True,
            "clarification.closed",
            "Clarification questions on CM-0042 closed at 20 November 2026 at 17:00",
        ),
        (
            LIVE,
            DEADLINE + US,
            True,
            "clarification.closed",
            "Clarification questions on CM-0042 closed at 20 November 2026 at 17:00",
        ),
        (
            DRAFT,
            BEFORE,
            True,
            "competition.not_open",
            "CM-0042 is not published yet: no questions can be asked",
        ),
        (
            replace(LIVE, stage="cancelled"),
            BEFORE,
            True,
            "competition.not_open",
            "CM-0042 was cancelled: no questions can be asked",
        ),
        (
            LIVE,
            BEFORE,
            False,
            "competition.supplier_not_invited",
            "Only the suppliers invited to CM-0042 can ask questions",
        ),
    ],
)
def test_questions_until_the_clarification_deadline(facts, now, invited, code, message):
    refusal = question_refusal(facts, now, invited=invited)
    assert (refusal.code if refusal else None) == code
    assert (refusal.message if refusal else None) == message


@pytest.mark.parametrize(
    ("facts", "now", "message"),
    [
        (LIVE, BEFORE, None),
        (LIVE, CLARIFY, None),  # a question asked in time is still answered after it
        (LIVE, DEADLINE - US, None),
        (
            LIVE,
            DEADLINE,
            "Bids for CM-0042 closed at 27 November 2026 at 12:00: answers can no longer be published",
        ),
        (DRAFT, BEFORE, "CM-0042 is not published yet: no answers can be published"),
        (replace(LIVE, stage="cancelled"), BEFORE, "CM-0042 was cancelled: no answers can be published"),
    ],
)
def test_answers_until_the_submission_deadline(facts, now, message):
    refusal = answer_refusal(facts, now)
    assert (refusal.message if refusal else None) == message


# --- Who may bid ----------------------------------------------------------------------------

BIDDER = BidderFacts(
    member_of_supplier=True, supplier_user=True, is_supplier=True, published=True, invited=True
)


@pytest.mark.parametrize(
    ("facts", "refusal"),
    [
        (BIDDER, None),
        (replace(BIDDER, member_of_supplier=False), NOT_YOUR_ORGANISATION),
        (replace(BIDDER, member_of_supplier=False, invited=False), NOT_YOUR_ORGANISATION),
        (replace(BIDDER, supplier_user=False), MAY_NOT_TAKE_PART),
        (replace(BIDDER, is_supplier=False), MAY_NOT_TAKE_PART),
        (replace(BIDDER, published=False), MAY_NOT_TAKE_PART),
        (replace(BIDDER, invited=False), MAY_NOT_TAKE_PART),
        (replace(BIDDER, published=False, invited=False, supplier_user=False), MAY_NOT_TAKE_PART),
    ],
)
def test_who_may_bid(facts, refusal):
    assert bidder_refusal(facts) == refusal
