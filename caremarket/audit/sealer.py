"""Sealing committed audit events into batches, in commit order (ADR 0016).

Writers append events and take no lock. After each commit, and whenever verify or a benchmark
asks, `seal_pending` seals every event that has become final. It anchors opened sealed bid
streams too (ADR 0011): their first event in the main log is written here.
- PostgreSQL: the events of transactions older than the snapshot's xmin are final. Only one
  sealer works at a time (a transaction-scoped advisory lock, which writers never take); the
  others return at once, because the working one seals their events too.
- SQLite: writes are serial, so every committed event is final.

Nothing here decides a rule: which events are final, the Merkle root and the checkpoint are
`caremarket.rules.audit_seal`."""

import time

from django.db import IntegrityError, connection, transaction

from caremarket.audit.models import GENESIS_HASH, AuditBatch, AuditChainHead, AuditEvent, SealedStream
from caremarket.audit.sealing import opened_streams
from caremarket.core import clock
from caremarket.rules import audit_seal as rules

# pg_advisory_xact_lock key: "CMAUDIT" as a number, so no other lock in the database shares it.
ADVISORY_KEY = 0x434D4155444954
BATCH_LIMIT = 5000
ANCHORING_EVERY_SECONDS = 1.0
SEALER_LABEL = "Caremarket"


def seal_pending(*, wait: bool = True) -> list[AuditBatch]:
    """Seal every event that is final now, in batches of at most BATCH_LIMIT. With `wait`
    False, return at once if another sealer is working: before it lets go it looks once more,
    so an event committed while it worked is sealed too."""
    batches: list[AuditBatch] = []
    try:
        while True:
            batch, anchored, locked = _seal_one(wait=wait)
            if not locked:
                return batches
            if batch is not None:
                batches.append(batch)
            elif not anchored and not _final_unsealed(limit=1):
                # Looked again after letting go of the lock: nothing committed in between.
                return batches
    except IntegrityError:
        # Another sealer on SQLite wrote the same batch number first: its batch holds these.
        return batches


def _seal_one(*, wait: bool) -> tuple[AuditBatch | None, int, bool]:
    """One batch of what is final now (or None), how many streams were anchored, and whether
    this sealer held the lock."""
    with transaction.atomic():
        if not _sealer_lock(wait):
            return None, 0, False
        head = _head()
        anchored = _anchor_opened_streams() if wait or _anchoring_due() else 0
        ids_and_hashes = _final_unsealed()
        if not ids_and_hashes:
            return None, anchored, True
        ids = [i for i, _ in ids_and_hashes]
        hashes = [h for _, h in ids_and_hashes]
        number = head.last_seq + 1
        root = rules.merkle_root(hashes)
        batch = AuditBatch.objects.create(
            number=number,
            count=len(ids),
            first_event_id=ids[0],
            last_event_id=ids[-1],
            root=root,
            prev_hash=head.last_hash,
            hash=rules.checkpoint_hash(head.last_hash, number, root, len(ids)),
            sealed_at=clock.now(),
        )
        for start in range(0, len(ids), 500):
            AuditEvent.objects.filter(pk__in=ids[start : start + 500], batch__isnull=True).update(batch=batch)
        head.last_seq, head.last_hash = batch.number, batch.hash
        head.save(update_fields=["last_seq", "last_hash"])
        # Anchors written in this transaction are sealed in this batch.
        return batch, 0, True


def _sealer_lock(wait: bool) -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_KEY])
            return True
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [ADVISORY_KEY])
        return bool(cursor.fetchone()[0])


def _head() -> AuditChainHead:
    """The newest checkpoint. Only sealers write it, one at a time under the sealer's lock (on
    SQLite, whose writes are serial, the first write locks the database)."""
    return AuditChainHead.objects.filter(pk=1).first() or AuditChainHead.objects.create(
        pk=1, last_hash=GENESIS_HASH
    )


_last_anchoring = [float("-inf")]


def _anchoring_due() -> bool:
    """Whether this process should look for newly opened sealed streams now: at most once a
    second after commits (every seal that waits, such as verify's, looks too)."""
    now = time.monotonic()
    if now - _last_anchoring[0] < ANCHORING_EVERY_SECONDS:
        return False
    _last_anchoring[0] = now
    return True


def _final_unsealed(limit: int = BATCH_LIMIT) -> list[tuple[int, str]]:
    """(id, hash) of the unsealed events that no open transaction can still add to, by id."""
    sql = "SELECT id, hash FROM audit_auditevent WHERE batch_id IS NULL AND nonce <> ''"
    if connection.vendor == "postgresql":
        # In one statement, so the snapshot that gives xmin is the one the rows are read in.
        # The sealer's own transaction's events are final too: they commit with the batch.
        sql += (
            " AND (txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
            " OR txid = txid_current_if_assigned())"
        )
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} ORDER BY id LIMIT %s", [limit])
        return [(row[0], row[1]) for row in cursor.fetchall()]


def _anchor_opened_streams() -> int:
    """Anchor into the main log the head of every sealed stream that has opened: how many bid
    events it holds and the hash they end on, so it cannot be rewritten afterwards unnoticed.
    The anchoring event is sealed by the next batch like any other."""
    from caremarket.audit.services import append_event

    now = clock.now()
    unanchored = SealedStream.objects.filter(anchor__isnull=True)
    anchored = 0
    for stream in opened_streams(unanchored, now).select_for_update().order_by("pk"):
        anchor = append_event(
            {
                "occurred_at": now,
                "actor_id": None,
                "actor_label": SEALER_LABEL,
                "organisation_id": None,
                "action": "audit.sealed_stream_opened",
                "object_type": stream.scope_type,
                "object_id": stream.scope_id,
                "object_repr": f"Sealed events of {stream.scope_repr}"[:255],
                "before": None,
                "after": {"events": stream.last_seq, "last_hash": stream.last_hash},
            }
        )
        stream.anchor = anchor
        stream.save(update_fields=["anchor"])
        anchored += 1
    return anchored
