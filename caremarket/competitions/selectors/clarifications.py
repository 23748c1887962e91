"""Reads of clarification questions, scoped to the actor. What each person reads of a question
is the rule `clarification_shown`: other suppliers only the published wording of answered
questions, never who asked; the buyer's side also the original wording and the asker."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Min, Q

from caremarket.competitions.models import Competition, Question
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound
from caremarket.core.permissions import can
from caremarket.orgs.models import Organisation
from caremarket.rules.competitions import CompetitionStatus
from caremarket.rules.questions import ClarificationViewer, clarification_shown
from caremarket.rules.roles import Role

S = CompetitionStatus
RECENT_ANSWER_DAYS = 14


@dataclass(frozen=True)
class PublishedQuestion:
    """A clarification as the actor may read it."""

    id: int
    text: str  # the wording for this reader: published once answered (the asker's own words before)
    answer: str
    asked_at: datetime
    answered_at: datetime | None
    mine: bool
    asker: str  # the asking supplier's name, for the buyer's side only
    original: str = ""  # the words as asked, where they differ and the reader may see them


def _viewer(actor: Actor, competition: Competition, question: Question) -> ClarificationViewer:
    if actor.is_member(competition.buyer_id) or actor.sees_everything:
        return ClarificationViewer.BUYER_SIDE
    if question.supplier_id in actor.organisation_ids:
        return ClarificationViewer.ASKER
    return ClarificationViewer.OTHER_SUPPLIER


def questions_for_actor(actor: Actor, competition: Competition) -> list[PublishedQuestion]:
    """The buyer's side sees every question (its original wording and who asked); a supplier
    sees the published answers in their published wording, and its own questions."""
    rows = competition.questions.select_related("supplier").order_by("asked_at", "id")
    found = []
    for question in rows:
        viewer = _viewer(actor, competition, question)
        shown = clarification_shown(
            viewer, original=question.text, published=question.published_text, answer=question.answer
        )
        if shown is None:
            continue
        found.append(
            PublishedQuestion(
                question.pk,
                shown.text,
                shown.answer,
                question.asked_at,
                question.answered_at,
                viewer == ClarificationViewer.ASKER,
                question.supplier.name if shown.asker_named else "",
                shown.original,
            )
        )
    return found


def question_shown_to(actor: Actor, question: Question) -> PublishedQuestion:
    """One question as the actor reads it (after asking or answering it through the API)."""
    competition = question.competition
    return next(q for q in questions_for_actor(actor, competition) if q.id == question.pk)


def question_for_actor(actor: Actor, competition: Competition, question_id: int) -> Question:
    question = competition.questions.filter(pk=question_id).select_related("supplier").first()
    if question is None or not can(actor, "competitions.answer", competition):
        raise NotFound(f"{competition.reference} has no question #{question_id} that you can answer")
    return question


# --- Home page panels --------------------------------------------------------------------------


@dataclass(frozen=True)
class WaitingQuestions:
    competition: Competition
    count: int
    oldest: datetime


def unanswered_for_lead(actor: Actor, *, limit: int = 5) -> list[WaitingQuestions]:
    """The competitions of the organisations the actor leads procurement for with questions
    still to answer while answers can be published (open for bids), oldest question first."""
    led = [org for org, roles in actor.roles_by_org.items() if Role.PROCUREMENT_LEAD in roles]
    if not led:
        return []
    rows = list(
        Question.objects.filter(
            competition__buyer_id__in=led,
            competition__stage=S.PUBLISHED,
            competition__submission_deadline__gt=clock.now(),
            answered_at__isnull=True,
        )
        .values("competition_id")
        .annotate(count=Count("id"), oldest=Min("asked_at"))
        .order_by("oldest", "competition_id")[:limit]
    )
    competitions = Competition.objects.in_bulk([r["competition_id"] for r in rows])
    return [WaitingQuestions(competitions[r["competition_id"]], r["count"], r["oldest"]) for r in rows]


@dataclass(frozen=True)
class NewAnswer:
    competition: Competition
    question: str  # the published wording only
    answered_at: datetime


def recent_answers_for_supplier(supplier: Organisation | None, *, limit: int = 5) -> list[NewAnswer]:
    """Answers published in the last fortnight on the competitions the supplier is invited to
    (or has a bid on, or asked in), newest first, in their published wording."""
    if supplier is None:
        return []
    since = clock.now() - timedelta(days=RECENT_ANSWER_DAYS)
    taking_part = Competition.objects.filter(
        Q(invitations__supplier=supplier) | Q(bids__supplier=supplier) | Q(questions__supplier=supplier)
    ).values("pk")
    rows = (
        Question.objects.filter(answered_at__gte=since, competition__in=taking_part)
        .exclude(competition__stage=S.DRAFT)
        .select_related("competition")
        .order_by("-answered_at", "-id")[:limit]
    )
    return [NewAnswer(q.competition, q.published_wording, q.answered_at) for q in rows]
