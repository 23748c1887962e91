"""Which routes a lot offers today, and why not the others: a table per agreement and day."""

from datetime import date

import pytest

from caremarket.core.error_codes import ErrorCode
from caremarket.rules.agreements import AgreementFacts, AgreementStatus, LotFacts
from caremarket.rules.lot_routes import ROUTE_ORDER, lot_routes, offered_routes

FC, DA = "further_competition", "direct_award"
RM1045 = AgreementFacts(
    "RM1045", "framework", AgreementStatus.CLOSED, date(2015, 8, 1), date(2019, 7, 31), lot_count=2
)
RM3825 = AgreementFacts("RM3825", "dps", AgreementStatus.LIVE, date(2017, 11, 1), date(2027, 11, 30))
DCS = AgreementFacts(
    "DCS",
    "framework",
    AgreementStatus.OPEN,
    date(2026, 4, 1),
    date(2030, 3, 31),
    applications_close_on=date(2027, 1, 12),
)
DRAFT = AgreementFacts("ACS1", "framework", AgreementStatus.DRAFT, date(2026, 1, 1), date(2029, 12, 31))
BOTH = LotFacts(1, frozenset({FC, DA}))
FC_ONLY = LotFacts(1, frozenset({FC}))
NO_RULES = LotFacts(3, takes_new_suppliers=False)

EXPIRED = (ErrorCode.AGREEMENT_EXPIRED, "RM1045 expired on 31 July 2019")


@pytest.mark.parametrize(
    ("agreement", "lot", "today", "invitable", "competition", "direct"),
    [
        # RM1045 offers both routes until its last day, then refuses both: it has expired.
        (RM1045, BOTH, date(2019, 7, 1), 2, None, None),
        (RM1045, BOTH, date(2019, 7, 31), 2, None, None),
        (RM1045, BOTH, date(2019, 8, 1), 2, EXPIRED, EXPIRED),
        (RM1045, BOTH, date(2026, 12, 2), 0, EXPIRED, EXPIRED),
        # Nothing can be bought before the agreement starts.
        (
            RM1045,
            BOTH,
            date(2015, 7, 31),
            2,
            (ErrorCode.AGREEMENT_NOT_LIVE, "RM1045 starts on 1 August 2015: nothing can be bought before"),
            (ErrorCode.AGREEMENT_NOT_LIVE, "RM1045 starts on 1 August 2015: nothing can be bought before"),
        ),
        # The HSCN DPS allows no direct award.
        (
            RM3825,
            FC_ONLY,
            date(2026, 12, 2),
            4,
            None,
            (ErrorCode.PROCEDURE_NOT_ALLOWED, "Direct award is not allowed on lot 1 of RM3825"),
        ),
        # A framework not yet awarded, or a draft, offers nothing.
        (
            DCS,
            BOTH,
            date(2026, 12, 2),
            0,
            (ErrorCode.AGREEMENT_NOT_LIVE, "DCS has not been awarded yet: nothing can be bought through it"),
            (ErrorCode.AGREEMENT_NOT_LIVE, "DCS has not been awarded yet: nothing can be bought through it"),
        ),
        (
            DRAFT,
            BOTH,
            date(2026, 12, 2),
            1,
            (ErrorCode.AGREEMENT_NOT_LIVE, "ACS1 is a draft: nothing can be bought through it"),
            (ErrorCode.AGREEMENT_NOT_LIVE, "ACS1 is a draft: nothing can be bought through it"),
        ),
        # A lot with no rules yet allows no procedure.
        (
            RM3825,
            NO_RULES,
            date(2026, 12, 2),
            1,
            (ErrorCode.PROCEDURE_NOT_ALLOWED, "Further competition is not allowed on lot 3 of RM3825"),
            (ErrorCode.PROCEDURE_NOT_ALLOWED, "Direct award is not allowed on lot 3 of RM3825"),
        ),
        # In force and allowed, but nobody on the lot can receive a call-off today.
        (
            RM3825,
            FC_ONLY,
            date(2026, 12, 2),
            0,
            (
                ErrorCode.LOT_NO_INVITABLE_SUPPLIER,
                "No supplier on lot 1 of RM3825 can receive a call-off today",
            ),
            (ErrorCode.PROCEDURE_NOT_ALLOWED, "Direct award is not allowed on lot 1 of RM3825"),
        ),
    ],
)
def test_the_routes_a_lot_offers(agreement, lot, today, invitable, competition, direct):
    options = lot_routes(agreement, lot, today, invitable=invitable)
    assert [o.procedure for o in options] == list(ROUTE_ORDER)
    got = [(o.refusal.code, o.refusal.message) if o.refusal else None for o in options]
    assert got == [competition, direct]
    assert offered_routes(options) == [o.procedure for o, r in zip(options, got, strict=True) if r is None]


def test_each_option_names_its_procedure():
    options = lot_routes(RM3825, FC_ONLY, date(2026, 12, 2), invitable=1)
    assert [(o.label, o.allowed) for o in options] == [("Further competition", True), ("Direct award", False)]
