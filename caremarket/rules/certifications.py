"""Certification status, derived from the expiry date and today: no job has to run."""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

EXPIRY_WARNING = timedelta(days=60)


class CertificationStatus(StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"


@dataclass(frozen=True)
class CertificationDates:
    valid_from: date
    expires_on: date


def certification_status(
    dates: CertificationDates, today: date, warning: timedelta = EXPIRY_WARNING
) -> CertificationStatus:
    if today < dates.valid_from:
        return CertificationStatus.NOT_YET_VALID
    if today > dates.expires_on:
        return CertificationStatus.EXPIRED
    if dates.expires_on - today <= warning:
        return CertificationStatus.EXPIRING
    return CertificationStatus.VALID


def is_in_force(dates: CertificationDates, today: date) -> bool:
    return certification_status(dates, today) in {
        CertificationStatus.VALID,
        CertificationStatus.EXPIRING,
    }


def dates_problem(valid_from: date, expires_on: date) -> str | None:
    if expires_on < valid_from:
        return "The expiry date must be on or after the date the certification started"
    return None
