"""Continuity of supply rules: which backstop covers a region, the ranking of suppliers, why a
call on a backstop is refused, who takes the service on, the interim contract's term and value,
and when a checklist item cannot be completed."""

from decimal import Decimal

import pytest

from caremarket.rules.continuity import (
    INTERIM_TERM_MONTHS,
    arrangement_problem,
    handover_refusal,
    interim_title,
    interim_value,
    item_refusal,
    lot_category,
    matching_backstop,
    pick_backstop,
    trigger_refusal,
)


@pytest.mark.parametrize(
    ("arrangements", "region", "expected"),
    [
        ([], "london", None),
        ([(1, "")], "london", 1),
        ([(1, ""), (2, "london")], "london", 2),
        ([(1, "london"), (2, "")], "midlands", 2),
        ([(1, "london")], "midlands", None),
        ([(1, "london"), (2, "")], "", 2),
    ],
)
def test_the_backstop_for_a_region(arrangements, region, expected):
    assert matching_backstop(arrangements, region) == expected


@pytest.mark.parametrize(
    ("suppliers", "admitted", "problem"),
    [
        ([], None, "Pre-select at least one supplier"),
        (["A", "A"], None, "A supplier is listed twice"),
        (["A", "B", "C", "D", "E", "F"], None, "Pre-select at most 5 suppliers"),
        (["A", "X"], {"A", "B"}, "X is not admitted to the lot: only admitted suppliers can be backstops"),
        (["A", "B"], {"A", "B"}, None),
        (["A"], None, None),
    ],
)
def test_a_ranking_of_suppliers(suppliers, admitted, problem):
    assert arrangement_problem(suppliers, admitted) == problem


@pytest.mark.parametrize(
    ("ranked", "outgoing", "picked"),
    [
        ([("A", True), ("B", True)], "A", "B"),  # never the supplier leaving
        ([("A", False), ("B", True)], "X", "B"),  # a suspended supplier is skipped
        ([("A", True), ("B", True)], "X", "A"),
        ([("A", False)], "X", None),
        ([("X", True)], "X", None),
    ],
)
def test_who_takes_the_service_on(ranked, outgoing, picked):
    assert pick_backstop(ranked, outgoing) == picked


@pytest.mark.parametrize(
    ("reason", "ranked", "details", "code", "says"),
    [
        ("whim", [("A", True)], "x", "backstop.invalid", "Say why"),
        ("supplier_exit", [("A", True)], "  ", "backstop.invalid", "Describe what happened"),
        ("supplier_exit", [("OUT", True)], "x", "backstop.no_supplier_available", "only supplier"),
        ("reprocurement_failed", [("A", False)], "x", "backstop.no_supplier_available", "None of"),
        (
            "change_of_supplier",
            [("OUT", True), ("A", False)],
            "x",
            "backstop.no_supplier_available",
            "None of",
        ),
        ("supplier_exit", [("OUT", True), ("A", True)], "x", None, None),
    ],
)
def test_why_a_call_on_a_backstop_is_refused(reason, ranked, details, code, says):
    refusal = trigger_refusal(reason, ranked, "OUT", details)
    assert (refusal.code if refusal else None) == code
    if says:
        assert says in refusal.message


@pytest.mark.parametrize(
    ("status", "complete", "code"),
    [
        ("open", False, None),
        ("done", False, "handover.item_done"),
        ("open", True, "handover.complete"),
    ],
)
def test_when_an_item_cannot_be_completed(status, complete, code):
    refusal = item_refusal(status, complete)
    assert (refusal.code if refusal else None) == code


def test_a_handover_under_way_refuses_another():
    assert handover_refusal(True).code == "handover.under_way"
    assert handover_refusal(False) is None


@pytest.mark.parametrize(
    ("value", "months", "expected"),
    [
        (Decimal("360000"), 36, Decimal("120000.00")),
        (Decimal("100000"), 60, Decimal("20000.00")),
        (Decimal("100"), 0, Decimal("100")),
        (Decimal("0.01"), 600, Decimal("0.01")),
    ],
)
def test_the_interim_contract_value_is_pro_rata(value, months, expected):
    assert interim_value(value, months) == expected


def test_the_interim_contract_and_the_lot_key():
    assert INTERIM_TERM_MONTHS == 12
    assert interim_title("HSCN").startswith("Interim")
    assert len(interim_title("x" * 300)) == 255
    assert lot_category("RM3825", 1) == "RM3825 lot 1"
    assert len(lot_category("R" * 50, 1)) == 40
