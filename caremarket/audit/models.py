"""The audit log: append-only, each event sealed with the hash of the one before it.

The database itself refuses UPDATE and DELETE on events (triggers, see migration 0002);
`caremarket audit verify` recomputes the chain and names the first broken link.
"""

from django.conf import settings
from django.db import models

from caremarket.core import clock

GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(default=clock.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=255)
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=255, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"


class AuditChainHead(models.Model):
    """The newest link: writers lock this row, so the chain grows one event at a time."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"head at #{self.last_seq}"


class SealedStream(models.Model):
    """The events of one sealed scope (a competition's bids), kept out of the main log until the
    scope opens: nothing in the main log (no event, sequence number or hash) moves while it is
    sealed. Once it opens its head is anchored into the main log by one event (ADR 0011)."""

    scope_type = models.CharField(max_length=100)
    scope_id = models.CharField(max_length=64)
    scope_repr = models.CharField(max_length=255)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    anchor = models.OneToOneField(
        AuditEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="anchored_stream"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope_type", "scope_id"], name="one_stream_per_scope")
        ]

    def __str__(self) -> str:
        return f"sealed stream of {self.scope_repr}"


class SealedEvent(models.Model):
    """One event of a sealed stream: hash-chained within its stream, append-only like the log."""

    stream = models.ForeignKey(SealedStream, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveBigIntegerField()
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=255)
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=255, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["stream", "seq"]
        constraints = [models.UniqueConstraint(fields=["stream", "seq"], name="one_event_per_stream_seq")]

    def __str__(self) -> str:
        return f"{self.stream.scope_repr} #{self.seq} {self.action}"
