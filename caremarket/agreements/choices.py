"""The fixed vocabularies of commercial agreements, as Django choices over the pure rules."""

from django.db import models

from caremarket.orgs.choices import CertificationScheme
from caremarket.rules.admission import (
    APPLICATION_LABELS,
    DATA_HANDLING_LABELS,
    FEE_STATUS_LABELS,
    GROUND_LABELS,
    INTEROPERABILITY_LABELS,
    OUTCOME_LABELS,
    PERFORMANCE_LABELS,
    SUPPLIER_STATUS_LABELS,
    ApplicationStatus,
    AssessmentOutcome,
    DataHandling,
    FeeStatus,
    Ground,
    Interoperability,
    Performance,
    SupplierStatus,
)
from caremarket.rules.agreements import (
    KIND_LABELS,
    PROCEDURE_LABELS,
    STATUS_LABELS,
    THRESHOLD_LABELS,
    AgreementKind,
    AgreementStatus,
    Procedure,
    Threshold,
)
from caremarket.rules.fees import FEE_FLAG_LABELS, FeeFlagKind


def _choices(enum, labels, capitalise: bool = True) -> list[tuple[str, str]]:
    return [(m.value, labels[m][:1].upper() + labels[m][1:] if capitalise else labels[m]) for m in enum]


KIND_CHOICES = _choices(AgreementKind, KIND_LABELS)
STATUS_CHOICES = _choices(AgreementStatus, STATUS_LABELS)
STAGE_CHOICES = [c for c in STATUS_CHOICES if c[0] != AgreementStatus.EXPIRED]
PROCEDURE_CHOICES = _choices(Procedure, PROCEDURE_LABELS)
THRESHOLD_CHOICES = _choices(Threshold, THRESHOLD_LABELS)
APPLICATION_STATUS_CHOICES = _choices(ApplicationStatus, APPLICATION_LABELS)
OUTCOME_CHOICES = _choices(AssessmentOutcome, OUTCOME_LABELS)
SUPPLIER_STATUS_CHOICES = _choices(SupplierStatus, SUPPLIER_STATUS_LABELS)
GROUND_CHOICES = _choices(Ground, GROUND_LABELS)
PERFORMANCE_CHOICES = _choices(Performance, PERFORMANCE_LABELS)
FEE_STATUS_CHOICES = _choices(FeeStatus, FEE_STATUS_LABELS)
DATA_HANDLING_CHOICES = _choices(DataHandling, DATA_HANDLING_LABELS)
INTEROPERABILITY_CHOICES = _choices(Interoperability, INTEROPERABILITY_LABELS)
FEE_FLAG_CHOICES = _choices(FeeFlagKind, FEE_FLAG_LABELS)
SCHEME_LABELS = dict(CertificationScheme.choices)


class PriceUnit(models.TextChoices):
    PER_CONNECTION = "per_connection", "Per connection (by bandwidth)"
    PER_DEVICE = "per_device", "Per device"
    PER_USER = "per_user", "Per user"
    PER_PRACTICE = "per_practice", "Per practice"
    PER_HEAD = "per_head_of_population", "Per head of population"
    DAY_RATE = "day_rate", "Day rate"
    PER_UNIT = "per_unit", "Per unit"
    FIXED_PRICE = "fixed_price", "Fixed price"


class ReviewStatus(models.TextChoices):
    OPEN = "open", "In progress"
    COMPLETED = "completed", "Completed"
