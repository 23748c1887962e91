from datetime import date

import pytest

from caremarket.rules.standstill import (
    Challenge,
    Regime,
    Standstill,
    challenge_refusal,
    contract_creation_refusal,
    in_standstill,
    outcome_refusal,
    standstill_days,
    standstill_ends_on,
    standstill_for,
)

DECIDED = date(2026, 11, 23)  # a Monday
PLAIN = Standstill(DECIDED)  # ends on Thursday 3 December 2026


@pytest.mark.parametrize(
    ("regime", "overrides", "days"),
    [
        (Regime.PROCUREMENT_ACT_2023, None, 8),
        (Regime.PROVIDER_SELECTION_REGIME, None, 8),
        (Regime.PROVIDER_SELECTION_REGIME, {Regime.PROVIDER_SELECTION_REGIME: 10}, 10),
        (Regime.PROCUREMENT_ACT_2023, {Regime.PROVIDER_SELECTION_REGIME: 10}, 8),
        ("local_rules", {"local_rules": 5}, 5),
    ],
)
def test_standstill_length_per_regime(regime, overrides, days):
    assert standstill_days(regime, overrides) == days


@pytest.mark.parametrize(
    ("regime", "overrides", "message"),
    [
        ("unknown", None, "'unknown' is not a procurement regime with a standstill period"),
        (Regime.PROCUREMENT_ACT_2023, {Regime.PROCUREMENT_ACT_2023: -1}, "cannot be negative"),
    ],
)
def test_bad_regimes_are_refused(regime, overrides, message):
    with pytest.raises(ValueError, match=message):
        standstill_days(regime, overrides)


@pytest.mark.parametrize(
    ("decided_on", "days", "ends_on"),
    [
        (date(2026, 11, 23), 8, date(2026, 12, 3)),
        (date(2026, 11, 27), 8, date(2026, 12, 9)),  # decided on a Friday
        (date(2026, 11, 28), 8, date(2026, 12, 9)),  # decided on a Saturday
        (date(2026, 12, 22), 8, date(2027, 1, 6)),  # over Christmas, Boxing Day and New Year
        (date(2026, 8, 18), 8, date(2026, 8, 28)),
        (date(2026, 8, 25), 8, date(2026, 9, 7)),  # 31 August is the summer bank holiday
        (date(2026, 8, 27), 8, date(2026, 9, 9)),
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
    ],
)
def test_standstill_ends_working_days_after_the_decision(decided_on, days, ends_on):
    assert standstill_ends_on(decided_on, days) == ends_on


def test_standstill_for_a_regime():
    s = standstill_for(DECIDED, Regime.PROVIDER_SELECTION_REGIME)
    assert (s.days, s.ends_on, s.contract_allowed_from) == (8, date(2026, 12, 3), date(2026, 12, 4))


@pytest.mark.parametrize(
    ("today", "inside"),
    [
        (date(2026, 11, 22), False),
        (DECIDED, True),
        (date(2026, 12, 3), True),
        (date(2026, 12, 4), False),
    ],
)
def test_in_standstill(today, inside):
    assert in_standstill(PLAIN, today) is inside


@pytest.mark.parametrize(
    ("standstill", "today", "code", "message"),
    [
        (
            PLAIN,
            date(2026, 11, 22),
            "standstill.in_force",
            "The award was decided on 23 November 2026: the contract cannot be created before it",
        ),
        (
            PLAIN,
            DECIDED,
            "standstill.in_force",
            "The standstill period runs until the end of 3 December 2026: the contract can be created "
            "from 4 December 2026",
        ),
        (
            PLAIN,
            date(2026, 12, 3),
            "standstill.in_force",
            "The standstill period runs until the end of 3 December 2026: the contract can be created "
            "from 4 December 2026",
        ),
        (PLAIN, date(2026, 12, 4), None, None),
        (
            Standstill(DECIDED, 8, (Challenge("Acme Networks Ltd", date(2026, 11, 30)),)),
            date(2026, 12, 10),
            "award.challenged",
            "The award is paused: a challenge (Acme Networks Ltd) recorded during standstill has no "
            "outcome yet",
        ),
        (
            Standstill(
                DECIDED,
                8,
                (
                    Challenge("Acme Networks Ltd", date(2026, 11, 30)),
                    Challenge("Beta Ltd", date(2026, 12, 1)),
                ),
            ),
            date(2026, 12, 10),
            "award.challenged",
            "The award is paused: 2 challenges (Acme Networks Ltd, Beta Ltd) recorded during standstill "
            "have no outcome yet",
        ),
        (
            Standstill(
                DECIDED,
                8,
                (Challenge("Acme Networks Ltd", date(2026, 11, 30), "dismissed", date(2026, 12, 8)),),
            ),
            date(2026, 12, 10),
            None,
            None,
        ),
        (
            Standstill(
                DECIDED,
                8,
                (Challenge("Acme Networks Ltd", date(2026, 11, 30), "withdrawn", date(2026, 12, 1)),),
            ),
            date(2026, 12, 4),
            None,
            None,
        ),
        (
            Standstill(
                DECIDED, 8, (Challenge("Acme Networks Ltd", date(2026, 11, 30), "upheld", date(2026, 12, 8)),)
            ),
            date(2027, 2, 1),
            "award.challenge_upheld",
            "The challenge by Acme Networks Ltd was upheld on 8 December 2026: the award cannot go ahead; "
            "evaluate again or cancel the competition",
        ),
    ],
)
def test_contract_creation(standstill, today, code, message):
    refusal = contract_creation_refusal(standstill, today)
    assert (refusal.code if refusal else None) == code
    assert (refusal.message if refusal else None) == message


def test_an_open_challenge_pauses_the_award():
    challenged = Standstill(DECIDED, 8, (Challenge("Acme Networks Ltd", date(2026, 11, 30)),))
    assert challenged.paused
    assert not PLAIN.paused


@pytest.mark.parametrize(
    ("today", "message"),
    [
        (
            date(2026, 11, 22),
            "The award was decided on 23 November 2026: a challenge cannot be recorded before it",
        ),
        (DECIDED, None),
        (date(2026, 12, 3), None),
        (
            date(2026, 12, 4),
            "The standstill period ended on 3 December 2026: a challenge recorded now does not pause "
            "the award",
        ),
    ],
)
def test_challenges_are_recorded_during_standstill(today, message):
    refusal = challenge_refusal(PLAIN, today)
    assert (refusal.message if refusal else None) == message
    if refusal:
        assert refusal.code == "challenge.outside_standstill"


OPEN = Challenge("Acme Networks Ltd", date(2026, 11, 30))


@pytest.mark.parametrize(
    ("challenge", "outcome", "today", "code", "message"),
    [
        (OPEN, "dismissed", date(2026, 12, 8), None, None),
        (OPEN, "upheld", date(2026, 11, 30), None, None),
        (
            OPEN,
            "ignored",
            date(2026, 12, 8),
            "validation_failed",
            "'ignored' is not a challenge outcome (choose from dismissed, withdrawn, upheld)",
        ),
        (
            Challenge("Acme Networks Ltd", date(2026, 11, 30), "dismissed", date(2026, 12, 8)),
            "upheld",
            date(2026, 12, 9),
            "challenge.outcome_recorded",
            "The challenge by Acme Networks Ltd was already dismissed on 8 December 2026",
        ),
        (
            OPEN,
            "withdrawn",
            date(2026, 11, 29),
            "validation_failed",
            "The outcome cannot be dated before the challenge was recorded (30 November 2026)",
        ),
    ],
)
def test_challenge_outcomes(challenge, outcome, today, code, message):
    refusal = outcome_refusal(challenge, outcome, today)
    assert (refusal.code if refusal else None) == code
    assert (refusal.message if refusal else None) == message
