from decimal import Decimal

import pytest

from caremarket.core.errors import ValidationFailed
from caremarket.core.money import MONEY_HINT, format_money, parse_money, read_money, to_money


@pytest.mark.parametrize(
    ("text", "pounds"),
    [
        ("98,500", "98500.00"),
        ("£98,500.00", "98500.00"),
        ("98500", "98500.00"),
        (" 98500.5 ", "98500.50"),
        ("£ 98500", "98500.00"),
        ("£1,234,567.89", "1234567.89"),
        ("0", "0.00"),
        ("0.05", "0.05"),
        ("007", "7.00"),
        ("999,999,999,999.99", "999999999999.99"),
        (Decimal("12.345"), "12.35"),  # a Decimal is rounded half up, as invoices are
        (1250, "1250.00"),
    ],
)
def test_parse_money(text, pounds):
    assert parse_money(text) == Decimal(pounds)
    assert str(parse_money(text)) == pounds


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", MONEY_HINT),
        ("abc", MONEY_HINT),
        ("ten pounds", MONEY_HINT),
        ("NaN", MONEY_HINT),
        ("Infinity", MONEY_HINT),
        ("1e5", MONEY_HINT),
        ("1.2.3", MONEY_HINT),
        # Commas group thousands, three digits at a time: anything else is ambiguous.
        ("1,23", MONEY_HINT),
        ("1,2,3", MONEY_HINT),
        ("98,50,0", MONEY_HINT),
        ("1,234567", MONEY_HINT),
        ("98 500", MONEY_HINT),
        ("98500.", MONEY_HINT),
        ("£", MONEY_HINT),
        ("$98,500", MONEY_HINT),
        ("١٢٣", MONEY_HINT),  # digits, but not ones anyone types into an amount
        ("98500.555", "at most 2 decimal places"),
        ("-5", "£0 or more"),
        ("-£98,500.00", "£0 or more"),
        ("£-98,500", "£0 or more"),
        (Decimal("-1"), "£0 or more"),
        ("1,000,000,000,000", "less than £1,000,000,000,000"),
        ("9" * 40, "less than £1,000,000,000,000"),
        (Decimal("NaN"), MONEY_HINT),
        (True, MONEY_HINT),
    ],
)
def test_what_is_not_an_amount_is_refused_naming_the_field(text, message):
    with pytest.raises(ValidationFailed) as raised:
        parse_money(text, field="price")
    assert message in raised.value.details["fields"]["price"][0]
    assert message in raised.value.message


def test_floats_are_refused():
    with pytest.raises(TypeError):
        to_money(0.1)
    with pytest.raises(TypeError):
        read_money(0.1)


@pytest.mark.parametrize(
    ("value", "shown"), [(Decimal("1234567.5"), "£1,234,567.50"), (Decimal("-3"), "-£3.00"), (None, "")]
)
def test_format_money(value, shown):
    assert format_money(value) == shown


@pytest.mark.parametrize("value", [Decimal("0"), Decimal("98500"), Decimal("1234567.89")])
def test_what_format_money_shows_is_read_back(value):
    assert parse_money(format_money(value)) == value
