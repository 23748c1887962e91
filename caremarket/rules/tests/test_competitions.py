from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from caremarket.core.errors import RuleViolation
from caremarket.rules.competitions import (
    CLOCK_STATUSES,
    COMPETITION_LIFECYCLE,
    STAGES,
    CompetitionFacts,
    CompetitionStatus,
    DeadlinePolicy,
    competition_status,
    deadline_change_refusal,
    deadline_refusal,
    format_moment,
    format_span,
    requirement_change,
    requirement_change_refusal,
    transition_refusal,
    unanswered_questions_refusal,
)

S = CompetitionStatus
US = timedelta(microseconds=1)
PUBLISHED_AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
CLARIFY = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
LIVE = CompetitionFacts("CM-0042", "published", CLARIFY, DEADLINE, PUBLISHED_AT)
DRAFT = CompetitionFacts("CM-0042", "draft", CLARIFY, DEADLINE)
BEFORE = datetime(2026, 11, 10, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (S.DRAFT, S.PUBLISHED, True),
        (S.DRAFT, S.CANCELLED, True),
        (S.DRAFT, S.EVALUATION, False),
        (S.PUBLISHED, S.CLARIFICATION_CLOSED, True),
        (S.PUBLISHED, S.EVALUATION, False),
        (S.CLARIFICATION_CLOSED, S.CLOSED, True),
        (S.CLOSED, S.EVALUATION, True),
        (S.CLOSED, S.UNSUCCESSFUL, True),
        (S.EVALUATION, S.MODERATION, True),
        (S.EVALUATION, S.STANDSTILL, False),
        (S.MODERATION, S.EVALUATION, True),
        (S.MODERATION, S.STANDSTILL, True),
        (S.STANDSTILL, S.AWARDED, True),
        (S.STANDSTILL, S.EVALUATION, True),
        (S.STANDSTILL, S.UNSUCCESSFUL, False),
        (S.AWARDED, S.CANCELLED, False),
        (S.CANCELLED, S.PUBLISHED, False),
        (S.UNSUCCESSFUL, S.EVALUATION, False),
    ],
)
def test_lifecycle_table(current, target, allowed):
    assert COMPETITION_LIFECYCLE.can_move(current, target) is allowed


def test_all_ten_statuses_and_the_stored_stages():
    assert COMPETITION_LIFECYCLE.statuses == set(CompetitionStatus)
    assert len(CompetitionStatus) == 10
    assert set(STAGES) == set(CompetitionStatus) - {S.CLARIFICATION_CLOSED, S.CLOSED}


@pytest.mark.parametrize(
    ("facts", "now", "status"),
    [
        (DRAFT, DEADLINE + timedelta(days=30), S.DRAFT),  # a draft is a draft whatever the date
        (LIVE, BEFORE, S.PUBLISHED),
        (LIVE, CLARIFY - US, S.PUBLISHED),
        (LIVE, CLARIFY, S.CLARIFICATION_CLOSED),  # at the clarification deadline, it has passed
        (LIVE, DEADLINE - US, S.CLARIFICATION_CLOSED),
        (LIVE, DEADLINE, S.CLOSED),  # at the submission deadline, bids are closed
        (LIVE, DEADLINE + timedelta(days=400), S.CLOSED),
        (replace(LIVE, stage="evaluation"), BEFORE, S.EVALUATION),
        (replace(LIVE, stage="cancelled"), BEFORE, S.CANCELLED),
        (replace(LIVE, stage="awarded"), DEADLINE, S.AWARDED),
    ],
)
def test_status_follows_the_clock(facts, now, status):
    assert competition_status(facts, now) == status


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        competition_status(LIVE, datetime(2026, 11, 10, 10, 0))


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (DEADLINE, "27 November 2026 at 12:00"),
        (datetime(2026, 7, 1, 11, 0, tzinfo=UTC), "1 July 2026 at 12:00"),  # British Summer Time
        (datetime(2026, 11, 27, 12, 0, 30, tzinfo=UTC), "27 November 2026 at 12:00:30"),
        (None, "an unset time"),
    ],
)
def test_moments_are_shown_as_clocks_in_england_show_them(moment, text):
    assert format_moment(moment) == text


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(days=10), "10 days"),
        (timedelta(days=1, hours=6), "1 day 6 hours"),
        (timedelta(minutes=90), "1 hour 30 minutes"),
        (timedelta(0), "no time"),
    ],
)
def test_format_span(span, text):
    assert format_span(span) == text


# --- Deadlines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clarify", "deadline", "message"),
    [
        (CLARIFY, DEADLINE, None),
        (PUBLISHED_AT + US, PUBLISHED_AT + timedelta(days=10), None),  # exactly the minimum period
        (CLARIFY, None, "Set the submission deadline"),
        (None, DEADLINE, "Set the clarification deadline"),
        (
            DEADLINE,
            DEADLINE,
            "The clarification deadline (27 November 2026 at 12:00) must be before the submission "
            "deadline (27 November 2026 at 12:00)",
        ),
        (
            DEADLINE + timedelta(hours=1),
            DEADLINE,
            "The clarification deadline (27 November 2026 at 13:00) must be before the submission "
            "deadline (27 November 2026 at 12:00)",
        ),
        (
            PUBLISHED_AT,
            DEADLINE,
            "The clarification deadline (2 November 2026 at 09:00) must be after publication "
            "(2 November 2026 at 09:00)",
        ),
        (
            PUBLISHED_AT + timedelta(days=1),
            PUBLISHED_AT + timedelta(days=10) - US,
            "The submission deadline must be at least 10 days after publication: the earliest allowed "
            "is 12 November 2026 at 09:00",
        ),
    ],
)
def test_deadline_rules(clarify, deadline, message):
    refusal = deadline_refusal(clarify, deadline, PUBLISHED_AT)
    assert (refusal.message if refusal else None) == message


def test_minimum_bidding_period_is_configurable():
    policy = DeadlinePolicy(min_bidding_period=timedelta(days=26))
    refusal = deadline_refusal(CLARIFY, DEADLINE, PUBLISHED_AT, policy)
    assert refusal.code == "competition.deadline_too_soon"
    assert refusal.message.endswith(
        "26 days after publication: the earliest allowed is 28 November 2026 at 09:00"
    )
    assert deadline_refusal(CLARIFY, DEADLINE, PUBLISHED_AT, DeadlinePolicy(timedelta(days=2))) is None


@pytest.mark.parametrize(
    ("facts", "clarify", "deadline", "now", "message"),
    [
        (DRAFT, CLARIFY, DEADLINE + timedelta(days=7), BEFORE, None),
        (
            DRAFT,
            DEADLINE,
            CLARIFY,
            BEFORE,
            "The clarification deadline (27 November 2026 at 12:00) must be before the submission "
            "deadline (20 November 2026 at 17:00)",
        ),
        (LIVE, CLARIFY, DEADLINE + timedelta(days=7), BEFORE, None),
        (LIVE, CLARIFY + timedelta(days=3), DEADLINE, CLARIFY + timedelta(days=1), None),  # reopened
        (
            LIVE,
            CLARIFY,
            DEADLINE - timedelta(days=1),
            BEFORE,
            "Once a competition is published its submission deadline can only move later "
            "(it is 27 November 2026 at 12:00)",
        ),
        (
            LIVE,
            BEFORE - timedelta(hours=1),
            DEADLINE,
            BEFORE,
            "The clarification deadline cannot be moved into the past (10 November 2026 at 09:00)",
        ),
        (
            LIVE,
            CLARIFY,
            DEADLINE + timedelta(days=7),
            DEADLINE,
            "The deadlines of CM-0042 cannot change: it is closed for bids",
        ),
        (
            replace(LIVE, stage="evaluation"),
            CLARIFY,
            DEADLINE + timedelta(days=7),
            BEFORE,
            "The deadlines of CM-0042 cannot change: it is in evaluation",
        ),
    ],
)
def test_deadline_changes(facts, clarify, deadline, now, message):
    refusal = deadline_change_refusal(facts, clarify, deadline, now)
    assert (refusal.message if refusal else None) == message


# --- A change to the requirement ------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "proposed", "message"),
    [
        (BEFORE, None, None),
        (DEADLINE - timedelta(days=2), None, None),
        (BEFORE, DEADLINE + timedelta(days=1), None),
        (
            DEADLINE - timedelta(days=2),
            DEADLINE + timedelta(days=3) - timedelta(hours=1),
            "After a change to the requirement the submission deadline must be at least 5 days away: "
            "the earliest allowed is 30 November 2026 at 12:00",
        ),
        (
            BEFORE,
            DEADLINE - timedelta(days=1),
            "Once a competition is published its submission deadline can only move later "
            "(it is 27 November 2026 at 12:00)",
        ),
        (DEADLINE, None, "The requirement of CM-0042 cannot change: it is closed for bids"),
    ],
)
def test_requirement_change_refusals(now, proposed, message):
    refusal = requirement_change_refusal(LIVE, now, proposed_deadline=proposed)
    assert (refusal.message if refusal else None) == message


def test_a_change_well_before_the_deadline_keeps_it_and_invalidates_bids():
    change = requirement_change(LIVE, BEFORE)
    assert change.earliest_deadline == BEFORE + timedelta(days=5)
    assert change.submission_deadline == DEADLINE
    assert not change.deadline_moved
    assert change.invalidates_submitted_bids


@pytest.mark.parametrize(
    ("now", "earliest"),
    [
        (DEADLINE - timedelta(days=2), DEADLINE + timedelta(days=3)),
        (DEADLINE - timedelta(days=5) + US, DEADLINE + US),  # a microsecond too close: moved
    ],
)
def test_a_change_close_to_the_deadline_moves_it_to_the_earliest_allowed(now, earliest):
    change = requirement_change(LIVE, now)
    assert change.earliest_deadline == change.submission_deadline == earliest
    assert change.deadline_moved
    assert change.invalidates_submitted_bids


def test_the_minimum_notice_after_a_change_is_configurable():
    now = DEADLINE - timedelta(days=2)
    change = requirement_change(LIVE, now, DeadlinePolicy(min_notice_after_change=timedelta(days=1)))
    assert change.submission_deadline == DEADLINE
    assert not change.deadline_moved


def test_a_buyer_may_choose_a_later_deadline_after_a_change():
    later = DEADLINE + timedelta(days=14)
    change = requirement_change(LIVE, DEADLINE - timedelta(days=2), proposed_deadline=later)
    assert change.submission_deadline == later
    assert change.deadline_moved


def test_a_draft_changes_freely():
    change = requirement_change(DRAFT, BEFORE)
    assert change == type(change)(None, DEADLINE, False, False)


def test_a_closed_competition_refuses_a_change_with_a_stable_code():
    with pytest.raises(RuleViolation) as raised:
        requirement_change(LIVE, DEADLINE)
    assert raised.value.code == "competition.requirement_fixed"


# --- Transitions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "target", "now", "kwargs", "code", "message"),
    [
        (DRAFT, S.PUBLISHED, PUBLISHED_AT, {}, None, None),
        (
            DRAFT,
            S.PUBLISHED,
            DEADLINE - timedelta(days=9),
            {},
            "competition.deadline_too_soon",
            "The submission deadline must be at least 10 days after publication: the earliest allowed "
            "is 28 November 2026 at 12:00",
        ),
        (
            replace(DRAFT, clarification_deadline=None),
            S.PUBLISHED,
            PUBLISHED_AT,
            {},
            "competition.deadlines_invalid",
            "Set the clarification deadline",
        ),
        (
            LIVE,
            S.CLOSED,
            BEFORE,
            {},
            "competition.transition_refused",
            "A competition becomes closed for bids by itself at its deadline: it cannot be moved "
            "there by hand",
        ),
        (
            LIVE,
            S.CLARIFICATION_CLOSED,
            BEFORE,
            {},
            "competition.transition_refused",
            "A competition becomes clarification closed by itself at its deadline: it cannot be moved "
            "there by hand",
        ),
        (
            LIVE,
            S.EVALUATION,
            DEADLINE - US,
            {},
            "competition.transition_refused",
            "A competition cannot move from clarification closed to evaluation",
        ),
        (LIVE, S.EVALUATION, DEADLINE, {}, None, None),
        (
            LIVE,
            S.EVALUATION,
            DEADLINE,
            {"unanswered_questions": 1},
            "competition.questions_unanswered",
            "1 clarification question is unanswered: answer it or record why the competition closes "
            "without an answer",
        ),
        (
            LIVE,
            S.EVALUATION,
            DEADLINE,
            {"unanswered_questions": 3, "unanswered_reason": "   "},
            "competition.questions_unanswered",
            "3 clarification questions are unanswered: answer them or record why the competition closes "
            "without an answer",
        ),
        (
            LIVE,
            S.EVALUATION,
            DEADLINE,
            {"unanswered_questions": 3, "unanswered_reason": "Duplicates of questions already answered"},
            None,
            None,
        ),
        (
            LIVE,
            S.CANCELLED,
            BEFORE,
            {},
            "competition.reason_required",
            "Record why the competition is cancelled",
        ),
        (LIVE, S.CANCELLED, BEFORE, {"reason": "Budget withdrawn"}, None, None),
        (
            replace(LIVE, stage="evaluation"),
            S.UNSUCCESSFUL,
            DEADLINE,
            {},
            "competition.reason_required",
            "Record why the competition ends without an award",
        ),
        (
            replace(LIVE, stage="awarded"),
            S.CANCELLED,
            DEADLINE,
            {"reason": "x"},
            "competition.transition_refused",
            "A competition cannot move from awarded to cancelled",
        ),
        (
            LIVE,
            "paused",
            BEFORE,
            {},
            "competition.transition_refused",
            "competition: unknown status 'paused'",
        ),
        (replace(LIVE, stage="moderation"), S.STANDSTILL, DEADLINE, {}, None, None),
    ],
)
def test_transitions(facts, target, now, kwargs, code, message):
    refusal = transition_refusal(facts, target, now, **kwargs)
    assert (refusal.code if refusal else None) == code
    assert (refusal.message if refusal else None) == message


def test_clock_statuses_are_never_stored():
    assert CLOCK_STATUSES.isdisjoint(STAGES)


@pytest.mark.parametrize(
    ("count", "reason", "refused"),
    [(0, "", False), (1, "", True), (1, "Asked after the answer was published", False), (2, "\n", True)],
)
def test_unanswered_questions(count, reason, refused):
    assert (unanswered_questions_refusal(count, reason) is not None) is refused
