"""Writing to the audit log. Every service calls `audit_record` inside its own transaction.

An event is hashed alone and appended with no shared lock: writers never wait on each other
here. The sealer (caremarket.audit.sealer) seals committed events into batches afterwards, in
commit order (ADR 0016).

Events about sealed things (a competition's bids before its deadline) go to `sealed_record`
instead: a stream of their own, so the main log shows nothing of them until they open (ADR 0011).
"""

import secrets
from typing import Any

from django.conf import settings
from django.db import models, transaction

from caremarket.audit.chain import event_hash, jsonable
from caremarket.audit.models import AuditEvent, SealedEvent, SealedStream
from caremarket.audit.sealing import stream_genesis
from caremarket.core import clock
from caremarket.core.actor import Actor


class AuditOutsideTransaction(RuntimeError):
    pass


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    organisation_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """Append one event to the log. Must run inside the caller's transaction; once that commits,
    the event is sealed into the next batch."""
    _require_transaction(action)
    fields = _event_fields(
        actor, action, obj, organisation_id, before, after, object_type, object_id, object_repr
    )
    event = append_event(fields)
    if settings.CAREMARKET_AUDIT_SEAL_ON_COMMIT:
        transaction.on_commit(seal_after_commit)
    return event


def append_event(fields: dict) -> AuditEvent:
    """Write one event, hashed alone. The database numbers it (its `seq` is its id) and, on
    PostgreSQL, records the writing transaction, which tells the sealer when it is final."""
    fields = {**fields, "seq": None, "prev_hash": "", "nonce": secrets.token_hex(16)}
    event = AuditEvent.objects.create(**fields, hash=event_hash(**fields))
    event.seq = event.pk
    return event


def seal_after_commit() -> None:
    from caremarket.audit.sealer import seal_pending

    seal_pending(wait=False)


def sealed_record(
    *,
    scope: models.Model,
    scope_repr: str,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    organisation_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> SealedEvent:
    """Append one event to `scope`'s sealed stream, not to the main log. Only the stream's own
    row is locked, so the main chain's head, sequence numbers and hashes do not move."""
    _require_transaction(action)
    fields = _event_fields(actor, action, obj, organisation_id, before, after, "", "", "")
    stream = _locked_stream(scope._meta.label_lower, str(scope.pk), scope_repr)
    fields.update(seq=stream.last_seq + 1, prev_hash=stream.last_hash)
    event = SealedEvent.objects.create(stream=stream, **fields, hash=event_hash(**fields))
    stream.last_seq, stream.last_hash = event.seq, event.hash
    stream.save(update_fields=["last_seq", "last_hash"])
    return event


def _require_transaction(action: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransaction(
            f"audit event {action!r} must be written in the same transaction as its change"
        )


def _event_fields(actor, action, obj, organisation_id, before, after, object_type, object_id, object_repr):
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    return {
        "occurred_at": clock.now(),
        "actor_id": actor.person_id,
        "actor_label": actor.label[:255],
        "organisation_id": organisation_id,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "object_repr": object_repr[:255],
        "before": jsonable(before) if before is not None else None,
        "after": jsonable(after) if after is not None else None,
    }


def _locked_stream(scope_type: str, scope_id: str, scope_repr: str) -> SealedStream:
    SealedStream.objects.get_or_create(
        scope_type=scope_type,
        scope_id=scope_id,
        defaults={"scope_repr": scope_repr[:255], "last_hash": stream_genesis(scope_type, scope_id)},
    )
    return SealedStream.objects.select_for_update().get(scope_type=scope_type, scope_id=scope_id)
