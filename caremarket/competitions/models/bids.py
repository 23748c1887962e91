"""Sealed bids: the supplier's draft, the sealed (encrypted) submission, its files and receipts.

A draft is the supplier's working copy. Submitting seals it: the content is encrypted to the
competition's public key and the draft cleared, so what is stored for a submitted bid can be
read only with the competition's private key, which is released after the deadline.
"""

from django.conf import settings
from django.db import models

from caremarket.competitions.choices import BID_STATUS_CHOICES, ReceiptAction, choices
from caremarket.core import clock
from caremarket.core.models import TimeStampedModel
from caremarket.rules.bidding import BidStatus

USER = settings.AUTH_USER_MODEL


class Bid(TimeStampedModel):
    competition = models.ForeignKey("competitions.Competition", on_delete=models.PROTECT, related_name="bids")
    supplier = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="bids")
    status = models.CharField(max_length=20, choices=BID_STATUS_CHOICES, default=BidStatus.DRAFT)
    draft = models.JSONField(default=dict, blank=True, help_text="The supplier's working copy")
    sealed = models.BinaryField(null=True, blank=True, editable=False)
    content_sha256 = models.CharField(max_length=64, blank=True)
    requirement_version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    invalidated_at = models.DateTimeField(null=True, blank=True)
    excluded_because = models.TextField(blank=True, help_text="Recorded by the buyer after opening")
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["competition_id", "id"]
        constraints = [models.UniqueConstraint(fields=["competition", "supplier"], name="bid_unique")]

    def __str__(self) -> str:
        return f"Bid {self.pk}"

    @property
    def label(self) -> str:
        return f"B{self.pk}"


class BidFile(models.Model):
    """A file attached to a bid, sealed on upload: only its name, size and hash are readable."""

    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="files")
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100)
    sealed = models.BinaryField(editable=False)
    uploaded_at = models.DateTimeField(default=clock.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["bid_id", "id"]

    def __str__(self) -> str:
        return self.name


class Receipt(models.Model):
    """Proof of a submission: the server's time and the SHA-256 of the sealed content."""

    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="receipts")
    number = models.CharField(max_length=40, unique=True)
    action = models.CharField(max_length=20, choices=choices({a: a.value for a in ReceiptAction}))
    issued_at = models.DateTimeField()
    content_sha256 = models.CharField(max_length=64)
    issued_to = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["bid_id", "issued_at", "id"]

    def __str__(self) -> str:
        return self.number
