"""A member of the East buying club downloads the requirement template, fills it in with
openpyxl, uploads it with one bad row (a clear error, nothing saved), fixes it and uploads it
again; the lead launches the club, freezing its baseline; a late member is refused."""

import io
from datetime import date, timedelta

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

CLUB = "/sourcing/clubs/HSCN-EAST"


def _filled(path, rows) -> bytes:
    book = load_workbook(path)
    sheet = book["Requirements"]
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def test_a_member_uploads_its_requirements_and_the_lead_launches_the_club(sign_in, tmp_path):
    buyer = sign_in("buyer@caremarket.example")
    buyer.goto(CLUB)
    expect(buyer.locator("h1")).to_have_text("East")
    buyer.click("button:has-text('Confirm our intention to join')")
    expect(buyer.locator(".nhsuk-notification-banner")).to_contain_text("joined East")
    expect(buyer.locator("h1")).to_have_text("Requirements for East")

    # Download the template: drop-downs of the ICB's sites and the lot's values.
    with buyer.expect_download() as download:
        buyer.click("#download-xlsx")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    book = load_workbook(template)
    assert [c.value for c in book["Lists"]["A"][1:4]] == ["QJG-END", "QJG-ROW", "QJG-WSH"]
    assert len(book["Requirements"].data_validations.dataValidation) >= 4

    needed = date.today() + timedelta(days=400)
    rows = [
        ["QJG-END", "Ethernet connection", 2, "per connection", "1 Gbps", needed, "Main office"],
        ["QJG-WSH", "Ethernet connection", "two", "per connection", "100 Mbps", needed, ""],
        ["QJG-ROW", "Broadband connection", 1, "per connection", "80 Mbps", needed, ""],
    ]
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_filled(template, rows))
    buyer.click("text=Upload the filled-in template")
    buyer.set_input_files("#file", str(bad))
    buyer.click("button:has-text('Upload the template')")
    summary = buyer.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("1 row of the template has problems: nothing was saved")
    expect(summary).to_contain_text("Row 3, column C (quantity): enter a whole number of 1 or more")
    screenshot(buyer, "sourcing-template-errors")
    buyer.click("text=Requirements for East")
    expect(buyer.locator("#lines")).to_contain_text("No lines yet")

    rows[1][2] = 2
    good = tmp_path / "good.xlsx"
    good.write_bytes(_filled(template, rows))
    buyer.click("text=Upload the filled-in template")
    buyer.set_input_files("#file", str(good))
    buyer.click("button:has-text('Upload the template')")
    expect(buyer.locator(".nhsuk-notification-banner")).to_contain_text("3 requirement lines saved")
    expect(buyer.locator("#lines tbody tr")).to_have_count(3)
    buyer.click("button:has-text('Submit the requirements')")
    expect(buyer.locator(".nhsuk-notification-banner")).to_contain_text("submitted to East")

    # The lead moves the launch to today (joining closes) and launches: the baseline freezes.
    lead = sign_in("clubs@caremarket.example")
    lead.goto(CLUB)
    expect(lead.locator("#members")).to_contain_text("NHS Suffolk and North East Essex")
    lead.click("text=Change the launch date")
    lead.fill("#launch_date", date.today().strftime("%d/%m/%Y"))
    lead.click("button:has-text('Save the launch date')")
    lead.click("button:has-text('Launch and freeze the baseline')")
    expect(lead.locator(".nhsuk-notification-banner")).to_contain_text("its baseline is frozen")
    expect(lead.locator("#club-status")).to_contain_text("Launched")
    lead.click("text=The frozen baseline")
    expect(lead.locator("#baseline-items")).to_contain_text("Ethernet connection")
    screenshot(lead, "sourcing-frozen-baseline")

    # West Suffolk, too late: the club refuses it, and says why.
    late = sign_in("lead@caremarket.example")
    late.click("text=Acting for NHS Suffolk and North East Essex Integrated Care Board")
    late.check("text=West Suffolk NHS Foundation Trust")
    late.click("button:has-text('Continue')")
    late.goto(CLUB)
    expect(late.locator("#join-refusal")).to_contain_text("baseline was frozen at launch")
    expect(late.locator("#join-refusal")).to_contain_text("no new members can be added")
    expect(late.locator("button:has-text('Confirm our intention to join')")).to_have_count(0)
