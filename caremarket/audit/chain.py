"""How an event is hashed. Shared by the writer and the verifier, so they cannot drift."""

import hashlib
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID


def jsonable(value: Any) -> Any:
    """A value as plain JSON (Decimal as text, never float), stable across databases."""
    _refuse_floats(value)
    return json.loads(json.dumps(value, default=_encode, sort_keys=True))


def _refuse_floats(value: Any) -> None:
    # json.dumps writes floats itself, so they never reach _encode: look for them first.
    if isinstance(value, float):
        raise TypeError("audit values must not be floats; use Decimal")
    if isinstance(value, dict):
        for item in value.values():
            _refuse_floats(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_floats(item)


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID | Enum):
        return str(value.value if isinstance(value, Enum) else value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    if hasattr(value, "pk"):
        return value.pk
    raise TypeError(f"cannot record {type(value).__name__} in the audit log")


def event_hash(
    *,
    seq: int | None,
    occurred_at: datetime,
    actor_id: int | None,
    actor_label: str,
    organisation_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    before: Any,
    after: Any,
    prev_hash: str,
    nonce: str = "",
) -> str:
    """An event's SHA-256 over a canonical JSON of its fields. A chained event (before ADR 0016)
    covers its sequence number and the previous event's hash; a sealed one covers its nonce
    instead, and its place is fixed by the batch that seals it."""
    payload = {
        "seq": seq,
        "occurred_at": occurred_at.astimezone(UTC).isoformat(),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "organisation_id": organisation_id,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "before": before,
        "after": after,
        "prev_hash": prev_hash,
    }
    if nonce:
        payload["nonce"] = nonce
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def hash_of(event) -> str:
    """Recompute a stored event's hash from its fields (a main-log event or a sealed stream's)."""
    nonce = getattr(event, "nonce", "")
    return event_hash(
        seq=None if nonce else event.seq,
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        organisation_id=event.organisation_id,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        object_repr=event.object_repr,
        before=event.before,
        after=event.after,
        prev_hash=event.prev_hash,
        nonce=nonce,
    )
