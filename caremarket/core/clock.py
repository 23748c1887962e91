"""The one clock. Every deadline and every "now" in Caremarket comes from here.

Tests freeze it with time-machine; nothing else reads the system time.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


# Browser tests only: a live server started with CAREMARKET_TEST_CLOCK_FILE set reads an
# offset in seconds from that file, so a test can move the clock of a running server (e.g.
# past a deadline). Unset, as in production, the clock is the system's.
_OFFSET_FILE = os.environ.get("CAREMARKET_TEST_CLOCK_FILE", "")


def _test_offset() -> timedelta:
    try:
        with open(_OFFSET_FILE) as handle:
            return timedelta(seconds=float(handle.read().strip() or 0))
    except (OSError, ValueError):
        return timedelta(0)


# The demo loader only: `shifted(back)` runs its steps as if it were that much earlier, so a
# past competition's deadlines, award and standstill happen in order through the services.
_shift: ContextVar[timedelta] = ContextVar("clock_shift", default=timedelta(0))


@contextmanager
def shifted(back: timedelta) -> Iterator[None]:
    token = _shift.set(-back)
    try:
        yield
    finally:
        _shift.reset(token)


def now() -> datetime:
    """The current time, timezone-aware in UTC."""
    if _OFFSET_FILE:
        return datetime.now(tz=UTC) + _test_offset() + _shift.get()
    return datetime.now(tz=UTC) + _shift.get()


def today() -> date:
    """Today's date in England."""
    return now().astimezone(LONDON).date()


def local(moment: datetime) -> datetime:
    """A moment as a clock in England shows it."""
    return moment.astimezone(LONDON)
