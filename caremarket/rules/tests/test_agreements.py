from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from caremarket.rules.agreements import (
    AGREEMENT_LIFECYCLE,
    AgreementFacts,
    AgreementStatus,
    LotFacts,
    accepts_applications,
    add_months,
    agreement_status,
    application_refusal,
    call_off_refusal,
    fee_rate_problem,
    lot_addition_refusal,
    management_fee,
    procedure_refusal,
    review_due_on,
    review_refusal,
    transition_refusal,
)

D, OPEN, L, C, E = (
    AgreementStatus.DRAFT,
    AgreementStatus.OPEN,
    AgreementStatus.LIVE,
    AgreementStatus.CLOSED,
    AgreementStatus.EXPIRED,
)
TODAY = date(2026, 11, 23)

DPS = AgreementFacts("RM3825", "dps", L, date(2017, 11, 1), date(2027, 11, 30), lot_count=2)
FRAMEWORK = AgreementFacts(
    "ACS1",
    "framework",
    OPEN,
    date(2026, 1, 1),
    date(2029, 12, 31),
    applications_open_on=date(2026, 11, 1),
    applications_close_on=date(2026, 12, 15),
    lot_count=8,
)
RM1045 = AgreementFacts("RM1045", "framework", C, date(2015, 8, 1), date(2019, 7, 31), lot_count=2)
LOT1 = LotFacts(1, frozenset({"further_competition"}))
BOTH = LotFacts(2, frozenset({"further_competition", "direct_award"}))


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (D, OPEN, True),
        (D, L, False),
        (D, C, False),
        (OPEN, L, True),
        (OPEN, C, True),
        (OPEN, D, False),
        (L, C, True),
        (L, OPEN, False),
        (C, L, True),
        (C, OPEN, False),
        (E, L, False),
        (E, OPEN, False),
    ],
)
def test_lifecycle_table(current, target, allowed):
    assert AGREEMENT_LIFECYCLE.can_move(current, target) is allowed


@pytest.mark.parametrize(
    ("stage", "today", "status"),
    [
        (D, date(2030, 1, 1), D),  # a draft is a draft, whatever the date
        (OPEN, TODAY, OPEN),
        (L, date(2027, 11, 30), L),  # the last day still counts
        (L, date(2027, 12, 1), E),
        (C, date(2019, 8, 1), E),
    ],
)
def test_status_is_the_stage_seen_through_the_calendar(stage, today, status):
    facts = replace(DPS, stage=stage, ends_on=date(2027, 11, 30) if stage != C else date(2019, 7, 31))
    assert agreement_status(facts, today) == status


@pytest.mark.parametrize(
    ("facts", "target", "today", "window", "message"),
    [
        (replace(DPS, stage=D), OPEN, TODAY, None, None),
        (
            replace(DPS, stage=D, lot_count=0),
            OPEN,
            TODAY,
            None,
            "Add at least one lot before publishing RM3825",
        ),
        (replace(FRAMEWORK, stage=D), OPEN, TODAY, (None, None), "ACS1 is a framework: give the date"),
        (
            replace(FRAMEWORK, stage=D),
            OPEN,
            TODAY,
            (date(2026, 12, 1), date(2026, 11, 30)),
            "must close on or after",
        ),
        (replace(FRAMEWORK, stage=D), OPEN, TODAY, (None, date(2026, 1, 1)), "cannot close in the past"),
        (
            replace(FRAMEWORK, stage=D),
            OPEN,
            TODAY,
            (None, date(2031, 1, 1)),
            "must close by the day ACS1 ends",
        ),
        (replace(FRAMEWORK, stage=D), OPEN, TODAY, (TODAY, date(2026, 12, 31)), None),
        (
            replace(DPS, stage=D, ends_on=date(2026, 1, 1)),
            OPEN,
            TODAY,
            None,
            "RM3825 ended on 1 January 2026",
        ),
        (replace(DPS, stage=OPEN), L, TODAY, None, None),
        (
            replace(DPS, stage=OPEN, starts_on=date(2027, 1, 1)),
            L,
            TODAY,
            None,
            "cannot be live before it starts",
        ),
        (DPS, C, TODAY, None, "it stays open to new suppliers for its whole life"),
        (FRAMEWORK, C, TODAY, None, "Applications to ACS1 are open until 15 December 2026"),
        (FRAMEWORK, C, date(2026, 12, 16), None, None),
        (replace(FRAMEWORK, stage=L), C, TODAY, None, None),
        (replace(FRAMEWORK, stage=C), L, TODAY, (TODAY, date(2027, 1, 31)), None),
        (replace(FRAMEWORK, stage=C), L, TODAY, (None, None), "give the date its application window closes"),
        (RM1045, L, TODAY, None, "RM1045 expired on 31 July 2019"),
        (DPS, OPEN, TODAY, None, "An agreement cannot move from live to open for applications"),
    ],
)
def test_every_transition_is_guarded(facts, target, today, window, message):
    opens, closes = window or (None, None)
    refusal = transition_refusal(facts, target, today, opens=opens, closes=closes)
    if message is None:
        assert refusal is None
    else:
        assert refusal is not None and message in refusal.message


@pytest.mark.parametrize(
    ("facts", "lot", "today", "message"),
    [
        (DPS, LOT1, TODAY, None),  # a DPS accepts applications at any time
        (replace(DPS, stage=OPEN), LOT1, TODAY, None),
        (replace(DPS, stage=D), LOT1, TODAY, "RM3825 is not open for applications yet"),
        (replace(DPS, ends_on=date(2026, 1, 1)), LOT1, TODAY, "RM3825 expired on 1 January 2026"),
        (
            DPS,
            replace(LOT1, takes_new_suppliers=False),
            TODAY,
            "Lot 1 of RM3825 does not accept new suppliers",
        ),
        (RM1045, LOT1, TODAY, "RM1045 does not accept new suppliers"),
        (FRAMEWORK, LOT1, TODAY, None),  # inside the window
        (FRAMEWORK, LOT1, date(2026, 10, 31), "Applications to ACS1 open on 1 November 2026"),
        (FRAMEWORK, LOT1, date(2026, 12, 16), "Applications to ACS1 closed on 15 December 2026"),
        (
            replace(FRAMEWORK, stage=L),
            LOT1,
            date(2027, 3, 1),
            "Applications to ACS1 closed on 15 December 2026",
        ),
        (replace(FRAMEWORK, applications_close_on=None), LOT1, TODAY, "Applications to ACS1 are not open"),
    ],
)
def test_application_refusal(facts, lot, today, message):
    refusal = application_refusal(facts, lot, today)
    assert (refusal.message if refusal else None) == message
    if lot is LOT1:
        assert accepts_applications(facts, today) is (message is None)


@pytest.mark.parametrize(
    ("facts", "lot", "procedure", "kwargs", "message"),
    [
        (DPS, LOT1, "further_competition", {}, None),
        (DPS, LOT1, "direct_award", {}, "Direct award is not allowed on lot 1 of RM3825"),
        (replace(RM1045, ends_on=date(2027, 1, 1)), BOTH, "direct_award", {}, None),
        (RM1045, BOTH, "direct_award", {}, "RM1045 expired on 31 July 2019"),
        (DPS, LOT1, "open_procedure", {}, "'open_procedure' is not a call-off procedure"),
        (replace(DPS, stage=D), LOT1, "further_competition", {}, "RM3825 is a draft"),
        (replace(DPS, stage=OPEN), LOT1, "further_competition", {}, "RM3825 has not been awarded yet"),
        (
            replace(DPS, starts_on=date(2027, 1, 1)),
            LOT1,
            "further_competition",
            {},
            "RM3825 starts on 1 January 2027",
        ),
        (
            DPS,
            replace(BOTH, thresholds={"direct_award_max_value": Decimal("50000")}),
            "direct_award",
            {"value": Decimal("60000")},
            "A direct award on lot 2 of RM3825 may be worth at most £50,000.00; this one is worth £60,000.00",
        ),
        (
            DPS,
            replace(BOTH, thresholds={"direct_award_max_value": Decimal("50000")}),
            "further_competition",
            {"value": Decimal("60000")},
            None,
        ),
        (
            DPS,
            replace(LOT1, thresholds={"call_off_max_value": Decimal("1000000")}),
            "further_competition",
            {"value": Decimal("1000000.01")},
            "A call-off on lot 1 of RM3825 may be worth at most £1,000,000.00",
        ),
        (DPS, LOT1, "further_competition", {"term_months": 60, "max_term_months": 60}, None),
        (
            DPS,
            LOT1,
            "further_competition",
            {"term_months": 61, "max_term_months": 60},
            "Call-offs under RM3825 may last at most 60 months, not 61",
        ),
    ],
)
def test_procedure_refusal(facts, lot, procedure, kwargs, message):
    refusal = procedure_refusal(facts, lot, procedure, TODAY, **kwargs)
    if message is None:
        assert refusal is None
    else:
        assert refusal is not None and refusal.message.startswith(message)


def test_call_offs_continue_on_a_framework_closed_to_new_suppliers():
    assert call_off_refusal(replace(RM1045, ends_on=date(2027, 1, 1)), TODAY) is None


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        (replace(DPS, stage=D), None),
        (DPS, None),  # a DPS can add a lot while it is live
        (replace(FRAMEWORK, stage=D), None),
        (FRAMEWORK, None),
        (replace(FRAMEWORK, stage=C), "ACS1 is a framework that has been awarded: its lots cannot change"),
        (RM1045, "RM1045 expired on 31 July 2019"),
    ],
)
def test_lot_addition_refusal(facts, message):
    refusal = lot_addition_refusal(facts, TODAY)
    assert (refusal.message if refusal else None) == message


@pytest.mark.parametrize(
    ("rate", "problem"),
    [
        (Decimal("0.01"), None),
        (Decimal("0"), None),
        (Decimal("0.0125"), None),
        (Decimal("1"), "from 0%"),
        (Decimal("-0.01"), "from 0%"),
        (Decimal("0.00125"), "at most two decimal places"),
        (Decimal("NaN"), "from 0%"),
    ],
)
def test_fee_rate_problem(rate, problem):
    found = fee_rate_problem(rate)
    assert (found is None) if problem is None else (problem in found)


@pytest.mark.parametrize(
    ("value", "rate", "fee"),
    [
        (Decimal("1000000"), Decimal("0.01"), Decimal("10000.00")),
        (Decimal("1234.56"), Decimal("0.01"), Decimal("12.35")),  # half up, to the penny
        (Decimal("99.99"), Decimal("0.0150"), Decimal("1.50")),
        (Decimal("500"), Decimal("0"), Decimal("0.00")),
    ],
)
def test_management_fee(value, rate, fee):
    assert management_fee(value, rate) == fee


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 11, 23), 12, date(2027, 11, 23)),
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("last_review", "today", "due"),
    [
        (None, date(2018, 12, 1), date(2019, 4, 1)),  # the first year
        (None, date(2019, 4, 1), date(2019, 4, 1)),  # due today
        (None, date(2026, 11, 23), date(2026, 4, 1)),  # this cycle's review is overdue
        (date(2026, 6, 1), date(2026, 11, 23), date(2027, 4, 1)),  # held this cycle: next anniversary
        (date(2025, 12, 10), date(2026, 11, 23), date(2027, 4, 1)),  # held in the year to April 2026
        (date(2025, 3, 10), date(2026, 11, 23), date(2026, 4, 1)),  # held in the year before: due
        (date(2026, 3, 31), date(2026, 3, 31), date(2026, 4, 1)),  # held before the anniversary
    ],
)
def test_reviews_fall_due_on_the_anniversaries_of_the_start(last_review, today, due):
    assert review_due_on(date(2018, 4, 1), last_review, 12, today) == due


@pytest.mark.parametrize(
    ("facts", "message"),
    [(DPS, None), (replace(DPS, stage=D), "RM3825 is a draft"), (RM1045, "RM1045 expired on 31 July 2019")],
)
def test_review_refusal(facts, message):
    refusal = review_refusal(facts, TODAY)
    assert (refusal is None) if message is None else refusal.message.startswith(message)
