from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from caremarket.rules.contracts import (
    CONTRACT_LIFECYCLE,
    ContractFacts,
    ContractStatus,
    LineFacts,
    Reprocurement,
    SubcontractFacts,
    Term,
    ceiling_refusal,
    contract_status,
    end_date,
    exception_refusal,
    extension_refusal,
    is_expiring_within,
    lead_share,
    order_line_problems,
    order_on_contract_refusal,
    order_revision_id,
    order_total,
    parse_order_id,
    parse_term,
    sign_refusal,
    subcontract_refusal,
    termination_refusal,
    variation_refusal,
)

S = ContractStatus
TERM = Term(36, (12, 12))
SIGNED = ContractFacts("CT1", "signed", date(2024, 4, 1), TERM, expiring_days=90)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("3+1+1", Term(36, (12, 12))),
        ("3 + 1 + 1 years", Term(36, (12, 12))),
        ("2", Term(24, ())),
        ("24+12 months", Term(24, (12,))),
        ("18m", Term(18, ())),
        ("5 year", Term(60, ())),
    ],
)
def test_terms_parse(text, term):
    assert parse_term(text) == term


@pytest.mark.parametrize("text", ["", "three", "3+", "0+1", "3+0", "+1", "3-1"])
def test_bad_terms_are_refused(text):
    with pytest.raises(ValueError):
        parse_term(text)


@pytest.mark.parametrize(
    ("term", "label", "total"),
    [(Term(36, (12, 12)), "3+1+1 years", 60), (Term(18, (6,)), "18+6 months", 24), (Term(12), "1 years", 12)],
)
def test_term_labels_and_totals(term, label, total):
    assert (term.label(), term.total_months) == (label, total)


@pytest.mark.parametrize(
    ("starts", "months", "ends"),
    [
        (date(2024, 4, 1), 36, date(2027, 3, 31)),
        (date(2024, 1, 31), 1, date(2024, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 27)),
        (date(2025, 1, 1), 12, date(2025, 12, 31)),
    ],
)
def test_end_dates(starts, months, ends):
    assert end_date(starts, months) == ends


@pytest.mark.parametrize(
    ("facts", "today", "status"),
    [
        (replace(SIGNED, stage="draft"), date(2025, 1, 1), S.DRAFT),
        (SIGNED, date(2024, 3, 31), S.SIGNED),
        (SIGNED, date(2024, 4, 1), S.LIVE),
        (SIGNED, date(2026, 12, 31), S.LIVE),
        (SIGNED, date(2027, 1, 1), S.EXPIRING),  # 89 days before 31 March 2027
        (SIGNED, date(2027, 3, 31), S.EXPIRING),
        (SIGNED, date(2027, 4, 1), S.ENDED),
        (replace(SIGNED, options_used=1), date(2027, 4, 1), S.EXTENDED),
        (replace(SIGNED, options_used=1), date(2028, 3, 1), S.EXPIRING),
        (replace(SIGNED, options_used=2), date(2029, 4, 1), S.ENDED),
        (replace(SIGNED, options_used=2, exception_months=6), date(2029, 4, 1), S.EXTENDED),
        (replace(SIGNED, options_used=2, exception_months=6), date(2029, 8, 1), S.EXPIRING),
        (replace(SIGNED, expiring_days=30), date(2027, 1, 1), S.LIVE),
        (replace(SIGNED, stage="terminated"), date(2025, 1, 1), S.TERMINATED),
    ],
)
def test_status_is_the_stage_seen_through_the_calendar(facts, today, status):
    assert contract_status(facts, today) == status


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (S.DRAFT, S.SIGNED, True),
        (S.DRAFT, S.LIVE, False),
        (S.SIGNED, S.LIVE, True),
        (S.LIVE, S.EXTENDED, True),
        (S.EXPIRING, S.EXTENDED, True),
        (S.ENDED, S.EXTENDED, False),
        (S.TERMINATED, S.LIVE, False),
        (S.LIVE, S.TERMINATED, True),
    ],
)
def test_lifecycle(current, target, allowed):
    assert CONTRACT_LIFECYCLE.can_move(current, target) is allowed


def test_expiring_window():
    assert is_expiring_within(SIGNED, date(2027, 1, 1), 90)
    assert not is_expiring_within(SIGNED, date(2026, 1, 1), 90)
    assert not is_expiring_within(SIGNED, date(2027, 4, 2), 90)


@pytest.mark.parametrize(
    ("facts", "today", "code"),
    [
        (SIGNED, date(2026, 6, 1), None),
        (replace(SIGNED, options_used=1), date(2027, 6, 1), None),
        (replace(SIGNED, options_used=2), date(2028, 6, 1), "contract.no_extension_option_left"),
        (SIGNED, date(2027, 4, 2), "contract.not_extendable"),  # ended
        (replace(SIGNED, stage="draft"), date(2026, 6, 1), "contract.not_extendable"),
        (replace(SIGNED, stage="terminated"), date(2026, 6, 1), "contract.not_extendable"),
        (SIGNED, date(2024, 1, 1), None),  # signed, not started: may still take an option
    ],
)
def test_extension_takes_the_next_option_before_the_end(facts, today, code):
    refusal = extension_refusal(facts, today)
    assert (refusal.code if refusal else None) == code


def test_next_option_and_end_after_each_extension():
    assert SIGNED.next_option == 12
    once = replace(SIGNED, options_used=1)
    assert once.ends_on == date(2028, 3, 31)
    assert replace(SIGNED, options_used=2).next_option is None


LAST = replace(SIGNED, options_used=2)  # ends 31 March 2029
PLAN = Reprocurement(date(2028, 10, 1), date(2029, 6, 30))


@pytest.mark.parametrize(
    ("facts", "months", "reason", "timetable", "code"),
    [
        (LAST, 6, "Market not ready", PLAN, None),
        (
            replace(SIGNED, options_used=1, exception_months=12),
            6,
            "Not ready",
            PLAN,
            "contract.extension_option_available",
        ),
        (LAST, 0, "Market not ready", PLAN, "contract.exception_invalid"),
        (LAST, 30, "Market not ready", PLAN, "contract.exception_invalid"),
        (LAST, 6, " ", PLAN, "contract.reason_required"),
        (LAST, 6, "Market not ready", None, "contract.exception_invalid"),
        (LAST, 2, "Award after end", PLAN, "contract.exception_invalid"),
        (
            LAST,
            6,
            "Backwards",
            Reprocurement(date(2029, 7, 1), date(2029, 6, 1)),
            "contract.exception_invalid",
        ),
        (replace(LAST, stage="terminated"), 6, "x", PLAN, "contract.not_extendable"),
    ],
)
def test_exceptions_need_a_timetable_that_awards_before_the_new_end(facts, months, reason, timetable, code):
    refusal = exception_refusal(facts, date(2028, 9, 1), months=months, reason=reason, timetable=timetable)
    assert (refusal.code if refusal else None) == code


def test_sign_and_terminate():
    assert sign_refusal(replace(SIGNED, stage="draft")) is None
    assert sign_refusal(SIGNED).code == "contract.transition_refused"
    assert termination_refusal(SIGNED, date(2025, 1, 1), reason="Insolvent") is None
    assert termination_refusal(SIGNED, date(2025, 1, 1), reason="").code == "contract.reason_required"
    assert termination_refusal(SIGNED, date(2030, 1, 1), reason="x").code == "contract.transition_refused"


@pytest.mark.parametrize(
    ("number", "revision", "text"),
    [(123, 1, "C000123-01"), (123, 2, "C000123-02"), (1, 10, "C000001-10"), (1234567, 1, "C1234567-01")],
)
def test_order_revision_ids(number, revision, text):
    assert order_revision_id(number, revision) == text
    assert parse_order_id(text) == (number, revision)


@pytest.mark.parametrize("text", ["C123-01", "X000123-01", "C000123", "C000123-1"])
def test_bad_order_ids(text):
    with pytest.raises(ValueError):
        parse_order_id(text)


def test_order_ids_start_at_one():
    with pytest.raises(ValueError):
        order_revision_id(0, 1)


@pytest.mark.parametrize(
    ("ceiling", "committed", "value", "refused"),
    [
        ("1000", "0", "1000", False),
        ("1000", "999.99", "0.01", False),
        ("1000", "999.99", "0.02", True),
        ("1000", "1000", "0.01", True),
        ("1000", "1200", "-50", False),  # a reduction is always allowed
    ],
)
def test_ceiling(ceiling, committed, value, refused):
    refusal = ceiling_refusal("CT1", Decimal(ceiling), Decimal(committed), Decimal(value))
    assert (refusal is not None) is refused
    if refusal:
        assert refusal.code == "contract.ceiling_exceeded"


def test_orders_need_a_contract_in_force():
    assert order_on_contract_refusal(SIGNED, date(2025, 1, 1)) is None
    assert order_on_contract_refusal(SIGNED, date(2023, 1, 1)).code == "contract.not_in_force"
    assert order_on_contract_refusal(SIGNED, date(2030, 1, 1)).code == "contract.not_in_force"


def test_order_totals_round_each_line():
    assert order_total([LineFacts("a", Decimal("0.333"), 3), LineFacts("b", Decimal("10"), 2)]) == Decimal(
        "21.00"
    )


def test_order_line_problems():
    today = date(2026, 11, 23)
    items = {"Connection 100Mb"}
    assert order_line_problems([], priced_items=items, ordered_on=today) == {
        0: ["Add at least one line to the order"]
    }
    good = {"item": "Connection 100Mb", "quantity": 2, "delivery_date": today}
    assert order_line_problems([good], priced_items=items, ordered_on=today) == {}
    bad = {"item": "Other", "quantity": 0, "delivery_date": date(2026, 1, 1)}
    assert len(order_line_problems([good, bad], priced_items=items, ordered_on=today)[2]) == 3


@pytest.mark.parametrize(
    ("existing", "new", "code"),
    [
        ([], SubcontractFacts("B", Decimal("30")), None),
        ([SubcontractFacts("B", Decimal("60"))], SubcontractFacts("C", Decimal("40")), None),
        ([SubcontractFacts("B", Decimal("60"))], SubcontractFacts("C", Decimal("41")), "subcontract.invalid"),
        ([], SubcontractFacts("LEAD", Decimal("10")), "subcontract.invalid"),
        ([SubcontractFacts("B", Decimal("10"))], SubcontractFacts("B", Decimal("10")), "subcontract.invalid"),
        ([], SubcontractFacts("B", Decimal("0")), "subcontract.invalid"),
    ],
)
def test_subcontract_shares(existing, new, code):
    refusal = subcontract_refusal("LEAD", existing, new)
    assert (refusal.code if refusal else None) == code


def test_lead_share():
    assert lead_share(
        [SubcontractFacts("B", Decimal("25")), SubcontractFacts("C", Decimal("15"))]
    ) == Decimal("60")


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"value": ("100", "200")}, None),
        ({"value": ("100", "100")}, "variation.invalid"),
        ({"starts_on": ("a", "b")}, "variation.invalid"),
    ],
)
def test_variations(changes, code):
    refusal = variation_refusal(SIGNED, date(2025, 1, 1), changes)
    assert (refusal.code if refusal else None) == code


def test_an_ended_contract_cannot_be_varied():
    assert (
        variation_refusal(SIGNED, date(2030, 1, 1), {"value": ("1", "2")}).code
        == "contract.transition_refused"
    )
