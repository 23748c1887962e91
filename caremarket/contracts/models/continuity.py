"""Continuity of supply: backstop arrangements per category, and handovers between an outgoing
and an incoming supplier, with their checklists."""

from django.conf import settings
from django.db import models

from caremarket.contracts.choices import ITEM_CHOICES, TRIGGER_CHOICES
from caremarket.core import clock
from caremarket.orgs.choices import Region
from caremarket.rules.continuity import ItemStatus


class Backstop(models.Model):
    """The suppliers pre-selected, in order of call, to take on a lot's services in a region
    (or a category's, for an owner without an agreement) if a supplier exits."""

    owner = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="backstops")
    category = models.CharField(max_length=40)
    lot = models.ForeignKey(
        "agreements.Lot", null=True, blank=True, on_delete=models.PROTECT, related_name="backstops"
    )
    region = models.CharField(
        max_length=30, choices=Region.choices, blank=True, help_text="Blank: every region"
    )
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["owner_id", "category", "region"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "category", "region"], name="backstop_unique")
        ]

    def __str__(self) -> str:
        return self.title


class BackstopSupplier(models.Model):
    backstop = models.ForeignKey(Backstop, on_delete=models.CASCADE, related_name="suppliers")
    supplier = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["backstop_id", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["backstop", "supplier"], name="backstop_supplier_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.supplier}"


class Handover(models.Model):
    backstop = models.ForeignKey(
        Backstop, null=True, blank=True, on_delete=models.PROTECT, related_name="handovers"
    )
    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="handovers")
    reason = models.CharField(max_length=30, choices=TRIGGER_CHOICES)
    details = models.TextField()
    outgoing = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    incoming = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    interim_contract = models.ForeignKey(
        "contracts.Contract",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interim_for",
        help_text="The contract the incoming supplier serves on while the service is re-procured",
    )
    triggered_at = models.DateTimeField(default=clock.now)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-triggered_at", "-id"]

    def __str__(self) -> str:
        return f"Handover of {self.contract.reference} to {self.incoming}"


class HandoverItem(models.Model):
    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=ITEM_CHOICES, default=ItemStatus.OPEN)
    note = models.CharField(max_length=255, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["handover_id", "position"]

    def __str__(self) -> str:
        return self.title
