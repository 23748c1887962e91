"""A cache for busy reads that can never serve stale data.

Every change on Caremarket writes an audit event, which moves the audit chain's head. A cached
read is keyed by that head's sequence number, so any change anywhere makes every cached read
miss, and a hit is always what the database would say now. Reading the head is one primary-key
lookup. The cache is Django's (in-process by default; a shared one such as Redis in
production), so this holds with any number of processes.

Only reads whose answer is the same for every actor allowed to make them may be cached here.
"""

import hashlib
import json
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection

TIMEOUT_SECONDS = 300


def data_version() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_seq FROM audit_auditchainhead WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def cached_read(namespace: str, key: dict, compute: Callable[[], bytes]) -> bytes:
    digest = hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()[:32]
    cache_key = f"read:{namespace}:{data_version()}:{digest}"
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, TIMEOUT_SECONDS)
    return value
