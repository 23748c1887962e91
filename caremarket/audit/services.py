"""Writing to the audit log. Every service calls `audit_record` inside its own transaction."""

from typing import Any

from django.db import models, transaction

from caremarket.audit.chain import event_hash, jsonable
from caremarket.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
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
    """Append one event to the chain. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransaction(
            f"audit event {action!r} must be written in the same transaction as its change"
        )
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    head = _locked_head()
    fields = {
        "seq": head.last_seq + 1,
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
        "prev_hash": head.last_hash,
    }
    event = AuditEvent.objects.create(**fields, hash=event_hash(**fields))
    head.last_seq, head.last_hash = event.seq, event.hash
    head.save(update_fields=["last_seq", "last_hash"])
    return event


def _locked_head() -> AuditChainHead:
    AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
    return AuditChainHead.objects.select_for_update().get(pk=1)
