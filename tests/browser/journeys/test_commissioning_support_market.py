"""Seed 003, the commissioning support market, walked on pages from the buyer's home page: the
route advisor asks first what is being bought and fills in the region from the acting
organisation, and never offers GP IT Futures for HSCN connectivity; the make/share/buy
diagnostic compares like with like (a yearly cost with yearly benchmarks; prices per head only
once the population is given; a dearer option "costs £25,000.00 more"); and the price
benchmarks show the Suffolk club's awarded price beside the catalogue's."""

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, screenshot

BUYER = "buyer@caremarket.example"  # NHS Suffolk and North East Essex ICB, in the East


def _home(page):
    page.click("header >> text=Home")


def _continue(page):
    page.click("button:has-text('Continue')")


def test_the_commissioning_support_market(sign_in):
    buyer = sign_in(BUYER)

    # The route advisor: what is being bought comes first.
    _home(buyer)
    buyer.click("text=Find the right way to buy")
    buyer.click("#start")
    expect(buyer.locator("h1")).to_have_text("What are you buying?")
    expect(buyer.locator("body")).to_contain_text("Question 1 of 10")
    buyer.get_by_label("HSCN connectivity", exact=True).check()
    _continue(buyer)

    # The region is filled in from the organisation the buyer acts for.
    expect(buyer.locator("h1")).to_have_text("Which region is your organisation in?")
    expect(buyer.locator("input[name=region][value=east]")).to_be_checked()
    expect(buyer.locator(".nhsuk-hint")).to_contain_text("Filled in from your organisation")
    _continue(buyer)
    buyer.fill("#sites", "3")
    _continue(buyer)
    _continue(buyer)  # no special needs
    buyer.get_by_label("No").check()  # no procurement expertise in house
    _continue(buyer)
    buyer.get_by_label("No").check()  # plans not settled
    _continue(buyer)
    _continue(buyer)  # not in a collaboration
    _continue(buyer)  # value not known yet
    _continue(buyer)  # no date yet
    buyer.get_by_label("No").check()  # no programme milestones
    _continue(buyer)
    expect(buyer.locator("body")).to_contain_text("What are you buying?")
    buyer.click("#see-advice")
    expect(buyer.locator("#purchase")).to_have_text("For HSCN connectivity.")
    options = buyer.locator("#options").inner_text() + buyer.locator("#ruled-out").inner_text()
    assert "GPIT-FUTURES" not in options and "GP IT Futures" not in options
    assert "on RM3825" in options
    expect(buyer.locator("body")).to_contain_text("left out:")
    assert axe_violations(buyer) == []

    # The make/share/buy diagnostic: like with like.
    _home(buyer)
    buyer.click("text=Make, share or buy")
    expect(buyer.locator("h1")).to_have_text("Make, share or buy")
    table = buyer.locator("#diagnostic")
    expect(table).to_contain_text("costs £25,000.00 more")
    expect(table).to_contain_text("priced per head of population cannot be compared")
    buyer.fill("#population", "250,000")
    buyer.click("button:has-text('Compare')")
    expect(buyer.locator("#population")).to_have_value("250,000")
    expect(table).not_to_contain_text("priced per head of population cannot be compared")
    body = buyer.locator("body").inner_text()
    assert "saves -" not in body and "-£" not in body and "None" not in body

    # The price benchmarks: the Suffolk club's award beside the catalogue's prices.
    _home(buyer)
    buyer.click("text=Price benchmarks")
    expect(buyer.locator("h1")).to_have_text("Price benchmarks")
    row = buyer.locator("#benchmarks tr", has_text="HSCN connectivity").filter(
        has_text="per connection, a year"
    )
    expect(row.first).to_contain_text("£780.00 (1 award)")
    expect(buyer.locator("#benchmarks")).to_contain_text("No award yet")
    assert "None" not in buyer.locator("#benchmarks").inner_text()
    assert axe_violations(buyer) == []
    screenshot(buyer, "journeys/commissioning-support-benchmarks")
