"""Commercial agreements: frameworks and dynamic purchasing systems (DPS), and their lots.

An agreement's stored *stage* moves through a lifecycle (draft, open for applications, live,
closed to new suppliers) by guarded transitions; its *status* is the stage seen through the
calendar: past its end date every agreement is expired, and no job has to run for that.

- A DPS admits new suppliers for its whole life; a framework only in its application window,
  and never once it is closed to new suppliers (after award).
- Call-offs are possible only on a live (or closed) agreement that has started and not
  ended, by a procedure the lot allows, within the lot's thresholds and the agreement's
  maximum call-off term.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from caremarket.core.error_codes import ErrorCode
from caremarket.core.money import format_money, to_money
from caremarket.rules.dates import spoken_date
from caremarket.rules.lifecycle import Lifecycle
from caremarket.rules.refusals import Refusal


class AgreementKind(StrEnum):
    FRAMEWORK = "framework"
    DPS = "dps"


KIND_LABELS = {
    AgreementKind.FRAMEWORK: "Framework",
    AgreementKind.DPS: "Dynamic purchasing system",
}


class AgreementStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open_for_applications"
    LIVE = "live"
    CLOSED = "closed_to_new_suppliers"
    EXPIRED = "expired"


STATUS_LABELS = {
    AgreementStatus.DRAFT: "draft",
    AgreementStatus.OPEN: "open for applications",
    AgreementStatus.LIVE: "live",
    AgreementStatus.CLOSED: "closed to new suppliers",
    AgreementStatus.EXPIRED: "expired",
}

# The stored stages and the moves between them. "Expired" is never stored: it is the
# calendar's verdict on any published agreement past its end date, and nothing leaves it.
AGREEMENT_LIFECYCLE = Lifecycle(
    "agreement",
    {
        AgreementStatus.DRAFT: frozenset({AgreementStatus.OPEN}),
        # A DPS goes live and stays open; a framework is awarded: live or straight to closed.
        AgreementStatus.OPEN: frozenset({AgreementStatus.LIVE, AgreementStatus.CLOSED}),
        # A framework closes to new suppliers after award...
        AgreementStatus.LIVE: frozenset({AgreementStatus.CLOSED}),
        # ...and may reopen for a new application window, e.g. at its annual review.
        AgreementStatus.CLOSED: frozenset({AgreementStatus.LIVE}),
        AgreementStatus.EXPIRED: frozenset(),
    },
    labels={str(k): v for k, v in STATUS_LABELS.items()},
)
STAGES = frozenset(AGREEMENT_LIFECYCLE.statuses) - {AgreementStatus.EXPIRED}


class Procedure(StrEnum):
    FURTHER_COMPETITION = "further_competition"
    DIRECT_AWARD = "direct_award"


PROCEDURE_LABELS = {
    Procedure.FURTHER_COMPETITION: "Further competition",
    Procedure.DIRECT_AWARD: "Direct award",
}


class Threshold(StrEnum):
    DIRECT_AWARD_MAX = "direct_award_max_value"
    CALL_OFF_MAX = "call_off_max_value"


THRESHOLD_LABELS = {
    Threshold.DIRECT_AWARD_MAX: "Highest value of a direct award",
    Threshold.CALL_OFF_MAX: "Highest value of any call-off",
}

# The management fee rate when an agreement does not say: 1% of everything bought through it.
DEFAULT_FEE_RATE = Decimal("0.0100")
DEFAULT_REVIEW_INTERVAL_MONTHS = 12


@dataclass(frozen=True)
class AgreementFacts:
    reference: str
    kind: str
    stage: str
    starts_on: date
    ends_on: date
    applications_open_on: date | None = None
    applications_close_on: date | None = None
    lot_count: int = 0


@dataclass(frozen=True)
class LotFacts:
    number: int
    procedures: frozenset[str] = frozenset()
    takes_new_suppliers: bool = True
    thresholds: dict[str, Decimal] = field(default_factory=dict)


def _iso(day: date | None) -> str:
    """A day as a sentence says it ("31 July 2019")."""
    return spoken_date(day) if day else "an unknown date"


def agreement_status(a: AgreementFacts, today: date) -> AgreementStatus:
    """The status a person sees: the stored stage, unless the calendar says expired."""
    if a.stage == AgreementStatus.DRAFT:
        return AgreementStatus.DRAFT
    if today > a.ends_on:
        return AgreementStatus.EXPIRED
    return AgreementStatus(a.stage)


def in_application_window(a: AgreementFacts, today: date) -> bool:
    opens, closes = a.applications_open_on, a.applications_close_on
    return closes is not None and (opens is None or opens <= today) and today <= closes


# --- Transitions ---------------------------------------------------------------------------


def _window_refusal(a: AgreementFacts, opens: date | None, closes: date | None, today: date):
    if closes is None:
        return Refusal(
            ErrorCode.AGREEMENT_TRANSITION_REFUSED,
            f"{a.reference} is a framework: give the date its application window closes",
        )
    if opens is not None and closes < opens:
        return Refusal(
            ErrorCode.AGREEMENT_TRANSITION_REFUSED,
            "The application window must close on or after the day it opens",
        )
    if closes < today:
        return Refusal(
            ErrorCode.AGREEMENT_TRANSITION_REFUSED,
            f"The application window cannot close in the past ({_iso(closes)})",
        )
    if closes > a.ends_on:
        return Refusal(
            ErrorCode.AGREEMENT_TRANSITION_REFUSED,
            f"The application window must close by the day {a.reference} ends ({_iso(a.ends_on)})",
        )
    return None


def transition_refusal(
    a: AgreementFacts,
    target: str,
    today: date,
    *,
    opens: date | None = None,
    closes: date | None = None,
) -> Refusal | None:
    """Why the agreement cannot move to `target` today, or None. `opens`/`closes` are the
    application window a framework asks for when it is published or reopened."""
    current = agreement_status(a, today)
    if current == AgreementStatus.EXPIRED:
        return Refusal(ErrorCode.AGREEMENT_EXPIRED, f"{a.reference} expired on {_iso(a.ends_on)}")
    reason = AGREEMENT_LIFECYCLE.refusal(current, target)
    if reason:
        return Refusal(ErrorCode.AGREEMENT_TRANSITION_REFUSED, reason.replace("A agreement", "An agreement"))
    framework = a.kind == AgreementKind.FRAMEWORK
    if target == AgreementStatus.CLOSED and not framework:
        return Refusal(
            ErrorCode.AGREEMENT_TRANSITION_REFUSED,
            f"{a.reference} is a dynamic purchasing system: "
            "it stays open to new suppliers for its whole life",
        )
    if target == AgreementStatus.OPEN:
        if a.lot_count == 0:
            return Refusal(
                ErrorCode.AGREEMENT_TRANSITION_REFUSED,
                f"Add at least one lot before publishing {a.reference}",
            )
        if today > a.ends_on:
            return Refusal(
                ErrorCode.AGREEMENT_TRANSITION_REFUSED,
                f"{a.reference} ended on {_iso(a.ends_on)}: it cannot be published",
            )
        return _window_refusal(a, opens, closes, today) if framework else None
    # Going live, being awarded, or reopening.
    closes_on = a.applications_close_on
    if framework and current == AgreementStatus.OPEN and closes_on is not None and today <= closes_on:
        return Refusal(
            ErrorCode.AGREEMENT_TRANSITION_REFUSED,
            f"Applications to {a.reference} are open until {_iso(closes_on)}: "
            "award it after the window closes",
        )
    if today < a.starts_on:
        return Refusal(
            ErrorCode.AGREEMENT_TRANSITION_REFUSED,
            f"{a.reference} cannot be {STATUS_LABELS[AgreementStatus(target)]} before it starts on "
            f"{_iso(a.starts_on)}",
        )
    if framework and current == AgreementStatus.CLOSED:
        return _window_refusal(a, opens, closes, today)
    return None


# --- Applications ---------------------------------------------------------------------------


def application_refusal(a: AgreementFacts, lot: LotFacts, today: date) -> Refusal | None:
    """Why a supplier cannot apply to this lot today, or None."""
    status = agreement_status(a, today)
    if status == AgreementStatus.DRAFT:
        return Refusal(ErrorCode.AGREEMENT_NOT_OPEN, f"{a.reference} is not open for applications yet")
    if a.stage == AgreementStatus.CLOSED:
        return Refusal(
            ErrorCode.AGREEMENT_CLOSED_TO_NEW_SUPPLIERS, f"{a.reference} does not accept new suppliers"
        )
    if status == AgreementStatus.EXPIRED:
        return Refusal(ErrorCode.AGREEMENT_EXPIRED, f"{a.reference} expired on {_iso(a.ends_on)}")
    if not lot.takes_new_suppliers:
        return Refusal(
            ErrorCode.LOT_CLOSED_TO_NEW_SUPPLIERS,
            f"Lot {lot.number} of {a.reference} does not accept new suppliers",
        )
    if a.kind == AgreementKind.DPS:
        return None
    opens, closes = a.applications_open_on, a.applications_close_on
    if opens is not None and today < opens:
        return Refusal(
            ErrorCode.APPLICATION_WINDOW_CLOSED, f"Applications to {a.reference} open on {_iso(opens)}"
        )
    if closes is None or today > closes:
        when = f" closed on {_iso(closes)}" if closes else " are not open"
        return Refusal(ErrorCode.APPLICATION_WINDOW_CLOSED, f"Applications to {a.reference}{when}")
    return None


def accepts_applications(a: AgreementFacts, today: date) -> bool:
    return application_refusal(a, LotFacts(number=0), today) is None


# --- Call-offs ------------------------------------------------------------------------------


def call_off_refusal(a: AgreementFacts, today: date) -> Refusal | None:
    """Why nothing can be bought through the agreement today, or None."""
    status = agreement_status(a, today)
    if status == AgreementStatus.EXPIRED:
        return Refusal(ErrorCode.AGREEMENT_EXPIRED, f"{a.reference} expired on {_iso(a.ends_on)}")
    if status == AgreementStatus.DRAFT:
        return Refusal(
            ErrorCode.AGREEMENT_NOT_LIVE, f"{a.reference} is a draft: nothing can be bought through it"
        )
    if status == AgreementStatus.OPEN:
        return Refusal(
            ErrorCode.AGREEMENT_NOT_LIVE,
            f"{a.reference} has not been awarded yet: nothing can be bought through it",
        )
    if today < a.starts_on:
        return Refusal(
            ErrorCode.AGREEMENT_NOT_LIVE,
            f"{a.reference} starts on {_iso(a.starts_on)}: nothing can be bought before",
        )
    return None


def procedure_refusal(
    a: AgreementFacts,
    lot: LotFacts,
    procedure: str,
    today: date,
    *,
    value: Decimal | None = None,
    term_months: int | None = None,
    max_term_months: int | None = None,
) -> Refusal | None:
    """Why a call-off by `procedure` (worth `value`, lasting `term_months`) is refused."""
    if procedure not in set(Procedure):
        return Refusal(
            ErrorCode.PROCEDURE_NOT_ALLOWED,
            f"'{procedure}' is not a call-off procedure: use further competition or direct award",
        )
    refusal = call_off_refusal(a, today)
    if refusal:
        return refusal
    label = PROCEDURE_LABELS[Procedure(procedure)]
    if procedure not in lot.procedures:
        return Refusal(
            ErrorCode.PROCEDURE_NOT_ALLOWED, f"{label} is not allowed on lot {lot.number} of {a.reference}"
        )
    if value is not None:
        limits = [(Threshold.CALL_OFF_MAX, "A call-off")]
        if procedure == Procedure.DIRECT_AWARD:
            limits.insert(0, (Threshold.DIRECT_AWARD_MAX, "A direct award"))
        for key, what in limits:
            limit = lot.thresholds.get(key)
            if limit is not None and value > limit:
                return Refusal(
                    ErrorCode.THRESHOLD_EXCEEDED,
                    f"{what} on lot {lot.number} of {a.reference} may be worth at most "
                    f"{format_money(limit)}; this one is worth {format_money(value)}",
                )
    if term_months is not None and max_term_months is not None and term_months > max_term_months:
        return Refusal(
            ErrorCode.CALL_OFF_TERM_TOO_LONG,
            f"Call-offs under {a.reference} may last at most {max_term_months} months, not {term_months}",
        )
    return None


# --- Lots, fees and reviews -----------------------------------------------------------------


def lot_addition_refusal(a: AgreementFacts, today: date) -> Refusal | None:
    """Lots are set before award: any time for a DPS until it ends, for a framework only
    while it is a draft or open for applications."""
    status = agreement_status(a, today)
    if status == AgreementStatus.EXPIRED:
        return Refusal(ErrorCode.AGREEMENT_EXPIRED, f"{a.reference} expired on {_iso(a.ends_on)}")
    if a.kind == AgreementKind.FRAMEWORK and status not in (AgreementStatus.DRAFT, AgreementStatus.OPEN):
        return Refusal(
            ErrorCode.LOT_CANNOT_BE_ADDED,
            f"{a.reference} is a framework that has been awarded: its lots cannot change",
        )
    return None


def fee_rate_problem(rate: Decimal) -> str | None:
    if not rate.is_finite() or rate < 0 or rate >= 1:
        return "Enter a management fee rate from 0% up to (but not including) 100%"
    if rate != rate.quantize(Decimal("0.0001")):
        return "Enter the management fee rate to at most two decimal places of a percent, like 1.25%"
    return None


def management_fee(value: Decimal, rate: Decimal) -> Decimal:
    """The fee a supplier owes on `value` bought through an agreement, to the penny."""
    return to_money(Decimal(value) * rate)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due_on(starts_on: date, last_review_on: date | None, interval_months: int, today: date) -> date:
    """When the agreement's next review is due. A review is due on each anniversary of the
    start (every `interval_months`); one held during the year an anniversary closes (or
    after it) covers it, and then the next anniversary's is due."""
    passed = 0
    while add_months(starts_on, interval_months * (passed + 1)) <= today:
        passed += 1
    if passed == 0:
        return add_months(starts_on, interval_months)
    year_began = add_months(starts_on, interval_months * (passed - 1))
    covered = last_review_on is not None and last_review_on >= year_began
    return add_months(starts_on, interval_months * (passed + (1 if covered else 0)))


def review_refusal(a: AgreementFacts, today: date) -> Refusal | None:
    """A review looks at the suppliers of a published agreement that has not expired."""
    status = agreement_status(a, today)
    if status == AgreementStatus.EXPIRED:
        return Refusal(ErrorCode.AGREEMENT_EXPIRED, f"{a.reference} expired on {_iso(a.ends_on)}")
    if status == AgreementStatus.DRAFT:
        return Refusal(
            ErrorCode.REVIEW_NOT_POSSIBLE, f"{a.reference} is a draft: it has no suppliers to review"
        )
    return None
