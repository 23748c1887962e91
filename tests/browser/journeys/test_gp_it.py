"""Seed 001, GP IT, walked on pages from each person's home page: the ICB's buyer orders
training from the GP IT Futures catalogue against its notional allocation and sees what is
left; an order for more than is left is refused with the reason; Orchard House Surgery
chooses its accredited foundation solution (an unaccredited one is refused) and asks to use
systems it buys (unsupported software is refused at once); the ICB's approver approves one
and refuses another, saying why."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import screenshot

BUYER = "buyer@caremarket.example"  # NHS Suffolk and North East Essex ICB's buyer
APPROVER = "approver@caremarket.example"  # the ICB's chief finance officer
PRACTICE = "practice@caremarket.example"  # Orchard House Surgery's practice manager
ICB = "NHS Suffolk and North East Essex Integrated Care Board"
REFUSAL = "Windows 7 is no longer supported by Microsoft: it cannot be used on NHS infrastructure"


def _banner(page):
    return page.locator(".nhsuk-notification-banner")


def _gp_it(page):
    page.click("header >> text=Home")
    page.click("header >> text=Contracts")
    page.click("a:has-text('GP IT')")
    expect(page.locator("h1")).to_have_text("GP IT")


def _money(text: str) -> float:
    return float(re.sub(r"[£,]", "", text.strip()))


def _balance(page) -> dict[str, float]:
    rows = page.locator("#balance .nhsuk-summary-list__row")
    return {
        rows.nth(i).locator("dt").inner_text(): _money(rows.nth(i).locator("dd").inner_text())
        for i in range(rows.count())
    }


def _first_item(page, line: int) -> None:
    value = page.locator(f"#item_{line} option").nth(1).get_attribute("value")
    page.select_option(f"#item_{line}", value)


def test_gp_it_allocation_orders_and_practice_systems(sign_in, server_clock):
    # The ICB's buyer opens its allocation: most of it is already spent on foundation solutions.
    buyer = sign_in(BUYER)
    _gp_it(buyer)
    buyer.locator("#allocations").get_by_role("link", name=ICB).click()
    expect(buyer.locator("h1")).to_have_text(f"{ICB}'s GP IT allocation")
    before = _balance(buyer)
    assert before["Allocated"] == 1_250_000 and 0 < before["Left"] < before["Allocated"]
    expect(buyer.locator("#allocation-orders")).to_contain_text("Foundation solution for Suffolk")

    # It orders three days of training, charged to the allocation.
    buyer.click("a:has-text('Order associated services')")
    expect(buyer.locator("#order-note")).to_contain_text("GP IT allocation")
    buyer.fill("#title", "Training for Orchard House Surgery")
    _first_item(buyer, 1)
    buyer.fill("#quantity_1", "3")
    buyer.click("button:has-text('Place the order')")
    expect(_banner(buyer)).to_contain_text("was placed with Greenfield Clinical Systems Ltd")
    expect(buyer.locator("#summary")).to_contain_text("Charged to")

    _gp_it(buyer)
    buyer.locator("#allocations").get_by_role("link", name=ICB).click()
    # Read the balance only once the allocation's page has loaded.
    expect(buyer.locator("h1")).to_have_text(f"{ICB}'s GP IT allocation")
    after = _balance(buyer)
    assert after["Spent"] > before["Spent"] and after["Left"] < before["Left"]
    assert round(after["Spent"] + after["Left"], 2) == after["Allocated"]
    expect(buyer.locator("#allocation-orders")).to_contain_text("Training for Orchard House Surgery")
    screenshot(buyer, "journeys/gp-it-allocation-balance")

    # An order for more than is left is refused, with the reason in the error summary.
    buyer.click("a:has-text('Order foundation solutions')")
    for line in (1, 2):
        _first_item(buyer, line)
        buyer.fill(f"#quantity_{line}", "100000")
    buyer.click("button:has-text('Place the order')")
    summary = buyer.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("is more than what is left of")
    expect(summary).to_contain_text(f"{after['Left']:,.2f} of £1,250,000.00")

    # The practice chooses its foundation solution: an unaccredited one is refused.
    practice = sign_in(PRACTICE)
    _gp_it(practice)
    practice.select_option(
        "#solution", label="Orchard PAS 4 (Greenfield Clinical Systems Ltd) – not accredited"
    )
    practice.click("button:has-text('Choose this solution')")
    expect(practice.locator(".nhsuk-error-summary")).to_contain_text("Orchard PAS 4 is not accredited")
    practice.select_option(
        "#solution", label="Greenfield Clinical Foundation (Greenfield Clinical Systems Ltd)"
    )
    practice.click("button:has-text('Choose this solution')")
    expect(_banner(practice)).to_contain_text("Orchard House Surgery now uses Greenfield Clinical Foundation")
    expect(practice.locator("#foundation-choice")).to_contain_text("You use Greenfield Clinical Foundation")

    # It asks to use systems it buys: unsupported software is refused at once.
    def ask(system: str, purpose: str) -> None:
        practice.fill("#system_name", system)
        practice.fill("#purpose", purpose)
        expect(practice.locator("#commissioner")).to_have_value("QJG")
        practice.click("button:has-text('Ask the commissioner')")

    ask("LegacyLab 2", "Pathology results")
    expect(practice.locator(".nhsuk-error-summary")).to_contain_text("LegacyLab 2 is marked unsupported")
    ask("Practice dictation suite", "Dictating referral letters")
    expect(_banner(practice)).to_contain_text(f"Your request went to {ICB}")
    ask("Windows 7 scanner driver", "Scanning paper records")
    expect(practice.locator("#requests")).to_contain_text("Waiting for the commissioner")

    # The ICB's approver approves one and refuses the other, saying why.
    approver = sign_in(APPROVER)
    _gp_it(approver)
    dictation = approver.locator("#requests tr", has_text="Practice dictation suite")
    dictation.locator("button:has-text('Approve')").click()
    expect(_banner(approver)).to_contain_text("request for Practice dictation suite was approved")
    scanner = approver.locator("#requests tr", has_text="Windows 7 scanner driver")
    scanner.locator("input[name=reason]").fill(REFUSAL)
    scanner.locator("button:has-text('Refuse')").click()
    expect(_banner(approver)).to_contain_text("request for Windows 7 scanner driver was refused")
    expect(approver.locator("#requests tr", has_text="Practice dictation suite")).to_contain_text("Approved")
    refused = approver.locator("#requests tr", has_text="Windows 7 scanner driver")
    expect(refused).to_contain_text("Refused")
    expect(refused).to_contain_text(REFUSAL)
    screenshot(approver, "journeys/gp-it-allocation")

    # The practice sees both decisions and the reason.
    _gp_it(practice)
    expect(practice.locator("#requests tr", has_text="Windows 7 scanner driver")).to_contain_text(REFUSAL)
