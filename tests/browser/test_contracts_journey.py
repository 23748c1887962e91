"""A buyer orders connectivity for three sites under its HSCN contract; the supplier marks each
site installed, live and migrated, and makes its monthly management information return; the
agreement manager reconciles it and invoices the fee. An organisation that is not party to the
contract cannot order under it."""

from datetime import date, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import screenshot

SITES = [("QJG-END", "Endeavour House"), ("QJG-WSH", "West Suffolk House"), ("QJG-ROW", "Rowan House")]


def _last_month() -> date:
    first = date.today().replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


def test_an_order_for_three_sites_is_delivered_migrated_and_its_fee_invoiced(sign_in, tmp_path):
    needed = (date.today() + timedelta(days=60)).strftime("%d/%m/%Y")

    # The buyer orders a connection for each of three sites.
    buyer = sign_in("buyer@caremarket.example")
    buyer.goto("/contracts")
    buyer.click("text=CT-QJG-HSCN")
    expect(buyer.locator("h1")).to_contain_text("HSCN connectivity for Suffolk and North East Essex")
    buyer.click("text=Place an order")
    for n, (code, _) in enumerate(SITES, start=1):
        buyer.select_option(f"#item_{n}", "HSCN connection 100 Mbit/s")
        buyer.fill(f"#quantity_{n}", "1")
        buyer.select_option(f"#site_{n}", code)
        buyer.fill(f"#date_{n}", needed)
    buyer.select_option("#item_4", "Installation")
    buyer.fill("#quantity_4", "3")
    screenshot(buyer, "contracts-order")
    buyer.click("button:has-text('Place the order')")
    expect(buyer.locator(".nhsuk-notification-banner")).to_contain_text(
        "was placed with Northway Networks Ltd"
    )
    order_id = buyer.locator("h1").inner_text().removeprefix("Order ").strip()
    reference = order_id.split("-")[0]
    expect(buyer.locator("#lines")).to_contain_text("£289.00")
    expect(buyer.locator("#summary")).to_contain_text("£5,217.00")  # 3 x £289 + 3 x £1,450

    # A trust that is not party to the contract cannot order under it.
    lead = sign_in("lead@caremarket.example")
    lead.click("text=Acting for NHS Suffolk and North East Essex Integrated Care Board")
    lead.check("text=West Suffolk NHS Foundation Trust")
    lead.click("button:has-text('Continue')")
    response = lead.goto("/contracts/CT-QJG-HSCN/order")
    assert response.status == 403
    expect(lead.locator("main")).to_contain_text("only its buyer, NHS Suffolk and North East Essex")

    # The supplier installs each site, brings it live and migrates it off the legacy network.
    supplier = sign_in("supplier@caremarket.example")
    supplier.goto(f"/orders/{reference}")
    for _, name in SITES:
        for stage in ("installed", "live", "migrated"):
            supplier.click(f"[aria-label^='Mark {name} as {stage}']")
            expect(supplier.locator(".nhsuk-notification-banner")).to_contain_text(name)
    expect(supplier.locator("#sites")).not_to_contain_text("Mark")
    screenshot(supplier, "contracts-sites-migrated")
    supplier.goto("/delivery?by=supplier")
    expect(supplier.locator("#progress")).to_contain_text("Northway Networks Ltd")

    # Its monthly return for last month declares last month's order.
    supplier.goto("/orders")
    previous = (
        supplier.locator("#orders tr", has_text="Connections for the two main offices")
        .locator("a")
        .inner_text()
    )
    period = _last_month()
    csv = tmp_path / "northway-return.csv"
    csv.write_text(
        "order_reference,customer_code,invoice_date,description,value\n"
        f"{previous.split('-')[0]},QJG,{period.replace(day=20).isoformat()},HSCN connections,3884.00\n"
    )
    supplier.goto("/fees")
    supplier.select_option("#agreement", "RM3825")
    supplier.select_option("#period", period.isoformat())
    supplier.set_input_files("#file", str(csv))
    supplier.click("button:has-text('Submit the return')")
    expect(supplier.locator(".nhsuk-notification-banner")).to_contain_text("return for RM3825 was received")

    # The agreement manager reconciles the return against orders and invoices the fee.
    manager = sign_in("manager@caremarket.example")
    manager.goto("/fees")
    manager.locator("#returns tr", has_text="Northway Networks Ltd").filter(
        has_text=period.strftime("%B %Y")
    ).locator("a").first.click()
    manager.click("button:has-text('Reconcile and invoice the fee')")
    expect(manager.locator(".nhsuk-notification-banner")).to_contain_text("was issued")
    expect(manager.locator("#invoice")).to_contain_text("£3,884.00")
    expect(manager.locator("#invoice")).to_contain_text("£38.84")
    screenshot(manager, "contracts-fee-invoice")
