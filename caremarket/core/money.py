"""Money is Decimal pounds with two places, rounded half up as invoices are. Never float."""

import re
from decimal import ROUND_HALF_UP, Decimal

from caremarket.core.errors import ValidationFailed
from caremarket.rules.money_text import MONEY_PATTERN

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
# Model fields use these so every money column is alike.
MONEY_DIGITS = 16
MONEY_PLACES = 2
# The most anyone may type: under a trillion pounds fits every money column (the narrowest,
# a yearly cost, holds 12 digits of pounds).
MAX_MONEY = Decimal("999999999999.99")

# An amount as a person types it (see `rules.money_text`); the API documents this very pattern.
MONEY_HINT = "Enter an amount in pounds, like 98,500 or £98,500.00"

_MONEY = re.compile(MONEY_PATTERN)
_TOO_PRECISE = re.compile(r"^£?\s*([0-9]{1,3}(,[0-9]{3})+|[0-9]+)\.[0-9]{3,}$")
_NEGATIVE = re.compile(r"^(-\s*£?|£\s*-)\s*(?=[0-9])")


class MoneyError(ValueError):
    """What was typed is not an amount of money; the message says what to type instead."""


def to_money(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def read_money(value: str | Decimal | int) -> Decimal:
    """An amount of money, as typed ("98,500", "£98,500.00", "98500") or already a Decimal or
    int, in pounds and pence. Raises MoneyError, with the message for the person, for
    anything else, a negative amount, or one of a trillion pounds or more."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    if isinstance(value, bool):
        raise MoneyError(MONEY_HINT)
    if isinstance(value, int | Decimal):
        amount = Decimal(value)
        if not amount.is_finite():
            raise MoneyError(MONEY_HINT)
    else:
        text = str(value).strip()
        match = _MONEY.match(text)
        if match is None:
            unsigned = _NEGATIVE.sub("", text, count=1)
            if unsigned != text and (_MONEY.match(unsigned) or _TOO_PRECISE.match(unsigned)):
                raise MoneyError("Enter an amount of £0 or more")
            if _TOO_PRECISE.match(text):
                raise MoneyError("Enter the amount in pounds and pence, with at most 2 decimal places")
            raise MoneyError(MONEY_HINT)
        amount = Decimal(text.replace("£", "").replace(",", "").strip())
    if amount < 0:
        raise MoneyError("Enter an amount of £0 or more")
    if amount > MAX_MONEY:
        raise MoneyError(f"Enter an amount less than £{MAX_MONEY + PENNY:,.0f}")
    return to_money(amount)


def parse_money(text: str | Decimal | int, *, field: str = "amount") -> Decimal:
    """Parse what a person types ("98,500", "£98,500.00", "98500") into pounds; raises
    ValidationFailed naming `field` with a message that says what to type."""
    try:
        return read_money(text)
    except MoneyError as exc:
        raise ValidationFailed.for_field(field, str(exc)) from None


def format_money(value: Decimal | None) -> str:
    if value is None:
        return ""
    amount = to_money(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"
