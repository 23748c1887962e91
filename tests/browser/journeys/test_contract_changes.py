"""Contract changes that say what happened, on pages only: the ICB's procurement lead opens
the community equipment contract, sees its history (an option taken, a variation in words and
money), takes the next extension option after a confirmation page showing the old and new end
dates, sees it in the history, and downloads the contract register as a spreadsheet."""

import io
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

LEAD = "lead@caremarket.example"  # NHS Suffolk and North East Essex ICB's procurement lead
CONTRACT = "CT-QJG-EQUIP"


def test_a_lead_takes_an_extension_with_confirmation_and_downloads_the_register(sign_in):
    page = sign_in(LEAD)
    page.click("header >> text=Contracts")
    expect(page.locator("h1")).to_have_text("Contract register")
    page.click(f"a:has-text('{CONTRACT}')")
    expect(page.locator("h1")).to_contain_text("Community equipment service")
    terms = page.locator("#terms")
    expect(terms).to_contain_text("One extension option left: 12 months")
    expect(terms).to_contain_text("No risk and reward share")
    history = page.locator("#history")
    expect(history).to_contain_text("Extended by 12 months by an extension option")
    expect(history).to_contain_text("Value: £2,400,000.00 → £2,550,000.00")
    expect(history).to_contain_text("Notice: 6 months → 3 months")
    ends_before = terms.locator(".nhsuk-summary-list__row:has-text('Ends') dd").first.inner_text()

    page.click("text=Take the next option (12 months)")
    expect(page.locator("h1")).to_have_text("Take the next extension option?")
    extension = page.locator("#extension")
    expect(extension).to_contain_text(ends_before)
    new_end = extension.locator(".nhsuk-summary-list__row:has-text('Would end') dd").inner_text()
    screenshot(page, "contract-changes/extension-confirmation")
    page.click(f"button:has-text('Yes, extend to {new_end}')")

    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(f"now ends on {new_end}")
    expect(terms).to_contain_text("No extension options left")
    expect(page.locator("#history li")).to_have_count(3)
    expect(page.locator("#history li").last).to_contain_text(f"→ {new_end}")
    expect(page.locator("#history li").last).to_contain_text("By ")
    expect(page.get_by_role("link", name="Take the next option")).to_have_count(0)
    page.locator("#history").scroll_into_view_if_needed()
    screenshot(page, "contract-changes/contract-history")

    page.click("text=Contract register")
    with page.expect_download() as download:
        page.click("text=Download as a spreadsheet (XLSX)")
    assert download.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book.active
    assert sheet.cell(row=1, column=1).value == "Reference"
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == CONTRACT)
    assert sheet.cell(row=row, column=10).value == 2550000
    assert sheet.cell(row=row, column=14).value == "No extension options left"
