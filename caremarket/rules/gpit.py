"""GP IT: notional allocations of central funds per commissioner, spent by orders on the GP IT
Futures agreement; practices' choice of an accredited foundation solution; a practice's
request to use its own system on NHS infrastructure, decided by its commissioner."""

from datetime import date
from decimal import Decimal
from enum import StrEnum

from caremarket.core.error_codes import ErrorCode
from caremarket.core.money import format_money, to_money
from caremarket.rules.lifecycle import Lifecycle
from caremarket.rules.refusals import Refusal


def remaining(allocated: Decimal, spent: Decimal) -> Decimal:
    return to_money(allocated - spent)


def allocation_refusal(
    commissioner: str, allocated: Decimal, spent: Decimal, order_value: Decimal
) -> Refusal | None:
    """An order beyond the remaining allocation is refused."""
    left = remaining(allocated, spent)
    if order_value > left:
        return Refusal(
            ErrorCode.ALLOCATION_EXCEEDED,
            f"This order ({format_money(order_value)}) is more than what is left of {commissioner}'s "
            f"GP IT allocation ({format_money(left)} of {format_money(allocated)})",
        )
    return None


def allocation_problem(amount: Decimal, financial_year: int, spent: Decimal = Decimal("0")) -> str | None:
    if amount <= 0:
        return "An allocation is more than £0.00"
    if not 2000 <= financial_year <= 2100:
        return "Give the financial year it starts in, like 2026"
    if amount < spent:
        return f"The allocation cannot be less than what is already spent ({format_money(spent)})"
    return None


def financial_year_of(day: date) -> int:
    """The year an English financial year starts in (April to March)."""
    return day.year if day.month >= 4 else day.year - 1


def foundation_choice_refusal(solution: str, *, is_foundation: bool, accredited: bool) -> Refusal | None:
    if not is_foundation:
        return Refusal(ErrorCode.SOLUTION_NOT_ACCREDITED, f"{solution} is not a foundation solution")
    if not accredited:
        return Refusal(
            ErrorCode.SOLUTION_NOT_ACCREDITED,
            f"{solution} is not accredited under GP IT Futures: choose an accredited foundation solution",
        )
    return None


class RequestStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"


REQUEST_LABELS = {
    RequestStatus.REQUESTED: "Waiting for the commissioner",
    RequestStatus.APPROVED: "Approved",
    RequestStatus.REFUSED: "Refused",
}
OWN_SYSTEM_LIFECYCLE = Lifecycle(
    "own system request",
    {
        RequestStatus.REQUESTED: frozenset({RequestStatus.APPROVED, RequestStatus.REFUSED}),
        RequestStatus.APPROVED: frozenset(),
        RequestStatus.REFUSED: frozenset(),
    },
)


def own_system_refusal(system: str, *, supported: bool, touches_nhs_infrastructure: bool) -> Refusal | None:
    """Software marked unsupported is refused outright; anything else on NHS infrastructure goes
    to the commissioner."""
    if not supported:
        return Refusal(
            ErrorCode.SOFTWARE_UNSUPPORTED,
            f"{system} is marked unsupported: it cannot be used on NHS infrastructure",
        )
    if not touches_nhs_infrastructure:
        return Refusal(
            ErrorCode.VALIDATION_FAILED,
            "Only systems that use NHS infrastructure need the commissioner's approval",
        )
    return None


def decision_refusal(status: str, decision: str, reason: str) -> Refusal | None:
    if status != RequestStatus.REQUESTED:
        return Refusal(ErrorCode.OWN_SYSTEM_DECIDED, f"This request was already {status}")
    if decision not in (RequestStatus.APPROVED, RequestStatus.REFUSED):
        return Refusal(ErrorCode.VALIDATION_FAILED, "Approve or refuse the request")
    if decision == RequestStatus.REFUSED and not reason.strip():
        return Refusal(ErrorCode.VALIDATION_FAILED, "Give the reason for refusing")
    return None
