"""When a contract's notice is published at once, which contracts owe one, and the pipeline
notice's thresholds."""

from datetime import date
from decimal import Decimal

import pytest

from caremarket.rules import contract_notices as rules
from caremarket.rules.standstill import Regime

TODAY = date(2026, 12, 2)
ACT = date(2025, 2, 24)


@pytest.mark.parametrize(
    ("signed_on", "origin", "publishes"),
    [
        (TODAY, "award", True),  # signed on the platform today
        (TODAY, "existing", True),  # recorded and signed today: out at once
        (TODAY, "direct_award", True),
        (date(2026, 11, 30), "existing", False),  # a past signature: published from the notices due
        (date(2026, 11, 30), "award", False),
        (TODAY, "nhs_sla", False),  # not a public contract
    ],
)
def test_publishes_at_signing(signed_on, origin, publishes):
    assert rules.publishes_at_signing(signed_on=signed_on, today=TODAY, origin=origin) is publishes


@pytest.mark.parametrize(
    ("origin", "event_date", "required"),
    [
        ("existing", date(2026, 10, 1), True),
        ("existing", ACT, True),  # the day the Act came into force
        ("existing", date(2025, 2, 23), False),  # before it
        ("award", None, False),  # no event yet (not signed, not ended)
        ("nhs_sla", date(2026, 10, 1), False),
        ("mcp_gateway", date(2026, 10, 1), True),
    ],
)
def test_notice_required(origin, event_date, required):
    assert rules.notice_required(origin=origin, event_date=event_date, in_force_from=ACT) is required


@pytest.mark.parametrize(
    ("competition_regime", "own_regime", "regime"),
    [
        (None, None, Regime.PROCUREMENT_ACT_2023),
        ("", "", Regime.PROCUREMENT_ACT_2023),
        ("procurement_act_2023", None, Regime.PROCUREMENT_ACT_2023),
        ("provider_selection_regime", None, Regime.PROVIDER_SELECTION_REGIME),
        # A contract awarded under the regime without a competition keeps its own.
        (None, "provider_selection_regime", Regime.PROVIDER_SELECTION_REGIME),
        # A competition's regime wins over the contract's own.
        ("procurement_act_2023", "provider_selection_regime", Regime.PROCUREMENT_ACT_2023),
    ],
)
def test_contract_regime(competition_regime, own_regime, regime):
    assert rules.contract_regime(competition_regime, own_regime) == regime


@pytest.mark.parametrize(
    ("spend", "mandatory"),
    [
        (None, False),
        (Decimal("100000000"), False),  # "more than £100 million"
        (Decimal("100000000.01"), True),
        (Decimal("250000000"), True),
    ],
)
def test_pipeline_notice_mandatory(spend, mandatory):
    assert rules.pipeline_notice_mandatory(spend) is mandatory


@pytest.mark.parametrize(
    ("value", "listed"),
    [(None, False), (Decimal("2000000"), False), (Decimal("2000001"), True)],
)
def test_pipeline_lists_procurements_over_two_million(value, listed):
    assert rules.pipeline_lists(value) is listed


@pytest.mark.parametrize(
    ("band", "estimate"),
    [
        ("under_100k", Decimal("100000")),
        ("1m_5m", Decimal("5000000")),
        ("over_20m", Decimal("20000000")),  # open-ended: its lower figure
        ("unknown", None),
    ],
)
def test_band_estimate(band, estimate):
    assert rules.band_estimate(band) == estimate


def test_the_codes_each_event_is_recorded_under():
    assert {"UK7", "PSR_AWARD", "PSR_URGENT"} == rules.SIGNED_CODES
    assert {"UK11"} == rules.ENDED_CODES
