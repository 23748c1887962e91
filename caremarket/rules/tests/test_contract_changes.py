from datetime import UTC, date, datetime

import pytest

from caremarket.rules import contract_changes as cc


@pytest.mark.parametrize(
    ("field", "before", "after", "line"),
    [
        ("value", "2400000.00", "2550000.00", "Value: £2,400,000.00 → £2,550,000.00"),
        ("value", "98500", "£98,600.5", "Value: £98,500.00 → £98,600.50"),
        ("notice_months", "6", "3", "Notice: 6 months → 3 months"),
        ("notice_months", "1", "2", "Notice: 1 month → 2 months"),
        ("title", "Old name", "New name", "Title: Old name → New name"),
        ("risk_share", "", "50:50 over 5%", "Risk and reward share: (none) → 50:50 over 5%"),
        ("payment_mechanism", None, "Monthly", "Payment mechanism: (none) → Monthly"),
        ("value", "not money", "1", "Value: not money → £1.00"),
    ],
)
def test_change_line(field, before, after, line):
    assert cc.change_line(field, before, after) == line


def test_change_lines_keep_a_fixed_order():
    changes = {
        "title": {"before": "A", "after": "B"},
        "notice_months": {"before": "6", "after": "3"},
        "value": {"before": "10", "after": "20"},
    }
    assert cc.change_lines(changes) == [
        "Value: £10.00 → £20.00",
        "Notice: 6 months → 3 months",
        "Title: A → B",
    ]
    assert cc.change_lines({}) == []


@pytest.mark.parametrize(
    ("options", "text"),
    [
        ([], "No extension options left"),
        (None, "No extension options left"),
        ([12], "One extension option left: 12 months"),
        ([12, 12], "Two extension options left: 12 months, then 12 months"),
        ([12, 6, 1], "Three extension options left: 12 months, then 6 months, then 1 month"),
    ],
)
def test_options_left_text(options, text):
    assert cc.options_left_text(options) == text


@pytest.mark.parametrize(
    ("share", "text"),
    [("", "No risk and reward share"), ("  ", "No risk and reward share"), ("50:50", "50:50")],
)
def test_risk_share_text(share, text):
    assert cc.risk_share_text(share) == text


def _at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def test_history_in_date_order_with_who_and_dates():
    events = cc.history(
        [cc.ExtensionFact(_at(10), "Pat Lead", 12, date(2026, 3, 31), date(2027, 3, 31))],
        [
            cc.VariationFact(
                _at(5),
                "Val Buyer",
                1,
                date(2026, 3, 5),
                "Price rise",
                {"value": {"before": "1", "after": "2"}},
            )
        ],
        [
            cc.ExceptionFact(
                _at(12),
                "Pat Lead",
                6,
                "The replacement is late",
                "applied",
                _at(14),
                "Ann Approver",
                "Agreed",
            )
        ],
    )
    assert [e.title for e in events] == [
        "Variation 1, agreed on 5 March 2026",
        "Extended by 12 months by an extension option",
        "Asked to run 6 months past the last option",
        "Approved the request to run 6 months past the last option",
    ]
    assert events[0].lines == ("Price rise", "Value: £1.00 → £2.00")
    assert events[1].lines == ("End date: 31 March 2026 → 31 March 2027",)
    assert events[1].who == "Pat Lead"
    assert events[2].lines == ("Why: The replacement is late",)
    assert events[3].who == "Ann Approver" and events[3].lines == ("Reason: Agreed",)


def test_a_waiting_exception_has_no_decision_and_a_decision_comes_before_its_extension():
    waiting = cc.history([], [], [cc.ExceptionFact(_at(1), "Pat", 3, "Late", "requested")])
    assert [e.title for e in waiting] == ["Asked to run 3 months past the last option"]
    same = cc.history(
        [cc.ExtensionFact(_at(2), "Ann", 3, date(2026, 4, 1), date(2026, 7, 1), by_exception=True)],
        [],
        [cc.ExceptionFact(_at(1), "Pat", 3, "Late", "applied", _at(2), "Ann")],
    )
    assert [e.title for e in same][1:] == [
        "Approved the request to run 3 months past the last option",
        "Extended by 3 months by an approved exception",
    ]
    refused = cc.history(
        [], [], [cc.ExceptionFact(_at(1), "Pat", 3, "Late", "refused", _at(2), "Ann", "No plan")]
    )
    assert refused[1].title.startswith("Refused") and refused[1].lines == ("Reason: No plan",)


def _facts(**kw):
    from caremarket.rules.contracts import ContractFacts, ContractStatus, Term

    base = dict(
        reference="CT1",
        stage=ContractStatus.SIGNED,
        starts_on=date(2025, 1, 1),
        term=Term(2 * 12, (12, 6)),
        options_used=0,
        exception_months=0,
        expiring_days=90,
        terminated_on=None,
    )
    return ContractFacts(**{**base, **kw})


@pytest.mark.parametrize(
    ("facts", "today", "months", "new_ends_on", "refused"),
    [
        (_facts(), date(2026, 1, 1), 12, "after", ""),
        (_facts(options_used=1), date(2026, 1, 1), 6, "after", ""),
        (_facts(options_used=2), date(2026, 1, 1), None, None, "has used every extension option"),
        (_facts(stage="draft"), date(2026, 1, 1), 12, None, "cannot be extended"),
        (_facts(), date(2027, 6, 1), 12, None, "is ended: it cannot be extended"),
    ],
)
def test_extension_preview(facts, today, months, new_ends_on, refused):
    preview = cc.extension_preview(facts, today)
    assert preview.months == months
    assert preview.old_ends_on == facts.ends_on
    if new_ends_on:
        assert preview.new_ends_on > preview.old_ends_on and preview.refusal == ""
    else:
        assert preview.new_ends_on is None and refused in preview.refusal
