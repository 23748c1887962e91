"""The demo world's calendar: the day its story was written for, and how its dates move on.

Most of the story is told relative to today (certificates, orders, fee returns, the Suffolk
club's competition). Two sets of dates come from data instead: the end dates of the agreements
in caremarket/agreements/fixtures and the HSCN buying clubs' timetable. They were chosen for
STORY_DAY; loaded later, they move on by as long as has passed, so the world looks the same
whenever it is loaded (GP IT Futures still ends some months ahead, the clubs still launch in
the months to come). History stays where it is: an agreement that had already ended by
STORY_DAY (RM1045, July 2019) and every start date. Before STORY_DAY nothing moves.

Only the demo moves them: `caremarket import-framework` loads a definition's dates as written.
"""

from datetime import date, timedelta

from caremarket.core import clock
from caremarket.rules.fees import month_end

STORY_DAY = date(2026, 12, 2)


def elapsed(today: date | None = None) -> timedelta:
    """How far the demo's calendar has moved on: the time since STORY_DAY, never negative."""
    return max((today or clock.today()) - STORY_DAY, timedelta(0))


def moved_on(day: date, today: date | None = None) -> date:
    """A day of the story as it falls in the demo loaded `today`."""
    return day + elapsed(today)


def agreement_ends_on(ends_on: date, today: date | None = None) -> date:
    """An agreement's end date in the demo loaded `today`: for one in force on STORY_DAY, moved
    on to the end of the month it then falls in; for one that had ended, as written."""
    if ends_on < STORY_DAY:
        return ends_on
    return month_end(moved_on(ends_on, today))
