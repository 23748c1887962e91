"""What an order line names: its exact key, or a name only one choice has; never the first found."""

import pytest

from caremarket.rules.order_items import Choice, price_line_key, price_line_label, resolve_choice, tier_index

NORTHWAY = Choice(
    "CM-000001:1",
    "Ethernet 100 Mbit/s, per connection a month – Northway Ethernet (CM-000001)",
    ("Ethernet 100 Mbit/s",),
)
FIBRE = Choice(
    "CM-000002:1",
    "Ethernet 100 Mbit/s, per connection a month – Northway Fibre (CM-000002)",
    ("Ethernet 100 Mbit/s",),
)
SURVEY = Choice(
    "CM-000001:2", "Survey, one-off, per site – Northway Ethernet (CM-000001)", ("Survey", "Survey (one-off)")
)
CLUB = Choice("per_connection (100 Mbps)", "Per connection, 100 Mbps", ("per_connection (100 Mbps)",))
BOOK = (NORTHWAY, FIBRE, SURVEY, CLUB)


@pytest.mark.parametrize(
    ("asked", "chosen", "problem"),
    [
        ("CM-000001:1", NORTHWAY, None),  # the exact price line
        ("CM-000002:1", FIBRE, None),
        (" CM-000002:1 ", FIBRE, None),
        ("Survey", SURVEY, None),  # a name only one line has
        ("Survey (one-off)", SURVEY, None),  # and its older spelling with the charge
        ("per_connection (100 Mbps)", CLUB, None),  # a club catalogue's item key
        ("Ethernet 100 Mbit/s", None, "'Ethernet 100 Mbit/s' is offered 2 ways: choose one of"),
        ("CM-000003:1", None, "'CM-000003:1' is not in the catalogue's price list"),
        ("survey", None, "'survey' is not in the catalogue's price list"),  # names are exact
        ("", None, "'' is not in the catalogue's price list"),
    ],
)
def test_resolve_choice(asked, chosen, problem):
    found, why = resolve_choice(asked, BOOK)
    assert found == chosen
    assert (why is None) if problem is None else why.startswith(problem)


def test_an_ambiguous_name_is_refused_with_every_choice_in_words_and_by_key():
    _, why = resolve_choice("Ethernet 100 Mbit/s", BOOK)
    assert "Northway Ethernet (CM-000001) [CM-000001:1]" in why
    assert "Northway Fibre (CM-000002) [CM-000002:1]" in why


@pytest.mark.parametrize(
    ("quantity", "index"),
    [(1, 0), (9, 0), (10, 1), (500, 1), (0, None)],
)
def test_tier_index_open_ended(quantity, index):
    assert tier_index([(1, 9), (10, None)], quantity) == index


@pytest.mark.parametrize(
    ("quantity", "index"),
    [(5, 0), (6, None), (100, None)],  # beyond the last tier: no price, not the first tier's
)
def test_tier_index_closed(quantity, index):
    assert tier_index([(1, 5)], quantity) == index


@pytest.mark.parametrize(
    ("item", "unit", "charge", "label"),
    [
        ("Ethernet 100 Mbit/s", "per_connection", "monthly", "Ethernet 100 Mbit/s, per connection a month"),
        ("Ethernet 100 Mbit/s", "per_connection", "one_off", "Ethernet 100 Mbit/s, one-off, per connection"),
        ("Licence", "per_user", "annual", "Licence, per user a year"),
        ("Odd", "per_thing", "weekly", "Odd, per thing weekly"),
    ],
)
def test_price_line_label(item, unit, charge, label):
    assert price_line_label(item, unit, charge, "Northway Ethernet", "CM-000001") == (
        f"{label} – Northway Ethernet (CM-000001)"
    )
    assert price_line_key("CM-000001", 2) == "CM-000001:2"
