from decimal import Decimal

import pytest

from caremarket.core.errors import ValidationFailed
from caremarket.core.money import format_money, parse_money, to_money


@pytest.mark.parametrize(
    ("text", "pounds"),
    [
        ("1250", "1250.00"),
        ("£1,250.50", "1250.50"),
        (" 0.005 ", "0.01"),
        ("0.004", "0.00"),
        ("-12.345", "-12.35"),
    ],
)
def test_parse_money(text, pounds):
    assert parse_money(text) == Decimal(pounds)


@pytest.mark.parametrize("text", ["", "ten pounds", "NaN", "Infinity", "1.2.3"])
def test_bad_money_names_the_field(text):
    with pytest.raises(ValidationFailed) as raised:
        parse_money(text, field="price")
    assert "price" in raised.value.details["fields"]


def test_floats_are_refused():
    with pytest.raises(TypeError):
        to_money(0.1)


@pytest.mark.parametrize(
    ("value", "shown"), [(Decimal("1234567.5"), "£1,234,567.50"), (Decimal("-3"), "-£3.00"), (None, "")]
)
def test_format_money(value, shown):
    assert format_money(value) == shown
