from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caremarket.core.errors import RuleViolation
from caremarket.rules.agreements import AgreementFacts, LotFacts
from caremarket.rules.buying_clubs import (
    CLUB_LIFECYCLE,
    BaselineItem,
    Change,
    ClubFacts,
    ClubStatus,
    award_refusal,
    baseline_change_refusal,
    cancel_refusal,
    close_joining_refusal,
    club_status,
    join_refusal,
    launch_date_change_refusal,
    launch_problems,
    launch_refusal,
    open_refusal,
    order_refusal,
    requirements_submission_refusal,
)

F, OP, J, L, A, X = (
    ClubStatus.FORMING,
    ClubStatus.OPEN,
    ClubStatus.JOINING_CLOSED,
    ClubStatus.LAUNCHED,
    ClubStatus.AWARDED,
    ClubStatus.CANCELLED,
)
LAUNCH = date(2017, 12, 1)
DEADLINE = date(2017, 10, 20)  # 6 weeks before
BEFORE, ON, AFTER = date(2017, 10, 1), DEADLINE, date(2017, 10, 21)
CLUB = ClubFacts("South West", OP, LAUNCH, member_count=12, requirement_line_count=340)
LAUNCHED = replace(CLUB, stage=L, launched_on=LAUNCH)
RM3825 = AgreementFacts("RM3825", "dps", "live", date(2017, 10, 1), date(2021, 11, 30), lot_count=1)
RM1045 = AgreementFacts("RM1045", "framework", "closed_to_new_suppliers", date(2015, 8, 1), date(2019, 7, 31))


def message(refusal):
    return refusal.message if refusal else None


def code(refusal):
    return refusal.code if refusal else None


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (F, OP, True),
        (F, L, False),
        (F, X, True),
        (OP, J, True),
        (OP, L, False),
        (OP, X, True),
        (J, OP, True),
        (J, L, True),
        (J, X, True),
        (L, A, True),
        (L, X, True),
        (L, OP, False),
        (A, X, False),
        (A, L, False),
        (X, OP, False),
    ],
)
def test_lifecycle_table(current, target, allowed):
    assert CLUB_LIFECYCLE.can_move(current, target) is allowed


def test_lifecycle_refusal_has_the_club_code():
    with pytest.raises(RuleViolation) as raised:
        CLUB_LIFECYCLE.check(A, OP)
    assert raised.value.code == "buying_club.transition_refused"
    assert raised.value.message == "A buying club cannot move from awarded to open to members"


@pytest.mark.parametrize(
    ("club", "today", "status"),
    [
        (CLUB, BEFORE, OP),
        (CLUB, ON, OP),  # the deadline day itself is still open
        (CLUB, AFTER, J),  # past the deadline joining is closed, no job needed
        (replace(CLUB, notice=timedelta(weeks=4)), AFTER, OP),  # a club's own notice
        (replace(CLUB, notice=timedelta(days=10)), date(2017, 11, 21), OP),
        (replace(CLUB, notice=timedelta(days=10)), date(2017, 11, 22), J),
        (replace(CLUB, launch_on=None), AFTER, OP),  # no launch date: no deadline yet
        (LAUNCHED, AFTER, L),
        (replace(CLUB, stage=F), AFTER, F),
    ],
)
def test_status_is_the_stage_seen_through_the_calendar(club, today, status):
    assert club_status(club, today) == status


def test_join_deadline_is_launch_less_the_notice():
    assert CLUB.join_deadline == DEADLINE
    assert replace(CLUB, notice=timedelta(days=30)).join_deadline == date(2017, 11, 1)
    assert replace(CLUB, launch_on=None).join_deadline is None


# --- Joining --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("club", "today", "is_member", "expected_code", "expected"),
    [
        (CLUB, BEFORE, False, None, None),
        (CLUB, ON, False, None, None),
        (
            CLUB,
            AFTER,
            False,
            "buying_club.join_deadline_passed",
            "The deadline to join South West was 20 October 2017 "
            "(6 weeks before its launch on 1 December 2017)",
        ),
        (
            replace(CLUB, notice=timedelta(days=30)),
            date(2017, 11, 2),
            False,
            "buying_club.join_deadline_passed",
            "The deadline to join South West was 1 November 2017 "
            "(30 days before its launch on 1 December 2017)",
        ),
        (
            replace(CLUB, stage=J, launch_on=None),
            BEFORE,
            False,
            "buying_club.join_deadline_passed",
            "Joining South West has closed",
        ),
        (
            CLUB,
            BEFORE,
            True,
            "buying_club.already_member",
            "Riverside Surgery is already a member of South West",
        ),
        (
            replace(CLUB, stage=F),
            BEFORE,
            False,
            "buying_club.not_open",
            "The South West buying club is not open to members yet",
        ),
        (
            LAUNCHED,
            date(2017, 12, 2),
            False,
            "buying_club.baseline_frozen",
            "The South West baseline was frozen at launch on 1 December 2017: no new members can be added",
        ),
        (
            replace(CLUB, stage=X),
            BEFORE,
            False,
            "buying_club.not_open",
            "The South West buying club was cancelled",
        ),
    ],
)
def test_join_refusal(club, today, is_member, expected_code, expected):
    refusal = join_refusal(club, "Riverside Surgery", today, is_member=is_member)
    assert (code(refusal), message(refusal)) == (expected_code, expected)


def test_a_club_closed_early_reports_its_deadline_when_known():
    refusal = join_refusal(replace(CLUB, stage=J), "Riverside Surgery", AFTER)
    assert refusal.message.startswith("The deadline to join South West was 20 October 2017")


# --- The baseline ----------------------------------------------------------------------------------------

FROZEN = "The South West baseline was frozen at launch on 1 December 2017: "
LATE = "Requirements for South West were due by 20 October 2017: "


@pytest.mark.parametrize(
    ("club", "today", "item", "change", "expected"),
    [
        # Before the deadline, anything goes.
        (CLUB, BEFORE, BaselineItem.LEGAL_ENTITY, Change.ADD, None),
        (CLUB, BEFORE, BaselineItem.SITE, Change.CHANGE, None),
        (CLUB, BEFORE, BaselineItem.REQUIREMENT_LINE, Change.REMOVE, None),
        # Between the deadline and launch: only removals.
        (
            CLUB,
            AFTER,
            BaselineItem.MEMBER,
            Change.ADD,
            "The deadline to join South West was 20 October 2017 "
            "(6 weeks before its launch on 1 December 2017)",
        ),
        (CLUB, AFTER, BaselineItem.LEGAL_ENTITY, Change.ADD, LATE + "no legal entities can be added now"),
        (CLUB, AFTER, BaselineItem.SITE, Change.ADD, LATE + "no sites can be added now"),
        (
            CLUB,
            AFTER,
            BaselineItem.REQUIREMENT_LINE,
            Change.ADD,
            LATE + "no requirement lines can be added now",
        ),
        (
            CLUB,
            AFTER,
            BaselineItem.REQUIREMENT_LINE,
            Change.CHANGE,
            LATE + "no requirement lines can be changed now",
        ),
        (CLUB, AFTER, BaselineItem.SITE, Change.REMOVE, None),
        # From launch, nothing.
        (LAUNCHED, AFTER, BaselineItem.MEMBER, Change.ADD, FROZEN + "no new members can be added"),
        (
            LAUNCHED,
            AFTER,
            BaselineItem.LEGAL_ENTITY,
            Change.ADD,
            FROZEN + "no new legal entities can be added",
        ),
        (LAUNCHED, AFTER, BaselineItem.SITE, Change.ADD, FROZEN + "no new sites can be added"),
        (
            LAUNCHED,
            AFTER,
            BaselineItem.REQUIREMENT_LINE,
            Change.ADD,
            FROZEN + "no new requirement lines can be added",
        ),
        (
            LAUNCHED,
            AFTER,
            BaselineItem.REQUIREMENT_LINE,
            Change.CHANGE,
            FROZEN + "its requirement lines cannot be changed",
        ),
        (LAUNCHED, AFTER, BaselineItem.SITE, Change.REMOVE, FROZEN + "its sites cannot be removed"),
        (LAUNCHED, AFTER, BaselineItem.MEMBER, Change.REMOVE, FROZEN + "its members cannot be removed"),
        (
            replace(LAUNCHED, stage=A),
            AFTER,
            BaselineItem.SITE,
            Change.ADD,
            FROZEN + "no new sites can be added",
        ),
        (
            replace(LAUNCHED, launched_on=None),
            AFTER,
            BaselineItem.SITE,
            Change.ADD,
            "The South West baseline was frozen at launch: no new sites can be added",
        ),
        # Neither before opening nor after cancelling.
        (
            replace(CLUB, stage=F),
            BEFORE,
            BaselineItem.SITE,
            Change.ADD,
            "The South West buying club is not open to members yet",
        ),
        (
            replace(CLUB, stage=X),
            BEFORE,
            BaselineItem.SITE,
            Change.ADD,
            "The South West buying club was cancelled",
        ),
    ],
)
def test_baseline_changes(club, today, item, change, expected):
    assert message(baseline_change_refusal(club, item, today, change=change)) == expected


def test_baseline_codes():
    assert baseline_change_refusal(LAUNCHED, "site", AFTER).code == "buying_club.baseline_frozen"
    assert baseline_change_refusal(CLUB, "site", AFTER).code == "buying_club.requirements_late"


@pytest.mark.parametrize(
    ("club", "today", "is_member", "lines", "expected_code", "expected"),
    [
        (CLUB, BEFORE, True, 12, None, None),
        (CLUB, ON, True, 12, None, None),
        (
            CLUB,
            AFTER,
            True,
            12,
            "buying_club.requirements_late",
            "Requirements for South West were due by 20 October 2017: they can no longer be submitted",
        ),
        (CLUB, BEFORE, False, 12, "buying_club.not_member", "Join South West before submitting requirements"),
        (
            CLUB,
            BEFORE,
            True,
            0,
            "buying_club.requirements_empty",
            "Add at least one requirement line before submitting your requirements",
        ),
        (
            LAUNCHED,
            AFTER,
            True,
            12,
            "buying_club.baseline_frozen",
            FROZEN + "no new requirement lines can be added",
        ),
        (
            replace(CLUB, stage=F),
            BEFORE,
            True,
            1,
            "buying_club.not_open",
            "The South West buying club is not open to members yet",
        ),
        (
            replace(CLUB, stage=X),
            BEFORE,
            True,
            1,
            "buying_club.not_open",
            "The South West buying club was cancelled",
        ),
    ],
)
def test_requirements_submission(club, today, is_member, lines, expected_code, expected):
    refusal = requirements_submission_refusal(club, today, is_member=is_member, line_count=lines)
    assert (code(refusal), message(refusal)) == (expected_code, expected)


# --- Opening, launching, awarding, cancelling ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("club", "today", "expected"),
    [
        (replace(CLUB, stage=F), BEFORE, None),
        (
            replace(CLUB, stage=F, launch_on=None),
            BEFORE,
            "Set the launch date of South West before opening it to members",
        ),
        (
            replace(CLUB, stage=F),
            AFTER,
            "The joining deadline for South West (20 October 2017) has passed: "
            "move the launch date before opening it to members",
        ),
        (replace(CLUB, stage=J, launch_on=date(2018, 3, 1)), AFTER, None),  # reopened after a later launch
        (CLUB, BEFORE, "A buying club cannot move from open to members to open to members"),
        (LAUNCHED, AFTER, "A buying club cannot move from launched (baseline frozen) to open to members"),
    ],
)
def test_open_refusal(club, today, expected):
    assert message(open_refusal(club, today)) == expected


def test_close_joining_early():
    assert close_joining_refusal(CLUB, BEFORE) is None
    assert message(close_joining_refusal(replace(CLUB, stage=F), BEFORE)) == (
        "A buying club cannot move from forming to joining closed"
    )


NO_MEMBERS = "South West cannot launch with no members"
NO_LINES = "South West cannot launch with no requirement lines"


@pytest.mark.parametrize(
    ("club", "today", "kwargs", "expected"),
    [
        (CLUB, AFTER, {}, []),
        (replace(CLUB, stage=J), BEFORE, {}, []),  # joining closed early
        (CLUB, ON, {}, ["Joining South West is open until 20 October 2017: launch after joining closes"]),
        (replace(CLUB, member_count=0, requirement_line_count=0), AFTER, {}, [NO_MEMBERS, NO_LINES]),
        (replace(CLUB, requirement_line_count=0), AFTER, {}, [NO_LINES]),
        (
            CLUB,
            AFTER,
            {"members_without_requirements": ["Hilltop Practice"]},
            [
                "1 member has no requirement lines (Hilltop Practice): add their "
                "requirements or remove them before launch"
            ],
        ),
        (
            CLUB,
            AFTER,
            {"members_without_requirements": ["A", "B"]},
            [
                "2 members have no requirement lines (A, B): add their requirements "
                "or remove them before launch"
            ],
        ),
        (CLUB, AFTER, {"agreement": RM3825, "lot": LotFacts(1, frozenset({"further_competition"}))}, []),
        (
            CLUB,
            AFTER,
            {"agreement": RM1045},
            [
                "An aggregated procurement is a further competition on a dynamic purchasing system: "
                "RM1045 is a framework"
            ],
        ),
        (
            CLUB,
            AFTER,
            {"agreement": replace(RM3825, ends_on=date(2017, 10, 1))},
            ["RM3825 expired on 1 October 2017"],
        ),
        (
            CLUB,
            AFTER,
            {"agreement": replace(RM3825, starts_on=date(2017, 11, 1))},
            ["RM3825 starts on 1 November 2017: nothing can be bought before"],
        ),
        (
            CLUB,
            AFTER,
            {"agreement": RM3825, "lot": LotFacts(2, frozenset({"direct_award"}))},
            ["Further competition is not allowed on lot 2 of RM3825"],
        ),
        (
            replace(CLUB, stage=F),
            AFTER,
            {},
            ["A buying club cannot move from forming to launched (baseline frozen)"],
        ),
        (
            LAUNCHED,
            AFTER,
            {},
            ["A buying club cannot move from launched (baseline frozen) to launched (baseline frozen)"],
        ),
    ],
)
def test_launch_problems(club, today, kwargs, expected):
    problems = launch_problems(club, today, **kwargs)
    assert [p.message for p in problems] == expected
    first = launch_refusal(club, today, **kwargs)
    assert message(first) == (expected[0] if expected else None)


def test_launch_problem_codes():
    assert launch_refusal(replace(CLUB, member_count=0), AFTER).code == "buying_club.launch_refused"
    assert (
        launch_refusal(CLUB, AFTER, agreement=replace(RM3825, ends_on=date(2017, 10, 1))).code
        == "agreement.expired"
    )


@pytest.mark.parametrize(
    ("club", "winner", "expected"),
    [
        (LAUNCHED, "Supplier A Ltd", None),
        (LAUNCHED, "  ", "Name the supplier that won South West"),
        (CLUB, "Supplier A Ltd", "A buying club cannot move from joining closed to awarded"),
    ],
)
def test_award_refusal(club, winner, expected):
    assert message(award_refusal(club, AFTER, winner=winner)) == expected


@pytest.mark.parametrize(
    ("club", "reason", "expected"),
    [
        (CLUB, "No supplier bid", None),
        (LAUNCHED, "No compliant bids", None),
        (CLUB, "", "Give the reason for cancelling South West"),
        (replace(LAUNCHED, stage=A), "Too late", "A buying club cannot move from awarded to cancelled"),
        (replace(CLUB, stage=X), "Again", "A buying club cannot move from cancelled to cancelled"),
    ],
)
def test_cancel_refusal(club, reason, expected):
    assert message(cancel_refusal(club, AFTER, reason=reason)) == expected


@pytest.mark.parametrize(
    ("club", "new_launch", "expected"),
    [
        (CLUB, date(2018, 2, 1), None),
        (CLUB, date(2017, 9, 1), "The launch date of South West cannot be in the past (1 September 2017)"),
        (LAUNCHED, date(2018, 2, 1), "South West has launched: its launch date cannot change"),
        (replace(CLUB, stage=X), date(2018, 2, 1), "The South West buying club was cancelled"),
    ],
)
def test_launch_date_change_refusal(club, new_launch, expected):
    assert message(launch_date_change_refusal(club, new_launch, BEFORE)) == expected


# --- Ordering from the catalogue --------------------------------------------------------------------------

AT_LAUNCH = frozenset({"Riverside Surgery", "Devon CCG"})


@pytest.mark.parametrize(
    ("club", "organisation", "expected"),
    [
        (replace(LAUNCHED, stage=A), "Devon CCG", None),
        (
            replace(LAUNCHED, stage=A),
            "Hilltop Practice",
            "Hilltop Practice was not a member of South West when it launched: only the members included at "
            "launch may order from its catalogue",
        ),
        (LAUNCHED, "Devon CCG", "South West has not been awarded yet: there is no catalogue to order from"),
        (replace(CLUB, stage=X), "Devon CCG", "The South West buying club was cancelled"),
    ],
)
def test_only_members_at_launch_may_order(club, organisation, expected):
    refusal = order_refusal(club, organisation, members_at_launch=AT_LAUNCH)
    assert message(refusal) == expected
    if refusal and club.stage != X:
        assert refusal.code == "buying_club.not_entitled_to_order"


@given(
    launch=st.dates(date(2017, 1, 1), date(2040, 12, 31)),
    notice_days=st.integers(1, 200),
    offset=st.integers(-400, 400),
)
def test_joining_is_open_exactly_up_to_the_deadline(launch, notice_days, offset):
    club = ClubFacts(
        "Club", OP, launch, timedelta(days=notice_days), member_count=1, requirement_line_count=1
    )
    today = club.join_deadline + timedelta(days=offset)
    assert club.join_deadline < launch
    assert (join_refusal(club, "Org", today) is None) is (offset <= 0)
    assert (launch_refusal(club, today) is None) is (offset > 0)
