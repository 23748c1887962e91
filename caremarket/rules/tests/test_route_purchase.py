"""The route advisor asks first what is being bought, and weighs only the agreements that
supply it: never GP IT Futures for HSCN connectivity."""

from datetime import date

import pytest

from caremarket.rules.agreements import AgreementFacts, LotFacts
from caremarket.rules.route_facts import PURCHASES, facts_problems, offers_for_purchase, purchase_phrase
from caremarket.rules.routes import AgreementOffer, OrganisationFacts, advise_routes

TODAY = date(2026, 12, 2)
FC = frozenset({"further_competition"})
BOTH = frozenset({"further_competition", "direct_award"})


def offer(reference, kind, *lots, title=""):
    facts = AgreementFacts(reference, kind, "live", date(2024, 1, 1), date(2030, 1, 1), lot_count=len(lots))
    return AgreementOffer(
        facts,
        tuple(LotFacts(n, FC if kind == "dps" else BOTH) for n, _ in enumerate(lots, start=1)),
        lot_categories=tuple(frozenset(c) for c in lots),
        title=title,
    )


RM3825 = offer(
    "RM3825", "dps", {"hscn_connectivity"}, {"hscn_managed_security", "hscn_voice"}, title="HSCN DPS"
)
GPIT = offer(
    "GPIT-FUTURES", "framework", {"gp_clinical_system"}, {"gp_online_consultation"}, title="GP IT Futures"
)
CS_LPF = offer(
    "CS-LPF", "framework", {"health_needs_assessment"}, {"business_intelligence"}, title="Commissioning LPF"
)
HSSF = offer("HSSF", "framework", {"gp_service_desk"}, {"gp_infrastructure", "hscn_managed_security"})
UNKNOWN = offer("LOCAL-1", "framework", set())
OFFERS = (RM3825, GPIT, CS_LPF, HSSF, UNKNOWN)


@pytest.mark.parametrize(
    ("purchase", "kept", "lots"),
    [
        ("", ["RM3825", "GPIT-FUTURES", "CS-LPF", "HSSF", "LOCAL-1"], [2, 2, 2, 2, 1]),
        ("hscn_connectivity", ["RM3825"], [1]),
        ("hscn_overlay", ["RM3825", "HSSF"], [1, 1]),
        ("gp_it", ["GPIT-FUTURES", "HSSF"], [2, 2]),
        ("commissioning_support", ["CS-LPF"], [2]),
    ],
)
def test_only_the_agreements_that_supply_the_purchase_are_kept(purchase, kept, lots):
    found, left_out = offers_for_purchase(OFFERS, purchase)
    assert [o.agreement.reference for o in found] == kept
    assert [len(o.lots) for o in found] == lots
    assert {o.agreement.reference for o in found} | {o.agreement.reference for o in left_out} == {
        o.agreement.reference for o in OFFERS
    }


@pytest.mark.parametrize(
    ("purchase", "lot_numbers"),
    [("hscn_connectivity", (1,)), ("hscn_overlay", (2,))],
)
def test_a_kept_offer_keeps_only_its_fitting_lots_and_their_categories(purchase, lot_numbers):
    (found,), _ = offers_for_purchase([RM3825], purchase)
    assert tuple(lot.number for lot in found.lots) == lot_numbers
    assert len(found.lot_categories) == len(found.lots)
    assert all(c & PURCHASES[purchase][1] for c in found.lot_categories)


def test_a_lot_with_no_known_categories_supplies_nothing_named():
    assert offers_for_purchase([UNKNOWN], "hscn_connectivity") == ([], [UNKNOWN])
    assert offers_for_purchase([offer("X", "framework")], "gp_it")[0] == []


def test_an_unknown_purchase_is_refused():
    with pytest.raises(ValueError):
        offers_for_purchase(OFFERS, "groceries")
    assert facts_problems(OrganisationFacts("ICB", purchase="groceries")) == {
        "purchase": "Select what you are buying"
    }
    assert "purchase" not in facts_problems(OrganisationFacts("ICB", purchase="gp_it"))


@pytest.mark.parametrize(
    ("purchase", "never", "note"),
    [
        ("hscn_connectivity", "GPIT-FUTURES", "left out: Commissioning LPF, GP IT Futures, HSSF, LOCAL-1"),
        ("gp_it", "RM3825", "left out: Commissioning LPF, HSCN DPS, LOCAL-1"),
        ("commissioning_support", "RM3825", "left out: GP IT Futures, HSCN DPS, HSSF, LOCAL-1"),
    ],
)
def test_the_advisor_never_offers_an_agreement_that_does_not_supply_the_purchase(purchase, never, note):
    facts = OrganisationFacts("Suffolk ICB", purchase=purchase, region="east", sites=5)
    advice = advise_routes(facts, OFFERS, TODAY)
    assert all(o.agreement != never for o in advice.options)
    assert never not in advice.columns
    assert any(n.endswith(note) for n in advice.notes), advice.notes


def test_with_no_purchase_named_every_agreement_is_weighed():
    advice = advise_routes(OrganisationFacts("Suffolk ICB", sites=5), OFFERS, TODAY)
    assert {o.agreement for o in advice.options} >= {"RM3825", "GPIT-FUTURES", "CS-LPF", "HSSF"}
    assert not any("left out" in n for n in advice.notes)


@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        ("hscn_connectivity", "HSCN connectivity"),
        ("hscn_overlay", "HSCN overlay services"),
        ("gp_it", "GP IT"),
        ("commissioning_support", "commissioning support"),
        ("", ""),
    ],
)
def test_the_purchase_inside_a_sentence(code, phrase):
    assert purchase_phrase(code) == phrase
