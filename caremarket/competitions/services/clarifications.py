"""Clarification questions: suppliers ask until the clarification deadline; the buyer answers,
and the answer is published to every supplier taking part without the asker's identity. Before
publishing, the buyer may reword the question to remove anything that identifies the asker:
suppliers read only the published wording; the original stays with the buyer's side and the
audit log (the rewording is audited with both)."""

from caremarket.audit.services import audit_record
from caremarket.competitions.models import Competition, Question
from caremarket.competitions.permissions import is_invited
from caremarket.competitions.services.competitions import (
    _message_suppliers,
    _notify_bidders,
    _suppliers_taking_part,
)
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import RuleViolation, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.notifications.services import notify, people_with_roles
from caremarket.orgs.models import Organisation
from caremarket.rules.bidding import answer_refusal, question_refusal
from caremarket.rules.competitions import format_moment
from caremarket.rules.notifications import MessageKind, message_key
from caremarket.rules.questions import CLARIFICATION_MAX_TEXT, published_wording, published_wording_problem
from caremarket.rules.roles import Role

MAX_TEXT = CLARIFICATION_MAX_TEXT


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
    # The buyer's own leads are told; they already see who asked on the questions page.
    notify(
        people_with_roles([competition.buyer_id], [Role.PROCUREMENT_LEAD]),
        kind=MessageKind.QUESTION_ASKED,
        subject=f"{competition.reference}: a supplier asked a clarification question",
        body=(
            f"A supplier asked a clarification question on {competition.title} ({competition.reference}). "
            "Remove anything that identifies the asker from the wording, then publish the answer to "
            f"every supplier before bids close {format_moment(competition.submission_deadline)}."
        ),
        link=f"/competitions/{competition.reference}/questions/{question.pk}/answer",
        organisation=competition.buyer,
        key=message_key(MessageKind.QUESTION_ASKED, f"{competition.reference}/q{question.pk}"),
    )
    return question


@service
def question_answer(
    *, actor: Actor, question: Question, answer: str, published_text: str | None = None
) -> Question:
    """Answer and publish: every supplier taking part is told, without the asker's identity.
    `published_text` rewords the question as every supplier will read it (blank or None keeps
    the words as asked)."""
    question = (
        Question.objects.select_for_update(of=("self",))
        .select_related("competition__buyer")
        .get(pk=question.pk)
    )
    competition = question.competition
    require(actor, "competitions.answer", competition)
    answer = answer.strip()
    if not answer or len(answer) > MAX_TEXT:
        raise ValidationFailed.for_field("answer", f"Enter the answer (at most {MAX_TEXT:,} characters)")
    reworded = (published_text or "").strip()
    problem = published_wording_problem(question.text, reworded)
    if problem:
        raise ValidationFailed.for_field("published_text", problem)
    if question.is_answered:
        raise RuleViolation("This question has already been answered and published")
    now = clock.now()
    refusal = answer_refusal(competition.facts(), now)
    if refusal:
        raise refusal.error(reference=competition.reference)
    wording = published_wording(question.text, reworded)
    question.published_text = wording if wording != question.text else ""
    question.answer, question.answered_at, question.answered_by = answer, now, actor.person
    question.save(update_fields=["published_text", "answer", "answered_at", "answered_by"])
    if question.published_text:
        audit_record(
            actor=actor,
            action="clarification.reworded",
            obj=question,
            organisation_id=competition.buyer_id,
            before={"text": question.text},
            after={"text": question.published_text},
        )
    # Only the published wording leaves the buyer's side: never the words as asked.
    _notify_bidders(
        competition,
        f"{competition.reference}: a clarification was published",
        f"Question: {wording}\n\nAnswer: {answer}",
    )
    _message_suppliers(
        _suppliers_taking_part(competition),
        kind=MessageKind.ANSWER_PUBLISHED,
        subject=f"{competition.reference}: a clarification answer was published",
        body=(
            f"The buyer published an answer to a clarification question on {competition.title} "
            f"({competition.reference}).\n\nQuestion: {wording}\n\nAnswer: {answer}"
        ),
        link=f"/competitions/{competition.reference}/questions",
        key=message_key(MessageKind.ANSWER_PUBLISHED, f"{competition.reference}/q{question.pk}"),
    )
    audit_record(
        actor=actor,
        action="clarification.answered",
        obj=question,
        organisation_id=competition.buyer_id,
        after={"competition": competition.reference, "question": wording, "answer": answer},
    )
    return question
