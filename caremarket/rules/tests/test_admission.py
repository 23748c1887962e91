from dataclasses import replace
from datetime import date

import pytest

from caremarket.rules.admission import (
    APPLICATION_LIFECYCLE,
    LOT_SUPPLIER_LIFECYCLE,
    CertificationGap,
    GapKind,
    HeldCertification,
    Standing,
    certificate_refusal,
    compliance_gaps,
    decision_refusal,
    review_completion_refusal,
    standing_change_problems,
    standing_change_refusal,
    suggested_ground,
    trading_refusal,
    withdrawal_refusal,
)
from caremarket.rules.agreements import AgreementFacts

TODAY = date(2026, 11, 23)
DPS = AgreementFacts("RM3825", "dps", "live", date(2017, 11, 1), date(2027, 11, 30), lot_count=2)
LABELS = {"dspt": "Data Security and Protection Toolkit", "hscn_compliance": "HSCN compliance"}


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("submitted", "assessed", True),
        ("submitted", "admitted", False),
        ("submitted", "withdrawn", True),
        ("assessed", "assessed", True),
        ("assessed", "admitted", True),
        ("assessed", "rejected", True),
        ("admitted", "withdrawn", False),
        ("rejected", "assessed", False),
        ("withdrawn", "assessed", False),
    ],
)
def test_application_lifecycle(current, target, allowed):
    assert APPLICATION_LIFECYCLE.can_move(current, target) is allowed


@pytest.mark.parametrize(
    ("decision", "status", "outcome", "message"),
    [
        ("admit", "submitted", None, "Assess the application before deciding it"),
        ("admit", "assessed", "pass", None),
        ("admit", "assessed", "needs_decision", None),
        ("admit", "assessed", "fail", "The application was assessed as a fail"),
        ("reject", "assessed", "fail", None),
        ("reject", "assessed", "needs_decision", None),
        ("reject", "assessed", "pass", "The application was assessed as a pass"),
        ("admit", "admitted", "pass", "An application cannot move from admitted to admitted"),
        ("reject", "withdrawn", "fail", "An application cannot move from withdrawn to rejected"),
    ],
)
def test_decision_refusal(decision, status, outcome, message):
    refusal = decision_refusal(decision, status, outcome)
    assert (refusal is None) if message is None else refusal.message.startswith(message)


def test_a_decided_application_cannot_be_withdrawn():
    assert withdrawal_refusal("assessed") is None
    assert withdrawal_refusal("admitted").message == "An application cannot move from admitted to withdrawn"


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("admitted", "suspended", True),
        ("admitted", "removed", True),
        ("suspended", "admitted", True),
        ("suspended", "removed", True),
        ("removed", "admitted", True),
        ("removed", "suspended", False),
    ],
)
def test_lot_supplier_lifecycle(current, target, allowed):
    assert LOT_SUPPLIER_LIFECYCLE.can_move(current, target) is allowed


@pytest.mark.parametrize(
    ("change", "current", "message"),
    [
        ("suspend", "admitted", None),
        ("remove", "admitted", None),
        ("remove", "suspended", None),
        ("reinstate", "suspended", None),
        ("suspend", "suspended", "Acme is already suspended on lot 1 of RM3825"),
        ("remove", "removed", "Acme is already removed on lot 1 of RM3825"),
        ("reinstate", "admitted", "Only a suspended supplier can be reinstated; Acme is admitted on lot 1"),
        ("reinstate", "removed", "Only a suspended supplier can be reinstated; Acme is removed on lot 1"),
        ("suspend", "removed", "Acme was removed from lot 1 of RM3825: only an admitted supplier"),
    ],
)
def test_standing_change_refusal(change, current, message):
    refusal = standing_change_refusal(change, current, "Acme", "lot 1 of RM3825")
    assert (refusal is None) if message is None else refusal.message.startswith(message)


@pytest.mark.parametrize(
    ("change", "ground", "reason", "fields"),
    [
        ("suspend", "unpaid_management_fees", "Q2 fees unpaid", set()),
        ("suspend", "", "x", {"ground"}),
        ("remove", "bribery", "x", {"ground"}),
        ("remove", "other", "  ", {"reason"}),
        ("reinstate", "", "Fees now paid", set()),
        ("reinstate", "", "", {"reason"}),
    ],
)
def test_standing_change_problems(change, ground, reason, fields):
    assert set(standing_change_problems(change, ground, reason)) == fields


def held(scheme, valid_from, expires_on):
    return HeldCertification(scheme, valid_from, expires_on)


@pytest.mark.parametrize(
    ("certs", "gaps"),
    [
        ([held("dspt", date(2026, 1, 1), date(2027, 1, 1))], []),
        ([], [CertificationGap("dspt", GapKind.MISSING)]),
        (
            [held("dspt", date(2025, 1, 1), date(2026, 9, 30))],
            [CertificationGap("dspt", GapKind.EXPIRED, date(2026, 9, 30))],
        ),
        # An expired certificate and its renewal: the renewal counts.
        (
            [
                held("dspt", date(2025, 1, 1), date(2026, 9, 30)),
                held("dspt", date(2026, 10, 1), date(2027, 9, 30)),
            ],
            [],
        ),
        (
            [held("dspt", date(2026, 12, 1), date(2027, 12, 1))],
            [CertificationGap("dspt", GapKind.NOT_YET_VALID, date(2026, 12, 1))],
        ),
        (
            [held("iso_27001", date(2026, 1, 1), date(2027, 1, 1))],
            [CertificationGap("dspt", GapKind.MISSING)],
        ),
        # The last day of a certificate still counts.
        ([held("dspt", date(2025, 11, 24), TODAY)], []),
    ],
)
def test_compliance_gaps(certs, gaps):
    assert compliance_gaps(["dspt"], certs, TODAY) == gaps


def test_gaps_describe_themselves():
    gaps = compliance_gaps(
        ["hscn_compliance", "dspt"], [held("dspt", date(2025, 1, 1), date(2026, 9, 30))], TODAY
    )
    assert [g.describe(LABELS) for g in gaps] == [
        "no HSCN compliance certification",
        "Data Security and Protection Toolkit expired on 30 September 2026",
    ]


@pytest.mark.parametrize(
    ("valid_from", "expires_on", "message"),
    [
        (date(2026, 1, 1), date(2027, 1, 1), None),
        (
            date(2025, 1, 1),
            date(2026, 1, 1),
            "The DSPT certificate expired on 1 January 2026: enter one that is in force",
        ),
        (date(2026, 12, 1), date(2027, 12, 1), "The DSPT certificate is not in force until 1 December 2026"),
    ],
)
def test_certificate_refusal(valid_from, expires_on, message):
    refusal = certificate_refusal("DSPT", valid_from, expires_on, TODAY)
    assert (refusal is None) if message is None else refusal.message.startswith(message)


EXPIRED_DSPT = (CertificationGap("dspt", GapKind.EXPIRED, date(2026, 9, 21)),)


@pytest.mark.parametrize(
    ("facts", "standing", "message"),
    [
        (DPS, Standing("Acme", "admitted"), None),
        (DPS, Standing("Acme", None), "Acme is not on lot 1 of RM3825"),
        (
            DPS,
            Standing("Acme", "suspended", "unpaid_management_fees"),
            "Acme is suspended from lot 1 of RM3825 (unpaid management fees)",
        ),
        (
            DPS,
            Standing("Acme", "removed", "poor_performance"),
            "Acme was removed from lot 1 of RM3825 (poor performance)",
        ),
        (
            DPS,
            Standing("Castlegate", "admitted", gaps=EXPIRED_DSPT),
            "Castlegate is non-compliant: Data Security and Protection Toolkit expired on 21 September 2026",
        ),
        (
            replace(DPS, ends_on=date(2026, 1, 1)),
            Standing("Acme", "admitted"),
            "RM3825 expired on 1 January 2026",
        ),
    ],
)
def test_trading_refusal(facts, standing, message):
    refusal = trading_refusal(facts, 1, standing, TODAY, LABELS)
    assert (refusal.message if refusal else None) == message


@pytest.mark.parametrize(
    ("unreviewed", "message"),
    [
        ([], None),
        (["Acme"], "1 supplier has not been reviewed yet: Acme"),
        (["A", "B"], "2 suppliers have not been reviewed yet: A, B"),
        (list("ABCDEFG"), "7 suppliers have not been reviewed yet: A, B, C, D, E and 2 more"),
    ],
)
def test_review_completion_refusal(unreviewed, message):
    refusal = review_completion_refusal(unreviewed)
    assert (refusal.message if refusal else None) == message


@pytest.mark.parametrize(
    ("performance", "fees", "ground"),
    [
        ("good", "paid", ""),
        ("poor", "paid", "poor_performance"),
        ("good", "overdue", "unpaid_management_fees"),
        ("poor", "overdue", "unpaid_management_fees"),
    ],
)
def test_suggested_ground(performance, fees, ground):
    assert suggested_ground(performance, fees) == ground


@pytest.mark.parametrize(
    ("performance", "fees", "data", "interop", "ground"),
    [
        ("good", "paid", "no_concerns", "meets", ""),
        ("good", "paid", "concerns", "not_applicable", ""),
        ("good", "paid", "mishandled", "meets", "data_mishandling"),
        ("good", "none_due", "no_concerns", "fails", "interoperability_failure"),
        ("poor", "paid", "mishandled", "fails", "data_mishandling"),
        ("poor", "paid", "no_concerns", "fails", "interoperability_failure"),
        ("good", "overdue", "mishandled", "fails", "unpaid_management_fees"),
    ],
)
def test_suggested_ground_from_data_handling_and_interoperability(performance, fees, data, interop, ground):
    assert suggested_ground(performance, fees, data, interop) == ground
