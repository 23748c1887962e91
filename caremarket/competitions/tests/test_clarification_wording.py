"""The buyer rewords a question before publishing its answer, so nothing identifies the asker:
every supplier reads only the published wording; the original stays with the buyer's side and
the audit log."""

import pytest

from caremarket.audit.models import AuditEvent
from caremarket.competitions import selectors, services
from caremarket.competitions.factories import make_competition
from caremarket.competitions.models import Notice
from caremarket.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db

ORIGINAL = "Northway Care asks: will our three Leeds sites count as one?"
REWORDED = "Will three sites in one city count as one site?"


@pytest.fixture
def competition(market):
    return make_competition(market, publish=True)


@pytest.fixture
def question(market, competition):
    return services.question_ask(
        actor=market.bidders[0], competition=competition, supplier=market.suppliers[0], text=ORIGINAL
    )


def answer(market, question, published_text=REWORDED):
    return services.question_answer(
        actor=market.lead,
        question=question,
        answer="Yes, sites in one city count once.",
        published_text=published_text,
    )


def test_other_suppliers_read_only_the_published_wording(market, competition, question):
    answer(market, question)
    (seen,) = selectors.questions_for_actor(market.bidders[1], competition)
    assert (seen.text, seen.original, seen.asker, seen.mine) == (REWORDED, "", "", False)
    assert "Northway" not in repr(seen)


def test_the_buyer_side_reads_the_original_and_who_asked(market, competition, question):
    answer(market, question)
    (seen,) = selectors.questions_for_actor(market.lead, competition)
    assert (seen.text, seen.original, seen.asker) == (REWORDED, ORIGINAL, market.suppliers[0].name)


def test_the_asker_keeps_its_own_words_and_reads_the_published_ones(market, competition, question):
    (before,) = selectors.questions_for_actor(market.bidders[0], competition)
    assert (before.text, before.original, before.mine) == (ORIGINAL, "", True)
    answer(market, question)
    (after,) = selectors.questions_for_actor(market.bidders[0], competition)
    assert (after.text, after.original, after.asker) == (REWORDED, ORIGINAL, "")


def test_the_rewording_is_audited_with_before_and_after(market, question):
    answer(market, question)
    event = AuditEvent.objects.get(action="clarification.reworded")
    assert event.before == {"text": ORIGINAL} and event.after == {"text": REWORDED}
    answered = AuditEvent.objects.get(action="clarification.answered")
    assert ORIGINAL not in str(answered.after)


def test_no_rewording_publishes_the_words_as_asked_and_audits_no_rewording(market, competition, question):
    answer(market, question, published_text="")
    question.refresh_from_db()
    assert question.published_text == "" and question.published_wording == ORIGINAL
    assert not AuditEvent.objects.filter(action="clarification.reworded").exists()
    assert selectors.questions_for_actor(market.bidders[1], competition)[0].text == ORIGINAL


def test_the_same_words_are_not_a_rewording(market, question):
    answer(market, question, published_text=f"  {ORIGINAL} ")
    question.refresh_from_db()
    assert question.published_text == ""


def test_notices_carry_the_published_wording_only(market, competition, question):
    answer(market, question)
    notices = Notice.objects.filter(competition=competition, subject__contains="clarification")
    assert notices.count() == 3
    assert all(REWORDED in n.message and "Northway" not in n.message for n in notices)


def test_a_refused_answer_keeps_the_question_unpublished(market, competition, question):
    with pytest.raises(ValidationFailed) as exc:
        answer(market, question, published_text="x" * 4001)
    assert "published_text" in exc.value.details["fields"]
    question.refresh_from_db()
    assert not question.is_answered and question.published_text == ""


def test_the_answer_page_shows_the_original_and_a_prefilled_published_field(
    client, market, competition, question
):
    client.force_login(market.lead.person)
    url = f"/competitions/{competition.reference}/questions/{question.pk}/answer"
    page = client.get(url).content.decode()
    assert "Question as published" in page and page.count("Northway Care asks") == 2  # shown and prefilled
    response = client.post(url, {"published_text": REWORDED, "answer": ""})
    page = response.content.decode()
    assert "Enter the answer" in page and REWORDED in page  # the typed wording is kept
    response = client.post(url, {"published_text": REWORDED, "answer": "Yes."})
    assert response.status_code == 302
    client.force_login(market.bidders[1].person)
    page = client.get(f"/competitions/{competition.reference}/questions").content.decode()
    assert REWORDED in page and "Northway" not in page


def test_the_api_answers_with_a_reworded_question(client, market, competition, question):
    client.force_login(market.lead.person)
    response = client.post(
        f"/api/v1/competitions/{competition.reference}/questions/{question.pk}/answer",
        {"answer": "Yes.", "question": REWORDED},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["text"], body["original"], body["asker"]) == (REWORDED, ORIGINAL, market.suppliers[0].name)
    client.force_login(market.bidders[2].person)
    listed = client.get(f"/api/v1/competitions/{competition.reference}/questions").json()
    assert [(q["text"], q["original"], q["asker"]) for q in listed] == [(REWORDED, "", "")]


def test_home_pages_show_questions_waiting_and_new_answers(client, market, competition, question):
    client.force_login(market.lead.person)
    page = client.get("/").content.decode()
    assert "1 unanswered question on " + competition.reference in page
    answer(market, question)
    assert "unanswered question" not in client.get("/").content.decode()
    client.force_login(market.bidders[1].person)
    page = client.get("/").content.decode()
    assert "New clarification answers" in page and REWORDED in page and "Northway" not in page
