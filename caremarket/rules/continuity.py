"""Continuity of supply: backstop arrangements (pre-selected suppliers per category, in order
of call), triggering one when a supplier exits or a re-procurement fails, and the handover
checklist between the outgoing and incoming supplier."""

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
    if pick_backstop(ranked, outgoing) is None:
        return Refusal(
            ErrorCode.BACKSTOP_NO_SUPPLIER,
            "None of the backstop's pre-selected suppliers can take the service on today",
        )
    return None


def arrangement_problem(suppliers: list[str]) -> str | None:
    if not suppliers:
        return "Pre-select at least one supplier"
    if len(set(suppliers)) != len(suppliers):
        return "A supplier is listed twice"
    return None


def handover_progress(statuses: list[str]) -> tuple[int, int]:
    return sum(1 for s in statuses if s == ItemStatus.DONE), len(statuses)
