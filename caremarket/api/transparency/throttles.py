"""The rate limit on the API's public routes (the OCDS feed, the public notice search), which
anyone may call without signing in.

Each caller is counted by address (`REMOTE_ADDR`, or `X-Forwarded-For` as Django Ninja reads
it with `NINJA_NUM_PROXIES`), signed in or not, over a sliding window:
`CAREMARKET_PUBLIC_API_RATE` requests per period ("120/min" by default; "1000/s", "5000/h"
and so on; empty switches the limit off, as the tests and the benchmark do). Past the limit
the answer is 429 `rate_limited` with `Retry-After` (caremarket.api.errors).

The counts live in Django's default cache. The project configures no `CACHES`, so that is
each process's own memory: with several worker processes a caller may make up to the limit in
each of them, and a restart forgets the counts. That is enough to keep one careless client
from hogging the feed; a deployment that needs a hard limit across workers configures a shared
cache (Redis, Memcached or the database cache) and the limit holds across them unchanged.
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache
from ninja.throttling import SimpleRateThrottle

SCOPE = "public_api"


class PublicRateThrottle(SimpleRateThrottle):
    """The rate is read from the settings on each request (so a test or a deployment may change
    it without reloading the routes), and the state of one check is kept per thread: a
    throttle object is shared by every request its route serves."""

    scope = SCOPE

    def __init__(self) -> None:  # no rate fixed when the routes are declared
        self._state = threading.local()

    @property
    def rate_text(self) -> str:
        return (getattr(settings, "CAREMARKET_PUBLIC_API_RATE", "") or "").strip()

    def get_cache_key(self, request) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request) -> bool:
        rate = self.rate_text
        if not rate:
            return True
        allowed, period = self.parse_rate(rate)
        key = self.get_cache_key(request)
        now = time.time()
        history = [moment for moment in cache.get(key, []) if moment > now - period]
        if len(history) >= allowed:
            self._state.wait = max(1.0, period - (now - history[-1]))
            return False
        cache.set(key, [now, *history], period)
        return True

    def wait(self) -> float | None:
        return getattr(self._state, "wait", None)


PUBLIC_THROTTLE = PublicRateThrottle()
