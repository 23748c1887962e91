from datetime import timedelta

import pytest

from caremarket.competitions import selectors, services
from caremarket.competitions.factories import make_competition, submit_bid
from caremarket.competitions.models import Notice
from caremarket.core.errors import RuleViolation

pytestmark = pytest.mark.django_db


@pytest.fixture
def competition(market):
    return make_competition(market, publish=True)


def test_an_answer_is_published_to_every_invited_supplier_without_the_askers_identity(market, competition):
    question = services.question_ask(
        actor=market.bidders[0], competition=competition, supplier=market.suppliers[0], text="How many sites?"
    )
    # Before the answer only the asker (and the buyer) sees the question.
    assert [q.text for q in selectors.questions_for_actor(market.bidders[1], competition)] == []
    services.question_answer(actor=market.lead, question=question, answer="Forty sites.")
    seen = selectors.questions_for_actor(market.bidders[1], competition)
    assert [(q.text, q.answer, q.asker, q.mine) for q in seen] == [
        ("How many sites?", "Forty sites.", "", False)
    ]
    assert selectors.questions_for_actor(market.lead, competition)[0].asker == market.suppliers[0].name
    notices = Notice.objects.filter(competition=competition, subject__contains="clarification")
    assert notices.count() == 3
    assert all(market.suppliers[0].name not in n.message for n in notices)


def test_questions_close_at_the_clarification_deadline(market, competition, travel):
    travel(competition.clarification_deadline)
    with pytest.raises(RuleViolation) as exc:
        services.question_ask(
            actor=market.bidders[0], competition=competition, supplier=market.suppliers[0], text="Late?"
        )
    assert exc.value.code == "clarification.closed"


def test_the_competition_cannot_close_with_a_question_unanswered_unless_the_buyer_records_why(
    market, competition, travel
):
    services.question_ask(
        actor=market.bidders[0], competition=competition, supplier=market.suppliers[0], text="Q?"
    )
    submit_bid(market, competition, 0, "100")
    travel(competition.submission_deadline + timedelta(minutes=1))
    with pytest.raises(RuleViolation) as exc:
        services.competition_transition(actor=market.lead, competition=competition, to="evaluation")
    assert exc.value.code == "competition.questions_unanswered"
    competition = services.competition_transition(
        actor=market.lead,
        competition=competition,
        to="evaluation",
        unanswered_reason="The question was answered by the specification, section 4",
    )
    assert competition.stage == "evaluation" and competition.unanswered_reason


def test_answers_cannot_be_published_after_the_deadline(market, competition, travel):
    question = services.question_ask(
        actor=market.bidders[0], competition=competition, supplier=market.suppliers[0], text="Q?"
    )
    travel(competition.submission_deadline)
    with pytest.raises(RuleViolation) as exc:
        services.question_answer(actor=market.lead, question=question, answer="Too late")
    assert exc.value.code == "bid.deadline_passed"
