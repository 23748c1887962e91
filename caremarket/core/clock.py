"""The one clock. Every deadline and every "now" in Caremarket comes from here.

Tests freeze it with time-machine; nothing else reads the system time.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def now() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(tz=UTC)


def today() -> date:
    """Today's date in England."""
    return now().astimezone(LONDON).date()


def local(moment: datetime) -> datetime:
    """A moment as a clock in England shows it."""
    return moment.astimezone(LONDON)
