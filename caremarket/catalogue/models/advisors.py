"""Decision-support advisors (self-nominated) and the prices awarded through the platform,
which join the listings' prices in the benchmarks."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from caremarket.catalogue.choices import BASIS_CHOICES, CATEGORY_CHOICES, UNIT_CHOICES
from caremarket.core import clock
from caremarket.core.models import TimeStampedModel
from caremarket.core.money import MONEY_DIGITS, MONEY_PLACES


class Advisor(TimeStampedModel):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="advisor_entries"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="advisors"
    )
    headline = models.CharField(max_length=200)
    biography = models.TextField(max_length=3000, blank=True)
    specialisms = models.JSONField(default=list)
    regions = models.JSONField(default=list)
    contact_email = models.EmailField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person__full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(withdrawn_at__isnull=True), name="advisor_one_entry_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.headline})"


class AwardedPrice(models.Model):
    """A unit price agreed in a contract, recorded by the domain that awards it."""

    category = models.CharField(max_length=40, choices=CATEGORY_CHOICES)
    unit = models.CharField(max_length=30, choices=UNIT_CHOICES)
    basis = models.CharField(max_length=10, choices=BASIS_CHOICES)
    unit_price = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    awarded_on = models.DateField(default=clock.today)
    reference = models.CharField(max_length=100, help_text="The contract or award it comes from")
    listing = models.ForeignKey(
        "catalogue.Listing", null=True, blank=True, on_delete=models.PROTECT, related_name="awarded_prices"
    )

    class Meta:
        ordering = ["-awarded_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reference}: £{self.unit_price} {self.unit}"
