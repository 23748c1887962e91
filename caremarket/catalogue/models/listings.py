"""A listing (one service a supplier publishes under a lot), its numbered versions, and each
version's price list. Versions are never deleted: the live one shows, the rest are history."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from caremarket.catalogue.choices import (
    CATEGORY_CHOICES,
    CHARGE_CHOICES,
    REGION_CHOICES,
    UNIT_CHOICES,
    VERSION_STATUS_CHOICES,
)
from caremarket.core import clock
from caremarket.core.models import TimeStampedModel
from caremarket.core.money import MONEY_DIGITS, MONEY_PLACES
from caremarket.rules import catalogue as rules
from caremarket.rules.catalogue import OPEN, VersionStatus


class Listing(TimeStampedModel):
    supplier = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="listings")
    lot = models.ForeignKey("agreements.Lot", on_delete=models.PROTECT, related_name="listings")
    live_version = models.ForeignKey(
        "ListingVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Listing #{self.pk}"

    @property
    def reference(self) -> str:
        return f"CM-{self.pk:06d}"


class ListingVersion(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20, choices=VERSION_STATUS_CHOICES, default=VersionStatus.DRAFT, db_index=True
    )
    name = models.CharField(max_length=120)
    summary = models.CharField(max_length=300)
    description = models.TextField(max_length=5000, blank=True)
    category = models.CharField(max_length=40, choices=CATEGORY_CHOICES)
    regions = models.JSONField(default=list, help_text="Region codes; 'national' covers England")
    capacity = models.CharField(max_length=200, blank=True, help_text="e.g. up to 40 new sites a month")
    features = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    live_from = models.DateTimeField(null=True, blank=True)
    live_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["listing_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "number"], name="listing_version_number_unique"),
            # At most one version in progress (draft or submitted) per listing.
            models.UniqueConstraint(
                fields=["listing"], condition=Q(status__in=sorted(OPEN)), name="listing_one_open_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.number} ({self.status})"

    @property
    def status_label(self) -> str:
        return rules.VERSION_LABELS[VersionStatus(self.status)]

    @property
    def category_label(self) -> str:
        return rules.category_label(self.category)

    @property
    def region_labels(self) -> list[str]:
        labels = dict(REGION_CHOICES)
        return [labels.get(code, code) for code in self.regions]

    def price_lines(self) -> list[rules.PriceLine]:
        rows = [
            (r.item, r.unit, r.charge, r.from_quantity, r.to_quantity, r.unit_price)
            for r in sorted(self.prices.all(), key=lambda r: (r.position, r.from_quantity))
        ]
        return rules.lines_from_rows(rows)


class PriceRow(models.Model):
    """One tier of one line of a version's price list (a flat line has a single tier)."""

    version = models.ForeignKey(ListingVersion, on_delete=models.PROTECT, related_name="prices")
    position = models.PositiveIntegerField(help_text="The line's place in the price list")
    item = models.CharField(max_length=120)
    unit = models.CharField(max_length=30, choices=UNIT_CHOICES)
    charge = models.CharField(max_length=10, choices=CHARGE_CHOICES)
    from_quantity = models.PositiveIntegerField(default=1)
    to_quantity = models.PositiveIntegerField(null=True, blank=True)
    unit_price = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, default=Decimal(0))

    class Meta:
        ordering = ["version_id", "position", "from_quantity"]

    def __str__(self) -> str:
        return f"{self.item}: £{self.unit_price} {self.unit} ({self.charge})"
