"""Idempotency keys: a retried request gets the first response back, not a second order.

A client sends `Idempotency-Key: <a value of its own, up to 255 characters>` with a request
that creates something (an order, a bid submission, a contract). The key belongs to the person
sending it and lives for `LIFETIME` from its first use, judged by `clock.now`; after that it
may be used again. Within its lifetime:

- the same key for the same request (same method, path and body, for the same acting
  organisation) gets the first response again, status and body alike, and nothing is created;
- the same key for a different request is refused (422 `idempotency.key_reused`);
- the same key while the first request is still running is refused (409
  `idempotency.in_progress`), without waiting for it (on PostgreSQL; SQLite runs one writer at
  a time, so the second request waits for the first to commit and then gets its response).

The row for the key is inserted first, in the transaction that then runs the operation, and
the response is stored in that same transaction before it commits. So there is never a
committed create without its stored response: if the process dies after the commit and the
response never reaches the client, the retry finds the response. If the operation is refused
or fails, the whole transaction (key row included) rolls back and a retry runs again: a refusal
created nothing, so running again cannot duplicate anything.

The interface decides where the transaction starts (`caremarket.api.idempotency` for the API);
this module holds the rules and the rows.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, connection, transaction

from caremarket.core import clock
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, ValidationFailed
from caremarket.core.models import IdempotentRequest

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
# Long enough for any client's retries (Stripe keeps keys for 24 hours too); short enough that
# the table stays small without a clean-up job: a person's expired rows go when they next use
# a key.
LIFETIME = timedelta(hours=24)


@dataclass(frozen=True)
class Fingerprint:
    """What makes two requests "the same": who, which key, which route, which body."""

    person_id: int
    key: str
    route: str
    body_sha256: str


@dataclass(frozen=True)
class StoredResponse:
    """The first response to a key, to send again."""

    status: int
    content_type: str
    body: str


def body_digest(*, content_type: str, body: bytes, form=None, files=None, organisation: str = "") -> str:
    """SHA-256 of what a request asks for. JSON is canonicalised (key order and spacing do not
    make a different request); a multipart form is read as its fields and its files' names and
    contents (its boundary changes on every send). The acting organisation is part of it: the
    same body for another organisation is another request."""
    digest = hashlib.sha256()
    digest.update(f"organisation:{organisation.upper()}\n".encode())
    if content_type.startswith("multipart/form-data") and form is not None:
        for name in sorted(form):
            for value in form.getlist(name):
                digest.update(json.dumps(["field", name, value]).encode())
        for name in sorted(files or {}):
            for upload in files.getlist(name):
                digest.update(json.dumps(["file", name, upload.name, upload.size]).encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
        return digest.hexdigest()
    try:
        parsed = json.loads(body) if body else None
    except ValueError:
        digest.update(b"raw:" + body)
    else:
        digest.update(b"json:" + json.dumps(parsed, sort_keys=True, separators=(",", ":")).encode())
    return digest.hexdigest()


def _lock_key(fingerprint: Fingerprint) -> int:
    raw = hashlib.sha256(f"idempotency:{fingerprint.person_id}:{fingerprint.key}".encode()).digest()
    return int.from_bytes(raw[:8], "big", signed=True)


def _in_progress(fingerprint: Fingerprint) -> Conflict:
    return Conflict(
        f"A request with the Idempotency-Key '{fingerprint.key}' is still being processed; "
        "send it again when that one has finished to get its response",
        code=ErrorCode.IDEMPOTENCY_IN_PROGRESS,
        details={"key": fingerprint.key},
    )


def _refuse_if_running(fingerprint: Fingerprint) -> None:
    # On PostgreSQL, a second insert of the same (person, key) would wait on the unique index
    # until the first transaction ends. A transaction-scoped advisory lock, tried without
    # waiting, tells "still running" apart at once. SQLite has one writer at a time: by the time
    # this runs, any earlier request with the key has committed or rolled back.
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_lock_key(fingerprint)])
        (locked,) = cursor.fetchone()
    if not locked:
        raise _in_progress(fingerprint)


def claim(fingerprint: Fingerprint) -> IdempotentRequest | StoredResponse:
    """Take the key for this request, inside the transaction that will run it.

    Returns the new row (run the operation, then `record` its response before committing), or
    the stored response of the first request with this key (send it again, run nothing).
    Raises 409 if that first request is still running, 422 if the key was used for another
    request."""
    if not connection.in_atomic_block:
        raise RuntimeError("An idempotency key is claimed inside the transaction that runs the request")
    _refuse_if_running(fingerprint)
    now = clock.now()
    IdempotentRequest.objects.filter(person_id=fingerprint.person_id, created_at__lte=now - LIFETIME).delete()
    try:
        with transaction.atomic():
            return IdempotentRequest.objects.create(
                person_id=fingerprint.person_id,
                key=fingerprint.key,
                route=fingerprint.route,
                body_sha256=fingerprint.body_sha256,
                created_at=now,
            )
    except IntegrityError:
        pass
    first = IdempotentRequest.objects.get(person_id=fingerprint.person_id, key=fingerprint.key)
    if not first.status:  # only a transaction still open could hold a row with no response
        raise _in_progress(fingerprint)
    if (first.route, first.body_sha256) != (fingerprint.route, fingerprint.body_sha256):
        raise ValidationFailed(
            f"The Idempotency-Key '{fingerprint.key}' was already used for a different request "
            f"({first.route}, with another body or for another organisation); use a new key for "
            "a new request",
            code=ErrorCode.IDEMPOTENCY_KEY_REUSED,
            details={
                "key": fingerprint.key,
                "first_route": first.route,
                "expires_at": (first.created_at + LIFETIME).isoformat(),
            },
        )
    return StoredResponse(status=first.status, content_type=first.content_type, body=first.response_json)


def record(row: IdempotentRequest, *, status: int, content_type: str, body: str) -> None:
    """Store the response beside what the request created, in the same transaction."""
    row.status, row.content_type, row.response_json = status, content_type, body
    row.save(update_fields=["status", "content_type", "response_json"])
