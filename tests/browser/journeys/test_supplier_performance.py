"""Supplier performance to a decision, on pages only: the ICB's procurement lead defines a KPI
on Kestrel's service desk contract; Kestrel reports three red months; the category manager opens
the suspension proposal from the home page, sees its evidence and suspends Kestrel, which then
leaves RM3825 lot 1's list of suppliers to invite."""

from playwright.sync_api import expect

from tests.browser.conftest import screenshot

LEAD = "lead@caremarket.example"
SUPPLIER = "support@kestrel.example"  # Kestrel Service Desk Ltd (S1009), on RM3825 lot 1
MANAGER = "manager@caremarket.example"  # Crown Commercial Service's category manager
CONTRACT = "CT-QJG-DESK"
KPI = "Tickets resolved at first contact"


def test_kpis_to_a_suspension_on_pages(sign_in):
    lead = sign_in(LEAD)
    lead.goto(f"/contracts/{CONTRACT}")
    lead.click("#kpi-links >> text=Define KPIs")
    expect(lead.locator("h1")).to_have_text("KPIs and targets")
    lead.fill("#name", KPI)
    lead.fill("#unit", "%")
    lead.fill("#target", "80")
    lead.fill("#amber_limit", "85")  # wrong side of the target: refused, what was typed kept
    lead.click("button:has-text('Add the KPI')")
    expect(lead.locator(".nhsuk-error-summary")).to_contain_text("below the target")
    expect(lead.locator("#name")).to_have_value(KPI)
    lead.fill("#amber_limit", "70")
    lead.select_option("#domain", "customer")
    lead.click("button:has-text('Add the KPI')")
    expect(lead.locator(".nhsuk-notification-banner")).to_contain_text(f"{KPI} (≥ 80%) was added")
    expect(lead.locator("#kpis")).to_contain_text("70%")

    supplier = sign_in(SUPPLIER)
    supplier.goto(f"/contracts/{CONTRACT}/performance")
    group = supplier.locator(f"#period optgroup[label='{KPI}'] option")
    periods = [group.nth(i).get_attribute("value") for i in range(group.count())][:3]
    assert len(periods) == 3
    for period in reversed(periods):  # oldest first
        supplier.select_option("#kpi", value="tickets-resolved-at-first-contact")
        supplier.locator("#period").select_option(value=period)
        supplier.fill("#actual", "55")
        supplier.click("button:has-text('Report the result')")
        expect(supplier.locator(".nhsuk-notification-banner")).to_contain_text("is red")
    section = supplier.locator("#kpi-tickets-resolved-at-first-contact")
    expect(section.locator("tbody tr")).to_have_count(3)
    expect(section).to_contain_text("55%")
    expect(supplier.locator("#scorecard")).to_contain_text("out of 100")
    supplier.locator("#scorecard").scroll_into_view_if_needed()
    screenshot(supplier, "performance/scorecard")

    manager = sign_in(MANAGER)
    manager.goto("/")
    links = manager.locator(f"a[href^='/contracts/proposals/']:has-text('{CONTRACT}')")
    expect(links).to_have_count(2)  # the demo's, and the one just raised
    links.last.click()
    expect(manager.locator("h1")).to_contain_text(f"Kestrel Service Desk Ltd on {CONTRACT}")
    expect(manager.locator("#proposal-summary")).to_contain_text(KPI)
    expect(manager.locator("#kpi-history tbody tr")).to_have_count(3)
    expect(manager.locator("main")).to_contain_text("One agent hired")  # the plan's progress
    expect(manager.locator("main")).to_contain_text("Long waits on the phone")  # the feedback
    screenshot(manager, "performance/proposal")
    manager.check("input[value='suspend']")
    manager.click("button:has-text('Record the decision')")
    expect(manager.locator(".nhsuk-error-summary")).to_contain_text("Give the grounds for suspending")
    manager.check("input[value='suspend']")
    manager.fill("#outcome", "First-contact resolution far below target for three months")
    manager.click("button:has-text('Record the decision')")
    expect(manager.locator(".nhsuk-notification-banner")).to_contain_text("is suspended from the lot")
    expect(manager.locator("#status")).to_contain_text("Suspended")
    expect(manager.locator("#place")).to_contain_text("Suspended")

    manager.click("#place a")
    expect(manager.locator("#invitable-suppliers")).not_to_contain_text("Kestrel Service Desk")
    expect(manager.locator("#lot-suppliers tr:has-text('Kestrel Service Desk')")).to_contain_text("Suspended")
