"""Seed 002, the ACS and STP development partner framework's annual review, walked on pages
from Home: NHS England's agreement manager opens this year's review, reads each supplier's fee
record (the same figure as on the management fees page), performance, data handling and
interoperability; removes the non-payer (Fenwick) with its ground; completes the review; and
Fenwick is gone from the lot's suppliers that can be invited."""

import re

from playwright.sync_api import expect

from caremarket.core import clock
from tests.browser.conftest import screenshot

MANAGER = "england.manager@caremarket.example"
REFERENCE = "ACS-STP-DPF"
FENWICK = "Fenwick Healthcare Consulting LLP"
HARBOUR = "Harbour Analytics Ltd"


def _banner(page):
    return page.locator(".nhsuk-notification-banner")


def _to_the_review(page, year: int):
    page.click("header >> text=Home")
    page.click("header >> text=Agreements")
    page.click(f"a:has-text('{REFERENCE}')")
    page.click("text=Annual reviews")
    page.click(f"#reviews >> text={year} review")
    expect(page.locator("h1")).to_have_text(f"{year} review")


def _overdue(text: str) -> str:
    match = re.search(r"£[\d,]+\.\d\d", text)
    assert match, text
    return match.group(0)


def test_the_acs_stp_annual_review_removes_the_non_payer_and_is_completed(sign_in):
    year = clock.today().year
    page = sign_in(MANAGER)
    _to_the_review(page, year)

    # Every supplier's record: fees from the invoices, performance, data handling, interoperability.
    rows = page.locator("#review-suppliers tbody tr")
    assert rows.count() >= 5
    fenwick = page.locator("#review-S1007")
    expect(fenwick).to_contain_text("Requires improvement")
    expect(fenwick).to_contain_text("No concerns")
    expect(fenwick.locator("#fees-S1007")).to_contain_text("Overdue")
    review_figure = _overdue(fenwick.locator("#fees-S1007 .fee-overdue").inner_text())
    assert review_figure == "£3,675.00"
    expect(page.locator("#fees-S1006")).to_contain_text("Paid")
    expect(page.locator("#review-S1008")).to_contain_text("Meets the NHS interoperability standards")
    expect(page.locator("#review-0AN")).to_contain_text("Supplies no IT system")
    assert "None" not in page.locator("#review-suppliers").inner_text().replace("None due", "")

    # The fees page shows the same figure for the same supplier.
    page.click("text=management fees")
    expect(page.locator("h1")).to_have_text("Management fees")
    row = page.locator(f"#fees-{REFERENCE} tr", has_text=FENWICK)
    cells = row.locator("td")
    assert cells.nth(4).inner_text().replace("Overdue", "").strip() == review_figure
    harbour = page.locator(f"#fees-{REFERENCE} tr", has_text=HARBOUR).locator("td")
    assert "£0.00" in harbour.nth(4).inner_text()

    # Back to the review, and remove the non-payer with its ground.
    _to_the_review(page, year)
    page.click(f"text=Remove {FENWICK} from the agreement")
    expect(page.locator("h1")).to_have_text(f"Remove {FENWICK} from the agreement")
    expect(page.locator("#fees-S1007")).to_contain_text(review_figure)
    expect(page.locator("#ground")).to_have_value("unpaid_management_fees")
    page.fill("#reason", f"Two management fee invoices ({review_figure}) unpaid after two reminders.")
    page.click("button:has-text('Remove the supplier')")
    expect(_banner(page)).to_contain_text(f"{FENWICK} was removed from {REFERENCE} (lot 2)")
    expect(page.locator("#review-S1007")).to_contain_text("Removed")
    expect(page.locator("#review-S1007")).not_to_contain_text("from the agreement")

    # Complete the review.
    page.fill("#summary", f"{FENWICK} removed for unpaid management fees; every other supplier stays.")
    page.click("button:has-text('Complete the review')")
    expect(_banner(page)).to_contain_text(f"The {year} review of {REFERENCE} is complete")
    expect(page.locator("main")).to_contain_text("Completed")
    expect(page.locator("main")).to_contain_text(clock.today().strftime("%-d %B %Y"))
    screenshot(page, "journeys/acs-stp-review-completed")

    # Fenwick is gone from lot 2's suppliers that can be invited, and shown as removed.
    page.click("header >> text=Agreements")
    page.click(f"a:has-text('{REFERENCE}')")
    page.locator("#lots a", has_text=re.compile(r"^Lot 2:")).click()
    expect(page.locator("#invitable-suppliers")).not_to_contain_text(FENWICK)
    expect(page.locator("tr", has_text=FENWICK).last).to_contain_text("Removed")
