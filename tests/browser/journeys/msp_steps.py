"""Walking a Most Suitable Provider process through its pages, for the browser journeys.

The demo's Suffolk people (caremarket/demo/selection_suffolk.py): the commissioners' procurement
lead (NHS Suffolk and North East Essex ICB - 06L, with 07K), two panel members, and the
provider organisations of the Suffolk providers, The Ipswich Hospital's people leading the
alliance. Every step is a click or a form, starting from the person's home page."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations

COMMISSIONER = "suffolk.lead@caremarket.example"  # Joanne Reeve, 06L and 07K's procurement lead
PANEL = {"east.panel@caremarket.example": "Marcus Ellery", "west.panel@caremarket.example": "Nadia Karim"}
LEAD_PROVIDER = "ipswich.provider@caremarket.example"  # Owen Pryce, The Ipswich Hospital (RGQ-P)
ALLIANCE = "Ipswich and East Suffolk community alliance"
LEAD_NAME = "The Ipswich Hospital NHS Trust"
MEMBER_NAMES = ("Norfolk and Suffolk NHS Foundation Trust", "Suffolk County Council", "Suffolk GP Federation")
FRAMEWORK = "Suffolk NHS community services Most Capable Provider evaluation framework"
SUBMISSION_DOCUMENTS = ("Constructive dialogue session slides", "Narrative pack", "Evidence log")
# The panel rates every sub-criterion assured but Service Delivery's, partially assured: the
# moderated rating is partially assured overall, so progressing needs a rationale and themes.
PARTIAL_DOMAIN = "Service Delivery"


def pdf(title: str) -> bytes:
    body = f"%PDF-1.4\n% {title}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return body.encode()


def day(d: date) -> str:
    return d.strftime("%d/%m/%Y")


@dataclass
class Msp:
    """A process walked to gateway 1: its reference, title and the commissioner's page."""

    reference: str
    title: str
    commissioner: Page


def banner(page: Page):
    return page.locator(".nhsuk-notification-banner")


def open_from_home(page: Page, reference: str) -> None:
    """From the person's home page, the process's page (the Most Suitable Provider panel)."""
    page.goto("/")
    page.locator("#msp-processes").get_by_role("link", name=re.compile(f"^{reference}:")).click()
    expect(page.locator("h1")).to_contain_text(reference)


def step(page: Page, name: str) -> None:
    """Follow the link `name` in the process page's steps."""
    page.locator("#steps").get_by_role("link", name=name, exact=True).click()


def header_link(page: Page, name: str) -> None:
    """Click the header's link `name`, opening the header's "More" menu if it was moved there."""
    link = page.locator("header nav a", has_text=name).first
    if not link.is_visible():
        page.locator("header #toggle-menu").click()
    link.click()


# --- The commissioner: starting, choosing and setting up ------------------------------------------


def start_msp_process(sign_in, title: str) -> Msp:
    """The commissioner starts a process, the chooser leads to the Most Suitable Provider
    process, and that process starts under the Suffolk framework."""
    page = sign_in(COMMISSIONER)
    page.goto("/")
    header_link(page, "Provider selection")
    page.get_by_role("link", name="Start a provider selection process").click()
    page.get_by_label("Services").fill(title)
    page.get_by_label("Description").fill(
        "Community services for adults and children in Ipswich and East Suffolk: proactive, reactive "
        "and children's services by integrated locality teams."
    )
    page.get_by_label("Other commissioners (optional)").fill("07K")
    page.get_by_label("Estimated value, in pounds (optional)").fill("325,000,000")
    page.get_by_label("Shortest term, in months (optional)").fill("96")
    page.get_by_label("Longest term, in months (optional)").fill("120")
    page.get_by_role("button", name="Start the process").click()
    expect(page.locator("h1")).to_have_text("Choose the process")
    reference = re.search(r"^(PSR-\d{4}-\d+):", page.locator(".nhsuk-caption-l").inner_text()).group(1)

    for question in (
        "Is there an existing provider of these services?",
        "Can the authority identify the most suitable provider without a competition?",
    ):
        page.get_by_role("group", name=question).get_by_label("Yes").check()
    page.get_by_role("button", name="Check the processes").click()
    msp = page.locator("ol li").filter(has_text="Most Suitable Provider Process")
    expect(msp).to_contain_text("Most Suitable Provider Process – open")
    page.get_by_role("group", name="The process to follow").get_by_label(
        "Most Suitable Provider Process"
    ).check()
    page.get_by_role("button", name="Record the process").click()
    expect(banner(page)).to_contain_text("Most Suitable Provider Process was chosen")

    # The process's page leads to the Most Suitable Provider process, which starts.
    page.get_by_role("link", name=f"Back to {reference}").click()
    page.get_by_role("link", name="Start the Most Suitable Provider process").click()
    page.get_by_label(FRAMEWORK).check()
    page.get_by_role("button", name="Start the process").click()
    expect(banner(page)).to_contain_text("The Most Suitable Provider process has started")
    expect(page.locator("h1")).to_have_text(f"{reference}: {title}")
    return Msp(reference, title, page)


def record_alliance(msp: Msp) -> None:
    """The alliance, its lead and members, and its signed letter of commitment."""
    page = msp.commissioner
    step(page, "Record an alliance")
    page.get_by_label("Alliance name").fill(ALLIANCE)
    page.get_by_label("Lead provider").select_option(label=LEAD_NAME)
    members = page.get_by_role("group", name="Members")
    for name in (LEAD_NAME, *MEMBER_NAMES):
        members.get_by_label(name, exact=True).check()
    page.get_by_role("button", name="Record the alliance").click()
    expect(banner(page)).to_contain_text(f"{ALLIANCE} was recorded")
    row = page.locator("#alliances tr", has_text=ALLIANCE)
    expect(row).to_contain_text(LEAD_NAME)
    expect(row).to_contain_text("Not yet recorded")

    page.locator("#alliances").get_by_role("link", name=ALLIANCE).click()
    page.get_by_role("link", name="Record the signed letter of commitment").click()
    page.get_by_label("Signed on").fill(day(date.today()))
    page.get_by_label("Signed by").fill("The chief executives of the alliance's four providers")
    page.get_by_label("The signed letter").set_input_files(
        {"name": "letter-of-commitment.pdf", "mimeType": "application/pdf", "buffer": pdf("Letter")}
    )
    page.get_by_role("button", name="Record the letter").click()
    expect(banner(page)).to_contain_text(f"{ALLIANCE}'s letter of commitment was recorded")
    expect(page.locator("#alliances tr", has_text=ALLIANCE)).to_contain_text("Signed ")


def publish_market_notice(msp: Msp) -> None:
    page = msp.commissioner
    step(page, "Publish the notice to the market")
    page.get_by_role("button", name="Publish the notice").click()
    expect(banner(page)).to_contain_text("The notice to the market was published")
    expect(page.locator("h1")).to_have_text(f"Notice to the market: {msp.title}")
    open_from_home(page, msp.reference)
    expect(page.get_by_role("link", name="Publish the notice to the market")).to_have_count(0)


def record_dialogue_sessions(msp: Msp, sessions: int = 5) -> None:
    page = msp.commissioner
    for number in range(1, sessions + 1):
        step(page, "Record a dialogue session")
        expect(page.locator("h1")).to_have_text(f"Record dialogue session {number} of {sessions}")
        page.get_by_label("Held on").fill(day(date.today()))
        subjects = page.get_by_role("group", name="Subjects").get_by_role("checkbox")
        count = subjects.count()
        chosen = [subjects.nth(n) for n in range(2 * (number - 1), min(2 * number, count))] or [
            subjects.nth(count - 1)
        ]
        for box in chosen:
            box.check()
        page.get_by_label("The alliance's presentation").fill(
            f"Session {number}: the alliance presented its approach, then questions and dialogue."
        )
        page.get_by_label("Question 1", exact=True).fill("How will the alliance work across localities?")
        page.get_by_label("Answer 1", exact=True).fill("Through joint leadership of the 13 locality teams.")
        page.get_by_role("button", name="Record the session").click()
        expect(banner(page)).to_contain_text(f"Dialogue session {number} was recorded")
    expect(page.locator("main h3", has_text="Session ")).to_have_count(sessions)


def set_submission_deadline(msp: Msp, deadline: date) -> None:
    page = msp.commissioner
    step(page, "Set the written submission deadline")
    page.get_by_label("Deadline").fill(day(deadline))
    page.get_by_role("button", name="Save").click()
    expect(banner(page)).to_contain_text("The written submission deadline was set")


def add_panel(msp: Msp) -> None:
    page = msp.commissioner
    for email, name in PANEL.items():
        step(page, "Add a panel member")
        page.get_by_label("Person").select_option(label=f"{name} ({email})")
        page.get_by_role("button", name="Add to the panel").click()
        expect(banner(page)).to_contain_text("joined the assessment panel")


# --- The alliance's lead provider: the written submission ---------------------------------------


def make_submission(sign_in, msp: Msp) -> None:
    page = sign_in(LEAD_PROVIDER)
    open_from_home(page, msp.reference)
    page.locator("#alliances").get_by_role("link", name=ALLIANCE).click()
    page.get_by_role("link", name="The written submission").click()
    for n, label in enumerate(SUBMISSION_DOCUMENTS):
        page.get_by_label("Document").select_option(label=label)
        page.get_by_label("File").set_input_files(
            {"name": f"submission-{n + 1}.pdf", "mimeType": "application/pdf", "buffer": pdf(label)}
        )
        page.get_by_role("button", name="Upload").click()
        expect(banner(page)).to_contain_text(f"submission-{n + 1}.pdf was uploaded")
    expect(page.locator("main")).not_to_contain_text("Still to upload")
    page.get_by_role("button", name="Make the submission").click()
    expect(banner(page)).to_contain_text(f"{ALLIANCE}'s written submission was made")


# --- The panel: declaring and rating; the commissioner moderates ----------------------------------


def panel_rates(sign_in, msp: Msp) -> None:
    for email in PANEL:
        page = sign_in(email)
        open_from_home(page, msp.reference)
        page.get_by_role("link", name="Declare any conflict of interest").click()
        page.get_by_label("No, I have no conflict of interest").check()
        page.get_by_role("button", name="Make my declaration").click()
        expect(banner(page)).to_contain_text("Your declaration was recorded")
        page.get_by_role("link", name=f"Rate {ALLIANCE}'s submission").click()
        domains = page.locator("main h2:has-text('Domains') + ul a").count()
        for _ in range(domains):
            domain = page.locator("h1").inner_text().split(": ", 1)[1]
            rating = "Partially assured" if domain == PARTIAL_DOMAIN else "Assured"
            groups = page.locator("form .nhsuk-form-group")
            for n in range(groups.count()):
                group = groups.nth(n)
                group.get_by_label(rating, exact=True).check()
                group.get_by_label("Comment").fill(f"{domain}: the submission's evidence, considered")
            if domain == PARTIAL_DOMAIN:
                assert not axe_violations(page)
            page.get_by_role("button", name="Save and continue").click()
            expect(banner(page)).to_contain_text(f"Your ratings of {domain} were saved")
        expect(page.locator("h1")).to_contain_text(msp.reference)  # back on the process page


def moderate(msp: Msp) -> None:
    page = msp.commissioner
    open_from_home(page, msp.reference)
    step(page, f"Moderate {ALLIANCE}'s ratings")
    rows = page.locator("#moderation tbody tr")
    for n in range(rows.count()):
        row = rows.nth(n)
        expect(row.get_by_label("Agreed rating")).not_to_have_value("")  # the panel's, suggested
        row.get_by_label("Rationale").fill("Both panel members gave this rating; the panel agreed it.")
    page.get_by_label("Overall rationale").fill(
        "Partially assured overall: service delivery needs more detail, to be addressed early in stage 2."
    )
    assert not axe_violations(page)
    page.get_by_role("button", name="Record the moderation").click()
    expect(banner(page)).to_contain_text(f"{ALLIANCE}'s ratings were moderated")


def walk_to_gateway1(sign_in, server_clock, title: str) -> Msp:
    """A process started, set up, its dialogue held, the submission made by today's deadline,
    and (the server's clock moved a day on, past the deadline) rated and moderated: gateway 1
    is next. The clock stays moved: the caller puts it back."""
    msp = start_msp_process(sign_in, title)
    record_alliance(msp)
    publish_market_notice(msp)
    record_dialogue_sessions(msp)
    set_submission_deadline(msp, date.today())
    add_panel(msp)
    make_submission(sign_in, msp)
    server_clock(timedelta(days=1))  # the panel rates once the deadline has passed
    panel_rates(sign_in, msp)
    moderate(msp)
    open_from_home(msp.commissioner, msp.reference)
    return msp
