"""Settings for benchmark servers: Caremarket's own, plus an empty view to measure the
framework's ceiling through the very same middleware."""

from caremarket.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
