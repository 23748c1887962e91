"""A buyer orders connectivity for three sites under its HSCN contract; the supplier marks each
site installed, live and migrated, and makes its monthly management information return; the
agreement manager reconciles it and invoices the fee. An organisation that is not party to the
contract cannot order under it. A member of an awarded buying club orders from the club's
catalogue for three sites; the supplier delivers and migrates them, makes its return, and the
agreement manager invoices the fee; an organisation that was not a member at launch is refused."""

from datetime import UTC, date, datetime, time, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, screenshot

SITES = [("QJG-END", "Endeavour House"), ("QJG-WSH", "West Suffolk House"), ("QJG-ROW", "Rowan House")]


def _last_month() -> date:
    first = date.today().replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


def _submit_return(supplier, csv, period: date, row: str) -> None:
    """Northway's RM3825 management information return for `period`, declaring one order."""
    csv.write_text(f"order_reference,customer_code,invoice_date,description,value\n{row}\n")
    supplier.goto("/fees")
    supplier.select_option("#agreement", "RM3825")
    supplier.select_option("#period", period.isoformat())
    supplier.set_input_files("#file", str(csv))
    supplier.click("button:has-text('Submit the return')")
    expect(supplier.locator(".nhsuk-notification-banner")).to_contain_text("return for RM3825 was received")


def _invoice_the_fee(manager, period: date) -> None:
    """The agreement manager reconciles Northway's return for `period` and invoices the fee."""
    manager.goto("/fees")
    manager.locator("#returns tr", has_text="Northway Networks Ltd").filter(
        has_text=period.strftime("%B %Y")
    ).locator("a").first.click()
    manager.click("button:has-text('Reconcile and invoice the fee')")
    expect(manager.locator(".nhsuk-notification-banner")).to_contain_text("was issued")


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
    row = f"{previous.split('-')[0]},QJG,{period.replace(day=20).isoformat()},HSCN connections,3884.00"
    _submit_return(supplier, tmp_path / "northway-return.csv", period, row)

    # The agreement manager reconciles the return against orders and invoices the fee.
    manager = sign_in("manager@caremarket.example")
    _invoice_the_fee(manager, period)
    expect(manager.locator("#invoice")).to_contain_text("£3,884.00")
    expect(manager.locator("#invoice")).to_contain_text("£38.84")
    screenshot(manager, "contracts-fee-invoice")


CLUB_MEMBER = "ict@suffolk-cc.example"
CLUB_SITES = [(f"E10000029-0{n}", f"Suffolk County Council site {n}") for n in (1, 2, 3)]


def test_a_club_member_orders_from_the_awarded_catalogue_and_the_fee_is_invoiced(
    sign_in, server_clock, tmp_path
):
    needed = (date.today() + timedelta(days=90)).strftime("%d/%m/%Y")

    # A member of Suffolk public services at launch finds the club's catalogue from its orders.
    member = sign_in(CLUB_MEMBER)
    member.goto("/orders")
    member.click("text=a buying club's awarded catalogue")
    club = member.locator("#club-HSCN-SUFFOLK-PS")
    expect(club).to_contain_text("Northway Networks Ltd")
    expect(club).to_contain_text("A member at launch: it may order")
    expect(club.locator("table")).to_contain_text("Per connection, 100 Mbps")
    screenshot(member, "contracts-club-catalogues")
    assert axe_violations(member) == []
    club.locator("text=Order from the Suffolk public services catalogue").click()
    expect(member.locator("h1")).to_contain_text("Order from the Suffolk public services catalogue")
    for n, (code, _) in enumerate(CLUB_SITES, start=1):
        member.select_option(f"#item_{n}", "per_connection (100 Mbps)")
        member.fill(f"#quantity_{n}", "1")
        member.select_option(f"#site_{n}", code)
        member.fill(f"#date_{n}", needed)
    member.fill("#title", "Connections for three council offices")
    screenshot(member, "contracts-club-order")
    assert axe_violations(member) == []
    member.click("button:has-text('Place the order')")
    expect(member.locator(".nhsuk-notification-banner")).to_contain_text(
        "was placed with Northway Networks Ltd"
    )
    reference = member.locator("h1").inner_text().removeprefix("Order ").strip().split("-")[0]
    expect(member.locator("#summary")).to_contain_text("£5,400.00")  # 3 x (£650 + £1,150)

    # Northway installs each site, brings it live and migrates it off the legacy network.
    supplier = sign_in("supplier@caremarket.example")
    supplier.goto(f"/orders/{reference}")
    for _, name in CLUB_SITES:
        for stage in ("installed", "live", "migrated"):
            supplier.click(f"[aria-label^='Mark {name} as {stage}']")
            expect(supplier.locator(".nhsuk-notification-banner")).to_contain_text(name)
    expect(supplier.locator("#sites")).not_to_contain_text("Mark")
    supplier.goto("/delivery?by=club")
    expect(supplier.locator("#progress")).to_contain_text("Suffolk public services")

    # Early next month, Northway's return for this month declares the order.
    this_month = date.today().replace(day=1)
    third = (this_month + timedelta(days=32)).replace(day=3)
    server_clock(datetime.combine(third, time(10), UTC) - datetime.now(UTC))
    row = f"{reference},E10000029,{date.today().isoformat()},HSCN connections for three sites,5400.00"
    _submit_return(supplier, tmp_path / "northway-club-return.csv", this_month, row)

    # The agreement manager reconciles it and invoices the management fee.
    manager = sign_in("manager@caremarket.example")
    _invoice_the_fee(manager, this_month)
    invoice = manager.locator("#invoice")
    expect(invoice).to_contain_text("£5,400.00")
    expect(invoice).to_contain_text("Fee")
    screenshot(manager, "contracts-club-fee-invoice")
    server_clock(timedelta(0))

    # NHS Suffolk and North East Essex was not a member at launch: it is told so, and why,
    # before it fills in anything.
    outsider = sign_in("buyer@caremarket.example")
    outsider.goto("/orders/clubs")
    club = outsider.locator("#club-HSCN-SUFFOLK-PS")
    expect(club).to_contain_text("Not a member at launch")
    club.locator("text=Order from the Suffolk public services catalogue").click()
    expect(outsider.locator("#order-refusal")).to_contain_text("was not a member when the club launched")
    expect(outsider.locator("#order-refusal")).to_contain_text("Suffolk County Council")
    expect(outsider.locator("#lines")).to_have_count(0)
    screenshot(outsider, "contracts-club-order-refused")
    assert axe_violations(outsider) == []
