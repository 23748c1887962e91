"""Provider selection on pages only.

Direct Award Process C with a representation: the ICB's procurement lead starts a process for the
community equipment service from the header's "Provider selection", answers the chooser's
questions so Direct Award C is open, records the decision against the five key criteria and
publishes the notice of intention; Harbour Analytics, the existing provider, finds the notice
on the public notices and makes a representation; the lead sees the award paused, records a
clarification and the review "proceed"; the award is refused until the further days have
passed; with the server's clock moved past them the contract is awarded and is in the register.

The Most Suitable Provider process (see msp_steps.py for the walk to gateway 1): gateway 1
"divert" ends the process and opens a linked open competition; gateway 1 "progress" leads to
stage 2, whose three documents are drafted, revised and agreed by both sides one by one,
gateway 2 being refused (naming what is still to agree) until the last is agreed; then the
decision record, the notice of intention, the 8 working days' standstill (the server's clock
moved past it) and the contract with the alliance's lead provider, its members subcontractors.

The server's clock offset lasts for the whole browser session: every test puts it back.
"""

import re
from datetime import date, datetime, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, screenshot
from tests.browser.journeys import msp_steps

LEAD = "lead@caremarket.example"  # NHS Suffolk and North East Essex ICB's procurement lead
HARBOUR = "bids@harbour.example"  # Harbour Analytics Ltd (S1006), the equipment service's provider
EXISTING = "CT-QJG-EQUIP"
TITLE = "Community equipment service renewal, Suffolk and North East Essex"
DESCRIPTION = "Equipment for people living at home, delivered, fitted, maintained and collected."
REPRESENTATION = "Our offer to add two more community hubs from April was not taken into account."
CLARIFICATION = "The two hubs are in the proposed contract's scope; we explained this to Harbour by phone."
REASONS = "The representation is answered by the clarification: the decision stands."
DAY = r"\d{1,2} [A-Z][a-z]+ \d{4}"


def _fill_key_criteria(page, why: str) -> None:
    """The decision record's five key criteria: a weight and a rationale for each."""
    criteria = page.locator("form fieldset")
    expect(criteria).to_have_count(5)
    for n, weight in enumerate(("30", "25", "20", "15", "10")):
        criterion = criteria.nth(n)
        name = criterion.locator("legend").inner_text()
        criterion.get_by_label("Weight, in per cent").fill(weight)
        criterion.get_by_label("Rationale").fill(f"{name}: {why}")


def _spoken(text: str) -> date:
    return datetime.strptime(text, "%d %B %Y").date()


def test_direct_award_c_with_a_representation_review_proceed_and_five_more_days(sign_in, server_clock):
    try:
        _direct_award_c(sign_in, server_clock)
    finally:
        server_clock(timedelta(0))


def _direct_award_c(sign_in, server_clock):
    # The lead starts a process from the header's "Provider selection".
    lead = sign_in(LEAD)
    lead.goto("/")
    msp_steps.header_link(lead, "Provider selection")
    expect(lead.locator("h1")).to_have_text("Provider selection")
    lead.get_by_role("link", name="Start a provider selection process").click()
    lead.get_by_label("Services").fill(TITLE)
    lead.get_by_label("Description").fill(DESCRIPTION)
    lead.get_by_label("Estimated value, in pounds (optional)").fill("2,600,000")
    lead.get_by_label("Shortest term, in months (optional)").fill("36")
    lead.get_by_label("Longest term, in months (optional)").fill("60")
    lead.get_by_label("The existing contract (optional)").select_option(
        label="CT-QJG-EQUIP: Community equipment service (Harbour Analytics Ltd)"
    )
    lead.get_by_role("button", name="Start the process").click()

    # The chooser: the contract expiring, the provider satisfactory, no considerable change.
    expect(lead.locator("h1")).to_have_text("Choose the process")
    expect(lead.locator(".nhsuk-notification-banner")).to_contain_text("was started")
    reference = re.search(r"^(PSR-\d{4}-\d+):", lead.locator(".nhsuk-caption-l").inner_text()).group(1)
    for question in (
        "Is there an existing provider of these services?",
        "Is an existing contract due to expire, to be replaced by the new one?",
        "Is the existing provider satisfying the existing contract, and likely to satisfy the new one?",
    ):
        lead.get_by_role("group", name=question).get_by_label("Yes").check()
    lead.get_by_label("Lifetime value of the existing contract, in pounds").fill("2,550,000")
    lead.get_by_label("Lifetime value of the proposed contract, in pounds").fill("2,600,000")
    lead.get_by_role("button", name="Check the processes").click()
    c_option = lead.locator("ol li").filter(has_text="Direct Award Process C")
    expect(c_option).to_contain_text("Direct Award Process C – open")
    screenshot(lead, "provider-selection/chooser-direct-award-c-open")
    lead.get_by_role("group", name="The process to follow").get_by_label("Direct Award Process C").check()
    lead.get_by_role("button", name="Record the process").click()

    # The decision record against the five key criteria.
    expect(lead.locator("h1")).to_have_text("The decision record")
    expect(lead.locator(".nhsuk-notification-banner")).to_contain_text("Direct Award Process C was chosen")
    lead.get_by_label("The provider chosen").select_option(label="Harbour Analytics Ltd (S1006)")
    lead.get_by_label("The contract's value, in pounds").fill("2,600,000")
    _fill_key_criteria(lead, "Harbour's record over the current contract")
    assert not axe_violations(lead)
    lead.get_by_role("button", name="Record the decision").click()
    expect(lead.locator(".nhsuk-notification-banner")).to_contain_text("The decision was recorded")
    expect(lead.locator("h1")).to_have_text(TITLE)
    expect(lead.locator("main")).to_contain_text("Harbour Analytics Ltd")
    expect(lead.locator("main")).to_contain_text("£2,600,000.00")

    # The notice of intention: the standstill starts.
    lead.get_by_role("button", name="Publish the intention to award").click()
    banner = lead.locator(".nhsuk-notification-banner")
    expect(banner).to_contain_text(
        "The intention to award was published: the standstill runs until the end of"
    )
    expect(lead.locator("main")).to_contain_text("Standstill ends")
    screenshot(lead, "provider-selection/intention-published")

    # The notice is public on /notices, and Harbour makes its representation from it.
    harbour = sign_in(HARBOUR)
    harbour.goto("/")
    msp_steps.header_link(harbour, "Public notices")
    harbour.get_by_label("Search notices").fill(TITLE)
    harbour.get_by_role("button", name="Search").click()
    harbour.get_by_role("link", name=TITLE).first.click()
    expect(harbour.locator("h1")).to_have_text(TITLE)
    expect(harbour.locator("#notice-facts")).to_contain_text("PSR_INTENTION")
    expect(harbour.locator("main")).to_contain_text("Harbour Analytics Ltd")
    screenshot(harbour, "provider-selection/intention-notice")
    harbour.get_by_role("link", name="Make a representation about this intention to award").click()
    expect(harbour.locator("h1")).to_have_text("Make a representation")
    expect(harbour.locator("main")).to_contain_text("On behalf of Harbour Analytics Ltd")
    harbour.get_by_label("The representation").fill(REPRESENTATION)
    harbour.get_by_role("button", name="Send the representation").click()
    expect(harbour.locator(".nhsuk-notification-banner")).to_contain_text(
        "The representation was recorded: the award waits for the review"
    )
    expect(harbour.locator("main")).to_contain_text(REPRESENTATION)
    harbour.goto("/")
    expect(harbour.locator("main")).to_contain_text(f"{reference}: {TITLE}")  # "Your representations"

    # The lead sees the award paused, with the reason, from the home page.
    lead.goto("/")
    waiting = lead.locator("li").filter(has_text=f"{reference}: {TITLE}")
    expect(waiting).to_contain_text("a representation waits for your review")
    waiting.get_by_role("link", name=f"{reference}: {TITLE}").click()
    expect(lead.locator("main")).to_contain_text("Awaiting the review of representations")
    expect(lead.locator("main")).to_contain_text("Not yet known: a representation waits for the review")
    award_step = lead.locator("li").filter(has_text="Award the contract")
    expect(award_step).to_contain_text(
        "The award is paused: the representation by Harbour Analytics Ltd waits for the authority's review"
    )
    screenshot(lead, "provider-selection/award-paused")

    # A clarification, then the review: proceed.
    lead.get_by_role("link", name="Record a clarification").click()
    lead.get_by_label("Clarification").fill(CLARIFICATION)
    lead.get_by_role("button", name="Record the clarification").click()
    expect(lead.locator(".nhsuk-notification-banner")).to_contain_text("The clarification was recorded")
    expect(lead.locator("main")).to_contain_text(CLARIFICATION)
    lead.get_by_role("link", name="Record the review of representations").click()
    lead.get_by_label("Proceed with the award").check()
    lead.get_by_label("Reasons").fill(REASONS)
    lead.get_by_role("button", name="Record the decision").click()
    banner = lead.locator(".nhsuk-notification-banner")
    expect(banner).to_contain_text(
        re.compile(
            f"to proceed: the contract may be awarded once a further 5 working days have passed, after {DAY}"
        )
    )
    further_end = _spoken(re.search(f"have passed, after ({DAY})", banner.inner_text()).group(1))

    # The award is refused until then, the sentence giving the date.
    award_step = lead.locator("li").filter(has_text="Award the contract")
    expect(award_step).to_contain_text(
        re.compile(
            f"A further 5 working days run after the decision to proceed on {DAY}: "
            f"the contract may be awarded from {DAY}"
        )
    )
    expect(lead.get_by_role("link", name="Award the contract")).to_have_count(0)
    screenshot(lead, "provider-selection/award-refused-further-days")
    may_from = _spoken(re.search(f"may be awarded from ({DAY})", award_step.inner_text()).group(1))
    assert may_from > further_end

    # Past the date, the award succeeds.
    server_clock(timedelta(days=(may_from - date.today()).days + 1))
    lead.reload()
    lead.get_by_role("link", name="Award the contract").click()
    expect(lead.locator("h1")).to_have_text("Award the contract")
    lead.get_by_role("button", name="Award the contract").click()
    banner = lead.locator(".nhsuk-notification-banner")
    expect(banner).to_contain_text("was awarded and the confirmation of award published")
    contract = re.search(r"The contract (\S+) was awarded", banner.inner_text()).group(1)
    expect(lead.locator("main")).to_contain_text("Contract awarded")
    screenshot(lead, "provider-selection/contract-awarded")

    # The contract's page, reached from the contract register.
    msp_steps.header_link(lead, "Contracts")
    lead.get_by_role("link", name=contract).first.click()
    expect(lead.locator("h1")).to_contain_text(TITLE)
    expect(lead.locator("main")).to_contain_text("Harbour Analytics Ltd")
    screenshot(lead, "provider-selection/contract")


# --- The Most Suitable Provider process ----------------------------------------------------------

STAGE2 = ("Delivery plan", "Innovation plan", "Service contract")
THEMES = (
    "Children's services: a single integrated model across the localities",
    "The outcomes framework and its process performance indicators",
    "Workforce: recruitment and joint supervision across the alliance",
)


def _gateway1(page, decision: str, rationale: str, themes=()) -> None:
    msp_steps.step(page, "Gateway 1")
    expect(page.locator("main .nhsuk-inset-text")).to_contain_text(
        f"{msp_steps.ALLIANCE}: partially assured overall"
    )
    page.get_by_label(decision).check()
    page.get_by_label("Rationale").fill(rationale)
    if themes:
        page.get_by_label("Themes to address early in stage 2").fill("\n".join(themes))
    assert not axe_violations(page)
    page.get_by_role("button", name="Record the decision").click()


def test_gateway_1_divert_opens_a_linked_open_competition(sign_in, server_clock):
    try:
        msp = msp_steps.walk_to_gateway1(sign_in, server_clock, "Community services, East Suffolk (divert)")
        page = msp.commissioner
        _gateway1(
            page,
            "Divert to an open-market competition",
            "The submission does not assure the commissioners on service delivery: the market is tested.",
        )
        expect(msp_steps.banner(page)).to_contain_text("Gateway 1: divert to an open-market competition")
        ended = page.locator(".nhsuk-warning-callout")
        expect(ended).to_contain_text("The process has ended")
        expect(page.locator("#steps")).to_have_count(0)
        screenshot(page, "provider-selection/msp-gateway1-divert")
        link = ended.get_by_role("link")
        expect(link).to_have_count(1)
        competition = link.inner_text().split(":", 1)[0]
        link.click()
        expect(page.locator("main")).to_contain_text(competition)
        expect(page.locator("h1")).to_contain_text(msp.title)
        screenshot(page, "provider-selection/msp-linked-competition")
    finally:
        server_clock(timedelta(0))


def _open_document(page, reference: str, label: str) -> None:
    """From the person's home page, the alliance's stage 2 document `label`."""
    msp_steps.open_from_home(page, reference)
    page.locator("#alliances").get_by_role("link", name=msp_steps.ALLIANCE).click()
    page.locator("#stage2").get_by_role("link", name=label, exact=True).click()
    expect(page.locator("h1")).to_have_text(f"{msp_steps.ALLIANCE}: {label.lower()}")


def _new_version(page, label: str, text: str, note: str = "") -> None:
    page.get_by_label("The document's text").fill(text)
    if note:
        page.get_by_label("What changed (optional)").fill(note)
    page.get_by_role("button", name="Save the new version").click()
    expect(msp_steps.banner(page)).to_contain_text(f"A new version of the {label.lower()} was saved")


def _agree(page, label: str, number: int, side: str) -> None:
    page.get_by_role("button", name=f"Agree version {number} for {side}").click()
    expect(msp_steps.banner(page)).to_contain_text(f"You agreed version {number} of the {label.lower()}")
    expect(page.locator("#document-state")).to_contain_text("Agreed")


def _try_gateway2(page, reference: str, still_missing: list[str]) -> None:
    """Gateway 2 from the process page: refused, naming each document not yet agreed."""
    msp_steps.open_from_home(page, reference)
    msp_steps.step(page, "Gateway 2")
    page.get_by_role("button", name="Pass gateway 2").click()
    refusal = page.locator(".nhsuk-error-summary")
    expect(refusal).to_contain_text(
        "Gateway 2 needs the delivery plan, the innovation plan and the service contract"
    )
    for label in STAGE2:
        if label in still_missing:
            expect(refusal).to_contain_text(f"the {label.lower()} (")
        else:
            expect(refusal).not_to_contain_text(f"the {label.lower()} (")


def test_suffolk_walk_through(sign_in, server_clock):
    try:
        _walk_through(sign_in, server_clock)
    finally:
        server_clock(timedelta(0))


def _walk_through(sign_in, server_clock):
    msp = msp_steps.walk_to_gateway1(sign_in, server_clock, "Community services, Ipswich and East Suffolk")
    page, reference = msp.commissioner, msp.reference
    _gateway1(
        page,
        "Progress to stage 2",
        "Partially assured overall: the alliance progresses, the themes addressed early in stage 2.",
        THEMES,
    )
    expect(msp_steps.banner(page)).to_contain_text("Gateway 1: progress to stage 2")
    themes = page.locator("main ol.nhsuk-list--number li")
    expect(themes).to_have_count(len(THEMES))
    expect(page.locator("#stages tr", has_text="Stage 2: detailed negotiation")).to_contain_text("Now")
    screenshot(page, "provider-selection/msp-gateway1-progress")

    # Stage 2 is developed with patients and the public.
    msp_steps.step(page, "Record patient and public engagement")
    page.get_by_label("Held on").fill(msp_steps.day(date.today()))
    page.get_by_label("Who took part").fill("The Ipswich and East Suffolk children's pathway group")
    page.get_by_label("What was heard and how it shaped the plans").fill(
        "Families asked for one contact point: the delivery plan gives each locality a single hub."
    )
    page.get_by_role("button", name="Record the engagement").click()
    expect(msp_steps.banner(page)).to_contain_text("The engagement was recorded")

    provider = sign_in(msp_steps.LEAD_PROVIDER)
    commissioners, alliance_lead = "the commissioners", "the alliance lead"
    # Each document: drafted by one side, revised by the other, agreed by the first.
    plan = [
        ("Delivery plan", page, provider, commissioners),
        ("Innovation plan", provider, page, alliance_lead),
        ("Service contract", page, provider, commissioners),
    ]
    for n, (label, drafter, reviser, drafter_side) in enumerate(plan):
        _open_document(drafter, reference, label)
        expect(drafter.locator("main")).to_contain_text("Not yet drafted.")
        _new_version(drafter, label, f"{label}, first draft: the alliance's locality model and milestones.")
        _open_document(reviser, reference, label)
        expect(reviser.locator("main")).to_contain_text("Version 1")
        _new_version(
            reviser,
            label,
            f"{label}, revised: the children's services model and the outcomes framework added.",
            note="Children's services and the outcomes framework",
        )
        expect(reviser.get_by_role("button", name=re.compile("^Agree version"))).to_have_count(0)
        _open_document(drafter, reference, label)
        _agree(drafter, label, 2, drafter_side)
        if n == 0:
            assert not axe_violations(drafter)
            screenshot(drafter, "provider-selection/msp-stage2-document-agreed")
        if label != STAGE2[-1]:
            _try_gateway2(page, reference, list(STAGE2[n + 1 :]))
            if n == 0:
                screenshot(page, "provider-selection/msp-gateway2-refused")

    # Every document agreed by both sides: gateway 2 passes.
    msp_steps.open_from_home(page, reference)
    msp_steps.step(page, "Gateway 2")
    expect(page.locator("main .nhsuk-inset-text")).to_contain_text(
        "Every stage 2 document is agreed by both sides"
    )
    page.get_by_label("Note (optional)").fill("Ratified by both governing bodies.")
    page.get_by_role("button", name="Pass gateway 2").click()
    expect(msp_steps.banner(page)).to_contain_text("Gateway 2 has passed")
    screenshot(page, "provider-selection/msp-gateway2-passed")
    _after_gateway2(page, server_clock, msp)


def _after_gateway2(page, server_clock, msp):
    """The decision record, the notice of intention, the standstill of 8 working days and the
    contract with the alliance's lead provider, its members subcontractors."""
    if page.locator("h1").inner_text() != "The decision record":  # else gateway 2 led straight here
        msp_steps.step(page, "Record the decision against the key criteria")
    expect(page.locator("h1")).to_have_text("The decision record")
    alliance, lead = msp_steps.ALLIANCE, msp_steps.LEAD_NAME
    page.get_by_label("The alliance the contract goes to").select_option(
        label=f"{alliance}: {lead} (its lead provider)"
    )
    page.get_by_label("The contract's value, in pounds").fill("325,000,000")
    _fill_key_criteria(page, "the alliance's submission and the agreed stage 2 documents")
    assert not axe_violations(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(msp_steps.banner(page)).to_contain_text("The decision was recorded")
    expect(page.locator("h1")).to_contain_text(msp.reference)
    award = page.locator("h2#award + dl")
    expect(award).to_contain_text(f"{alliance}, led by {lead}")
    expect(award).to_contain_text("£325,000,000.00")

    page.get_by_role("button", name="Publish the notice of intention to award").click()
    expect(msp_steps.banner(page)).to_contain_text(
        "The notice of intention to award was published: the standstill runs until the end of"
    )
    may_from_row = award.locator(".nhsuk-summary-list__row", has_text="The contract may be made from")
    expect(may_from_row).to_contain_text(re.compile(DAY))
    may_from = _spoken(re.search(DAY, may_from_row.locator("dd").inner_text()).group(0))
    expect(page.locator("#steps").get_by_role("link", name=f"Make the contract with {lead}")).to_have_count(0)
    screenshot(page, "provider-selection/msp-standstill")

    # Past the standstill, the contract is made with the lead provider.
    server_clock(timedelta(days=(may_from - date.today()).days + 1))
    msp_steps.open_from_home(page, msp.reference)
    msp_steps.step(page, f"Make the contract with {lead}")
    starts = (may_from.replace(day=1) + timedelta(days=32)).replace(day=1)
    page.get_by_label("Starts on").fill(msp_steps.day(starts))
    page.get_by_label("Term in months").fill("120")
    page.get_by_role("button", name="Make the contract").click()
    expect(msp_steps.banner(page)).to_contain_text(f"was made with {lead}")
    expect(page.locator("h1")).to_contain_text(msp.title)
    contract = re.search(r"Contract (\S+) was made", msp_steps.banner(page).inner_text()).group(1)
    supplier = page.locator("main dt", has_text="Lead provider").locator("xpath=following-sibling::dd[1]")
    expect(supplier).to_have_text(lead)
    chain = page.locator("#chain tbody tr")
    expect(chain).to_have_count(1 + len(msp_steps.MEMBER_NAMES))
    expect(chain.first).to_contain_text(lead)
    expect(chain.first).to_contain_text("Lead provider")
    for member in msp_steps.MEMBER_NAMES:
        expect(chain.filter(has_text=member)).to_contain_text("Subcontractor")
    screenshot(page, "provider-selection/msp-contract")

    # The process's page links to the contract.
    msp_steps.header_link(page, "Provider selection")
    page.get_by_role("link", name=msp.reference, exact=True).click()
    page.get_by_role("link", name=re.compile("^Go to the Most Suitable Provider process")).click()
    page.get_by_role("link", name=contract, exact=True).click()
    expect(page.locator("h1")).to_contain_text(msp.title)
