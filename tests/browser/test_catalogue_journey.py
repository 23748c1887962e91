"""A buyer finds services in the catalogue, filters them, compares three, saves the comparison as a
shortlist, locks it and downloads it; a supplier's change waits for the manager's approval."""

import csv
import io
import re
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, screenshot


def test_a_buyer_compares_services_and_keeps_a_locked_shortlist(sign_in):
    page = sign_in("buyer@caremarket.example")
    page.click(".nhsuk-header__navigation >> text=Catalogue")
    expect(page.locator("h1")).to_have_text("Find services")
    page.fill("#q", "ethernet")
    page.click("form[role=search] button:has-text('Search')")
    expect(page.locator("#result-count")).to_contain_text("found for ethernet")
    expect(page.locator("#results mark").first).to_have_text(re.compile("ethernet", re.IGNORECASE))

    # Filter by region and category: each value shows how many services it would give.
    east = page.locator("#filters input[name=region][value=east]")
    expect(page.locator(f"label[for='{east.get_attribute('id')}']")).to_have_text(
        re.compile(r"East of England \(\d+\)")
    )
    east.check()
    page.locator("#filters input[name=category][value=hscn_connectivity]").check()
    page.click("#filters button:has-text('Apply filters')")
    results = page.locator("#results > li")
    expect(results.first).to_contain_text("HSCN connectivity")
    assert results.count() >= 3
    for index in range(results.count()):
        expect(results.nth(index)).to_contain_text("HSCN connectivity")
    screenshot(page, "catalogue-search")

    # Compare three of them, priced for twelve connections over three years.
    names = [results.nth(i).locator("h2").inner_text() for i in range(3)]
    for index in range(3):
        results.nth(index).locator("input[name=id]").check()
    page.click("#compare-button")
    expect(page.locator("h1")).to_have_text("Compare services")
    expect(page.locator("#comparison thead th")).to_have_count(3)
    page.fill("#quantity", "12")
    page.click("button:has-text('Update prices')")
    expect(page.locator("#comparison caption")).to_contain_text("priced for 12 over 36 months")
    for name in names:
        expect(page.locator("#comparison thead")).to_contain_text(name)
    screenshot(page, "catalogue-compare")

    # Save the three as a shortlist, then lock it.
    page.fill("#name", "Suffolk practice connections")
    page.fill("#purpose", "Evidence for a direct award of 12 connections")
    page.click("button:has-text('Save shortlist')")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("was saved with 3 services")
    expect(page.locator("#entries tbody tr")).to_have_count(3)
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("East of England")
    page.click("button:has-text('Lock shortlist')")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("is locked")
    expect(page.locator("button:has-text('Lock shortlist')")).to_have_count(0)
    expect(page.locator("#entries")).not_to_contain_text("Remove")
    assert axe_violations(page) == []
    screenshot(page, "catalogue-shortlist")

    with page.expect_download() as download:
        page.click("#download-csv")
    with open(download.value.path(), encoding="utf-8-sig") as file:
        rows = list(csv.reader(io.StringIO(file.read())))
    assert rows[0] == ["Shortlist", "Suffolk practice connections"]
    assert {row[2] for row in rows[rows.index(next(r for r in rows if r[:1] == ["Position"])) + 1 :]} == set(
        names
    )
    with page.expect_download() as download:
        page.click("#download-xlsx")
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert sheet["B1"].value == "Suffolk practice connections"


def test_a_suppliers_change_waits_for_the_managers_approval(sign_in):
    manager = sign_in("manager@caremarket.example")
    manager.goto("/catalogue/approvals")
    expect(manager.locator("#approvals tbody tr").first).to_contain_text("Northway")
    manager.locator("#approvals tbody tr", has_text="Northway HSCN Ethernet").locator("a").click()
    expect(manager.locator("#changes")).to_contain_text("Changed")
    screenshot(manager, "catalogue-review")
    manager.click("button:has-text('Approve and publish')")
    expect(manager.locator(".nhsuk-notification-banner")).to_contain_text("is live")

    buyer = sign_in("buyer@caremarket.example")
    buyer.goto("/catalogue?q=data+centres")
    expect(buyer.locator("#results")).to_contain_text("Northway HSCN Ethernet")
