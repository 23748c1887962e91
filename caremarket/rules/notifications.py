"""The messages Caremarket sends people: each kind, how it reads in a list, and the key that
makes a message sent once (per object, and per window where the same object is told again)."""

from enum import StrEnum


class MessageKind(StrEnum):
    INVITATION = "invitation"
    ANSWER_PUBLISHED = "answer_published"
    APPLICATION_DECIDED = "application_decided"
    AWARD = "award"
    STANDSTILL_LETTER = "standstill_letter"
    EXCEPTION_WAITING = "exception_waiting"
    EXCEPTION_DECIDED = "exception_decided"
    KPI_RETURN_DUE = "kpi_return_due"
    PROPOSAL_RAISED = "proposal_raised"
    SUPPLIER_SUSPENDED = "supplier_suspended"
    CONTRACT_EXPIRING = "contract_expiring"
    HANDOVER_STARTED = "handover_started"
    QUESTION_ASKED = "question_asked"
    ACCOUNT = "account"


KIND_LABELS: dict[MessageKind, str] = {
    MessageKind.INVITATION: "Invitation to bid",
    MessageKind.ANSWER_PUBLISHED: "Clarification answer",
    MessageKind.APPLICATION_DECIDED: "Application decision",
    MessageKind.AWARD: "Award decision",
    MessageKind.STANDSTILL_LETTER: "Standstill letter",
    MessageKind.EXCEPTION_WAITING: "Exception waiting for approval",
    MessageKind.EXCEPTION_DECIDED: "Exception decision",
    MessageKind.KPI_RETURN_DUE: "KPI results due",
    MessageKind.PROPOSAL_RAISED: "Suspension proposed",
    MessageKind.SUPPLIER_SUSPENDED: "Suspension decision",
    MessageKind.CONTRACT_EXPIRING: "Contract expiring",
    MessageKind.HANDOVER_STARTED: "Handover started",
    MessageKind.QUESTION_ASKED: "Clarification question",
    MessageKind.ACCOUNT: "Your account",
}

MAX_SUBJECT = 200
MAX_BODY = 10_000


def kind_label(kind: str) -> str:
    try:
        return KIND_LABELS[MessageKind(kind)]
    except ValueError:
        return "Message"


def message_key(kind: str, subject_ref: str, window: str = "") -> str:
    """The key of a message sent once: one per kind, object (e.g. a contract's reference) and
    window (e.g. the expiry date an alert is about, so an extension can be told again)."""
    if not subject_ref:
        raise ValueError("a message sent once names what it is about")
    return ":".join(part for part in (str(MessageKind(kind)), subject_ref, window) if part)


def fit(subject: str, body: str) -> tuple[str, str]:
    """Subject on one line, both cut to the size a message keeps."""
    line = " ".join(subject.split())
    if len(line) > MAX_SUBJECT:
        line = line[: MAX_SUBJECT - 1] + "…"
    return line, body[:MAX_BODY]
