"""The fixed vocabularies of competitions, as Django choices over the pure rules."""

from enum import StrEnum

from caremarket.rules.bidding import BidStatus
from caremarket.rules.competitions import STATUS_LABELS, CompetitionStatus
from caremarket.rules.moderation import Declaration
from caremarket.rules.standstill import REGIME_LABELS, ChallengeOutcome


class CompetitionProcedure(StrEnum):
    FURTHER_COMPETITION = "further_competition"
    OPEN = "open_procedure"


PROCEDURE_LABELS = {
    CompetitionProcedure.FURTHER_COMPETITION: "Further competition",
    CompetitionProcedure.OPEN: "Open procedure",
}


class DocumentKind(StrEnum):
    SPECIFICATION = "specification"
    TERMS = "terms"
    PRICING_SCHEDULE = "pricing_schedule"
    OTHER = "other"


DOCUMENT_LABELS = {
    DocumentKind.SPECIFICATION: "Specification",
    DocumentKind.TERMS: "Terms and conditions",
    DocumentKind.PRICING_SCHEDULE: "Pricing schedule",
    DocumentKind.OTHER: "Other document",
}


class ReceiptAction(StrEnum):
    SUBMITTED = "submitted"
    RESUBMITTED = "resubmitted"


def choices(labels: dict) -> list[tuple[str, str]]:
    return [(str(k), v) for k, v in labels.items()]


STAGE_CHOICES = [(str(s), STATUS_LABELS[s]) for s in CompetitionStatus]
BID_STATUS_CHOICES = [(str(s), str(s)) for s in BidStatus]
DECLARATION_CHOICES = [(str(d), str(d).replace("_", " ")) for d in Declaration]
REGIME_CHOICES = choices(REGIME_LABELS)
OUTCOME_CHOICES = [(str(o), str(o)) for o in ChallengeOutcome]
