"""Shortlists: a buyer's saved search with its results and the exact listing versions they
showed. A locked shortlist never changes: it is the evidence for a direct award."""

from django.conf import settings
from django.db import models

from caremarket.catalogue.choices import ShortlistStatus
from caremarket.core import clock


class Shortlist(models.Model):
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="shortlists")
    name = models.CharField(max_length=200)
    purpose = models.TextField(max_length=2000, blank=True)
    query = models.JSONField(help_text="The search text, filters, sort, quantity and term")
    result_count = models.PositiveIntegerField(help_text="How many services the search found")
    status = models.CharField(max_length=10, choices=ShortlistStatus.choices, default=ShortlistStatus.OPEN)
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_locked(self) -> bool:
        return self.status == ShortlistStatus.LOCKED


class ShortlistEntry(models.Model):
    shortlist = models.ForeignKey(Shortlist, on_delete=models.PROTECT, related_name="entries")
    position = models.PositiveIntegerField()
    listing = models.ForeignKey("catalogue.Listing", on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey("catalogue.ListingVersion", on_delete=models.PROTECT, related_name="+")
    snapshot = models.JSONField(help_text="What the buyer saw: name, supplier, category, prices")

    class Meta:
        ordering = ["shortlist_id", "position"]
        verbose_name_plural = "shortlist entries"
        constraints = [
            models.UniqueConstraint(fields=["shortlist", "listing"], name="shortlist_listing_unique")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.snapshot.get('name', '')}"
