"""Helpers shared by the contract pages."""

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect

from caremarket.core.errors import ApplicationError, ValidationFailed
from caremarket.core.validation import date_range_problem


def parse_date(text: str, field: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    for parse in (date.fromisoformat, lambda t: date(int(t[6:10]), int(t[3:5]), int(t[0:2]))):
        try:
            day = parse(text)
        except (ValueError, IndexError):
            continue
        problem = date_range_problem(day)
        if problem:
            raise ValidationFailed.for_field(field, problem)
        return day
    raise ValidationFailed.for_field(field, "Enter the date as DD/MM/YYYY")


def done(request, message: str, to: str, *args):
    messages.success(request, message)
    return redirect(to, *args)


def refusal(exc: ApplicationError) -> ApplicationError:
    """Refusals are shown on the page; not-found and permission errors are raised on."""
    if exc.status in (403, 404):
        raise exc
    return exc
