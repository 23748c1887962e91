from datetime import date

import pytest

from caremarket.rules.notice_triggers import (
    ANY,
    Event,
    NoticeProcedure,
    events,
    notices_for,
    parse_notice_triggers,
    trigger_for,
)
from caremarket.rules.notices import notice_type
from caremarket.rules.standstill import Regime

PA = Regime.PROCUREMENT_ACT_2023
PSR = Regime.PROVIDER_SELECTION_REGIME
OPEN = NoticeProcedure.OPEN
CALL_OFF = NoticeProcedure.FURTHER_COMPETITION
DIRECT = NoticeProcedure.DIRECT_AWARD
SPECIAL = NoticeProcedure.SPECIAL_CASE_DIRECT_AWARD
TODAY = date(2026, 12, 2)
ACT_IN_FORCE = date(2025, 2, 24)
PSR_IN_FORCE = date(2024, 1, 1)


@pytest.mark.parametrize(
    ("event", "regime", "procedure", "published", "expected"),
    [
        # Publishing a competition: a tender notice starts a competitive tendering procedure; a
        # call-off's competitive selection process publishes none (s45-46).
        (Event.COMPETITION_PUBLISHED, PA, OPEN, (), ["UK4"]),
        (Event.COMPETITION_PUBLISHED, PA, CALL_OFF, (), []),
        (Event.COMPETITION_PUBLISHED, PSR, OPEN, (), []),
        (Event.COMPETITION_PUBLISHED, PSR, CALL_OFF, (), []),
        # Deciding the award: the contract award notice (call-offs included) or the PSR intention.
        (Event.AWARD_DECIDED, PA, OPEN, ("UK4",), ["UK6"]),
        (Event.AWARD_DECIDED, PA, CALL_OFF, (), ["UK6"]),
        (Event.AWARD_DECIDED, PSR, OPEN, (), ["PSR_INTENTION"]),
        (Event.AWARD_DECIDED, PSR, CALL_OFF, (), ["PSR_INTENTION"]),
        # Cancelling: a procurement termination notice only after a tender or transparency notice.
        (Event.COMPETITION_CANCELLED, PA, OPEN, ("UK4",), ["UK12"]),
        (Event.COMPETITION_CANCELLED, PA, OPEN, (), []),
        (Event.COMPETITION_CANCELLED, PA, CALL_OFF, (), []),
        (Event.COMPETITION_CANCELLED, PA, SPECIAL, ("UK5",), ["UK12"]),
        (Event.COMPETITION_CANCELLED, PSR, OPEN, ("PSR_INTENTION",), []),
        (Event.COMPETITION_ENDED_WITHOUT_AWARD, PA, OPEN, ("UK4", "UK6"), ["UK12"]),
        (Event.COMPETITION_ENDED_WITHOUT_AWARD, PA, CALL_OFF, ("UK6",), []),
        (Event.COMPETITION_ENDED_WITHOUT_AWARD, PSR, OPEN, (), []),
        # Direct awards: a call-off awarded directly publishes its contract award notice; a
        # direct award under s41 or s43 its transparency notice.
        (Event.DIRECT_AWARD_MADE, PA, DIRECT, (), ["UK6"]),
        (Event.DIRECT_AWARD_MADE, PA, SPECIAL, (), ["UK5"]),
        (Event.DIRECT_AWARD_MADE, PSR, DIRECT, (), []),
        # Contracts.
        (Event.CONTRACT_SIGNED, PA, OPEN, ("UK4", "UK6"), ["UK7"]),
        (Event.CONTRACT_SIGNED, PA, DIRECT, ("UK6",), ["UK7"]),
        (Event.CONTRACT_SIGNED, PSR, CALL_OFF, (), ["PSR_AWARD"]),
        (Event.CONTRACT_VARIED, PA, CALL_OFF, (), ["UK10"]),
        (Event.CONTRACT_VARIED, PSR, OPEN, (), ["PSR_MODIFICATION"]),
        (Event.CONTRACT_ENDED, PA, DIRECT, (), ["UK11"]),
        (Event.CONTRACT_ENDED, PSR, OPEN, (), []),
        # Planning.
        (Event.CLUB_LAUNCH_PLANNED, PA, CALL_OFF, (), ["UK3"]),
        (Event.CLUB_LAUNCH_PLANNED, PSR, CALL_OFF, (), []),
        (Event.INTENTIONS_PUBLISHED, PA, ANY, (), ["UK1"]),
        (Event.INTENTIONS_PUBLISHED, PSR, ANY, (), []),
    ],
)
def test_the_notices_each_event_publishes(event, regime, procedure, published, expected):
    assert notices_for(event, regime, procedure, on=TODAY, published=published) == expected


COMPETITIONS = (OPEN, CALL_OFF)
# The procedures each event can happen under.
EVENT_PROCEDURES = {
    Event.COMPETITION_PUBLISHED: COMPETITIONS,
    Event.AWARD_DECIDED: COMPETITIONS,
    Event.COMPETITION_CANCELLED: (*COMPETITIONS, SPECIAL),
    Event.COMPETITION_ENDED_WITHOUT_AWARD: (*COMPETITIONS, SPECIAL),
    Event.DIRECT_AWARD_MADE: (DIRECT, SPECIAL),
    **{e: tuple(NoticeProcedure) for e in Event if e.startswith(("contract_", "club_", "intentions_"))},
}


def test_every_event_has_a_rule_for_every_regime_and_procedure():
    assert sorted(events()) == sorted(Event) == sorted(EVENT_PROCEDURES)
    for event, procedures in EVENT_PROCEDURES.items():
        for regime in Regime:
            for procedure in procedures:
                version = trigger_for(event, regime, procedure, on=TODAY)
                assert version is not None, (event, regime, procedure)
                assert version.citation


def test_every_notice_named_exists_and_belongs_to_the_rules_regime():
    for event, procedures in EVENT_PROCEDURES.items():
        for regime in Regime:
            for procedure in procedures:
                version = trigger_for(event, regime, procedure, on=TODAY)
                for code in (*version.notices, *version.only_after):
                    kind = notice_type(code, TODAY)
                    if code in version.notices:
                        assert kind.regime == regime, (event, code)


def test_before_a_regime_applies_no_notice_is_published():
    assert notices_for(Event.COMPETITION_PUBLISHED, PA, OPEN, on=date(2025, 2, 23)) == []
    assert notices_for(Event.COMPETITION_PUBLISHED, PA, OPEN, on=ACT_IN_FORCE) == ["UK4"]
    assert notices_for(Event.AWARD_DECIDED, PSR, OPEN, on=date(2023, 12, 31)) == []
    assert notices_for(Event.AWARD_DECIDED, PSR, OPEN, on=PSR_IN_FORCE) == ["PSR_INTENTION"]


def test_the_call_off_rule_cites_the_framework_sections_and_says_why():
    version = trigger_for(Event.COMPETITION_PUBLISHED, PA, CALL_OFF, on=TODAY)
    assert version.citation == "Procurement Act 2023, sections 45 and 46"
    assert version.confirmed
    assert "competitive selection process" in version.note
    assert "\n" not in version.note


def test_an_unknown_event_or_a_gap_in_the_table_is_refused():
    with pytest.raises(ValueError, match="not a lifecycle event"):
        notices_for("competition_renamed", PA, OPEN, on=TODAY)
    table = parse_notice_triggers(
        {
            "events": {
                "competition_published": {
                    "rules": [
                        {
                            "regime": "procurement_act_2023",
                            "procedures": ["open_procedure"],
                            "versions": [
                                {
                                    "version": 1,
                                    "valid_from": ACT_IN_FORCE,
                                    "notices": ["UK4"],
                                    "citation": "s21",
                                }
                            ],
                        }
                    ]
                }
            }
        }
    )
    assert notices_for(Event.COMPETITION_PUBLISHED, PA, OPEN, on=TODAY, table=table) == ["UK4"]
    with pytest.raises(ValueError, match="No notice rule"):
        notices_for(Event.COMPETITION_PUBLISHED, PA, CALL_OFF, on=TODAY, table=table)


def _rule(procedures, versions):
    return {"regime": "procurement_act_2023", "procedures": procedures, "versions": versions}


def test_a_later_version_applies_from_its_day_and_the_old_one_before():
    v1 = {"version": 1, "valid_from": ACT_IN_FORCE, "notices": ["UK4"], "citation": "s21"}
    v2 = {"version": 2, "valid_from": date(2027, 4, 1), "notices": [], "citation": "amended s21"}
    table = parse_notice_triggers({"events": {"competition_published": {"rules": [_rule([ANY], [v2, v1])]}}})
    assert notices_for(Event.COMPETITION_PUBLISHED, PA, OPEN, on=date(2027, 3, 31), table=table) == ["UK4"]
    assert notices_for(Event.COMPETITION_PUBLISHED, PA, OPEN, on=date(2027, 4, 1), table=table) == []
    assert trigger_for(Event.COMPETITION_PUBLISHED, PA, OPEN, on=date(2027, 4, 1), table=table).version == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"events": {"competition_renamed": {"rules": []}}}, "competition_renamed"),
        (
            {
                "events": {
                    "competition_published": {
                        "rules": [
                            _rule(
                                ["open_procedure"],
                                [{"version": 1, "valid_from": ACT_IN_FORCE, "citation": "a"}],
                            ),
                            _rule(
                                ["open_procedure"],
                                [{"version": 1, "valid_from": ACT_IN_FORCE, "citation": "b"}],
                            ),
                        ]
                    }
                }
            },
            "two rules",
        ),
        (
            {
                "events": {
                    "competition_published": {
                        "rules": [
                            _rule(
                                [ANY],
                                [
                                    {"version": 1, "valid_from": ACT_IN_FORCE, "citation": "a"},
                                    {"version": 2, "valid_from": ACT_IN_FORCE, "citation": "b"},
                                ],
                            )
                        ]
                    }
                }
            },
            "same day",
        ),
    ],
)
def test_bad_data_is_refused(data, message):
    with pytest.raises(ValueError, match=message):
        parse_notice_triggers(data)
