"""Collect every problem with an input before refusing it, so a person fixes them all at once."""

from decimal import Decimal

from django.core.exceptions import ValidationError

from caremarket.core.errors import ValidationFailed
from caremarket.core.money import MoneyError, read_money


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
