"""Seed 000, the HSCN aggregated procurement, walked on pages from each person's home page:
NHS Digital sets up a buying club and opens it; the ICB joins and uploads its requirements;
the club launches (its baseline frozen) and its lead starts the further competition on
RM3825 lot 1; two suppliers bid price lists (one typed, one uploaded from the price template);
after the deadline the evaluator reads each bid's total evaluated cost and scores; the lead
moderates and awards; standstill ends; the contract is made from the award; the club's page
links all of it; the ICB orders from the club's catalogue; the winner delivers and migrates
the sites. Time moves only through the test clock."""

import io
from datetime import date, timedelta

from openpyxl import load_workbook
from playwright.sync_api import expect

from caremarket.core import clock
from tests.browser.conftest import axe_violations, screenshot

LEAD = "clubs@caremarket.example"  # NHS Digital's buying club lead
MEMBER = "buyer@caremarket.example"  # NHS Suffolk and North East Essex ICB
EVALUATOR = "evaluation@nhs-digital.example"
NORTHWAY = "supplier@caremarket.example"
MERIDIAN = "bids@meridian.example"
CLUB = "Norfolk and Suffolk HSCN"
REFERENCE = "HSCN-NSJ"
LEAVES = ("migration", "service_management")
SITES = ("QJG-END", "QJG-ROW", "QJG-WSH")


def _banner(page):
    return page.locator(".nhsuk-notification-banner")


def _home_then(page, nav: str):
    page.click("header >> text=Home")
    page.click(f"header >> text={nav}")


def _requirements_csv(needed: date) -> bytes:
    lines = ["Site code,Service type,Quantity,Unit,Bandwidth or size,Required-by date,Notes"]
    lines += [
        f"QJG-END,Ethernet connection,2,per connection,1 Gbps,{needed.isoformat()},Main office",
        f"QJG-ROW,Ethernet connection,1,per connection,100 Mbps,{needed.isoformat()},",
        f"QJG-WSH,Ethernet connection,1,per connection,100 Mbps,{needed.isoformat()},",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def _open_competition(page, title: str):
    _home_then(page, "Competitions")
    page.locator("tr", has_text=title).locator("a").first.click()


def _bid_answers(page) -> None:
    for leaf in LEAVES:
        page.fill(f"#r-{leaf}", f"Our {leaf.replace('_', ' ')}: a survey of every site, then two a week.")


def test_the_hscn_aggregated_procurement_from_club_to_migrated_sites(sign_in, server_clock, tmp_path):
    today = clock.today()
    launch = today + timedelta(weeks=8)

    # NHS Digital sets up the club on RM3825 lot 1 and opens it to members.
    lead = sign_in(LEAD)
    _home_then(lead, "Sourcing")
    lead.click("text=Set up a buying club")
    lead.fill("#name", CLUB)
    lead.fill("#reference", REFERENCE)
    lead.select_option("#kind", "regional")
    lead.select_option("#region", "east")
    lead.select_option("#lot", label=lead.locator("#lot option", has_text="RM3825 lot 1").first.inner_text())
    lead.fill("#launch_date", launch.strftime("%d/%m/%Y"))
    lead.click("button:has-text('Set up the club')")
    lead.click("button:has-text('Open it to members')")
    expect(_banner(lead)).to_contain_text("is open to members")

    # The ICB joins from the club list and uploads its requirements (a CSV of the template).
    member = sign_in(MEMBER)
    _home_then(member, "Sourcing")
    member.click(f"text={CLUB}")
    member.click("button:has-text('Confirm our intention to join')")
    expect(member.locator("h1")).to_have_text(f"Requirements for {CLUB}")
    member.click("text=Upload the filled-in template")
    requirements = tmp_path / "requirements.csv"
    requirements.write_bytes(_requirements_csv(today + timedelta(days=300)))
    member.set_input_files("#file", str(requirements))
    member.click("button:has-text('Upload the template')")
    expect(_banner(member)).to_contain_text("3 requirement lines saved")
    member.click("button:has-text('Submit the requirements')")

    # The lead brings the launch forward to today and launches: the baseline freezes. Then
    # the club's page offers its further competition.
    lead.reload()
    lead.click("text=Change the launch date")
    lead.fill("#launch_date", today.strftime("%d/%m/%Y"))
    lead.click("button:has-text('Save the launch date')")
    lead.click("button:has-text('Launch and freeze the baseline')")
    expect(_banner(lead)).to_contain_text("its baseline is frozen")
    lead.click("#start-competition")
    expect(lead.locator("#requirement")).to_contain_text("per connection, 100 Mbps: 2 in all")
    lead.fill("#estimated_value", "£98,500.00")
    lead.click("button:has-text('Create the draft competition')")
    expect(lead.locator("h1")).to_contain_text(CLUB)
    competition_url = lead.url
    reference = competition_url.rstrip("/").rsplit("/", 1)[-1]
    lead.click("text=Evaluation panel")
    lead.select_option("#email", EVALUATOR)
    lead.click("button:has-text('Add to the panel')")
    expect(lead.locator("#panel")).to_contain_text(EVALUATOR)
    lead.goto(competition_url)
    lead.click("text=Move it on")
    lead.select_option("#to", "published")
    lead.click("button:has-text('Continue')")
    expect(lead.locator("#invitations")).to_contain_text("Northway Networks Ltd")
    expect(lead.locator("#invitations")).to_contain_text("Meridian")

    # Northway types its price list; "Submit the bid" saves what is on the screen and submits.
    northway = sign_in(NORTHWAY)
    _open_competition(northway, CLUB)
    northway.click("text=Your bid")
    northway.fill("#price-0-0-one_off", "£650.00")
    northway.fill("#price-0-0-annual", "1,150")
    northway.fill("#price-1-0-one_off", "1200")
    _bid_answers(northway)
    northway.click("button[value=submit]")
    summary = northway.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Nothing was submitted")
    expect(summary).to_contain_text("per connection, 1 Gbps: enter the annual charge")
    northway.fill("#price-1-0-annual", "2,900.00")
    northway.click("button[value=submit]")
    expect(northway.locator("#bid-status")).to_contain_text("submitted")
    expect(northway.locator("#receipts")).to_contain_text("submitted at")

    # Meridian downloads the price template, fills it in and uploads it, then submits.
    meridian = sign_in(MERIDIAN)
    _open_competition(meridian, CLUB)
    meridian.click("text=Your bid")
    with meridian.expect_download() as download:
        meridian.click("#download-prices-xlsx")
    template = tmp_path / "prices.xlsx"
    download.value.save_as(template)
    book = load_workbook(template)
    sheet = book["Prices"]
    for row in sheet.iter_rows(min_row=2):
        row[6].value, row[7].value = ("700", "1,240") if row[1].value == "100 Mbps" else ("1300", "3100")
    filled = io.BytesIO()
    book.save(filled)
    upload = tmp_path / "meridian-prices.xlsx"
    upload.write_bytes(filled.getvalue())
    meridian.set_input_files("#prices_file", str(upload))
    meridian.click("button:has-text('Upload the price template')")
    expect(_banner(meridian)).to_contain_text("were saved to your draft")
    expect(meridian.locator("#price-0-0-annual")).to_have_value("1240.00")
    _bid_answers(meridian)
    meridian.click("button[value=submit]")
    expect(meridian.locator("#bid-status")).to_contain_text("submitted")

    # The deadline passes. The evaluator reads each bid's total evaluated cost and scores.
    server_clock(timedelta(days=15))
    lead.goto(competition_url)
    lead.click("text=Move it on")
    lead.select_option("#to", "evaluation")
    lead.click("button:has-text('Continue')")
    evaluator = sign_in(EVALUATOR)
    _open_competition(evaluator, CLUB)
    evaluator.click("text=Evaluate the bids")
    evaluator.select_option("#declaration", "no_conflict")
    evaluator.click("button:has-text('Record my declaration')")
    evaluator.goto(competition_url)
    evaluator.click("#actions >> text=Bids")
    # 4 connections (2 at 1 Gbps, 2 at 100 Mbps) over 3+1+1 years.
    expect(evaluator.locator("#bids")).to_contain_text("total evaluated cost £44,200.00")  # Northway
    expect(evaluator.locator("#bids")).to_contain_text("total evaluated cost £47,400.00")  # Meridian
    evaluator.click("#bids >> text=Northway")
    expect(evaluator.locator("#bid-breakdown")).to_contain_text("NHS Suffolk and North East Essex")
    screenshot(evaluator, "journeys/hscn-evaluated-cost")
    evaluator.goto(competition_url)
    evaluator.click("text=Evaluate the bids")
    for supplier, score in (("Northway", 4), ("Meridian", 3)):
        for leaf in LEAVES:
            evaluator.select_option(
                "#bid", evaluator.locator("#bid option", has_text=supplier).get_attribute("value")
            )
            evaluator.select_option("#criterion", leaf)
            evaluator.select_option("#score", str(score))
            evaluator.fill("#justification", f"{supplier}: {leaf.replace('_', ' ')} weighed")
            evaluator.click("button[value=score]")
    evaluator.click("button[value=submit]")
    expect(evaluator.locator("main")).to_contain_text("You submitted your scores")

    # The lead moderates, passes the HSCN compliance gate, and awards to Northway.
    lead.goto(competition_url)
    lead.click("text=Move it on")
    lead.select_option("#to", "moderation")
    lead.click("button:has-text('Continue')")
    lead.click("#actions >> text=Moderation")
    for supplier, agreed in (("Northway", 4), ("Meridian", 3)):
        form = lead.locator("#consensus-form")
        for leaf in LEAVES:
            form.locator("#bid").select_option(
                form.locator("#bid option", has_text=supplier).get_attribute("value")
            )
            form.locator("#criterion").select_option(leaf)
            form.locator("#score").select_option(str(agreed))
            form.locator("#rationale").fill("The panel agreed the evaluator's score")
            form.locator("button").click()
        gate = lead.locator("#gate-form")
        gate.locator("#bid").select_option(
            gate.locator("#bid option", has_text=supplier).get_attribute("value")
        )
        gate.locator("#gate-rationale").fill("HSCN compliance certificate current")
        gate.locator("button").click()
    lead.goto(competition_url)
    lead.click("#actions >> text=Ranking and award")
    lead.select_option("#bid", lead.locator("#bid option", has_text="Northway").get_attribute("value"))
    lead.fill("#reasons", "The best migration plan and the lowest total evaluated cost over 3+1+1 years.")
    lead.click("button:has-text('Confirm the ranking and start standstill')")
    expect(lead.locator("#award-summary")).to_contain_text("Northway Networks Ltd")

    # Standstill ends: the award is made, then the contract is created from it.
    server_clock(timedelta(days=40))
    lead.reload()
    lead.click("button:has-text('Standstill has ended: make the award')")
    lead.click("#create-contract")
    lead.fill("#payment_mechanism", "Monthly in arrears")
    lead.click("button:has-text('Create the contract')")
    assert "/contracts/" in lead.url
    lead.goto(competition_url)
    lead.click("#actions >> text=Ranking and award")
    expect(lead.locator("#contract-link")).to_be_visible()
    expect(lead.locator("#create-contract")).to_have_count(0)

    # The club's page links its competition, its contract and its catalogue.
    lead.goto(competition_url)
    lead.click(f"#actions >> text=The {CLUB} buying club")
    expect(lead.locator("#club-status")).to_contain_text("Awarded")
    procurement = lead.locator("#procurement")
    expect(procurement).to_contain_text(reference)
    expect(procurement).to_contain_text("Awarded to Northway Networks Ltd")
    expect(procurement.locator("text=Contract:")).to_be_visible()
    screenshot(lead, "journeys/hscn-club-awarded")

    # The ICB, a member at launch, orders its three sites from the club's catalogue.
    member.click("header >> text=Home")
    member.click("header >> text=Sourcing")
    member.click(f"text={CLUB}")
    member.click("text=The club's catalogue")
    section = member.locator(f"#club-{REFERENCE}")
    expect(section).to_contain_text("A member at launch: it may order")
    section.locator(f"text=Order from the {CLUB} catalogue").click()
    needed = (clock.today() + timedelta(days=120)).strftime("%d/%m/%Y")
    for n, site in enumerate(SITES, start=1):
        option = "per_connection (1 Gbps)" if site == "QJG-END" else "per_connection (100 Mbps)"
        member.select_option(f"#item_{n}", option)
        member.select_option(f"#site_{n}", site)
        member.fill(f"#date_{n}", needed)
    member.click("button:has-text('Place the order')")
    expect(_banner(member)).to_contain_text("was placed with Northway Networks Ltd")
    order_heading = member.locator("h1").inner_text()

    # Northway installs each site, brings it live and migrates it off the legacy network.
    _home_then(northway, "Contracts")
    northway.click("text=Orders")
    northway.click(f"text={order_heading.removeprefix('Order ').strip().split('-')[0]}")
    for _ in SITES:
        for stage in ("installed", "live", "migrated"):
            northway.locator(f"[aria-label*=' as {stage}']").first.click()
            expect(_banner(northway)).to_be_visible()
    expect(northway.locator("#sites")).not_to_contain_text("Mark")
    assert axe_violations(northway) == []
    screenshot(northway, "journeys/hscn-sites-migrated")
