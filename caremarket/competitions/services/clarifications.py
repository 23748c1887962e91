"""Clarification questions: suppliers ask until the clarification deadline; the buyer answers,
and the answer is published to every supplier taking part without the asker's identity."""

from caremarket.audit.services import audit_record
from caremarket.competitions.models import Competition, Question
from caremarket.competitions.permissions import is_invited
from caremarket.competitions.services.competitions import _notify_bidders
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import RuleViolation, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.orgs.models import Organisation
from caremarket.rules.bidding import answer_refusal, question_refusal

MAX_TEXT = 4000


@service
def question_ask(*, actor: Actor, competition: Competition, supplier: Organisation, text: str) -> Question:
    require(actor, "competitions.take_part", competition)
    if not actor.is_member(supplier.pk):
        raise ValidationFailed.for_field("supplier", "Ask on behalf of your own organisation")
    text = text.strip()
    if not text or len(text) > MAX_TEXT:
        raise ValidationFailed.for_field("text", f"Enter your question (at most {MAX_TEXT:,} characters)")
    now = clock.now()
    refusal = question_refusal(competition.facts(), now, invited=is_invited(competition, supplier.pk))
    if refusal:
        raise refusal.error(reference=competition.reference)
    question = Question.objects.create(
        competition=competition, supplier=supplier, asked_by=actor.person, text=text, asked_at=now
    )
    audit_record(
        actor=actor,
        action="clarification.asked",
        obj=question,
        organisation_id=supplier.pk,
        after={"competition": competition.reference},
    )
    return question


@service
def question_answer(*, actor: Actor, question: Question, answer: str) -> Question:
    """Answer and publish: every supplier taking part is told, without the asker's identity."""
    question = (
        Question.objects.select_for_update(of=("self",)).select_related("competition").get(pk=question.pk)
    )
    competition = question.competition
    require(actor, "competitions.answer", competition)
    answer = answer.strip()
    if not answer or len(answer) > MAX_TEXT:
        raise ValidationFailed.for_field("answer", f"Enter the answer (at most {MAX_TEXT:,} characters)")
    if question.is_answered:
        raise RuleViolation("This question has already been answered and published")
    now = clock.now()
    refusal = answer_refusal(competition.facts(), now)
    if refusal:
        raise refusal.error(reference=competition.reference)
    question.answer, question.answered_at, question.answered_by = answer, now, actor.person
    question.save(update_fields=["answer", "answered_at", "answered_by"])
    _notify_bidders(
        competition,
        f"{competition.reference}: a clarification was published",
        f"Question: {question.text}\n\nAnswer: {answer}",
    )
    audit_record(
        actor=actor,
        action="clarification.answered",
        obj=question,
        organisation_id=competition.buyer_id,
        after={"competition": competition.reference, "answer": answer},
    )
    return question
