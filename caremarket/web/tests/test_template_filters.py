"""Numbers on pages read as people write them: no exponent, no trailing zeros."""

from decimal import Decimal

import pytest

from caremarket.jinja2 import plain_number


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("100"), "100"),  # normalize() alone would show 1E+2
        (Decimal("100.00"), "100"),
        (Decimal("12.50"), "12.5"),
        (Decimal("0.000"), "0"),
        (Decimal("99.95"), "99.95"),
        (40, "40"),
        (None, ""),
    ],
)
def test_a_share_or_result_is_shown_plainly(value, shown):
    assert plain_number(value) == shown
