"""Money is Decimal pounds with two places, rounded half up as invoices are. Never float."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from caremarket.core.errors import ValidationFailed

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
# Model fields use these so every money column is alike.
MONEY_DIGITS = 16
MONEY_PLACES = 2


def to_money(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def parse_money(text: str, *, field: str = "amount") -> Decimal:
    """Parse what a person types ("£1,234.50", "1234.5") into pounds."""
    cleaned = str(text).strip().replace("£", "").replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationFailed.for_field(
            field, f"Enter an amount in pounds, like 1250.00 (got {text!r})"
        ) from None
    if not value.is_finite():
        raise ValidationFailed.for_field(field, f"Enter an amount in pounds (got {text!r})")
    return to_money(value)


def format_money(value: Decimal | None) -> str:
    if value is None:
        return ""
    amount = to_money(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"
