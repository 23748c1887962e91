"""Which sealed streams are open. The audit app knows streams, not competitions: the domain that
owns a sealed scope registers here how to tell, at a moment, which of its scopes have opened
(for competitions, `rules.bidding.seal_refusal` in its query form)."""

import hashlib
from collections.abc import Callable
from datetime import datetime

from django.db.models import QuerySet

# scope_type -> function(now) -> a query of the scope ids (as text) that are open at `now`.
OPENED_SCOPES: dict[str, Callable[[datetime], QuerySet]] = {}


def register(scope_type: str, opened_scope_ids: Callable[[datetime], QuerySet]) -> None:
    OPENED_SCOPES[scope_type] = opened_scope_ids


def stream_genesis(scope_type: str, scope_id: str) -> str:
    """The first link of a stream names its scope, so an event cannot be moved to another."""
    return hashlib.sha256(f"sealed:{scope_type}:{scope_id}".encode()).hexdigest()


def opened_streams(streams: QuerySet, now: datetime) -> QuerySet:
    """`streams` narrowed to those whose scope has opened at `now` (none, for unknown scopes)."""
    opened = streams.none()
    for scope_type, opened_ids in OPENED_SCOPES.items():
        opened = opened | streams.filter(scope_type=scope_type, scope_id__in=opened_ids(now))
    return opened
