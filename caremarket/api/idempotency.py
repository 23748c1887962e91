"""`@idempotent`: an API operation that takes an `Idempotency-Key` header.

Put it under the route decorator:

    @router.post("/orders", response=responses(201, OrderDetailOut))
    @idempotent
    def place_order(request, payload: OrderIn): ...

It documents the optional header (so the OpenAPI document shows it and its 255-character
limit), and, when a request carries the header, runs the whole operation (authentication,
the service, rendering the response) in one `request_transaction`: the key's row is inserted
first, the services join that transaction, and the rendered response is stored before it
commits. Without the header nothing changes. The rules are in `caremarket.core.idempotency`.
"""

from collections.abc import Callable
from functools import wraps

from django.db import transaction
from django.http import HttpResponse
from ninja.decorators import decorate_view
from ninja.params.functions import Header
from ninja.utils import contribute_operation_args

from caremarket.api.auth import ORGANISATION_HEADER
from caremarket.core import idempotency
from caremarket.core.services import request_transaction

_PENDING = "_caremarket_idempotent_request"

HEADER_DESCRIPTION = (
    "Optional. A value of your own (up to 255 characters, e.g. a UUID) that makes a retry safe: "
    "the same key for the same request within 24 hours returns the first response again (with "
    "`Idempotent-Replayed: true`) and creates nothing new; the key for a different request is "
    "refused (422 `idempotency.key_reused`); while the first request is still running, 409 "
    "`idempotency.in_progress`. Keys are your own: another person's key never matches yours."
)


def _fingerprint(request, key: str) -> idempotency.Fingerprint | None:
    person_id = getattr(getattr(request, "actor", None), "person_id", None)
    if person_id is None:
        return None
    content_type = request.content_type or ""
    return idempotency.Fingerprint(
        person_id=person_id,
        key=key,
        route=f"{request.method} {request.get_full_path()}",
        body_sha256=idempotency.body_digest(
            content_type=content_type,
            # A multipart body has been read as a stream; it is hashed as its fields and files.
            body=b"" if content_type.startswith("multipart/") else request.body,
            form=request.POST,
            files=request.FILES,
            organisation=request.headers.get(ORGANISATION_HEADER, ""),
        ),
    )


def _replay(stored: idempotency.StoredResponse) -> HttpResponse:
    response = HttpResponse(stored.body, status=stored.status, content_type=stored.content_type or None)
    response[idempotency.REPLAYED_HEADER] = "true"
    return response


def _in_one_transaction(run: Callable) -> Callable:
    """Around the operation's whole run: one transaction for the key, the work and the response."""

    @wraps(run)
    def run_once(request, *args, **kwargs):
        if idempotency.HEADER not in request.headers:
            return run(request, *args, **kwargs)
        with request_transaction():
            response = run(request, *args, **kwargs)
            row = getattr(request, _PENDING, None)
            if row is not None:
                if 200 <= response.status_code < 300:
                    idempotency.record(
                        row,
                        status=response.status_code,
                        content_type=response.get("Content-Type", ""),
                        body=response.content.decode(),
                    )
                else:
                    # Refused or failed: nothing of it commits, the key included, so a retry
                    # runs again (the API token's "last used" time rolls back with it).
                    transaction.set_rollback(True)
        return response

    return run_once


def idempotent(view_func: Callable) -> Callable:
    @wraps(view_func)
    def view(request, *args, idempotency_key: str | None = None, **kwargs):
        fingerprint = _fingerprint(request, idempotency_key) if idempotency_key is not None else None
        if fingerprint is not None:
            claimed = idempotency.claim(fingerprint)
            if isinstance(claimed, idempotency.StoredResponse):
                return _replay(claimed)
            setattr(request, _PENDING, claimed)
        return view_func(request, *args, **kwargs)

    contribute_operation_args(
        view,
        "idempotency_key",
        str,  # not `str | None`: a header is absent or a string, never null
        Header(
            None,
            alias=idempotency.HEADER,
            min_length=1,
            max_length=idempotency.MAX_KEY_LENGTH,
            description=HEADER_DESCRIPTION,
        ),
    )
    return decorate_view(_in_one_transaction)(view)
