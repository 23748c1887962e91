from datetime import date
from decimal import Decimal

import pytest

from caremarket.rules.continuity import arrangement_problem, handover_progress, pick_backstop, trigger_refusal
from caremarket.rules.delivery import SITE_DELIVERY_LIFECYCLE, Stage, days_late, is_late, next_stage, progress
from caremarket.rules.gpit import (
    allocation_problem,
    allocation_refusal,
    decision_refusal,
    financial_year_of,
    foundation_choice_refusal,
    own_system_refusal,
)

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("ordered", "installed", True),
        ("installed", "live", True),
        ("live", "migrated", True),
        ("ordered", "live", False),
        ("migrated", "live", False),
        ("installed", "ordered", False),
    ],
)
def test_sites_move_one_stage_at_a_time(current, target, allowed):
    assert SITE_DELIVERY_LIFECYCLE.can_move(current, target) is allowed


def test_next_stage():
    assert [next_stage(s) for s in Stage] == [Stage.INSTALLED, Stage.LIVE, Stage.MIGRATED, None]


@pytest.mark.parametrize(
    ("stage", "required_by", "late", "days"),
    [
        ("live", date(2026, 11, 1), True, 22),
        ("migrated", date(2026, 11, 1), False, 0),
        ("ordered", date(2026, 11, 23), False, 0),
        ("ordered", None, False, 0),
    ],
)
def test_lateness(stage, required_by, late, days):
    assert is_late(stage, required_by, TODAY) is late
    assert days_late(stage, required_by, TODAY) == days


def test_progress_groups():
    rows = progress([("South West", "migrated", 3), ("South West", "ordered", 1), ("London", "live", 2)])
    sw, london = rows
    assert (sw.total, sw.reached("installed"), sw.percent_migrated()) == (4, 3, Decimal("75.0"))
    assert (london.total, london.reached("live"), london.percent_migrated()) == (2, 2, Decimal("0.0"))


@pytest.mark.parametrize(
    ("spent", "value", "refused"),
    [("0", "1000", False), ("900", "100", False), ("900", "100.01", True), ("1000", "0.01", True)],
)
def test_allocations(spent, value, refused):
    refusal = allocation_refusal("NHS Devon", Decimal("1000"), Decimal(spent), Decimal(value))
    assert (refusal is not None) is refused
    if refusal:
        assert refusal.code == "gpit.allocation_exceeded"


@pytest.mark.parametrize(
    ("amount", "year", "spent", "ok"),
    [
        ("1000", 2026, "0", True),
        ("0", 2026, "0", False),
        ("1000", 1999, "0", False),
        ("100", 2026, "200", False),
    ],
)
def test_allocation_problems(amount, year, spent, ok):
    assert (allocation_problem(Decimal(amount), year, Decimal(spent)) is None) is ok


@pytest.mark.parametrize(("day", "year"), [(date(2026, 4, 1), 2026), (date(2027, 3, 31), 2026)])
def test_financial_years(day, year):
    assert financial_year_of(day) == year


@pytest.mark.parametrize(
    ("foundation", "accredited", "refused"), [(True, True, False), (True, False, True), (False, True, True)]
)
def test_foundation_choice(foundation, accredited, refused):
    refusal = foundation_choice_refusal("EMIS Web", is_foundation=foundation, accredited=accredited)
    assert (refusal is not None) is refused


@pytest.mark.parametrize(
    ("supported", "touches", "code"),
    [(True, True, None), (False, True, "gpit.software_unsupported"), (True, False, "validation_failed")],
)
def test_own_systems(supported, touches, code):
    refusal = own_system_refusal("DocMan 7", supported=supported, touches_nhs_infrastructure=touches)
    assert (refusal.code if refusal else None) == code


@pytest.mark.parametrize(
    ("status", "decision", "reason", "refused"),
    [
        ("requested", "approved", "", False),
        ("requested", "refused", "", True),
        ("requested", "refused", "Not secure", False),
        ("approved", "refused", "x", True),
        ("requested", "maybe", "x", True),
    ],
)
def test_decisions(status, decision, reason, refused):
    assert (decision_refusal(status, decision, reason) is not None) is refused


def test_backstops():
    ranked = [("OUT", True), ("B", False), ("C", True)]
    assert pick_backstop(ranked, "OUT") == "C"
    assert pick_backstop([("OUT", True)], "OUT") is None
    assert trigger_refusal("supplier_exit", ranked, "OUT", "Insolvent") is None
    assert trigger_refusal("whim", ranked, "OUT", "x").code == "backstop.invalid"
    assert trigger_refusal("supplier_exit", ranked, "OUT", " ").code == "backstop.invalid"
    assert (
        trigger_refusal("supplier_exit", [("B", False)], "OUT", "x").code == "backstop.no_supplier_available"
    )
    assert arrangement_problem([]) and arrangement_problem(["A", "A"]) and not arrangement_problem(["A"])
    assert handover_progress(["done", "open", "done"]) == (2, 3)
