"""A supplier joins a lot of the HSCN DPS with evidence; the agreement manager assesses and
admits it, so buyers see it on the lot; then suspends it, and it can no longer be invited."""

from playwright.sync_api import expect

from caremarket.demo.agreements import demo_pdf
from tests.browser.conftest import screenshot


def test_a_supplier_is_admitted_to_a_dps_lot_then_suspended(sign_in, tmp_path):
    certificate = tmp_path / "northway-hscn-certificate.pdf"
    certificate.write_bytes(demo_pdf("Northway Networks Ltd: HSCN compliance"))

    # The supplier applies to lot 2 (overlay services) of RM3825.
    supplier = sign_in("supplier@caremarket.example")
    supplier.goto("/agreements/RM3825")
    supplier.click("text=Apply to RM3825")
    supplier.check("text=Lot 2: HSCN overlay services")
    supplier.click("button:has-text('Continue')")
    expect(supplier.locator("h1")).to_have_text("Apply to RM3825")
    supplier.check("#q-hscnObligations")  # yes
    supplier.check("#q-mandatoryExclusion-2")  # no
    supplier.check("#q-insolvency-2")  # no
    supplier.check("#q-managementInformation")  # yes
    supplier.check("text=Managed security")
    supplier.check("text=Network monitoring")
    supplier.fill(
        "#q-overlayDescription", "Managed firewalls and monitoring for every HSCN connection we provide."
    )

    # A mistake first: no certificate uploaded.
    supplier.click("button:has-text('Submit application')")
    expect(supplier.locator(".nhsuk-error-summary")).to_contain_text(
        "Upload a file: HSCN compliance certificate"
    )
    supplier.check("#q-hscnObligations")
    supplier.check("#q-mandatoryExclusion-2")
    supplier.check("#q-insolvency-2")
    supplier.check("#q-managementInformation")
    supplier.set_input_files("#q-hscnCertificate", str(certificate))
    screenshot(supplier, "agreements-apply")
    supplier.click("button:has-text('Submit application')")
    expect(supplier.locator(".nhsuk-notification-banner")).to_contain_text(
        "Your application to RM3825 (lot 2) was submitted"
    )
    row = supplier.locator("#applications tr", has_text="HSCN overlay services")
    expect(row).to_contain_text("Submitted")

    # The manager assesses it, with the evidence to hand, and admits it.
    manager = sign_in("manager@caremarket.example")
    manager.goto("/agreements/applications")
    manager.locator("#applications tr", has_text="Northway Networks Ltd").locator("a").first.click()
    expect(manager.locator("h1")).to_contain_text("to RM3825 lot 2")
    expect(manager.locator("#answers")).to_contain_text("northway-hscn-certificate.pdf")
    expect(manager.locator(".nhsuk-inset-text")).to_contain_text("Pass")
    manager.check("#outcome")  # pass
    manager.fill("#reasons", "HSCN compliant, every declaration passes, certificate checked.")
    manager.click("button:has-text('Record the assessment')")
    expect(manager.locator(".nhsuk-notification-banner")).to_contain_text("was assessed")
    screenshot(manager, "agreements-assess")
    manager.click("button:has-text('Admit to lot 2')")
    expect(manager.locator(".nhsuk-notification-banner")).to_contain_text(
        "Northway Networks Ltd was admitted to lot 2 of RM3825"
    )

    # Buyers now see it on the lot, among the suppliers they must invite.
    buyer = sign_in("buyer@caremarket.example")
    buyer.goto("/agreements/RM3825/lots/2")
    expect(buyer.locator("#invitable-suppliers")).to_contain_text("Northway Networks Ltd")
    screenshot(buyer, "agreements-lot")

    # The manager suspends it for unpaid management fees; it leaves the invitable list.
    manager.goto("/agreements/RM3825/lots/2")
    manager.locator("#lot-suppliers tr", has_text="Northway Networks Ltd").locator("a").click()
    manager.check("text=Suspend from the lot")
    manager.select_option("#ground", "unpaid_management_fees")
    manager.fill("#reason", "Q3 management fees unpaid after two reminders.")
    manager.click("button:has-text('Change its standing')")
    expect(manager.locator(".nhsuk-notification-banner")).to_contain_text(
        "Northway Networks Ltd was suspended on lot 2 of RM3825"
    )
    expect(manager.locator("#invitable-suppliers")).not_to_contain_text("Northway Networks Ltd")
    expect(manager.locator("#lot-suppliers tr", has_text="Northway Networks Ltd")).to_contain_text(
        "Suspended"
    )

    buyer.reload()
    expect(buyer.locator("#invitable-suppliers")).not_to_contain_text("Northway Networks Ltd")
    supplier.goto("/")
    expect(supplier.locator(".nhsuk-card", has_text="Your applications and lots")).to_contain_text(
        "Suspended from lot 2 of RM3825"
    )


def test_screenshots_of_a_buyer_browsing_agreements(sign_in):
    buyer = sign_in("buyer@caremarket.example")
    buyer.click("nav >> text=Agreements")
    expect(buyer.locator("h1")).to_have_text("Commercial agreements")
    expect(buyer.locator("#agreements")).to_contain_text("RM1045")
    buyer.goto("/agreements/RM1045")
    expect(buyer.locator(".nhsuk-summary-list")).to_contain_text("RM1045 expired on 31 July 2019")
    screenshot(buyer, "agreements-list")
