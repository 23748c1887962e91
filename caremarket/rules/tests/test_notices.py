from datetime import date

import pytest

from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import ValidationFailed
from caremarket.rules.notices import (
    Deadline,
    DeadlineRule,
    NoticeFact,
    financial_year_start,
    incomplete_refusal,
    missing_fields,
    notice_codes,
    notice_due_by,
    notice_type,
    notice_types,
    overdue_notices,
    parse_notice_types,
)
from caremarket.rules.standstill import Regime

ACT_IN_FORCE = date(2025, 2, 24)
PSR_IN_FORCE = date(2024, 1, 1)
TODAY = date(2026, 12, 2)

PA_CODES = [f"UK{n}" for n in range(1, 18)]
PSR_CODES = ["PSR_INTENTION", "PSR_AWARD", "PSR_URGENT", "PSR_MODIFICATION"]


def test_every_procurement_act_and_psr_notice_type_is_listed():
    assert notice_codes() == PA_CODES + PSR_CODES


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("UK1", "Pipeline notice"),
        ("UK2", "Preliminary market engagement notice"),
        ("UK3", "Planned procurement notice"),
        ("UK4", "Tender notice"),
        ("UK5", "Transparency notice"),
        ("UK6", "Contract award notice"),
        ("UK7", "Contract details notice"),
        # GCA's list of the Act's notices: UK8 is contract payments (s70), UK17 payments compliance (s69).
        ("UK8", "Contract payments notice"),
        ("UK9", "Contract performance notice"),
        ("UK10", "Contract change notice"),
        ("UK11", "Contract termination notice"),
        ("UK12", "Procurement termination notice"),
        ("UK13", "Dynamic market notice - intention to establish"),
        ("UK14", "Dynamic market notice - establishment"),
        ("UK15", "Dynamic market notice - modification"),
        ("UK16", "Dynamic market notice - cessation"),
        ("UK17", "Payments compliance notice"),
        ("PSR_INTENTION", "Intention to award a contract notice"),
        ("PSR_AWARD", "Confirmation of contract award notice"),
        ("PSR_URGENT", "Urgent award notice"),
        ("PSR_MODIFICATION", "Contract modification notice"),
    ],
)
def test_names(code, name):
    assert notice_type(code, TODAY).name == name


@pytest.mark.parametrize("code", PA_CODES + PSR_CODES)
def test_every_type_has_a_citation_tags_document_type_and_a_deadline_rule(code):
    kind = notice_type(code, TODAY)
    expected = "Procurement Act 2023" if code.startswith("UK") else "Provider Selection Regime"
    assert expected in kind.citation
    assert kind.regime == (
        Regime.PROCUREMENT_ACT_2023 if code.startswith("UK") else Regime.PROVIDER_SELECTION_REGIME
    )
    assert kind.tags and kind.correction_tags and kind.document_type
    assert kind.deadline.rule in DeadlineRule
    assert kind.deadline.rule == DeadlineRule.NONE or kind.deadline.source


@pytest.mark.parametrize(
    ("code", "tags", "correction_tags", "document_type"),
    [
        ("UK1", ["planning"], ["planningUpdate"], "plannedProcurementNotice"),
        ("UK2", ["planning"], ["planningUpdate"], "marketEngagementNotice"),
        ("UK4", ["tender"], ["tenderUpdate"], "tenderNotice"),
        ("UK6", ["award"], ["awardUpdate"], "awardNotice"),
        ("UK7", ["contract"], ["contractUpdate"], "contractNotice"),
        ("UK10", ["contractAmendment"], ["contractUpdate"], "contractNotice"),
        ("UK11", ["contractTermination"], ["contractUpdate"], "contractTerminationNotice"),
        ("UK12", ["tenderCancellation"], ["tenderUpdate"], "tenderCancellationNotice"),
        ("UK17", ["implementation"], ["implementationUpdate"], "implementationNotice"),
        ("PSR_AWARD", ["award", "contract"], ["awardUpdate", "contractUpdate"], "awardNotice"),
    ],
)
def test_ocds_tags_and_document_type(code, tags, correction_tags, document_type):
    kind = notice_type(code, TODAY)
    assert kind.release_tags() == tags
    assert kind.release_tags(correction=True) == correction_tags
    assert kind.document_type == document_type


@pytest.mark.parametrize(
    ("code", "event", "due"),
    [
        # UK1: 56 days beginning with 1 April: 1 April to 26 May inclusive.
        ("UK1", date(2026, 4, 1), date(2026, 5, 26)),
        # UK2 must be out before the tender notice: by the day before.
        ("UK2", date(2026, 12, 10), date(2026, 12, 9)),
        ("UK3", date(2026, 12, 10), None),
        ("UK4", date(2026, 12, 10), None),
        ("UK5", date(2026, 12, 10), date(2026, 12, 9)),
        ("UK6", date(2026, 12, 10), date(2026, 12, 9)),
        # UK7: 30 days beginning with the day the contract is entered into (signed 2 Dec → 31 Dec).
        ("UK7", date(2026, 12, 2), date(2026, 12, 31)),
        ("UK7", date(2026, 2, 1), date(2026, 3, 2)),
        # UK8: 30 days beginning with the last day of the quarter.
        ("UK8", date(2026, 12, 31), date(2027, 1, 29)),
        ("UK9", date(2026, 6, 1), date(2026, 6, 30)),
        ("UK10", date(2026, 12, 10), date(2026, 12, 9)),
        # UK11: 30 days beginning with the day the contract ended.
        ("UK11", date(2026, 11, 30), date(2026, 12, 29)),
        ("UK12", date(2026, 11, 1), date(2026, 11, 30)),
        ("UK13", date(2026, 12, 10), date(2026, 12, 9)),
        ("UK14", date(2026, 12, 10), None),
        # UK17: 30 days beginning with the last day of the six-month reporting period.
        ("UK17", date(2026, 9, 30), date(2026, 10, 29)),
        ("UK17", date(2027, 3, 31), date(2027, 4, 29)),
        ("PSR_INTENTION", date(2026, 12, 10), date(2026, 12, 9)),
        ("PSR_AWARD", date(2026, 12, 2), date(2026, 12, 31)),
        ("PSR_URGENT", date(2026, 12, 2), date(2026, 12, 31)),
        ("PSR_MODIFICATION", date(2026, 12, 2), date(2026, 12, 31)),
    ],
)
def test_due_by(code, event, due):
    assert notice_due_by(code, event) == due


@pytest.mark.parametrize(
    ("deadline", "event", "due"),
    [
        (Deadline(DeadlineRule.WITHIN, days=30, counting="after"), date(2026, 12, 2), date(2027, 1, 1)),
        # Working days, beginning with a working day (Wednesday 2 December 2026): it is day 1.
        (Deadline(DeadlineRule.WITHIN, days=8, day_count="working"), date(2026, 12, 2), date(2026, 12, 11)),
        # ... after it: 8 working days after Wednesday 2 December.
        (
            Deadline(DeadlineRule.WITHIN, days=8, day_count="working", counting="after"),
            date(2026, 12, 2),
            date(2026, 12, 14),
        ),
        # Beginning with a Saturday: it is not a working day, so counting starts on the Monday.
        (Deadline(DeadlineRule.WITHIN, days=1, day_count="working"), date(2026, 12, 5), date(2026, 12, 7)),
        # Over Christmas: 25, 26 (28 in lieu) December and 1 January are not working days.
        (
            Deadline(DeadlineRule.WITHIN, days=5, day_count="working", counting="after"),
            date(2026, 12, 23),
            date(2027, 1, 4),
        ),
        (Deadline(DeadlineRule.NONE), date(2026, 12, 2), None),
    ],
)
def test_deadline_arithmetic(deadline, event, due):
    assert deadline.due_by(event) == due


@pytest.mark.parametrize(
    ("code", "wording"),
    [
        ("UK7", "within 30 days of the day the contract was entered into"),
        ("UK11", "within 30 days of the day the contract ended"),
        ("UK6", "before entering into the contract"),
        ("UK4", "no deadline"),
    ],
)
def test_deadline_wording(code, wording):
    assert notice_type(code, TODAY).deadline.wording == wording


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (date(2026, 4, 1), date(2026, 4, 1)),
        (date(2026, 3, 31), date(2025, 4, 1)),
        (date(2026, 12, 2), date(2026, 4, 1)),
    ],
)
def test_financial_year_start(day, start):
    assert financial_year_start(day) == start


@pytest.mark.parametrize(
    ("code", "day", "refused"),
    [
        ("UK4", ACT_IN_FORCE, False),
        ("UK4", date(2025, 2, 23), True),  # the Act's notices apply from 24 February 2025
        ("PSR_AWARD", PSR_IN_FORCE, False),
        ("PSR_AWARD", date(2023, 12, 31), True),
        ("UK99", TODAY, True),
    ],
)
def test_type_applies_from_its_valid_from_day(code, day, refused):
    if refused:
        with pytest.raises(ValidationFailed) as caught:
            notice_type(code, day)
        assert caught.value.code == ErrorCode.NOTICE_TYPE_UNKNOWN
    else:
        assert notice_type(code, day).code == code


VERSIONED = {
    "types": {
        "UK7": {
            "regime": "procurement_act_2023",
            "versions": [
                {
                    "version": 1,
                    "valid_from": date(2025, 2, 24),
                    "name": "Contract details notice",
                    "citation": "Procurement Act 2023, section 53",
                    "tags": ["contract"],
                    "document_type": "contractNotice",
                    "section": "contracts",
                    "deadline": {"rule": "within", "days": 30, "event_label": "signing", "confirmed": True},
                },
                {
                    "version": 2,
                    "valid_from": date(2027, 1, 1),
                    "name": "Contract details notice",
                    "citation": "Procurement Act 2023, section 53 (as amended)",
                    "tags": ["contract"],
                    "document_type": "contractNotice",
                    "section": "contracts",
                    "deadline": {"rule": "within", "days": 20, "event_label": "signing", "confirmed": True},
                },
            ],
        }
    }
}


@pytest.mark.parametrize(
    ("on", "version", "due"),
    [
        (date(2026, 12, 31), 1, date(2027, 1, 29)),  # a contract signed under the old law keeps its 30 days
        (date(2027, 1, 1), 2, date(2027, 1, 20)),
    ],
)
def test_a_later_version_of_the_law_applies_from_its_day(on, version, due):
    table = parse_notice_types(VERSIONED)
    assert notice_type("UK7", on, table).version == version
    assert notice_due_by("UK7", on, table=table) == due
    assert notice_type("UK7", on, table).correction_tags == ("contract",)  # defaults to the tags


def test_two_versions_from_the_same_day_are_refused():
    data = {"types": {"UK7": {**VERSIONED["types"]["UK7"]}}}
    data["types"]["UK7"]["versions"] = [VERSIONED["types"]["UK7"]["versions"][0]] * 2
    with pytest.raises(ValueError, match="two versions valid from the same day"):
        parse_notice_types(data)


def test_types_in_force_per_regime():
    assert [k.code for k in notice_types(TODAY, Regime.PROVIDER_SELECTION_REGIME)] == PSR_CODES
    assert notice_types(date(2024, 6, 1), Regime.PROCUREMENT_ACT_2023) == []
    assert len(notice_types(TODAY)) == 21


@pytest.mark.parametrize(
    ("code", "content", "missing"),
    [
        (
            "UK4",
            {},
            [
                "tender.title",
                "tender.description",
                "tender.procurementMethod",
                "tender.value.amount",
                "tender.tenderPeriod.endDate",
            ],
        ),
        (
            "UK4",
            {
                "tender": {
                    "title": "Home care",
                    "description": "Home care in the east",
                    "procurementMethod": "open",
                    "value": {"amount": 0, "currency": "GBP"},
                    "tenderPeriod": {"endDate": "2027-01-10T12:00:00Z"},
                }
            },
            [],
        ),
        (
            "UK6",
            {"tender": {"title": "T"}, "awards": []},
            ["awards[].suppliers", "awards[].value.amount", "awards[].date"],
        ),
        (
            "UK6",
            {
                "tender": {"title": "T"},
                "awards": [
                    {"suppliers": [{"id": "s"}], "value": {"amount": 10}, "date": "2026-12-01T00:00:00Z"},
                    {"suppliers": [], "value": {"amount": 10}, "date": "2026-12-01T00:00:00Z"},
                ],
            },
            ["awards[].suppliers"],  # every award needs its suppliers
        ),
        (
            "UK7",
            {"contracts": "not a list"},
            [
                "contracts[].awardID",
                "contracts[].dateSigned",
                "contracts[].value.amount",
                "contracts[].period.startDate",
            ],
        ),
        (
            "UK17",
            {"tender": {"title": "Payments, April to September 2026", "description": ""}},
            ["tender.description"],
        ),
    ],
)
def test_missing_fields(code, content, missing):
    kind = notice_type(code, TODAY)
    assert missing_fields(kind, content) == missing
    refusal = incomplete_refusal(kind, content)
    if missing:
        assert refusal.code == ErrorCode.NOTICE_INCOMPLETE
        assert refusal.message.startswith(f"The {kind.label} cannot be published without {missing[0]}")
        assert list(refusal.details["fields"]) == missing
    else:
        assert refusal is None


SIGNED = date(2026, 10, 20)
ENDED = date(2026, 11, 10)


@pytest.mark.parametrize(
    ("facts", "today", "overdue"),
    [
        ([], TODAY, []),
        # UK7 for a contract signed 20 October: due by 18 November; 14 days overdue on 2 December.
        ([NoticeFact("UK7", "CT-1", SIGNED)], TODAY, [("UK7", "CT-1", date(2026, 11, 18), 14)]),
        ([NoticeFact("UK7", "CT-1", SIGNED)], date(2026, 11, 18), []),  # the last day is not overdue
        ([NoticeFact("UK7", "CT-1", SIGNED, published_on=date(2026, 11, 25))], TODAY, []),  # late, but out
        # UK11 for a contract that ended 10 November: due by 9 December, not overdue yet.
        ([NoticeFact("UK11", "CT-2", ENDED)], TODAY, []),
        ([NoticeFact("UK11", "CT-2", ENDED)], date(2026, 12, 10), [("UK11", "CT-2", date(2026, 12, 9), 1)]),
        ([NoticeFact("UK4", "CMP-1", date(2026, 1, 1))], TODAY, []),  # no deadline of its own
        # Most overdue first.
        (
            [NoticeFact("UK11", "CT-2", ENDED), NoticeFact("UK7", "CT-1", SIGNED)],
            date(2026, 12, 20),
            [("UK7", "CT-1", date(2026, 11, 18), 32), ("UK11", "CT-2", date(2026, 12, 9), 11)],
        ),
    ],
)
def test_overdue_notices(facts, today, overdue):
    found = overdue_notices(facts, today)
    assert [(o.fact.code, o.fact.ref, o.due_by, o.days_overdue) for o in found] == overdue


def test_an_overdue_notice_says_what_when_and_why():
    (found,) = overdue_notices([NoticeFact("UK7", "CT-1", SIGNED)], TODAY)
    assert found.sentence == (
        "The UK7 contract details notice for CT-1 was due by 18 November 2026 (within 30 days of the day "
        "the contract was entered into; Procurement Act 2023, section 53; Procurement Regulations 2024, "
        "regulations 32 to 35)"
    )


def test_labels():
    assert notice_type("UK7", TODAY).label == "UK7 contract details notice"
    assert notice_type("PSR_URGENT", TODAY).label == "Urgent award notice"
    assert notice_type("PSR_URGENT", TODAY).regime_label == "Provider Selection Regime"
    assert notice_type("UK6", TODAY).starts_standstill == 8
    assert notice_type("PSR_INTENTION", TODAY).starts_standstill == 8
