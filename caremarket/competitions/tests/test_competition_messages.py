"""The messages people are sent about competitions and applications: who gets each, who does
not, and that nothing private travels in them (a question's original wording, other prices)."""

from datetime import datetime, timedelta

import pytest
from django.core import mail

from caremarket.agreements import services as agreement_services
from caremarket.agreements.factories import apply, make_supplier
from caremarket.competitions import services
from caremarket.competitions.factories import make_competition
from caremarket.competitions.tests.test_evaluation_and_award import award_it
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.notifications.models import Message
from caremarket.orgs.factories import actor_for, make_person
from caremarket.rules.notifications import MessageKind
from caremarket.rules.roles import Role

pytestmark = pytest.mark.django_db
K = MessageKind
ORIGINAL = "Northway Care asks: do our Leeds sites count once?"
REWORDED = "Do sites in one city count once?"


def told(kind, **filters):
    return {m.recipient_id for m in Message.objects.filter(kind=kind, **filters)}


def people(*actors):
    return {a.person.pk for a in actors}


def test_invited_suppliers_people_are_told_when_the_competition_is_published(
    market, django_capture_on_commit_callbacks
):
    outsider = actor_for(make_person(roles=[(make_supplier(code="OUT01"), Role.SUPPLIER_USER)]))
    with django_capture_on_commit_callbacks(execute=True):
        competition = make_competition(market, publish=True)
    assert told(K.INVITATION) == people(*market.bidders)
    assert outsider.person.pk not in told(K.INVITATION)
    message = Message.objects.filter(kind=K.INVITATION).first()
    assert message.link == f"/competitions/{competition.reference}"
    assert market.buyer.name in message.subject and "Bids close" in message.body
    assert {m.to[0] for m in mail.outbox if "invites you" in m.subject} == {
        a.person.email for a in market.bidders
    }


def test_the_lead_is_told_when_a_supplier_asks(market, django_capture_on_commit_callbacks):
    competition = make_competition(market, publish=True)
    with django_capture_on_commit_callbacks(execute=True):
        question = services.question_ask(
            actor=market.bidders[0], competition=competition, supplier=market.suppliers[0], text=ORIGINAL
        )
    assert told(K.QUESTION_ASKED) == people(market.lead)  # not the approver, evaluators or suppliers
    message = Message.objects.get(kind=K.QUESTION_ASKED)
    assert message.link == f"/competitions/{competition.reference}/questions/{question.pk}/answer"
    assert [m.to for m in mail.outbox if "asked a clarification" in m.subject] == [[market.lead.person.email]]


def test_every_supplier_taking_part_is_told_of_an_answer_in_its_published_wording_only(
    market, django_capture_on_commit_callbacks
):
    competition = make_competition(market, publish=True)
    outsider = actor_for(make_person(roles=[(make_supplier(code="OUT02"), Role.SUPPLIER_USER)]))
    question = services.question_ask(
        actor=market.bidders[0], competition=competition, supplier=market.suppliers[0], text=ORIGINAL
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.question_answer(actor=market.lead, question=question, answer="Yes.", published_text=REWORDED)
    assert told(K.ANSWER_PUBLISHED) == people(*market.bidders)
    assert outsider.person.pk not in told(K.ANSWER_PUBLISHED)
    assert market.lead.person.pk not in told(K.ANSWER_PUBLISHED)
    for message in Message.objects.filter(kind=K.ANSWER_PUBLISHED):
        assert REWORDED in message.body and message.link == f"/competitions/{competition.reference}/questions"
    # The original wording is in no message and no email, of any kind.
    assert not Message.objects.filter(body__contains="Northway").exists()
    assert not Message.objects.filter(subject__contains="Northway").exists()
    assert mail.outbox and not any("Northway" in m.body or "Northway" in m.subject for m in mail.outbox)


def test_an_admission_or_refusal_tells_the_applying_suppliers_people(
    market, django_capture_on_commit_callbacks
):
    system = Actor.system("test")
    applicant = make_supplier(code="APP01", name="Applicant Care Ltd")
    colleague = actor_for(make_person(roles=[(applicant, Role.SUPPLIER_USER)]), applicant)
    bystander = market.bidders[0]
    admitted, refused = (
        apply(applicant, market.agreement, (1,))[0],
        apply(make_supplier(code="APP02"), market.agreement, (1,))[0],
    )
    refused_people = actor_for(make_person(roles=[(refused.supplier, Role.SUPPLIER_USER)]), refused.supplier)
    with django_capture_on_commit_callbacks(execute=True):
        agreement_services.application_assess(
            actor=system, application=admitted, outcome="pass", reasons="Fine"
        )
        agreement_services.application_admit(actor=system, application=admitted)
        agreement_services.application_assess(actor=system, application=refused, outcome="fail", reasons="No")
        agreement_services.application_reject(actor=system, application=refused, reason="No DSPT")
    yes = Message.objects.get(kind=K.APPLICATION_DECIDED, recipient=colleague.person)
    assert "admitted" in yes.subject and yes.link == f"/agreements/applications/{admitted.pk}"
    no = Message.objects.get(kind=K.APPLICATION_DECIDED, recipient=refused_people.person)
    assert "refused" in no.subject and "No DSPT" in no.body
    assert bystander.person.pk not in told(K.APPLICATION_DECIDED)


def test_each_bidder_is_told_its_standstill_letter_is_ready_then_the_award(
    market, travel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        competition, bids, award = award_it(market, travel)
    letters = Message.objects.filter(kind=K.STANDSTILL_LETTER)
    assert {m.recipient_id for m in letters} == people(*market.bidders)
    for message in letters:
        assert message.link == f"/competitions/{competition.reference}/award-letter"
        assert "£" not in message.body and "Bidder" not in message.body  # no prices, no other bidders
        assert "30 March 2027" in message.body
    assert not Message.objects.filter(kind=K.STANDSTILL_LETTER, recipient=market.lead.person).exists()
    travel(
        datetime.combine(award.standstill_ends_on + timedelta(days=1), datetime.min.time(), clock.LONDON)
        + timedelta(hours=9)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.award_confirm(actor=market.lead, competition=competition)
    awards = {m.recipient_id: m for m in Message.objects.filter(kind=K.AWARD)}
    assert set(awards) == people(*market.bidders)
    winner = market.bidders[[s.pk for s in market.suppliers].index(bids[0].supplier_id)]
    assert "awarded" in awards[winner.person.pk].subject
    for actor in market.bidders:
        if actor != winner:
            assert "not successful" in awards[actor.person.pk].body
        assert "£" not in awards[actor.person.pk].body
