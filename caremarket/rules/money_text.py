"""Amounts and whole numbers as a person types them, on a page, in a file or in the API.

An amount of money is pounds with an optional £, the thousands grouped by commas or not
grouped at all, and at most two places of pence. So "98,500", "£98,500.00" and "98500"
alike; "1,23" (123, or 1.23?) and "98,50,0" are refused. Spaces around it are allowed. The
one pattern, for `core.money` and the rules."""

import re
from decimal import Decimal

MONEY_PATTERN = r"^\s*£?\s*([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]{1,2})?\s*$"
_MONEY = re.compile(MONEY_PATTERN)


def pounds_from_text(text) -> Decimal | None:
    """The amount typed, in pounds, or None when it is not an amount."""
    cleaned = str(text if text is not None else "").strip()
    if not _MONEY.match(cleaned):
        return None
    return Decimal(cleaned.replace("£", "").replace(",", "").replace(" ", ""))


def whole_number_from_text(text, *, max_digits: int = 12) -> int | None:
    """A whole number typed in ASCII digits ("1,250" too), or None. `str.isdigit` alone lets
    through "²" and digit strings too long for `int`, which would fail later."""
    cleaned = str(text if text is not None else "").strip().replace(",", "")
    if not (cleaned.isascii() and cleaned.isdecimal()) or len(cleaned) > max_digits:
        return None
    return int(cleaned)
