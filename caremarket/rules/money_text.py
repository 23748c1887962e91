"""An amount of money as a person types it, on a page, in a file or in the API: pounds with an
optional £, the thousands grouped by commas or not grouped at all, and at most two places of
pence. So "98,500", "£98,500.00" and "98500" alike; "1,23" (123, or 1.23?) and "98,50,0" are
refused. Spaces around it are allowed. The one pattern, for `core.money` and the rules."""

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
