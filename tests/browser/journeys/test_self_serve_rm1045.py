"""Buy from this lot, walked from the buyer's home page: the Suffolk ICB's procurement lead
goes through the header's Agreements link to a lot in force that allows both routes (HSSF
lot 1), sees "Buy from this lot" with further competition and direct award, and starts the
further competition draft with the agreement and lot filled in and the suppliers it would
invite listed; then opens lot 1 of RM1045, which refuses both routes because it expired on
31 July 2019 (today is long after)."""

from playwright.sync_api import expect

from tests.browser.conftest import screenshot

LEAD = "lead@caremarket.example"  # Tom Okafor, procurement lead of NHS Suffolk and North East Essex ICB


def _to_lot(page, reference: str, lot: str):
    page.click("header >> text=Home")
    page.click("header >> text=Agreements")
    page.locator("a", has_text=reference).first.click()
    page.locator("a", has_text=lot).first.click()


def test_a_buyer_buys_from_a_lot_and_rm1045_refuses(sign_in):
    lead = sign_in(LEAD)

    # A lot in force that allows both routes.
    _to_lot(lead, "HSSF", "GP IT enabling services")
    expect(lead.locator("h1")).to_have_text("Lot 1: GP IT enabling services")
    expect(lead.locator("#buy-from-this-lot")).to_have_text("Buy from this lot")
    competition = lead.locator("#route-further_competition")
    direct = lead.locator("#route-direct_award")
    expect(competition).to_contain_text("Offered")
    expect(direct).to_contain_text("Offered")
    expect(direct.locator("a", has_text="Shortlist from the lot's price list")).to_be_visible()
    screenshot(lead, "journeys/self-serve-lot-routes-offered")

    # The further competition starts with the lot filled in and the suppliers it would invite.
    competition.locator("a", has_text="Start a further competition").click()
    expect(lead.locator("h1")).to_have_text("Start a competition")
    expect(lead.locator("#agreement")).to_have_value("HSSF")
    expect(lead.locator("#lot")).to_have_value("1")
    expect(lead.locator("#procedure")).to_have_value("further_competition")
    expect(lead.locator("#would-be-invited")).to_contain_text("lot 1 of HSSF")
    expect(lead.locator("#would-be-invited li").first).to_be_visible()

    # RM1045 ended in July 2019: its lot offers neither route, and says why.
    _to_lot(lead, "RM1045", "Data access services")
    expect(lead.locator("h1")).to_have_text("Lot 1: Data access services")
    for route in ("#route-further_competition", "#route-direct_award"):
        card = lead.locator(route)
        expect(card).to_contain_text("Not offered")
        expect(card).to_contain_text("RM1045 expired on 31 July 2019")
        expect(card.locator("a.nhsuk-button")).to_have_count(0)
    screenshot(lead, "journeys/self-serve-lot-routes")
