"""Public notices, walked on pages. A visitor who is not signed in finds the ICB's awarded open
procedure from the start page by searching its title, opens one of its notices, follows it to
the whole procurement, reads its timeline (tender, award and contract notices, in that order)
and downloads its OCDS record. The ICB's procurement lead sees on the home page that the
contract details notice of a contract recorded as signed 40 days ago is overdue, publishes it
from there, lands on the public notice, and the home page no longer lists it. The world is the
demo's (caremarket/demo/transparency.py)."""

import json
import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

from playwright.sync_api import expect

from caremarket.core import clock
from caremarket.rules.dates import spoken_date
from tests.browser.conftest import REPO, axe_violations, screenshot

TITLE = "Digital social care records for Suffolk care homes"
WINNER = "Harbour Analytics Ltd"
LEAD = "lead@caremarket.example"
RECORDED = "CT-QJG-RMON"  # recorded as signed 40 days ago: its contract details notice is overdue
TIMELINE = "ol[aria-labelledby='timeline'] > li"


def _screenshot_of(element, name: str) -> Path:
    """Save a screenshot of one part of a page, beside the full-page ones."""
    folder = Path(os.environ.get("CAREMARKET_SCREENSHOTS") or (REPO / "var" / "screenshots"))
    path = folder / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    element.screenshot(path=str(path))
    return path


def test_a_visitor_finds_an_awarded_procurement_reads_its_timeline_and_downloads_its_record(
    sign_in, tmp_path
):
    visitor = sign_in(None)
    visitor.goto("/")
    visitor.get_by_role("link", name="Find public notices").first.click()
    expect(visitor.locator("h1")).to_have_text("Find public notices")
    visitor.get_by_label("Search notices").fill(TITLE)
    visitor.get_by_role("button", name="Search").click()
    results = visitor.get_by_role("link", name=TITLE)
    expect(results.first).to_be_visible()
    screenshot(visitor, "journeys/transparency-search")
    assert axe_violations(visitor) == []

    results.first.click()
    expect(visitor.locator("main")).to_contain_text(TITLE)
    screenshot(visitor, "journeys/transparency-notice")
    visitor.get_by_role("link", name="See the whole procurement").click()
    expect(visitor.locator("h1")).to_have_text(TITLE)
    ocid = unquote(visitor.url.rsplit("/notices/processes/", 1)[1])

    # The timeline, oldest first: the tender notice (and its correction), the award, the contract.
    entries = [text.lower() for text in visitor.locator(TIMELINE).all_inner_texts()]
    positions = {}
    for label in ("tender notice", "contract award notice", "contract details notice"):
        found = [n for n, text in enumerate(entries) if label in text]
        assert found, f"no {label} in the timeline {entries}"
        positions[label] = found[0]
    assert (
        positions["tender notice"] < positions["contract award notice"] < positions["contract details notice"]
    )
    expect(visitor.locator(TIMELINE).first).to_contain_text("Corrected")
    expect(visitor.locator("main")).to_contain_text(WINNER)
    screenshot(visitor, "journeys/transparency-process")
    assert axe_violations(visitor) == []

    with visitor.expect_download() as download_info:
        visitor.get_by_role("link", name="Download the record (OCDS JSON)").click()
    download = download_info.value
    assert download.suggested_filename == f"{ocid}-record.json"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    package = json.loads(Path(saved).read_text())
    assert "records" in package and "releases" not in package
    (record,) = package["records"]
    assert record["ocid"] == ocid
    assert len(record["releases"]) >= 4  # tender, its correction, award, contract
    awards = record["compiledRelease"]["awards"]
    assert [s["name"] for award in awards for s in award["suppliers"]] == [WINNER]
    assert record["compiledRelease"]["contracts"][0]["awardID"] == awards[0]["id"]


def test_a_procurement_lead_publishes_an_overdue_contract_details_notice_from_the_home_page(sign_in):
    due_by = spoken_date(clock.today() - timedelta(days=40) + timedelta(days=29))
    lead = sign_in(LEAD)
    lead.goto("/")
    panel = lead.locator(".nhsuk-card", has=lead.get_by_role("heading", name="Notices overdue"))
    expect(panel).to_be_visible()
    sentence = panel.locator("li", has_text=RECORDED)
    expect(sentence).to_contain_text(
        re.compile(rf"contract details notice for {RECORDED} was due by {due_by}", re.IGNORECASE)
    )
    _screenshot_of(panel, "journeys/transparency-notices-overdue")
    assert axe_violations(lead) == []

    sentence.get_by_role("link", name=re.compile("Publish the contract details notice")).click()
    expect(lead).to_have_url(re.compile(rf"/notices/due/UK7/{RECORDED}$"))
    expect(lead.locator("main")).to_contain_text(RECORDED)
    screenshot(lead, "journeys/transparency-publish-due-notice")
    assert axe_violations(lead) == []
    lead.get_by_role("button", name="Publish notice").click()

    expect(lead).to_have_url(re.compile(r"/notices/\d+$"))
    expect(lead.locator(".nhsuk-notification-banner")).to_contain_text(f"for {RECORDED} was published")
    expect(lead.locator("main")).to_contain_text(re.compile("contract details notice", re.IGNORECASE))
    expect(lead.get_by_role("link", name="See the whole procurement")).to_be_visible()
    screenshot(lead, "journeys/transparency-published-notice")

    lead.goto("/")
    expect(lead.locator("main")).not_to_contain_text(f"for {RECORDED} was due by")
