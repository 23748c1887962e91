"""Signing in, acting for an organisation, managing its people, and auditing what happened."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import screenshot


def test_screenshots_of_sign_in_buyer_home_and_audit(sign_in):
    page = sign_in(None)
    page.goto("/sign-in")
    screenshot(page, "sign-in")
    page = sign_in("buyer@caremarket.example")
    expect(page.locator("h1")).to_have_text("Welcome, Priya")
    expect(page.locator(".nhsuk-header__account")).to_contain_text(
        "Acting for NHS Suffolk and North East Essex"
    )
    screenshot(page, "buyer-home")
    page = sign_in("auditor@caremarket.example")
    page.goto("/audit")
    expect(page.locator("#audit-events tbody tr")).to_have_count(25)
    screenshot(page, "audit-log")


def test_an_administrator_adds_a_person_and_the_auditor_sees_it(sign_in):
    lead = sign_in("lead@caremarket.example")

    # Tom belongs to two organisations: switch to the trust and back.
    lead.click("text=Acting for NHS Suffolk and North East Essex Integrated Care Board")
    lead.check("text=West Suffolk NHS Foundation Trust")
    lead.click("button:has-text('Continue')")
    expect(lead.locator(".nhsuk-notification-banner")).to_contain_text("acting for West Suffolk")
    expect(lead.locator(".nhsuk-lede-text")).to_contain_text("buyer at West Suffolk NHS Foundation Trust")
    lead.click("text=Acting for West Suffolk NHS Foundation Trust")
    lead.check("text=NHS Suffolk and North East Essex Integrated Care Board")
    lead.click("button:has-text('Continue')")

    # Add a new evaluator; a mistake first: no name for someone new.
    lead.goto("/organisations/QJG/people/add")
    lead.fill("#email", "new.evaluator@suffolk.example.nhs.uk")
    lead.check("text=Evaluator")
    lead.click("button:has-text('Add person')")
    expect(lead.locator(".nhsuk-error-summary")).to_contain_text("Enter the person's full name")
    lead.fill("#full_name", "Nadia Evans")
    lead.click("button:has-text('Add person')")
    expect(lead.locator(".nhsuk-notification-banner")).to_contain_text("Nadia Evans is now an evaluator")
    row = lead.locator("#people tr", has_text="Nadia Evans")
    expect(row).to_contain_text("Evaluator")

    # Then take the role away again.
    row.locator("button", has_text="Remove").click()
    expect(lead.locator(".nhsuk-notification-banner")).to_contain_text("The role was removed")
    expect(lead.locator("#people")).not_to_contain_text("Nadia Evans")

    auditor = sign_in("auditor@caremarket.example")
    auditor.goto("/audit?action=membership.")
    rows = auditor.locator("#audit-events tbody tr")
    expect(rows.nth(0)).to_contain_text("membership.revoked")
    expect(rows.nth(1)).to_contain_text("membership.granted")
    expect(rows.nth(0)).to_contain_text("Tom Okafor")
    rows.nth(0).locator("a").click()
    expect(auditor.locator("h1")).to_have_text("membership.revoked")
    expect(auditor.locator("table")).to_contain_text("new.evaluator@suffolk.example.nhs.uk")
    auditor.goto("/audit/verify")
    expect(auditor.locator(".nhsuk-panel")).to_contain_text("The audit chain is intact")
    assert re.search(r"\d+ events checked", auditor.locator(".nhsuk-panel").inner_text())


def test_a_buyer_cannot_manage_people(sign_in):
    buyer = sign_in("buyer@caremarket.example")
    buyer.goto("/organisations/QJG/people")
    expect(buyer.locator("text=Add a person")).to_have_count(0)
    response = buyer.goto("/organisations/QJG/people/add")
    assert response.status == 403
    expect(buyer.locator("h1")).to_have_text("You cannot see this page")
