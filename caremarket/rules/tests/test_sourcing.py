from datetime import date
from decimal import Decimal

import pytest

from caremarket.rules.agreements import Procedure
from caremarket.rules.sourcing import (
    LIGHT_TOUCH_THRESHOLD,
    PROCEDURE_LABELS,
    ROUTE_LABELS,
    BuyingProcedure,
    Route,
    ServicesThreshold,
    call_off_procedure,
    competition_procedure,
    services_threshold,
)


@pytest.mark.parametrize(
    ("today", "central", "threshold"),
    [
        (date(2024, 1, 1), False, Decimal("214904")),
        (date(2024, 1, 1), True, Decimal("139688")),
        (date(2025, 12, 31), False, Decimal("214904")),
        (date(2026, 1, 1), False, Decimal("207720")),  # lowered from 1 January 2026
        (date(2026, 1, 1), True, Decimal("135018")),
        (date(2017, 8, 1), False, Decimal("214904")),  # before the table: its first row
    ],
)
def test_services_threshold_in_force(today, central, threshold):
    assert services_threshold(today, central=central) == threshold


def test_the_threshold_table_is_configurable():
    table = (ServicesThreshold(date(2030, 1, 1), Decimal("1"), Decimal("2")),)
    assert services_threshold(date(2031, 1, 1), table=table) == Decimal("2")
    assert Decimal("663540") == LIGHT_TOUCH_THRESHOLD


@pytest.mark.parametrize(
    ("procedure", "call_off"),
    [
        (BuyingProcedure.OPEN, None),
        (BuyingProcedure.DPS_FURTHER_COMPETITION, Procedure.FURTHER_COMPETITION),
        (BuyingProcedure.MINI_COMPETITION, Procedure.FURTHER_COMPETITION),
        (BuyingProcedure.DIRECT_AWARD, Procedure.DIRECT_AWARD),
    ],
)
def test_call_off_procedure(procedure, call_off):
    assert call_off_procedure(procedure) == call_off


@pytest.mark.parametrize(
    ("kind", "procedure"),
    [("dps", BuyingProcedure.DPS_FURTHER_COMPETITION), ("framework", BuyingProcedure.MINI_COMPETITION)],
)
def test_competition_procedure(kind, procedure):
    assert competition_procedure(kind) == procedure


def test_every_route_and_procedure_has_a_label():
    assert set(ROUTE_LABELS) == set(Route)
    assert set(PROCEDURE_LABELS) == set(BuyingProcedure)
