"""Procurement intentions: what a buyer plans to buy, when, and roughly for how much."""

from django.conf import settings
from django.db import models

from caremarket.core.models import TimeStampedModel
from caremarket.orgs.choices import Region
from caremarket.sourcing.choices import (
    SERVICE_LINE_CHOICES,
    SOURCING_OPTION_CHOICES,
    IntentionStatus,
    ValueBand,
)


class ProcurementIntention(TimeStampedModel):
    reference = models.CharField(max_length=30, unique=True)
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="intentions")
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=60, help_text="A catalogue service category")
    region = models.CharField(max_length=20, choices=Region.choices)
    value_band = models.CharField(max_length=20, choices=ValueBand.choices)
    launch_on = models.DateField()
    closes_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=IntentionStatus.choices, default=IntentionStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["launch_on", "reference"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class CostFigure(TimeStampedModel):
    """An organisation's own yearly cost of one sourcing option for one service line, for
    the make/share/buy diagnostic."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="cost_figures"
    )
    service_line = models.CharField(max_length=40, choices=SERVICE_LINE_CHOICES)
    option = models.CharField(max_length=30, choices=SOURCING_OPTION_CHOICES)
    yearly_cost = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["organisation_id", "service_line", "option"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service_line", "option"], name="cost_figure_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_line} {self.option}: £{self.yearly_cost}"
