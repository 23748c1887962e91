"""Requirement sets: what an organisation needs, one line per site and service."""

from django.conf import settings
from django.db import models

from caremarket.core.models import TimeStampedModel


class RequirementSet(TimeStampedModel):
    """A group of requirement lines of one organisation; for a buying club member, the set
    it submits to the club (`club` set)."""

    reference = models.CharField(max_length=30, unique=True)
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="requirement_sets"
    )
    title = models.CharField(max_length=200)
    club = models.ForeignKey(
        "sourcing.BuyingClub",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requirement_sets",
    )
    lot = models.ForeignKey(
        "agreements.Lot", null=True, blank=True, on_delete=models.PROTECT, related_name="requirement_sets"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["club", "organisation"],
                condition=models.Q(club__isnull=False),
                name="one_requirement_set_per_club_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class RequirementLine(TimeStampedModel):
    requirement_set = models.ForeignKey(RequirementSet, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    site = models.ForeignKey("orgs.Site", on_delete=models.PROTECT, related_name="+")
    service_type = models.CharField(max_length=100)
    quantity = models.PositiveIntegerField()
    unit = models.CharField(max_length=60)
    size = models.CharField(max_length=60, blank=True, help_text="Bandwidth or size")
    required_by = models.DateField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["requirement_set_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.site.code}: {self.service_type} x{self.quantity}"
