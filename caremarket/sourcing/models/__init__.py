"""Sourcing: requirements, buying clubs, collaborations, individual procurements,
intentions and the make/share/buy cost figures."""

from caremarket.sourcing.models.clubs import BaselineLine, BuyingClub, ClubLegalEntity, ClubMember, ClubSite
from caremarket.sourcing.models.collaborations import (
    Collaboration,
    CollaborationPartner,
    IndividualProcurement,
    ProcurementMilestone,
)
from caremarket.sourcing.models.intentions import CostFigure, ProcurementIntention
from caremarket.sourcing.models.requirements import RequirementLine, RequirementSet

__all__ = [
    "BaselineLine",
    "BuyingClub",
    "ClubLegalEntity",
    "ClubMember",
    "ClubSite",
    "Collaboration",
    "CollaborationPartner",
    "CostFigure",
    "IndividualProcurement",
    "ProcurementIntention",
    "ProcurementMilestone",
    "RequirementLine",
    "RequirementSet",
]
