"""The fixed vocabularies of contracts, as Django choices over the pure rules."""

from django.db import models

from caremarket.rules.continuity import TRIGGER_LABELS, ItemStatus, TriggerReason
from caremarket.rules.contracts import ORIGIN_LABELS, STATUS_LABELS, ContractStatus, Origin
from caremarket.rules.delivery import STAGE_LABELS, Stage
from caremarket.rules.gpit import REQUEST_LABELS, RequestStatus
from caremarket.rules.performance import (
    DIRECTION_LABELS,
    DOMAIN_LABELS,
    FREQUENCY_LABELS,
    RAG_LABELS,
    Direction,
    Domain,
    Frequency,
    Rag,
)
from caremarket.rules.standstill import REGIME_LABELS, Regime


def _choices(enum, labels) -> list[tuple[str, str]]:
    return [(m.value, labels[m][:1].upper() + labels[m][1:]) for m in enum]


STAGE_CHOICES = [
    (s.value, STATUS_LABELS[s].capitalize())
    for s in (ContractStatus.DRAFT, ContractStatus.SIGNED, ContractStatus.TERMINATED)
]
STATUS_CHOICES = _choices(ContractStatus, STATUS_LABELS)
ORIGIN_CHOICES = _choices(Origin, ORIGIN_LABELS)
REGIME_CHOICES = _choices(Regime, REGIME_LABELS)
DELIVERY_STAGE_CHOICES = _choices(Stage, STAGE_LABELS)
DIRECTION_CHOICES = _choices(Direction, DIRECTION_LABELS)
DOMAIN_CHOICES = _choices(Domain, DOMAIN_LABELS)
RAG_CHOICES = _choices(Rag, RAG_LABELS)
FREQUENCY_CHOICES = _choices(Frequency, FREQUENCY_LABELS)
TRIGGER_CHOICES = _choices(TriggerReason, TRIGGER_LABELS)
REQUEST_CHOICES = _choices(RequestStatus, REQUEST_LABELS)
ITEM_CHOICES = [(ItemStatus.OPEN.value, "To do"), (ItemStatus.DONE.value, "Done")]


class OrderSource(models.TextChoices):
    CONTRACT = "contract", "A contract"
    LOT = "lot", "An agreement lot"
    CLUB = "club", "A buying club's awarded catalogue"


class ExceptionStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"
    APPLIED = "applied", "Applied"


class PlanStatus(models.TextChoices):
    OPEN = "open", "Open"
    COMPLETED = "completed", "Closed"


class ProposalStatus(models.TextChoices):
    OPEN = "open", "Waiting for the agreement manager"
    CLOSED = "closed", "Closed"


class FlagKind(models.TextChoices):
    LATE_RETURN = "late_return", "Late management information return"
    MISSING_RETURN = "missing_return", "Missing management information return"
    UNPAID_FEE = "unpaid_fee", "Unpaid management fee"
