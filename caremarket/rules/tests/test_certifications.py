from datetime import date, timedelta

import pytest

from caremarket.rules.certifications import (
    CertificationDates,
    CertificationStatus,
    certification_status,
    dates_problem,
    is_in_force,
)

START, END = date(2026, 1, 1), date(2026, 12, 31)


@pytest.mark.parametrize(
    ("today", "status", "in_force"),
    [
        (date(2025, 12, 31), CertificationStatus.NOT_YET_VALID, False),
        (date(2026, 1, 1), CertificationStatus.VALID, True),
        (date(2026, 6, 1), CertificationStatus.VALID, True),
        (date(2026, 10, 31), CertificationStatus.VALID, True),  # 61 days left
        (date(2026, 11, 1), CertificationStatus.EXPIRING, True),  # 60 days left
        (date(2026, 12, 31), CertificationStatus.EXPIRING, True),  # the last day still counts
        (date(2027, 1, 1), CertificationStatus.EXPIRED, False),
    ],
)
def test_status_follows_the_calendar(today, status, in_force):
    dates = CertificationDates(START, END)
    assert certification_status(dates, today) == status
    assert is_in_force(dates, today) is in_force


def test_warning_window_is_configurable():
    dates = CertificationDates(START, END)
    assert (
        certification_status(dates, date(2026, 12, 1), warning=timedelta(days=10))
        == CertificationStatus.VALID
    )


@pytest.mark.parametrize(
    ("valid_from", "expires_on", "problem"),
    [
        (START, END, None),
        (START, START, None),
        (END, START, "The expiry date must be on or after the date the certification started"),
    ],
)
def test_dates_problem(valid_from, expires_on, problem):
    assert dates_problem(valid_from, expires_on) == problem
