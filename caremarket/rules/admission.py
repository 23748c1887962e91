"""Supplier admission to a lot: applications, assessment and decision, the supplier's
standing on the lot (admitted, suspended, removed), compliance with the agreement's
standards, and whether the supplier can trade (be invited, receive call-offs) today.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from caremarket.core.error_codes import ErrorCode
from caremarket.rules.agreements import AgreementFacts, call_off_refusal
from caremarket.rules.certifications import CertificationDates, certification_status, is_in_force
from caremarket.rules.dates import spoken_date
from caremarket.rules.lifecycle import Lifecycle
from caremarket.rules.refusals import Refusal

# --- Applications -----------------------------------------------------------------------------


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    ASSESSED = "assessed"
    ADMITTED = "admitted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


APPLICATION_LABELS = {
    ApplicationStatus.SUBMITTED: "submitted",
    ApplicationStatus.ASSESSED: "assessed",
    ApplicationStatus.ADMITTED: "admitted",
    ApplicationStatus.REJECTED: "rejected",
    ApplicationStatus.WITHDRAWN: "withdrawn",
}

APPLICATION_LIFECYCLE = Lifecycle(
    "application",
    {
        ApplicationStatus.SUBMITTED: frozenset({ApplicationStatus.ASSESSED, ApplicationStatus.WITHDRAWN}),
        # An assessment may be revised before the decision.
        ApplicationStatus.ASSESSED: frozenset(
            {
                ApplicationStatus.ASSESSED,
                ApplicationStatus.ADMITTED,
                ApplicationStatus.REJECTED,
                ApplicationStatus.WITHDRAWN,
            }
        ),
        ApplicationStatus.ADMITTED: frozenset(),
        ApplicationStatus.REJECTED: frozenset(),
        ApplicationStatus.WITHDRAWN: frozenset(),
    },
    labels={str(k): v for k, v in APPLICATION_LABELS.items()},
)
PENDING = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.ASSESSED})


class AssessmentOutcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NEEDS_DECISION = "needs_decision"


OUTCOME_LABELS = {
    AssessmentOutcome.PASS: "Pass",
    AssessmentOutcome.FAIL: "Fail",
    AssessmentOutcome.NEEDS_DECISION: "Needs decision",
}


class Decision(StrEnum):
    ADMIT = "admit"
    REJECT = "reject"


def _moved(lifecycle: Lifecycle, current: str, target: str, code: str) -> Refusal | None:
    reason = lifecycle.refusal(current, target)
    return Refusal(code, reason.replace("A application", "An application")) if reason else None


def assessment_refusal(status: str) -> Refusal | None:
    return _moved(
        APPLICATION_LIFECYCLE, status, ApplicationStatus.ASSESSED, ErrorCode.APPLICATION_TRANSITION_REFUSED
    )


def withdrawal_refusal(status: str) -> Refusal | None:
    return _moved(
        APPLICATION_LIFECYCLE, status, ApplicationStatus.WITHDRAWN, ErrorCode.APPLICATION_TRANSITION_REFUSED
    )


def decision_refusal(decision: str, status: str, outcome: str | None) -> Refusal | None:
    """Admit after an assessment of pass (or needs decision); reject after fail (or needs
    decision). A decision against the latest assessment needs the assessment revised first."""
    if status == ApplicationStatus.SUBMITTED:
        return Refusal(ErrorCode.APPLICATION_NOT_ASSESSED, "Assess the application before deciding it")
    target = ApplicationStatus.ADMITTED if decision == Decision.ADMIT else ApplicationStatus.REJECTED
    refusal = _moved(APPLICATION_LIFECYCLE, status, target, ErrorCode.APPLICATION_TRANSITION_REFUSED)
    if refusal:
        return refusal
    if decision == Decision.ADMIT and outcome == AssessmentOutcome.FAIL:
        return Refusal(
            ErrorCode.APPLICATION_ASSESSMENT_DISAGREES,
            "The application was assessed as a fail: reject it, or revise the assessment before admitting",
        )
    if decision == Decision.REJECT and outcome == AssessmentOutcome.PASS:
        return Refusal(
            ErrorCode.APPLICATION_ASSESSMENT_DISAGREES,
            "The application was assessed as a pass: admit it, or revise the assessment before rejecting",
        )
    return None


# --- A supplier's standing on a lot -------------------------------------------------------------


class SupplierStatus(StrEnum):
    ADMITTED = "admitted"
    SUSPENDED = "suspended"
    REMOVED = "removed"


SUPPLIER_STATUS_LABELS = {
    SupplierStatus.ADMITTED: "admitted",
    SupplierStatus.SUSPENDED: "suspended",
    SupplierStatus.REMOVED: "removed",
}

LOT_SUPPLIER_LIFECYCLE = Lifecycle(
    "lot supplier",
    {
        SupplierStatus.ADMITTED: frozenset({SupplierStatus.SUSPENDED, SupplierStatus.REMOVED}),
        SupplierStatus.SUSPENDED: frozenset({SupplierStatus.ADMITTED, SupplierStatus.REMOVED}),
        # Only a new application, assessed and admitted, brings a removed supplier back.
        SupplierStatus.REMOVED: frozenset({SupplierStatus.ADMITTED}),
    },
    labels={str(k): v for k, v in SUPPLIER_STATUS_LABELS.items()},
)


class Ground(StrEnum):
    POOR_PERFORMANCE = "poor_performance"
    DATA_MISHANDLING = "data_mishandling"
    INTEROPERABILITY_FAILURE = "interoperability_failure"
    UNPAID_FEES = "unpaid_management_fees"
    OTHER = "other"


GROUND_LABELS = {
    Ground.POOR_PERFORMANCE: "Poor performance",
    Ground.DATA_MISHANDLING: "Mishandling sensitive data",
    Ground.INTEROPERABILITY_FAILURE: "Software that fails interoperability",
    Ground.UNPAID_FEES: "Unpaid management fees",
    Ground.OTHER: "Other",
}


class StandingChange(StrEnum):
    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    REMOVE = "remove"


CHANGE_TARGETS = {
    StandingChange.SUSPEND: SupplierStatus.SUSPENDED,
    StandingChange.REINSTATE: SupplierStatus.ADMITTED,
    StandingChange.REMOVE: SupplierStatus.REMOVED,
}


def standing_change_refusal(change: str, current: str, supplier: str, lot: str) -> Refusal | None:
    """Suspend an admitted supplier; reinstate a suspended one; remove either."""
    if change == StandingChange.REINSTATE and current != SupplierStatus.SUSPENDED:
        state = SUPPLIER_STATUS_LABELS.get(SupplierStatus(current), current)
        tail = ": it must apply again" if current == SupplierStatus.REMOVED else ""
        return Refusal(
            ErrorCode.LOT_SUPPLIER_TRANSITION_REFUSED,
            f"Only a suspended supplier can be reinstated; {supplier} is {state} on {lot}{tail}",
        )
    target = CHANGE_TARGETS[StandingChange(change)]
    if current == target:
        return Refusal(
            ErrorCode.LOT_SUPPLIER_TRANSITION_REFUSED,
            f"{supplier} is already {SUPPLIER_STATUS_LABELS[target]} on {lot}",
        )
    if change == StandingChange.SUSPEND and current == SupplierStatus.REMOVED:
        return Refusal(
            ErrorCode.LOT_SUPPLIER_TRANSITION_REFUSED,
            f"{supplier} was removed from {lot}: only an admitted supplier can be suspended",
        )
    reason = LOT_SUPPLIER_LIFECYCLE.refusal(current, target)
    return Refusal(ErrorCode.LOT_SUPPLIER_TRANSITION_REFUSED, reason) if reason else None


def standing_change_problems(change: str, ground: str, reason: str) -> dict[str, str]:
    """What is missing from a suspension, reinstatement or removal, field by field."""
    problems = {}
    if change != StandingChange.REINSTATE:
        if not ground:
            problems["ground"] = "Choose the ground"
        elif ground not in set(Ground):
            problems["ground"] = f"'{ground}' is not a ground for suspension or removal"
    if not reason.strip():
        problems["reason"] = (
            "Explain why the supplier is reinstated"
            if change == StandingChange.REINSTATE
            else "Explain the ground: what happened, and the evidence"
        )
    return problems


# --- Compliance with the agreement's standards -------------------------------------------------


@dataclass(frozen=True)
class HeldCertification:
    scheme: str
    valid_from: date
    expires_on: date


class GapKind(StrEnum):
    MISSING = "missing"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"


@dataclass(frozen=True)
class CertificationGap:
    scheme: str
    kind: GapKind
    on: date | None = None

    def describe(self, labels: dict[str, str] | None = None) -> str:
        name = (labels or {}).get(self.scheme, self.scheme)
        if self.kind == GapKind.EXPIRED:
            return f"{name} expired on {spoken_date(self.on)}"
        if self.kind == GapKind.NOT_YET_VALID:
            return f"{name} is not in force until {spoken_date(self.on)}"
        return f"no {name} certification"


def compliance_gaps(
    required: Iterable[str], held: Iterable[HeldCertification], today: date
) -> list[CertificationGap]:
    """Each required standard the supplier does not hold in force today, and why."""
    held = list(held)
    gaps = []
    for scheme in required:
        certs = [h for h in held if h.scheme == scheme]
        dates = [CertificationDates(h.valid_from, h.expires_on) for h in certs]
        if any(is_in_force(d, today) for d in dates):
            continue
        if not certs:
            gaps.append(CertificationGap(scheme, GapKind.MISSING))
            continue
        latest = max(dates, key=lambda d: d.expires_on)
        if certification_status(latest, today) == "not_yet_valid":
            gaps.append(CertificationGap(scheme, GapKind.NOT_YET_VALID, latest.valid_from))
        else:
            gaps.append(CertificationGap(scheme, GapKind.EXPIRED, latest.expires_on))
    return gaps


def non_compliance(supplier: str, gaps: list[CertificationGap], labels: dict[str, str]) -> Refusal | None:
    if not gaps:
        return None
    return Refusal(
        ErrorCode.SUPPLIER_NON_COMPLIANT,
        f"{supplier} is non-compliant: {'; '.join(g.describe(labels) for g in gaps)}",
    )


def certificate_refusal(name: str, valid_from: date, expires_on: date, today: date) -> Refusal | None:
    """A certificate declared with an application (or as a renewal) must be in force today."""
    if expires_on < today:
        return Refusal(
            ErrorCode.CERTIFICATION_NOT_IN_FORCE,
            f"The {name} certificate expired on {spoken_date(expires_on)}: enter one that is in force",
        )
    if valid_from > today:
        return Refusal(
            ErrorCode.CERTIFICATION_NOT_IN_FORCE,
            f"The {name} certificate is not in force until {spoken_date(valid_from)}: "
            "enter one in force today",
        )
    return None


# --- Trading: can this supplier be invited to a call-off, or receive an order, today? ---------


@dataclass(frozen=True)
class Standing:
    supplier: str
    status: str | None  # None: never admitted to the lot
    ground: str = ""
    gaps: tuple[CertificationGap, ...] = ()


def trading_refusal(
    a: AgreementFacts, lot_number: int, standing: Standing, today: date, labels: dict[str, str] | None = None
) -> Refusal | None:
    refusal = call_off_refusal(a, today)
    if refusal:
        return refusal
    where = f"lot {lot_number} of {a.reference}"
    if standing.status is None:
        return Refusal(ErrorCode.SUPPLIER_NOT_ON_LOT, f"{standing.supplier} is not on {where}")
    why = f" ({GROUND_LABELS[Ground(standing.ground)].lower()})" if standing.ground in set(Ground) else ""
    if standing.status == SupplierStatus.SUSPENDED:
        return Refusal(ErrorCode.SUPPLIER_SUSPENDED, f"{standing.supplier} is suspended from {where}{why}")
    if standing.status == SupplierStatus.REMOVED:
        return Refusal(ErrorCode.SUPPLIER_REMOVED, f"{standing.supplier} was removed from {where}{why}")
    return non_compliance(standing.supplier, list(standing.gaps), labels or {})


# --- Reviews ------------------------------------------------------------------------------------


class Performance(StrEnum):
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    POOR = "poor"
    NO_CALL_OFFS = "no_call_offs"


PERFORMANCE_LABELS = {
    Performance.GOOD: "Good",
    Performance.REQUIRES_IMPROVEMENT: "Requires improvement",
    Performance.POOR: "Poor",
    Performance.NO_CALL_OFFS: "No call-offs in the period",
}


class FeeStatus(StrEnum):
    PAID = "paid"
    OVERDUE = "overdue"
    NONE_DUE = "none_due"


FEE_STATUS_LABELS = {
    FeeStatus.PAID: "Paid",
    FeeStatus.OVERDUE: "Overdue",
    FeeStatus.NONE_DUE: "None due",
}


def review_completion_refusal(unreviewed: list[str]) -> Refusal | None:
    """A review is complete only when every supplier on it has been reviewed."""
    if not unreviewed:
        return None
    count = len(unreviewed)
    names = ", ".join(unreviewed[:5]) + (f" and {count - 5} more" if count > 5 else "")
    noun = "supplier has" if count == 1 else "suppliers have"
    return Refusal(ErrorCode.REVIEW_INCOMPLETE, f"{count} {noun} not been reviewed yet: {names}")


class DataHandling(StrEnum):
    """How the supplier handled sensitive data over the year (seed 002: a ground for removal)."""

    NO_CONCERNS = "no_concerns"
    CONCERNS = "concerns"
    MISHANDLED = "mishandled"


DATA_HANDLING_LABELS = {
    DataHandling.NO_CONCERNS: "No concerns",
    DataHandling.CONCERNS: "Concerns raised, being put right",
    DataHandling.MISHANDLED: "Mishandled sensitive data",
}


class Interoperability(StrEnum):
    """Whether the supplier's IT systems meet the NHS interoperability standards."""

    MEETS = "meets"
    FAILS = "fails"
    NOT_APPLICABLE = "not_applicable"


INTEROPERABILITY_LABELS = {
    Interoperability.MEETS: "Meets the NHS interoperability standards",
    Interoperability.FAILS: "Fails the NHS interoperability standards",
    Interoperability.NOT_APPLICABLE: "Supplies no IT system",
}


def suggested_ground(performance: str, fees: str, data_handling: str = "", interoperability: str = "") -> str:
    """The ground a review's findings point to, if any: unpaid fees first, then mishandled
    data, then failed interoperability, then performance."""
    if fees == FeeStatus.OVERDUE:
        return Ground.UNPAID_FEES
    if data_handling == DataHandling.MISHANDLED:
        return Ground.DATA_MISHANDLING
    if interoperability == Interoperability.FAILS:
        return Ground.INTEROPERABILITY_FAILURE
    if performance == Performance.POOR:
        return Ground.POOR_PERFORMANCE
    return ""
