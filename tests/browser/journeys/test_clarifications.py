"""Clarifications that protect bidders, on pages only: on the demo's population health
analytics competition a supplier asks a question that names itself; the procurement lead finds
it from the home page, rewords it so nothing identifies the asker, and publishes the answer;
another supplier reads only the reworded question, on the questions page and on its home page."""

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, screenshot

LEAD = "lead@caremarket.example"
ANGLIA = "bids@anglia-csu.example"
HARBOUR = "bids@harbour.example"
TITLE = "Population health analytics for the ICB"
ASKED = (
    "Anglia CSU asks: our Norwich analysts hold NHS England accreditation. "
    "Does that meet the data security requirement?"
)
REWORDED = "Does NHS England accreditation of the supplier's analysts meet the data security requirement?"
ANSWER = "Yes, with a current Data Security and Protection Toolkit return for the supplier."


def test_a_question_naming_its_asker_is_published_reworded(sign_in):
    # Anglia opens the competition from its home page and asks, naming itself.
    anglia = sign_in(ANGLIA)
    anglia.goto("/")
    anglia.locator("#invitations").get_by_role("link", name=TITLE).click()
    expect(anglia.locator("h1")).to_contain_text(TITLE)
    anglia.get_by_role("link", name="read the answers or ask a question").click()
    anglia.fill("#text", ASKED)
    anglia.click("button:has-text('Send the question')")
    expect(anglia.locator("#questions")).to_contain_text(ASKED)

    # The lead sees the questions waiting on the home page and goes to them.
    lead = sign_in(LEAD)
    lead.goto("/")
    waiting = lead.locator("#questions-waiting + ul")
    expect(waiting).to_contain_text("unanswered questions on")
    screenshot(lead, "clarifications-lead-home")
    waiting.get_by_role("link").filter(has_text="unanswered questions").first.click()
    card = lead.locator("#questions .nhsuk-card", has_text="from Anglia Commissioning Support Unit")
    expect(card).to_contain_text(ASKED)
    card.get_by_role("link", name="Answer and publish").click()

    # The answer page shows the words as asked and a prefilled "Question as published".
    expect(lead.locator("#original-question")).to_contain_text(ASKED)
    expect(lead.locator("#published_text")).to_have_value(ASKED)
    lead.fill("#published_text", REWORDED)
    lead.click("button:has-text('Publish the answer')")
    summary = lead.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter the answer")
    expect(lead.locator("#published_text")).to_have_value(REWORDED)  # what was typed is kept
    lead.fill("#answer", ANSWER)
    assert not axe_violations(lead)
    screenshot(lead, "clarifications-answer-reworded")
    lead.click("button:has-text('Publish the answer')")
    card = lead.locator("#questions .nhsuk-card", has_text="from Anglia Commissioning Support Unit")
    expect(card).to_contain_text(REWORDED)
    expect(card).to_contain_text(ANSWER)
    card.locator("summary").click()
    expect(card).to_contain_text(ASKED)  # the original stays with the buyer's team

    # Harbour, another bidder, reads only the reworded question: on the questions page...
    harbour = sign_in(HARBOUR)
    harbour.goto("/")
    answers = harbour.locator("#new-answers")
    expect(answers).to_contain_text(REWORDED)  # ...and on its home page
    expect(harbour.locator("main")).not_to_contain_text("Anglia")
    screenshot(harbour, "clarifications-supplier-home")
    answers.get_by_role("link").first.click()
    questions = harbour.locator("#questions")
    expect(questions).to_contain_text(REWORDED)
    expect(questions).to_contain_text(ANSWER)
    expect(harbour.locator("main")).not_to_contain_text("Anglia")
    expect(harbour.locator("main")).not_to_contain_text("Norwich")
    assert not axe_violations(harbour)
    screenshot(harbour, "clarifications-supplier-questions")
