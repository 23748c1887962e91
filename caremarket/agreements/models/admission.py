"""Supplier admission: evidence files, applications and their assessments, and a supplier's
place on a lot with the history of every change to it."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from caremarket.agreements.choices import (
    APPLICATION_STATUS_CHOICES,
    GROUND_CHOICES,
    OUTCOME_CHOICES,
    SUPPLIER_STATUS_CHOICES,
)
from caremarket.core import clock
from caremarket.core.models import TimeStampedModel
from caremarket.rules.admission import (
    GROUND_LABELS,
    PENDING,
    ApplicationStatus,
    Ground,
    SupplierStatus,
)


class Evidence(models.Model):
    """A file a supplier uploaded, kept in Django's storage; its SHA-256 proves it unchanged."""

    supplier = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    description = models.CharField(max_length=255, blank=True)
    uploaded_at = models.DateTimeField(default=clock.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.original_name


class Application(TimeStampedModel):
    """A supplier's application to one lot, answered under one version of its rules."""

    supplier = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="applications")
    lot = models.ForeignKey("agreements.Lot", on_delete=models.PROTECT, related_name="applications")
    rules = models.ForeignKey("agreements.LotRules", on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(
        max_length=20, choices=APPLICATION_STATUS_CHOICES, default=ApplicationStatus.SUBMITTED, db_index=True
    )
    answers = models.JSONField(default=dict, blank=True)
    certifications = models.JSONField(default=list, blank=True, help_text="As held when submitted")
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="applications")
    submitted_at = models.DateTimeField(default=clock.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            # One application at a time per supplier and lot, even under concurrent submissions.
            models.UniqueConstraint(
                fields=["supplier", "lot"],
                condition=Q(status__in=sorted(PENDING)),
                name="application_one_pending_per_lot",
            )
        ]

    def __str__(self) -> str:
        return f"Application #{self.pk} from {self.supplier.name} to {self.lot.label}"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING

    @property
    def latest_assessment(self):
        assessments = list(self.assessments.all())
        return assessments[0] if assessments else None


class Assessment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="assessments")
    outcome = models.CharField(max_length=20, choices=OUTCOME_CHOICES)
    reasons = models.TextField()
    assessed_at = models.DateTimeField(default=clock.now)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} for application #{self.application_id}"


class LotSupplier(TimeStampedModel):
    """A supplier's place on a lot. Suspension and removal change its status; the row and
    its history stay."""

    lot = models.ForeignKey("agreements.Lot", on_delete=models.PROTECT, related_name="suppliers")
    supplier = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="lot_places")
    status = models.CharField(
        max_length=20, choices=SUPPLIER_STATUS_CHOICES, default=SupplierStatus.ADMITTED, db_index=True
    )
    ground = models.CharField(max_length=40, choices=GROUND_CHOICES, blank=True)
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    admitted_on = models.DateField()

    class Meta:
        ordering = ["lot_id", "supplier__name"]
        constraints = [models.UniqueConstraint(fields=["lot", "supplier"], name="lot_supplier_unique")]

    def __str__(self) -> str:
        return f"{self.supplier.name} on {self.lot.label} ({self.status})"

    @property
    def ground_label(self) -> str:
        return GROUND_LABELS[Ground(self.ground)] if self.ground else ""


class StandingChange(models.Model):
    """One change to a supplier's place on a lot: admitted, suspended, reinstated, removed."""

    lot_supplier = models.ForeignKey(LotSupplier, on_delete=models.PROTECT, related_name="changes")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, choices=SUPPLIER_STATUS_CHOICES)
    ground = models.CharField(max_length=40, choices=GROUND_CHOICES, blank=True)
    reason = models.TextField(blank=True)
    changed_at = models.DateTimeField(default=clock.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"
