"""The annual review of an agreement: every supplier on it, with the evidence of its
performance, its management fee payments and its compliance, and the management fee flags
(late or missing returns, unpaid fees) raised against it during the year."""

from django.conf import settings
from django.db import models

from caremarket.agreements.choices import (
    DATA_HANDLING_CHOICES,
    FEE_FLAG_CHOICES,
    FEE_STATUS_CHOICES,
    INTEROPERABILITY_CHOICES,
    PERFORMANCE_CHOICES,
    ReviewStatus,
)
from caremarket.core import clock
from caremarket.core.models import TimeStampedModel
from caremarket.core.money import MONEY_DIGITS, MONEY_PLACES


class Review(TimeStampedModel):
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="reviews")
    year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["agreement_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["agreement", "year"], name="review_one_per_year")]

    def __str__(self) -> str:
        return f"{self.year} review of {self.agreement.reference}"

    @property
    def is_open(self) -> bool:
        return self.status == ReviewStatus.OPEN


class ReviewEntry(models.Model):
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="entries")
    supplier = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    performance = models.CharField(max_length=30, choices=PERFORMANCE_CHOICES, blank=True)
    performance_notes = models.TextField(blank=True)
    fees_status = models.CharField(max_length=20, choices=FEE_STATUS_CHOICES, blank=True)
    fees_outstanding = models.DecimalField(
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        default=0,
        help_text="Overdue on the fee invoices when recorded (contracts.selectors.fee_records)",
    )
    data_handling = models.CharField(max_length=20, choices=DATA_HANDLING_CHOICES, blank=True)
    interoperability = models.CharField(max_length=20, choices=INTEROPERABILITY_CHOICES, blank=True)
    compliance = models.JSONField(default=list, blank=True, help_text="Gaps found when recorded")
    notes = models.TextField(blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["review_id", "supplier__name"]
        verbose_name_plural = "review entries"
        constraints = [models.UniqueConstraint(fields=["review", "supplier"], name="review_entry_unique")]

    def __str__(self) -> str:
        return f"{self.supplier.name} in {self.review}"

    @property
    def is_recorded(self) -> bool:
        return self.recorded_at is not None


class ReviewFlag(models.Model):
    """A management fee flag written into a supplier's entry in the review: a month's return
    late or missing, or a fee invoice unpaid after its due date. Written once per kind and month."""

    entry = models.ForeignKey(ReviewEntry, on_delete=models.PROTECT, related_name="flags")
    kind = models.CharField(max_length=20, choices=FEE_FLAG_CHOICES)
    period = models.DateField(help_text="The first day of the month it concerns")
    detail = models.CharField(max_length=255)
    raised_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["entry_id", "period", "kind"]
        constraints = [models.UniqueConstraint(fields=["entry", "kind", "period"], name="review_flag_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.period:%B %Y}) for {self.entry}"
