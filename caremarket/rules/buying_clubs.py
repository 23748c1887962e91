"""Buying clubs: a central body groups organisations into a club and runs one further
competition on a dynamic purchasing system for all of them (an aggregated procurement).

The rules, each with the refusal it gives:

- An organisation joins, and submits its requirements, **no later than the joining
  deadline**: the launch less the club's notice (6 weeks by default, configurable per club
  in weeks or days). The deadline day itself is on time.
- The **baseline is frozen at launch**: no new members, legal entities, sites or
  requirement lines afterwards, and none may be changed or removed.
- A club **cannot launch** before joining closes, with no members, with no requirement
  lines, with a member that has no requirements, or on an agreement that cannot take a
  further competition today.
- After award, **only the members included at launch** may order from the catalogue.

A club's stored *stage* moves through `CLUB_LIFECYCLE`; its *status* is the stage seen
through the calendar: a club open to members is *joining closed* once its deadline passes.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from caremarket.core.error_codes import ErrorCode
from caremarket.rules.agreements import AgreementFacts, AgreementKind, LotFacts, Procedure, call_off_refusal
from caremarket.rules.club_timetable import join_deadline, notice_label
from caremarket.rules.dates import spoken_date
from caremarket.rules.lifecycle import Lifecycle
from caremarket.rules.milestones import DEFAULT_JOIN_NOTICE
from caremarket.rules.refusals import Refusal


class ClubStatus(StrEnum):
    FORMING = "forming"
    OPEN = "open_to_members"
    JOINING_CLOSED = "joining_closed"
    LAUNCHED = "launched"
    AWARDED = "awarded"
    CANCELLED = "cancelled"


CLUB_STATUS_LABELS = {
    ClubStatus.FORMING: "forming",
    ClubStatus.OPEN: "open to members",
    ClubStatus.JOINING_CLOSED: "joining closed",
    ClubStatus.LAUNCHED: "launched (baseline frozen)",
    ClubStatus.AWARDED: "awarded",
    ClubStatus.CANCELLED: "cancelled",
}

CLUB_LIFECYCLE = Lifecycle(
    "buying club",
    {
        ClubStatus.FORMING: frozenset({ClubStatus.OPEN, ClubStatus.CANCELLED}),
        ClubStatus.OPEN: frozenset({ClubStatus.JOINING_CLOSED, ClubStatus.CANCELLED}),
        # Joining reopens when the launch moves later; otherwise the club launches.
        ClubStatus.JOINING_CLOSED: frozenset({ClubStatus.OPEN, ClubStatus.LAUNCHED, ClubStatus.CANCELLED}),
        ClubStatus.LAUNCHED: frozenset({ClubStatus.AWARDED, ClubStatus.CANCELLED}),
        ClubStatus.AWARDED: frozenset(),
        ClubStatus.CANCELLED: frozenset(),
    },
    labels={str(k): v for k, v in CLUB_STATUS_LABELS.items()},
)
FROZEN = frozenset({ClubStatus.LAUNCHED, ClubStatus.AWARDED})


@dataclass(frozen=True)
class ClubFacts:
    name: str
    stage: str
    launch_on: date | None = None  # the planned launch day
    notice: timedelta = DEFAULT_JOIN_NOTICE
    launched_on: date | None = None  # the day it did launch
    member_count: int = 0
    requirement_line_count: int = 0

    @property
    def join_deadline(self) -> date | None:
        return join_deadline(self.launch_on, self.notice) if self.launch_on else None


def club_status(club: ClubFacts, today: date) -> ClubStatus:
    deadline = club.join_deadline
    if club.stage == ClubStatus.OPEN and deadline is not None and today > deadline:
        return ClubStatus.JOINING_CLOSED
    return ClubStatus(club.stage)


class BaselineItem(StrEnum):
    MEMBER = "member"
    LEGAL_ENTITY = "legal_entity"
    SITE = "site"
    REQUIREMENT_LINE = "requirement_line"


BASELINE_PLURALS = {
    BaselineItem.MEMBER: "members",
    BaselineItem.LEGAL_ENTITY: "legal entities",
    BaselineItem.SITE: "sites",
    BaselineItem.REQUIREMENT_LINE: "requirement lines",
}


class Change(StrEnum):
    ADD = "add"
    CHANGE = "change"
    REMOVE = "remove"


# --- Messages shared by several rules ----------------------------------------------------------


def _cancelled(club: ClubFacts) -> Refusal:
    return Refusal(ErrorCode.BUYING_CLUB_NOT_OPEN, f"The {club.name} buying club was cancelled")


def _not_open_yet(club: ClubFacts) -> Refusal:
    return Refusal(ErrorCode.BUYING_CLUB_NOT_OPEN, f"The {club.name} buying club is not open to members yet")


def _frozen(club: ClubFacts, item: BaselineItem = BaselineItem.MEMBER, change: str = Change.ADD) -> Refusal:
    when = f" on {spoken_date(club.launched_on)}" if club.launched_on else ""
    plural = BASELINE_PLURALS[item]
    tail = {
        Change.ADD: f"no new {plural} can be added",
        Change.CHANGE: f"its {plural} cannot be changed",
        Change.REMOVE: f"its {plural} cannot be removed",
    }[Change(change)]
    return Refusal(
        ErrorCode.BUYING_CLUB_BASELINE_FROZEN, f"The {club.name} baseline was frozen at launch{when}: {tail}"
    )


def _deadline_passed(club: ClubFacts) -> Refusal:
    deadline = club.join_deadline
    if deadline is None:
        return Refusal(ErrorCode.BUYING_CLUB_JOIN_DEADLINE_PASSED, f"Joining {club.name} has closed")
    return Refusal(
        ErrorCode.BUYING_CLUB_JOIN_DEADLINE_PASSED,
        f"The deadline to join {club.name} was {spoken_date(deadline)} "
        f"({notice_label(club.notice)} before its launch on {spoken_date(club.launch_on)})",
    )


def _requirements_late(club: ClubFacts, what: str) -> Refusal:
    deadline = club.join_deadline
    by = f" by {spoken_date(deadline)}" if deadline else " before joining closed"
    return Refusal(
        ErrorCode.BUYING_CLUB_REQUIREMENTS_LATE, f"Requirements for {club.name} were due{by}: {what}"
    )


# --- Moving the club on -------------------------------------------------------------------------


def _moved(club: ClubFacts, target: str, today: date) -> Refusal | None:
    reason = CLUB_LIFECYCLE.refusal(club_status(club, today), target)
    return Refusal(ErrorCode.BUYING_CLUB_TRANSITION_REFUSED, reason) if reason else None


def open_refusal(club: ClubFacts, today: date) -> Refusal | None:
    """Open a forming club (or reopen one whose joining closed) to members."""
    refusal = _moved(club, ClubStatus.OPEN, today)
    if refusal:
        return refusal
    deadline = club.join_deadline
    if deadline is None:
        return Refusal(
            ErrorCode.BUYING_CLUB_TRANSITION_REFUSED,
            f"Set the launch date of {club.name} before opening it to members",
        )
    if deadline < today:
        return Refusal(
            ErrorCode.BUYING_CLUB_TRANSITION_REFUSED,
            f"The joining deadline for {club.name} ({spoken_date(deadline)}) has passed: "
            "move the launch date before opening it to members",
        )
    return None


def close_joining_refusal(club: ClubFacts, today: date) -> Refusal | None:
    """Close joining early (it closes by itself at the deadline)."""
    return _moved(club, ClubStatus.JOINING_CLOSED, today)


def launch_date_change_refusal(club: ClubFacts, new_launch: date, today: date) -> Refusal | None:
    status = club_status(club, today)
    if status == ClubStatus.CANCELLED:
        return _cancelled(club)
    if status in FROZEN:
        return Refusal(
            ErrorCode.BUYING_CLUB_TRANSITION_REFUSED,
            f"{club.name} has launched: its launch date cannot change",
        )
    if new_launch < today:
        return Refusal(
            ErrorCode.BUYING_CLUB_TRANSITION_REFUSED,
            f"The launch date of {club.name} cannot be in the past ({spoken_date(new_launch)})",
        )
    return None


def launch_problems(
    club: ClubFacts,
    today: date,
    *,
    members_without_requirements: Sequence[str] = (),
    agreement: AgreementFacts | None = None,
    lot: LotFacts | None = None,
) -> tuple[Refusal, ...]:
    """Everything that stops the club launching today (empty when it may launch)."""
    status = club_status(club, today)
    deadline = club.join_deadline
    if status == ClubStatus.OPEN and deadline is not None:
        return (
            Refusal(
                ErrorCode.BUYING_CLUB_LAUNCH_REFUSED,
                f"Joining {club.name} is open until {spoken_date(deadline)}: launch after joining closes",
            ),
        )
    moved = _moved(club, ClubStatus.LAUNCHED, today)
    if moved:
        return (moved,)
    problems = []
    if club.member_count == 0:
        problems.append(f"{club.name} cannot launch with no members")
    if club.requirement_line_count == 0:
        problems.append(f"{club.name} cannot launch with no requirement lines")
    if members_without_requirements:
        count = len(members_without_requirements)
        names = ", ".join(members_without_requirements)
        problems.append(
            f"{count} member{' has' if count == 1 else 's have'} no requirement lines ({names}): "
            "add their requirements or remove them before launch"
        )
    refusals = [Refusal(ErrorCode.BUYING_CLUB_LAUNCH_REFUSED, p) for p in problems]
    if agreement is not None:
        refusals.extend(_agreement_problems(agreement, lot, today))
    return tuple(refusals)


def _agreement_problems(agreement: AgreementFacts, lot: LotFacts | None, today: date) -> list[Refusal]:
    if agreement.kind != AgreementKind.DPS:
        return [
            Refusal(
                ErrorCode.BUYING_CLUB_LAUNCH_REFUSED,
                "An aggregated procurement is a further competition on a dynamic purchasing system: "
                f"{agreement.reference} is a framework",
            )
        ]
    refusal = call_off_refusal(agreement, today)
    if refusal:
        return [refusal]
    if lot is not None and Procedure.FURTHER_COMPETITION not in lot.procedures:
        return [
            Refusal(
                ErrorCode.PROCEDURE_NOT_ALLOWED,
                f"Further competition is not allowed on lot {lot.number} of {agreement.reference}",
            )
        ]
    return []


def launch_refusal(
    club: ClubFacts,
    today: date,
    *,
    members_without_requirements: Sequence[str] = (),
    agreement: AgreementFacts | None = None,
    lot: LotFacts | None = None,
) -> Refusal | None:
    """The first of `launch_problems`, or None when the club may launch."""
    problems = launch_problems(
        club, today, members_without_requirements=members_without_requirements, agreement=agreement, lot=lot
    )
    return problems[0] if problems else None


def award_refusal(club: ClubFacts, today: date, *, winner: str) -> Refusal | None:
    """Award the catalogue to a single winning supplier, decided centrally on MEAT."""
    refusal = _moved(club, ClubStatus.AWARDED, today)
    if refusal:
        return refusal
    if not winner.strip():
        return Refusal(ErrorCode.BUYING_CLUB_TRANSITION_REFUSED, f"Name the supplier that won {club.name}")
    return None


def cancel_refusal(club: ClubFacts, today: date, *, reason: str) -> Refusal | None:
    refusal = _moved(club, ClubStatus.CANCELLED, today)
    if refusal:
        return refusal
    if not reason.strip():
        return Refusal(
            ErrorCode.BUYING_CLUB_TRANSITION_REFUSED, f"Give the reason for cancelling {club.name}"
        )
    return None


# --- Members and their requirements ----------------------------------------------------------------


def join_refusal(
    club: ClubFacts, organisation: str, today: date, *, is_member: bool = False
) -> Refusal | None:
    """Why `organisation` cannot join the club today, or None."""
    status = club_status(club, today)
    if status == ClubStatus.CANCELLED:
        return _cancelled(club)
    if status in FROZEN:
        return _frozen(club)
    if status == ClubStatus.FORMING:
        return _not_open_yet(club)
    if is_member:
        return Refusal(
            ErrorCode.BUYING_CLUB_ALREADY_MEMBER, f"{organisation} is already a member of {club.name}"
        )
    if status == ClubStatus.JOINING_CLOSED:
        return _deadline_passed(club)
    return None


def baseline_change_refusal(
    club: ClubFacts, item: str, today: date, *, change: str = Change.ADD
) -> Refusal | None:
    """Why a member, legal entity, site or requirement line cannot be added (changed,
    removed) today. Before the deadline anything goes; between the deadline and launch
    only removals; from launch, nothing."""
    item = BaselineItem(item)
    if item == BaselineItem.MEMBER and change == Change.ADD:
        return join_refusal(club, "The organisation", today)
    status = club_status(club, today)
    if status == ClubStatus.CANCELLED:
        return _cancelled(club)
    if status in FROZEN:
        return _frozen(club, item, change)
    if status == ClubStatus.FORMING and item != BaselineItem.MEMBER:
        return _not_open_yet(club)
    if status == ClubStatus.JOINING_CLOSED and change != Change.REMOVE:
        verb = "added" if change == Change.ADD else "changed"
        return _requirements_late(club, f"no {BASELINE_PLURALS[item]} can be {verb} now")
    return None


def requirements_submission_refusal(
    club: ClubFacts, today: date, *, is_member: bool, line_count: int
) -> Refusal | None:
    """A member submits its requirements (the lines of the template) by the joining deadline."""
    status = club_status(club, today)
    if status == ClubStatus.CANCELLED:
        return _cancelled(club)
    if status in FROZEN:
        return _frozen(club, BaselineItem.REQUIREMENT_LINE)
    if status == ClubStatus.FORMING:
        return _not_open_yet(club)
    if not is_member:
        return Refusal(ErrorCode.BUYING_CLUB_NOT_MEMBER, f"Join {club.name} before submitting requirements")
    if status == ClubStatus.JOINING_CLOSED:
        return _requirements_late(club, "they can no longer be submitted")
    if line_count < 1:
        return Refusal(
            ErrorCode.BUYING_CLUB_REQUIREMENTS_EMPTY,
            "Add at least one requirement line before submitting your requirements",
        )
    return None


def order_refusal(club: ClubFacts, organisation: str, *, members_at_launch: frozenset[str]) -> Refusal | None:
    """Only the members included at launch may order from the awarded catalogue."""
    if club.stage == ClubStatus.CANCELLED:
        return _cancelled(club)
    if club.stage != ClubStatus.AWARDED:
        return Refusal(
            ErrorCode.BUYING_CLUB_NOT_ENTITLED,
            f"{club.name} has not been awarded yet: there is no catalogue to order from",
        )
    if organisation not in members_at_launch:
        return Refusal(
            ErrorCode.BUYING_CLUB_NOT_ENTITLED,
            f"{organisation} was not a member of {club.name} when it launched: "
            "only the members included at launch may order from its catalogue",
        )
    return None
