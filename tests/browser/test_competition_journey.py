"""A whole further competition on lot 2 of the commissioning support lead provider framework:
the ICB's procurement lead publishes it; a question is answered and published without the
asker's name; three suppliers bid (one withdraws and resubmits, one withdraws and tries to
resubmit after the deadline and is refused); the bids stay sealed until the deadline; two
evaluators declare and score; the lead moderates, decides the award; a bidder reads its
award letter (page and PDF); standstill runs, then ends, and the lead creates the contract
from the award. Then a buying club's cost per member, and a direct award from a shortlist."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from caremarket.core import clock
from tests.browser.conftest import axe_violations, screenshot

SUPPLIERS = {
    "anglia": ("bids@anglia-csu.example", "Anglia Commissioning Support Unit", "100000"),
    "harbour": ("bids@harbour.example", "Harbour Analytics Ltd", "95000"),
    "pennine": ("bids@pennine-csu.example", "Pennine Commissioning Support Unit", "99000"),
}
LEAVES = ("delivery", "support", "social_value")


def _local(moment) -> str:
    return clock.local(moment).strftime("%Y-%m-%dT%H:%M")


def _notice(page):
    return page.locator(
        ".nhsuk-notification-banner, .nhsuk-inset-text, [role=alert], .caremarket-flash"
    ).first


def _bid(page, reference: str, price: str) -> None:
    page.goto(f"/competitions/{reference}/bid")
    page.fill("#price", price)
    for leaf in LEAVES:
        page.fill(f"#r-{leaf}", f"Our approach to {leaf.replace('_', ' ')}.")
    page.click("button[value=save]")
    expect(page.locator("#bid-status")).to_contain_text("draft")
    page.click("button[value=submit]")
    expect(page.locator("#bid-status")).to_contain_text("submitted")
    expect(page.locator("#receipts")).to_contain_text("submitted at")


def test_a_whole_further_competition(sign_in, server_clock):
    now = clock.now()
    lead = sign_in("lead@caremarket.example")

    # The lead drafts the competition under the framework's lot 2.
    lead.goto("/competitions/new")
    lead.fill("#title", "Business intelligence support for the ICB")
    lead.select_option("#procedure", "further_competition")
    lead.fill("#agreement", "CS-LPF")
    lead.fill("#lot", "2")
    lead.fill("#requirement", "Population health dashboards and analysis for the ICB, for three years.")
    lead.fill("#clarification_deadline", _local(now + timedelta(days=8)))
    lead.fill("#submission_deadline", _local(now + timedelta(days=11)))
    lead.fill("#estimated_value", "250000")
    lead.click("button:has-text('Create the draft')")
    expect(lead.locator("h1")).to_contain_text("Business intelligence support for the ICB")
    reference = re.search(r"CM-\d{4}-\d{5}", lead.locator("h1").inner_text()).group(0)

    lead.click("text=Upload a document")
    lead.select_option("#kind", "specification")
    lead.set_input_files(
        "#file", {"name": "specification.pdf", "mimeType": "application/pdf", "buffer": b"%PDF spec"}
    )
    lead.click("button:has-text('Upload')")
    expect(lead.locator("#documents")).to_contain_text("Specification v1")

    lead.goto(f"/competitions/{reference}/panel")
    for email in ("evaluator@caremarket.example", "evaluator2@caremarket.example"):
        lead.select_option("#email", email)
        lead.click("button:has-text('Add to the panel')")
        expect(lead.locator("#panel")).to_contain_text(email)

    lead.goto(f"/competitions/{reference}/status")
    lead.select_option("#to", "published")
    lead.click("button:has-text('Continue')")
    expect(lead.locator("#status")).to_contain_text("Published")
    expect(lead.locator("#invitations")).to_contain_text("Harbour Analytics Ltd")
    assert not axe_violations(lead)
    screenshot(lead, "competition-published")

    # A supplier asks; the lead answers and publishes; another supplier reads it, nameless.
    anglia = sign_in(SUPPLIERS["anglia"][0])
    anglia.goto(f"/competitions/{reference}/questions")
    anglia.fill("#text", "Which data sources must the dashboards use?")
    anglia.click("button:has-text('Send the question')")
    expect(anglia.locator("#questions")).to_contain_text("(yours)")
    lead.goto(f"/competitions/{reference}/questions")
    expect(lead.locator("#questions")).to_contain_text("from Anglia Commissioning Support Unit")
    lead.click("text=Answer and publish")
    lead.fill("#answer", "SUS, the community services data set and GP data via the ICB's warehouse.")
    lead.click("button:has-text('Publish the answer')")
    harbour = sign_in(SUPPLIERS["harbour"][0])
    harbour.goto(f"/competitions/{reference}/questions")
    expect(harbour.locator("#questions")).to_contain_text("community services data set")
    expect(harbour.locator("#questions")).not_to_contain_text("Anglia")

    # Three suppliers bid; Harbour withdraws and resubmits; Pennine withdraws.
    _bid(anglia, reference, SUPPLIERS["anglia"][2])
    _bid(harbour, reference, SUPPLIERS["harbour"][2])
    harbour.click("button[value=withdraw]")
    expect(harbour.locator("#bid-status")).to_contain_text("withdrawn")
    harbour.click("button[value=resubmit]")
    expect(harbour.locator("#bid-status")).to_contain_text("submitted")
    expect(harbour.locator("#receipts li")).to_have_count(2)
    pennine = sign_in(SUPPLIERS["pennine"][0])
    _bid(pennine, reference, SUPPLIERS["pennine"][2])
    pennine.click("button[value=withdraw]")
    expect(pennine.locator("#bid-status")).to_contain_text("withdrawn")

    # Sealed: the lead, the evaluator and the auditor cannot read or count the bids.
    lead.goto(f"/competitions/{reference}")
    expect(lead.locator("main")).to_contain_text("Sealed: Bids for")
    for person in (lead, sign_in("auditor@caremarket.example")):
        response = person.goto(f"/competitions/{reference}/bids")
        assert response.status == 403

    # The deadline passes: Pennine's resubmission is refused.
    server_clock(timedelta(days=11, minutes=5))
    pennine.goto(f"/competitions/{reference}/bid")
    pennine.click("button[value=resubmit]")
    expect(pennine.locator(".nhsuk-error-summary")).to_contain_text("at or after the deadline")
    screenshot(pennine, "competition-late-refused")

    lead.goto(f"/competitions/{reference}/bids")
    expect(lead.locator("main")).to_contain_text("2 bids stood at the deadline")
    lead.goto(f"/competitions/{reference}/status")
    lead.select_option("#to", "evaluation")
    lead.click("button:has-text('Continue')")
    expect(lead.locator("#status")).to_contain_text("In evaluation")

    # Two evaluators declare no conflict and score independently.
    scores = {
        "evaluator@caremarket.example": {"Anglia": 2, "Harbour": 3},
        "evaluator2@caremarket.example": {"Anglia": 3, "Harbour": 3},
    }
    for email, per_bid in scores.items():
        evaluator = sign_in(email)
        evaluator.goto(f"/competitions/{reference}/evaluate")
        evaluator.select_option("#declaration", "no_conflict")
        evaluator.click("button:has-text('Record my declaration')")
        for supplier, score in per_bid.items():
            for leaf in LEAVES:
                value = evaluator.locator("#bid option", has_text=supplier).get_attribute("value")
                evaluator.select_option("#bid", value)
                evaluator.select_option("#criterion", leaf)
                evaluator.select_option("#score", str(score))
                evaluator.fill("#justification", f"{supplier} on {leaf}: evidence weighed")
                evaluator.click("button[value=score]")
        expect(evaluator.locator("#scores tbody tr")).to_have_count(6)  # only their own so far
        evaluator.click("button[value=submit]")
        expect(evaluator.locator("main")).to_contain_text("You submitted your scores")

    # Moderation starts from the individual scores and records the consensus.
    lead.goto(f"/competitions/{reference}/status")
    lead.select_option("#to", "moderation")
    lead.click("button:has-text('Continue')")
    lead.goto(f"/competitions/{reference}/moderation")
    expect(lead.locator("#moderation")).to_contain_text("Owen Price: 3")  # names, not emails
    for supplier, agreed in (("Anglia", 3), ("Harbour", 3)):
        for leaf in LEAVES:
            form = lead.locator("#consensus-form")
            form.locator("#bid").select_option(
                form.locator("#bid option", has_text=supplier).get_attribute("value")
            )
            form.locator("#criterion").select_option(leaf)
            form.locator("#score").select_option(str(agreed))
            form.locator("#rationale").fill("The panel agreed after discussion")
            form.locator("button").click()
        gate = lead.locator("#gate-form")
        gate.locator("#bid").select_option(
            gate.locator("#bid option", has_text=supplier).get_attribute("value")
        )
        gate.locator("#gate-rationale").fill("Holds the standards the framework requires")
        gate.locator("button").click()
    # Harbour: 3 of 4 on quality (45 of 60) and the lowest price (40): 85; Anglia 45 + 38.
    expect(lead.locator("#ranking")).to_contain_text("85.00")
    screenshot(lead, "competition-moderation")

    # The award: the ranking confirmed, the preferred bidder chosen, standstill starts.
    lead.goto(f"/competitions/{reference}/award")
    lead.select_option("#bid", lead.locator("#bid option", has_text="Harbour").get_attribute("value"))
    lead.fill("#reasons", "Harbour offered the same quality at the lowest price.")
    lead.click("button:has-text('Confirm the ranking and start standstill')")
    expect(lead.locator("#award-summary")).to_contain_text("Harbour Analytics Ltd")
    expect(lead.locator("#award-state")).to_contain_text("The standstill period runs until the end of")

    anglia.goto(f"/competitions/{reference}/award-letter")
    expect(anglia.locator("#outcome")).to_contain_text("not successful")
    expect(anglia.locator("#own-scores")).to_contain_text("Total")
    expect(anglia.locator("#winner-scores")).to_contain_text("85.00")
    expect(anglia.locator("#reasons")).to_contain_text("lowest price")
    with anglia.expect_download() as download:
        anglia.click("text=Download the letter (PDF)")
    assert download.value.suggested_filename == f"{reference}-award-letter.pdf"
    screenshot(anglia, "competition-award-letter")

    # Standstill ends (8 working days on): the award is made, ready for the contract.
    server_clock(timedelta(days=30))
    lead.goto(f"/competitions/{reference}/award")
    lead.click("button:has-text('Standstill has ended: make the award')")
    expect(lead.locator("#award-state")).to_contain_text("Ready for the contract")

    # The lead creates the contract from the award: parties, value and term come from it.
    lead.click("#create-contract")
    expect(lead.locator("h1")).to_have_text("Create the contract from the award")
    expect(lead.locator("main")).to_contain_text("Harbour Analytics Ltd")
    expect(lead.locator("#title")).to_have_value("Business intelligence support for the ICB")
    assert not axe_violations(lead)
    screenshot(lead, "competition-contract-form")
    lead.fill("#payment_mechanism", "Monthly in arrears")
    lead.click("button:has-text('Create the contract')")
    expect(lead.locator("h1")).to_contain_text("Business intelligence support for the ICB")
    expect(lead.locator("main")).to_contain_text("Harbour Analytics Ltd")
    assert "/contracts/" in lead.url
    screenshot(lead, "competition-contract-created")


def test_a_club_member_reads_its_own_cost_and_the_lead_reads_every_members(sign_in):
    lead = sign_in("clubs@caremarket.example")
    lead.goto("/competitions?q=Suffolk+public+services")
    row = lead.locator("tr", has_text="Suffolk public services HSCN aggregated procurement")
    row.locator("a").first.click()
    lead.click("text=Cost per member of the buying club")
    expect(lead.locator("h1")).to_have_text("Cost per member of the buying club")
    expect(lead.locator("#club-breakdown tbody tr")).to_have_count(3)  # two members and the total
    expect(lead.locator("#club-breakdown")).to_contain_text("All members")
    assert not axe_violations(lead)
    screenshot(lead, "competition-club-breakdown")
    council = sign_in("ict@suffolk-cc.example")
    council.goto(lead.url)
    expect(council.locator("#club-breakdown tbody tr")).to_have_count(1)
    expect(council.locator("#club-breakdown")).to_contain_text("E10000029")
    expect(council.locator("#club-breakdown")).not_to_contain_text("SUFPOL")
    screenshot(council, "competition-club-breakdown-member")


def test_a_direct_award_is_started_from_a_locked_shortlist(sign_in):
    lead = sign_in("lead@caremarket.example")
    lead.goto("/catalogue/shortlists")
    lead.click("text=HSCN Ethernet for Suffolk practices")
    lead.click("#direct-award")
    expect(lead.locator("h1")).to_have_text("Award directly from a shortlist")
    lead.locator("input[name=entry]").first.check()
    lead.fill("#justification", "The only service that reaches every practice in time.")
    lead.click("button:has-text('Make the direct award')")
    # The HSCN lots allow further competition only: refused, with the reason.
    expect(lead.locator(".nhsuk-error-summary")).to_contain_text("Direct award is not allowed")
    assert not axe_violations(lead)
    screenshot(lead, "direct-award-refused")


def test_a_direct_award_is_made_where_the_lot_allows_it(sign_in):
    lead = sign_in("lead@caremarket.example")
    lead.goto("/catalogue/shortlists")
    lead.click("text=Clinical system training for Suffolk practices")
    lead.click("#direct-award")
    lead.click("button:has-text('Make the direct award')")
    # Nothing chosen, no reason: both problems at once.
    summary = lead.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Choose the service to award")
    expect(summary).to_contain_text("Record why it is awarded directly")
    lead.locator("input[name=entry]").first.check()
    lead.fill("#justification", "Training must start before go-live; the solution's supplier delivers it.")
    lead.fill("#value", "12,000")
    lead.fill("#term_months", "6")
    lead.click("button:has-text('Make the direct award')")
    expect(lead.locator("h1")).to_contain_text("DA-")
    expect(lead.locator("#justification")).to_contain_text("before go-live")
    expect(lead.locator(".nhsuk-summary-list")).to_contain_text("£12,000.00")
    expect(lead.locator(".nhsuk-summary-list")).to_contain_text(
        "Clinical system training for Suffolk practices"
    )
    assert not axe_violations(lead)
    screenshot(lead, "direct-award-made")
