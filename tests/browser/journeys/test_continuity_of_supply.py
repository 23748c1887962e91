"""Continuity of supply, walked on pages: the agreement manager's backstops for RM3825 lot 1;
Northway is leaving the market, so the ICB's procurement lead calls on the lot's backstop from
the contract page (refused until confirmed); Meridian, first in the East of England's order of
call, takes the service on under an interim contract; both suppliers complete the handover
checklist from their own home pages, each item showing who did it, when and the note; the
outgoing contract ends when the handover is complete."""

from playwright.sync_api import expect

from tests.browser.conftest import screenshot

MANAGER = "manager@caremarket.example"  # the agreement manager for RM3825
LEAD = "lead@caremarket.example"  # NHS Suffolk and North East Essex ICB's procurement lead
NORTHWAY = "supplier@caremarket.example"  # Northway Networks, the outgoing supplier
MERIDIAN = "bids@meridian.example"  # Meridian Health Networks, first on the backstop
CONTRACT = "CT-QJG-HSCN-WSH"


def _banner(page):
    return page.locator(".nhsuk-notification-banner")


def _open_handover_from_home(page):
    page.click("header >> text=Home")
    panel = page.locator("#handover-panel")
    expect(panel).to_contain_text(CONTRACT)
    panel.locator(f"a:has-text('{CONTRACT}')").click()
    expect(page.locator("h1")).to_have_text("Handover to Meridian Health Networks plc")


def _mark_done(page, position: int, note: str = ""):
    row = page.locator(f"#item-{position}")
    if note:
        row.locator("input[name=note]").fill(note)
    row.locator("button:has-text('Mark done')").click()
    expect(_banner(page)).to_contain_text("is done")


def test_a_supplier_exits_and_the_backstop_takes_the_service_on(sign_in):
    # The agreement manager has pre-selected backstop providers for lot 1, per region.
    manager = sign_in(MANAGER)
    manager.goto("/agreements/RM3825/lots/1")
    manager.click("a:has-text('Backstop providers')")
    expect(manager.locator("h1")).to_have_text("Backstop providers")
    backstops = manager.locator("#backstops")
    expect(backstops).to_contain_text("East of England")
    expect(backstops).to_contain_text("Meridian Health Networks plc")
    expect(backstops).to_contain_text("Every region")

    # Northway is leaving the market: the ICB's procurement lead opens the contract.
    lead = sign_in(LEAD)
    lead.click("header >> text=Contracts")
    lead.goto(f"/contracts?q={CONTRACT}")
    lead.click(f"a:has-text('{CONTRACT}')")
    lead.click("a:has-text('Call on a backstop')")
    expect(lead.locator("h1")).to_have_text("Call on a backstop")
    expect(lead.locator("#arrangement")).to_contain_text("HSCN connectivity backstop, East of England")
    ranking = lead.locator("#ranking")
    expect(ranking.locator("tr", has_text="Meridian")).to_contain_text("Would be called")

    # Not confirmed: refused, with what was typed kept.
    lead.get_by_label("The supplier is leaving the market").check()
    lead.fill("#details", "Northway has told us it is leaving the HSCN market in the East.")
    lead.click("button:has-text('Call on the backstop')")
    expect(lead.locator(".nhsuk-error-summary")).to_contain_text(
        "Confirm that you want to call on the backstop"
    )
    expect(lead.locator("#details")).to_have_value(
        "Northway has told us it is leaving the HSCN market in the East."
    )
    screenshot(lead, "journeys/continuity-call-on-backstop")
    lead.get_by_label("I confirm the backstop supplier should take this service on").check()
    lead.click("button:has-text('Call on the backstop')")
    expect(_banner(lead)).to_contain_text(
        "Meridian Health Networks plc takes the service on under the interim contract"
    )
    expect(lead.locator("h1")).to_have_text("Handover to Meridian Health Networks plc")
    expect(lead.locator("main")).to_contain_text("runs on until the handover is complete")

    # The outgoing supplier works its part of the checklist from its home page.
    northway = sign_in(NORTHWAY)
    _open_handover_from_home(northway)
    _mark_done(northway, 1, "Site records sent by secure transfer")
    _mark_done(northway, 2, "TUPE consultation closed: no staff transfer")
    _mark_done(northway, 3)
    screenshot(northway, "journeys/continuity-handover-under-way")
    expect(northway.locator("#item-1")).to_contain_text("Note: Site records sent by secure transfer")

    # The incoming supplier finishes it from its own home page.
    meridian = sign_in(MERIDIAN)
    _open_handover_from_home(meridian)
    expect(meridian.locator("#item-1")).to_contain_text("Site records sent by secure transfer")
    for position in (4, 5):
        _mark_done(meridian, position)
    _mark_done(meridian, 6, "Customers told of the new service desk number")
    expect(meridian.locator("main")).to_contain_text("Complete on")
    expect(meridian.locator("#checklist")).not_to_contain_text("Mark done")
    screenshot(meridian, "journeys/continuity-handover-complete")

    # The buyer sees the handover on the contract; the outgoing contract has ended.
    lead.goto(f"/contracts/{CONTRACT}")
    expect(lead.locator("#continuity")).to_contain_text("Handover to Meridian Health Networks plc")
    expect(lead.locator("#continuity")).to_contain_text("(complete)")
    expect(lead.locator("h1")).to_contain_text("Terminated")
    lead.goto("/contracts/handovers")
    expect(lead.locator("#handovers")).to_contain_text(CONTRACT)
    screenshot(lead, "journeys/continuity-handovers-list")
