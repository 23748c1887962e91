"""Commercial agreements, their lots and rules; supplier admission; reviews."""

from caremarket.agreements.models.admission import (
    Application,
    Assessment,
    Evidence,
    LotSupplier,
    StandingChange,
)
from caremarket.agreements.models.agreements import Agreement, Lot, LotRules
from caremarket.agreements.models.reviews import Review, ReviewEntry, ReviewFlag

__all__ = [
    "Agreement",
    "Application",
    "Assessment",
    "Evidence",
    "Lot",
    "LotRules",
    "LotSupplier",
    "Review",
    "ReviewEntry",
    "ReviewFlag",
    "StandingChange",
]
