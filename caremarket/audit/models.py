"""The audit log: append-only. Events written before ADR 0016 are chained one to the next;
since then each event is hashed alone, appended without any shared lock, and sealed with others
in a batch whose checkpoint chains to the one before (ADR 0016).

The database itself refuses UPDATE and DELETE on events (triggers, see migrations 0003 and
0006); the only change it allows is an event's batch, set once when it is sealed.
`caremarket audit verify` recomputes the chain and the batches and names the first broken link.
"""

from django.conf import settings
from django.db import models

from caremarket.core import clock

GENESIS_HASH = "0" * 64


class AuditBatch(models.Model):
    """Events sealed together (ADR 0016): the Merkle root of their hashes in id order, and the
    checkpoint that chains this batch to the one before. Numbers continue the sequence of the
    chained events written before batches, so an anchor's sequence names one or the other."""

    number = models.PositiveBigIntegerField(unique=True)
    count = models.PositiveIntegerField()
    first_event_id = models.PositiveBigIntegerField()
    last_event_id = models.PositiveBigIntegerField()
    root = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    sealed_at = models.DateTimeField()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"batch #{self.number} of {self.count} events"


class AuditEvent(models.Model):
    # The event's number: the chain's position before ADR 0016; since then the event's id, set
    # by the database as the row is written (so writers share no counter).
    seq = models.PositiveBigIntegerField(unique=True, null=True)
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
    # Since ADR 0016: random bytes in the hash (two identical events hash apart), the writing
    # transaction's id on PostgreSQL (set by the database), and the batch that sealed it.
    nonce = models.CharField(max_length=32, blank=True, default="")
    txid = models.BigIntegerField(null=True, blank=True, editable=False)
    batch = models.ForeignKey(
        AuditBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )

    class Meta:
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # What the sealer and verify look for: events of ADR 0016 not yet in a batch.
            models.Index(
                fields=["id"],
                name="audit_event_unsealed",
                condition=models.Q(batch__isnull=True) & ~models.Q(nonce=""),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    @property
    def chained(self) -> bool:
        """Written before ADR 0016: linked to the event before it rather than sealed in a batch."""
        return not self.nonce


class AuditChainHead(models.Model):
    """The newest link: the last chained event before ADR 0016, since then the newest batch's
    number and checkpoint. Only the sealer writes it; writers of events never touch it."""

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
