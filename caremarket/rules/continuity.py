"""Continuity of supply: backstop arrangements (pre-selected suppliers per category, in order
of call), triggering one when a supplier exits or a re-procurement fails, and the handover
checklist between the outgoing and incoming supplier."""

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from caremarket.core.error_codes import ErrorCode
from caremarket.rules.refusals import Refusal


class TriggerReason(StrEnum):
    CHANGE_OF_SUPPLIER = "change_of_supplier"
    SUPPLIER_EXIT = "supplier_exit"
    REPROCUREMENT_FAILED = "reprocurement_failed"


TRIGGER_LABELS = {
    TriggerReason.CHANGE_OF_SUPPLIER: "A change of supplier",
    TriggerReason.SUPPLIER_EXIT: "The supplier is leaving the market",
    TriggerReason.REPROCUREMENT_FAILED: "The re-procurement (tender) failed",
}

DEFAULT_CHECKLIST = (
    "Service data and records transferred",
    "Staff transfer (TUPE) consultation completed",
    "Open incidents and changes handed over",
    "Access, credentials and keys handed over",
    "Assets and equipment transferred or recovered",
    "Customers told of the new supplier and contacts",
)


class ItemStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


ITEM_LABELS = {ItemStatus.OPEN: "To do", ItemStatus.DONE: "Done"}

# The interim contract with the backstop supplier runs until the service is re-procured: a
# default term, in months, the buyer can vary or end once the replacement is in place.
INTERIM_TERM_MONTHS = 12
INTERIM_NOTICE_MONTHS = 1
# How many suppliers a backstop ranks at most (the pages offer this many choices).
MAX_RANKED = 5


def interim_title(title: str) -> str:
    return f"Interim (backstop): {title}"[:255]


def interim_value(value: Decimal, contract_months: int, interim_months: int = INTERIM_TERM_MONTHS) -> Decimal:
    """The interim contract's value: the outgoing contract's value pro rata to the interim term
    (at least a penny)."""
    if contract_months <= 0:
        return value
    share = (Decimal(value) * interim_months / contract_months).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return max(share, Decimal("0.01"))


def lot_category(agreement_reference: str, lot_number: int) -> str:
    """The category key a lot's backstops are kept under (one per region)."""
    return f"{agreement_reference} lot {lot_number}"[:40]


def matching_backstop(arrangements: list[tuple[int, str]], region: str) -> int | None:
    """Of a lot's backstops (id, region; "" is every region), the one for `region`: its own
    region's first, else the one for every region."""
    for key, where in arrangements:
        if where and where == region:
            return key
    for key, where in arrangements:
        if not where:
            return key
    return None


def pick_backstop(ranked: list[tuple[str, bool]], outgoing: str) -> str | None:
    """The first pre-selected supplier (in order of call) that can trade and is not the one leaving."""
    for supplier, can_trade in ranked:
        if supplier != outgoing and can_trade:
            return supplier
    return None


def trigger_refusal(
    reason: str, ranked: list[tuple[str, bool]], outgoing: str, details: str
) -> Refusal | None:
    if reason not in set(TriggerReason):
        return Refusal(ErrorCode.BACKSTOP_INVALID, "Say why the backstop is needed")
    if not details.strip():
        return Refusal(ErrorCode.BACKSTOP_INVALID, "Describe what happened")
    if ranked and all(supplier == outgoing for supplier, _ in ranked):
        return Refusal(
            ErrorCode.BACKSTOP_NO_SUPPLIER,
            "The backstop's only supplier is the one whose service is being replaced: "
            "ask the agreement manager to pre-select another",
        )
    if pick_backstop(ranked, outgoing) is None:
        return Refusal(
            ErrorCode.BACKSTOP_NO_SUPPLIER,
            "None of the backstop's pre-selected suppliers can take the service on today",
        )
    return None


def handover_refusal(open_handover: bool) -> Refusal | None:
    if open_handover:
        return Refusal(
            ErrorCode.HANDOVER_UNDER_WAY,
            "This contract already has a handover under way: finish it before calling on a backstop again",
        )
    return None


def arrangement_problem(suppliers: list[str], admitted: set[str] | None = None) -> str | None:
    """What is wrong with a ranking of suppliers (codes, in order of call); with `admitted`,
    each must be admitted to the lot."""
    if not suppliers:
        return "Pre-select at least one supplier"
    if len(set(suppliers)) != len(suppliers):
        return "A supplier is listed twice"
    if len(suppliers) > MAX_RANKED:
        return f"Pre-select at most {MAX_RANKED} suppliers"
    if admitted is not None:
        outside = [s for s in suppliers if s not in admitted]
        if outside:
            return (
                f"{', '.join(outside)} is not admitted to the lot: only admitted suppliers can be backstops"
            )
    return None


def item_refusal(status: str, handover_complete: bool) -> Refusal | None:
    if handover_complete:
        return Refusal(ErrorCode.HANDOVER_COMPLETE, "The handover is complete")
    if status == ItemStatus.DONE:
        return Refusal(ErrorCode.HANDOVER_ITEM_DONE, "This item is already done")
    return None


def handover_progress(statuses: list[str]) -> tuple[int, int]:
    return sum(1 for s in statuses if s == ItemStatus.DONE), len(statuses)
