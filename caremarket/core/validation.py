"""Collect every problem with an input before refusing it, so a person fixes them all at once."""

import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from caremarket.core.errors import ValidationFailed
from caremarket.core.money import MoneyError, read_money
from caremarket.rules.date_ranges import ANY_DATE

# Control characters no person types and no spreadsheet can hold (openpyxl refuses them,
# and so would the export of anything saved with one): NUL to backspace, vertical tab, form
# feed, the rest of C0, and DEL. Tab, line feed and carriage return stay: multi-line text
# needs them. The one rule for every interface: the API refuses such text, the pages strip it.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_CHARACTER_MESSAGE = "Remove the control characters (such as NUL) from this text"


def date_range_problem(day: date) -> str | None:
    """Why a typed date is beyond any that makes sense (0001-01-01, 9999-12-31), or None:
    checked at the edge of every interface, before each kind of date's own range."""
    return ANY_DATE.problem(day, "The date")


def check_date_range(day: date) -> None:
    """A Django form field validator for every date typed on the pages."""
    problem = date_range_problem(day)
    if problem:
        raise ValidationError(problem, code="date_range")


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


class FieldProblems:
    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, []).append(message)

    def check(self, condition: bool, field: str, message: str) -> None:
        if not condition:
            self.add(field, message)

    def money(self, field: str, value) -> Decimal | None:
        """The amount of money in `value` as typed ("98,500", "£98,500.00", "98500"), or None
        when it is blank; an amount that is not one adds its problem and gives None."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return read_money(value)
        except MoneyError as exc:
            self.add(field, str(exc))
            return None

    def raise_if_any(self, summary: str = "There is a problem") -> None:
        if self.fields:
            first = next(iter(self.fields.values()))[0]
            message = first if len(self.fields) == 1 else summary
            raise ValidationFailed(message, details={"fields": self.fields})


def check_model_fields(instance, problems: FieldProblems, exclude: list[str] | None = None) -> None:
    """Add the model's own field checks (lengths, formats, choices) to `problems`, so input
    too long for a column is refused with a message instead of failing in the database."""
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            if field not in problems.fields:
                for message in messages:
                    problems.add(field, message)
