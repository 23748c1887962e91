"""A cache for busy reads that can never serve stale data.

Every change on Caremarket writes an audit event. A cached read is keyed by a version of the
data that moves with every committed change, so any change anywhere makes every cached read
miss, and a hit is always what the database would say now:
- on SQLite, whose writes are serial, the newest audit event's number (one index lookup);
- on PostgreSQL, the current snapshot (`pg_current_snapshot()`) with the newest event number
  this transaction sees. Events are numbered when they are written but commit in any order, so
  the newest number alone could stay the same while an older transaction commits; the snapshot
  changes whenever any writing transaction ends, and the number when this one writes.

The cache is Django's (in-process by default; a shared one such as Redis in production), so
this holds with any number of processes.

Only reads whose answer is the same for every actor allowed to make them may be cached here.
"""

import hashlib
import json
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection

TIMEOUT_SECONDS = 300


def data_version() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_current_snapshot()::text || ':' || "
                "COALESCE((SELECT MAX(id) FROM audit_auditevent), 0)::text"
            )
        else:
            cursor.execute("SELECT MAX(id) FROM audit_auditevent")
        row = cursor.fetchone()
    return str(row[0] if row and row[0] is not None else 0)


def cached_read(namespace: str, key: dict, compute: Callable[[], bytes]) -> bytes:
    digest = hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()[:32]
    cache_key = f"read:{namespace}:{data_version()}:{digest}"
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, TIMEOUT_SECONDS)
    return value
