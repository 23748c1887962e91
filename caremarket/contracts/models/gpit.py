"""GP IT: allocations of central funds per commissioner, the solutions practices choose from,
their choices, and requests to use their own systems on NHS infrastructure."""

from django.conf import settings
from django.db import models

from caremarket.contracts.choices import REQUEST_CHOICES
from caremarket.core import clock
from caremarket.core.money import MONEY_DIGITS, MONEY_PLACES
from caremarket.rules.gpit import RequestStatus


class GpitSolution(models.Model):
    name = models.CharField(max_length=200, unique=True)
    supplier = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="gpit_solutions")
    is_foundation = models.BooleanField(default=False)
    accredited = models.BooleanField(default=False)
    supported = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "GP IT solution"

    def __str__(self) -> str:
        return self.name


class Allocation(models.Model):
    commissioner = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="gpit_allocations"
    )
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="allocations"
    )
    financial_year = models.PositiveSmallIntegerField()
    amount = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-financial_year", "commissioner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commissioner", "agreement", "financial_year"], name="allocation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commissioner} {self.financial_year}/{(self.financial_year + 1) % 100:02d}"

    @property
    def year_label(self) -> str:
        return f"{self.financial_year}/{(self.financial_year + 1) % 100:02d}"


class FoundationChoice(models.Model):
    practice = models.OneToOneField(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="foundation_choice"
    )
    solution = models.ForeignKey(GpitSolution, on_delete=models.PROTECT, related_name="choices")
    chosen_at = models.DateTimeField(default=clock.now)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.practice} uses {self.solution}"


class OwnSystemRequest(models.Model):
    practice = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="own_system_requests"
    )
    commissioner = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    system_name = models.CharField(max_length=200)
    purpose = models.TextField()
    status = models.CharField(max_length=20, choices=REQUEST_CHOICES, default=RequestStatus.REQUESTED)
    requested_at = models.DateTimeField(default=clock.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.practice}: {self.system_name}"
