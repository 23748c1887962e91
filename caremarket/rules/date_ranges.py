"""How far back and ahead each kind of date may sensibly lie.

A date typed as 0001-01-01 or 9999-12-31 is a slip, never a plan: a competition whose
deadline is in 9999 never opens its bids. Each kind of date has its range here, as pure
functions of today (and of a contract's term, where one applies); the services refuse a
date outside it with a sentence that names the bound.
"""

from dataclasses import dataclass
from datetime import date

from caremarket.rules.dates import spoken_date

# The NHS began on 5 July 1948: no organisation in the directory closed before it.
NHS_FOUNDED = date(1948, 7, 5)
# Any date at all, at the edge of every interface, before a service looks at it: wider than
# every range below, narrow enough that 0001-01-01 and 9999-12-31 never reach a service.
EARLIEST_ANY = date(1900, 1, 1)
LATEST_ANY = date(2100, 12, 31)

CLOSING_YEARS_AHEAD = 10
DELIVERY_YEARS_BACK = 1
DELIVERY_YEARS_AHEAD = 10
DEADLINE_YEARS_AHEAD = 2


def years_after(day: date, years: int) -> date:
    """The same day `years` later (or earlier); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class DateRange:
    earliest: date
    latest: date

    def __contains__(self, day: date) -> bool:
        return self.earliest <= day <= self.latest

    def problem(self, day: date, what: str) -> str | None:
        """Why `day` is not allowed for `what` ("The closing date"), or None."""
        if day < self.earliest:
            return f"{what} must be on or after {spoken_date(self.earliest)}"
        if day > self.latest:
            return f"{what} must be on or before {spoken_date(self.latest)}"
        return None


ANY_DATE = DateRange(EARLIEST_ANY, LATEST_ANY)


def closing_date_range(today: date) -> DateRange:
    """An organisation's closing date: after the NHS began, and within ten years from today
    (a planned merger is known years ahead, not centuries)."""
    return DateRange(NHS_FOUNDED, years_after(today, CLOSING_YEARS_AHEAD))


def delivery_date_range(
    today: date, term_starts_on: date | None = None, term_ends_on: date | None = None
) -> DateRange:
    """An order line's delivery date: within the contract's term when it is known, and in any
    case no more than a year back (an order recorded late) or ten years ahead."""
    earliest = years_after(today, -DELIVERY_YEARS_BACK)
    latest = years_after(today, DELIVERY_YEARS_AHEAD)
    if term_starts_on is not None:
        earliest = max(earliest, term_starts_on)
    if term_ends_on is not None:
        latest = min(latest, term_ends_on)
    return DateRange(earliest, latest)


def deadline_range(today: date) -> DateRange:
    """A competition's clarification or submission deadline: no more than two years ahead
    (whether it may lie in the past is the competition's lifecycle's question)."""
    return DateRange(EARLIEST_ANY, years_after(today, DEADLINE_YEARS_AHEAD))
