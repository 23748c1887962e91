"""The fixed vocabularies of sourcing, as Django choices over the pure rules."""

from django.db import models

from caremarket.rules.buying_clubs import CLUB_STATUS_LABELS, ClubStatus
from caremarket.rules.club_timetable import ClubKind
from caremarket.rules.sourcing_diagnostic import (
    OPTION_LABELS,
    SERVICE_LINE_LABELS,
    ServiceLine,
    SourcingOption,
)


def _choices(enum, labels) -> list[tuple[str, str]]:
    return [(m.value, labels[m][:1].upper() + labels[m][1:]) for m in enum]


CLUB_STAGE_CHOICES = [
    c for c in _choices(ClubStatus, CLUB_STATUS_LABELS) if c[0] != ClubStatus.JOINING_CLOSED
]
CLUB_STATUS_CHOICES = _choices(ClubStatus, CLUB_STATUS_LABELS)
CLUB_KIND_LABELS = {
    ClubKind.REGIONAL: "regional",
    ClubKind.ARMS_LENGTH_BODY: "arm's-length bodies",
    ClubKind.NON_REGIONAL: "non-regional",
}
CLUB_KIND_CHOICES = _choices(ClubKind, CLUB_KIND_LABELS)
SERVICE_LINE_CHOICES = _choices(ServiceLine, SERVICE_LINE_LABELS)
SOURCING_OPTION_CHOICES = _choices(SourcingOption, OPTION_LABELS)


class CollaborationRoute(models.TextChoices):
    """How a collaborative (or individual) procurement buys."""

    DPS = "dps", "Further competition on a dynamic purchasing system"
    FRAMEWORK = "framework", "Mini-competition on a framework"
    OPEN = "open_procedure", "Open procedure"


class ProcurementStatus(models.TextChoices):
    PLANNING = "planning", "Planning"
    LAUNCHED = "launched", "Launched"
    COMPLETED = "completed", "Completed"
    JOINED_AGGREGATED = "joined_aggregated", "Joined an aggregated procurement"
    ABANDONED = "abandoned", "Abandoned"


class IntentionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ValueBand(models.TextChoices):
    UNDER_100K = "under_100k", "Under £100,000"
    K100_TO_500K = "100k_500k", "£100,000 to £500,000"
    K500_TO_1M = "500k_1m", "£500,000 to £1 million"
    M1_TO_5M = "1m_5m", "£1 million to £5 million"
    M5_TO_20M = "5m_20m", "£5 million to £20 million"
    OVER_20M = "over_20m", "Over £20 million"
