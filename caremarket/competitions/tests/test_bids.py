import json
from datetime import timedelta

import pytest
from cryptography.exceptions import InvalidTag

from caremarket.audit.models import AuditEvent, SealedEvent
from caremarket.audit.selectors import (
    audit_events_for_actor,
    opened_stream_for_actor,
    sealed_events_for_actor,
)
from caremarket.competitions import engine, seal, selectors, services
from caremarket.competitions.factories import make_competition, submit_bid
from caremarket.competitions.models import Bid, BidFile, Receipt
from caremarket.core import clock
from caremarket.core.errors import NotFound, PermissionDenied, RuleViolation, ValidationFailed
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules.roles import Role, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def competition(market):
    return make_competition(market, publish=True)


def test_a_supplier_drafts_submits_withdraws_and_resubmits_before_the_deadline(market, competition):
    supplier, actor = market.suppliers[0], market.bidders[0]
    bid = services.bid_save_draft(
        actor=actor,
        competition=competition,
        supplier=supplier,
        price="125000",
        responses={"delivery": "Plan"},
    )
    assert bid.status == "draft" and bid.draft["price"] == "125000.00"
    receipt = services.bid_submit(actor=actor, competition=competition, supplier=supplier)
    bid.refresh_from_db()
    assert bid.status == "submitted" and bid.draft == {}
    assert receipt.issued_at == bid.submitted_at
    assert receipt.content_sha256 == seal.sha256(bytes(bid.sealed)) == bid.content_sha256
    services.bid_withdraw(actor=actor, competition=competition, supplier=supplier)
    again = services.bid_resubmit(actor=actor, competition=competition, supplier=supplier)
    assert again.action == "resubmitted" and again.number != receipt.number
    assert Receipt.objects.filter(bid=bid).count() == 2


def test_wrong_moves_are_refused_with_the_reason(market, competition):
    supplier, actor = market.suppliers[0], market.bidders[0]
    with pytest.raises(RuleViolation) as exc:
        services.bid_submit(actor=actor, competition=competition, supplier=supplier)
    assert exc.value.message == "There is no draft bid to submit"
    submit_bid(market, competition, 0, "10")
    with pytest.raises(RuleViolation) as exc:
        services.bid_save_draft(actor=actor, competition=competition, supplier=supplier, price="11")
    assert "withdraw it before changing it" in exc.value.message


def test_a_draft_without_a_price_cannot_be_submitted(market, competition):
    supplier, actor = market.suppliers[0], market.bidders[0]
    services.bid_save_draft(actor=actor, competition=competition, supplier=supplier, responses={"x": "y"})
    with pytest.raises(ValidationFailed) as exc:
        services.bid_submit(actor=actor, competition=competition, supplier=supplier)
    assert "Enter your price" in exc.value.message
    with pytest.raises(ValidationFailed):
        services.bid_save_draft(actor=actor, competition=competition, supplier=supplier, price="-3")


def test_nothing_is_accepted_at_or_after_the_deadline(market, competition, travel):
    supplier, actor = market.suppliers[0], market.bidders[0]
    services.bid_save_draft(actor=actor, competition=competition, supplier=supplier, price="10")
    travel(competition.submission_deadline - timedelta(microseconds=1))
    services.bid_submit(actor=actor, competition=competition, supplier=supplier)
    services.bid_withdraw(actor=actor, competition=competition, supplier=supplier)
    travel(competition.submission_deadline)
    for attempt in (services.bid_resubmit, services.bid_withdraw):
        with pytest.raises(RuleViolation) as exc:
            attempt(actor=actor, competition=competition, supplier=supplier)
        assert exc.value.code == "bid.deadline_passed"
    with pytest.raises(RuleViolation):
        services.bid_save_draft(
            actor=market.bidders[1], competition=competition, supplier=market.suppliers[1], price="1"
        )


def test_a_supplier_not_invited_cannot_bid_or_bid_for_another(market, competition):
    outsider = make_organisation(Sector.SUPPLIER, code="NOTINV")
    actor = actor_for(make_person(roles=[(outsider, Role.SUPPLIER_USER)]), outsider)
    with pytest.raises(PermissionDenied):
        services.bid_save_draft(actor=actor, competition=competition, supplier=outsider, price="1")
    with pytest.raises(ValidationFailed):
        services.bid_save_draft(
            actor=market.bidders[0], competition=competition, supplier=market.suppliers[1], price="1"
        )


def test_a_draft_competition_takes_no_bids(market):
    competition = make_competition(market)
    with pytest.raises(PermissionDenied):
        services.bid_save_draft(
            actor=market.bidders[0], competition=competition, supplier=market.suppliers[0], price="1"
        )


def test_bid_content_and_files_are_encrypted_at_rest(market, competition, travel):
    supplier, actor = market.suppliers[0], market.bidders[0]
    services.bid_save_draft(
        actor=actor,
        competition=competition,
        supplier=supplier,
        price="98765.43",
        responses={"delivery": "SECRET-PLAN"},
    )
    item = services.bid_file_add(
        actor=actor,
        competition=competition,
        supplier=supplier,
        name="plan.pdf",
        content=b"CONFIDENTIAL-FILE",
        content_type="application/pdf",
    )
    services.bid_submit(actor=actor, competition=competition, supplier=supplier)
    bid = Bid.objects.get()
    assert b"98765" not in bytes(bid.sealed) and b"SECRET-PLAN" not in bytes(bid.sealed)
    assert b"CONFIDENTIAL" not in bytes(BidFile.objects.get().sealed)
    assert bytes(competition.wrapped_private_key) and len(bytes(competition.public_key)) == 32
    # The key is released only at the deadline, whoever asks.
    with pytest.raises(RuleViolation) as exc:
        seal.unwrap_private_key(competition, clock.now())
    assert exc.value.code == "bid.sealed"
    travel(competition.submission_deadline)
    opened = engine.open_bids(competition, clock.now())[0]
    assert opened.content["price"] == "98765.43" and opened.content["responses"]["delivery"] == "SECRET-PLAN"
    assert opened.content["files"][0]["sha256"] == item.sha256
    assert engine.open_file(competition, BidFile.objects.get(), clock.now()) == b"CONFIDENTIAL-FILE"


def test_sealed_content_cannot_be_moved_to_another_bid(market, competition, travel):
    submit_bid(market, competition, 0, "1")
    submit_bid(market, competition, 1, "2")
    first, second = Bid.objects.order_by("id")
    travel(competition.submission_deadline)
    key = seal.unwrap_private_key(competition, clock.now())
    with pytest.raises(InvalidTag):
        key.open(bytes(first.sealed), f"bid:{second.pk}:content")
    assert json.loads(key.open(bytes(first.sealed), f"bid:{first.pk}:content"))["price"] == "1.00"


def buyer_side(market):
    from caremarket.orgs.factories import actor_for, make_person

    platform = make_organisation(Sector.PLATFORM, code="PLAT")
    return [
        market.lead,
        market.approver,
        *market.evaluators,
        actor_for(make_person(roles=[(platform, Role.AUDITOR)])),
        actor_for(make_person(roles=[(platform, Role.PLATFORM_ADMIN)])),
    ]


def test_nobody_on_the_buyer_side_reads_or_counts_bids_before_the_deadline(market, competition, travel):
    for evaluator in market.evaluators:
        services.evaluator_assign(actor=market.lead, competition=competition, person=evaluator.person)
        services.evaluator_declare(actor=evaluator, competition=competition, declaration="no_conflict")
    submit_bid(market, competition, 0, "100")
    bid = Bid.objects.get()
    people = buyer_side(market)
    for actor in people:
        with pytest.raises(PermissionDenied) as exc:
            selectors.bids_for_actor(actor, competition)
        assert exc.value.code == "bid.sealed"
        with pytest.raises(PermissionDenied):
            selectors.opened_bid_for_actor(actor, competition, bid.pk)
        # Not even the audit log says who bid, or how many: bid events are in a sealed stream.
        if actor.sees_everything:
            assert not audit_events_for_actor(actor).filter(action__startswith="bid.").exists()
            with pytest.raises(NotFound):
                opened_stream_for_actor(actor, "competitions.competition", str(competition.pk))
    assert not AuditEvent.objects.filter(action__startswith="bid.").exists()
    assert SealedEvent.objects.filter(action="bid.submitted").count() == 1
    travel(competition.submission_deadline)
    for actor in people:
        assert [b.pk for b in selectors.bids_for_actor(actor, competition)] == [bid.pk]
        if actor.sees_everything:
            stream = opened_stream_for_actor(actor, "competitions.competition", str(competition.pk))
            assert [e.action for e in sealed_events_for_actor(actor, stream)][-1] == "bid.submitted"
    # The supplier's own administrators see its own events once the stream opens.
    supplier_admin = actor_for(make_person(roles=[(market.suppliers[0], Role.ORG_ADMIN)]))
    stream = opened_stream_for_actor(supplier_admin, "competitions.competition", str(competition.pk))
    assert "bid.submitted" in {e.action for e in sealed_events_for_actor(supplier_admin, stream)}


def test_an_evaluator_opens_bids_only_after_declaring_no_conflict(market, competition, travel):
    evaluator = market.evaluators[0]
    services.evaluator_assign(actor=market.lead, competition=competition, person=evaluator.person)
    submit_bid(market, competition, 0, "100")
    travel(competition.submission_deadline)
    bid = Bid.objects.get()
    with pytest.raises(RuleViolation) as exc:
        selectors.opened_bid_for_actor(evaluator, competition, bid.pk)
    assert exc.value.code == "evaluator.conflict_not_declared"
    services.evaluator_declare(
        actor=evaluator, competition=competition, declaration="conflict", note="Ex-employee"
    )
    with pytest.raises(RuleViolation) as exc:
        selectors.opened_bid_for_actor(evaluator, competition, bid.pk)
    assert exc.value.code == "evaluator.conflicted"
    # An evaluator not on the panel cannot open them at all.
    with pytest.raises(PermissionDenied):
        selectors.bids_for_actor(market.evaluators[1], competition)


def test_a_competition_cancelled_before_its_deadline_keeps_its_bids_sealed(market, competition, travel):
    submit_bid(market, competition, 0, "100")
    services.competition_transition(
        actor=market.lead, competition=competition, to="cancelled", reason="No budget"
    )
    travel(competition.submission_deadline + timedelta(days=1))
    competition.refresh_from_db()
    with pytest.raises(PermissionDenied):
        selectors.bids_for_actor(market.lead, competition)


def test_a_supplier_sees_its_own_bid_and_receipts_never_another(market, competition):
    submit_bid(market, competition, 0, "100")
    own = selectors.own_bid_for_actor(market.bidders[0], competition)
    assert own.status == "submitted" and own.receipts.count() == 1
    assert selectors.own_bid_for_actor(market.bidders[1], competition) is None
    outsider = make_organisation(Sector.SUPPLIER, code="NOSEE")
    with pytest.raises(NotFound):
        selectors.own_bid_for_actor(
            actor_for(make_person(roles=[(outsider, Role.SUPPLIER_USER)])), competition
        )
