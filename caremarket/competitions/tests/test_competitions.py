from datetime import timedelta
from decimal import Decimal

import pytest

from caremarket.agreements import services as agreement_services
from caremarket.agreements.factories import SYSTEM
from caremarket.competitions import services
from caremarket.competitions.factories import deadlines, make_competition, make_market, submit_bid
from caremarket.competitions.models import Bid, Notice
from caremarket.core import clock
from caremarket.core.errors import PermissionDenied, RuleViolation, ValidationFailed
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules.roles import Role, Sector

pytestmark = pytest.mark.django_db


def test_a_further_competition_is_created_as_a_draft_with_a_reference_and_a_model(market):
    competition = make_competition(market)
    assert competition.reference.startswith("CM-")
    assert competition.stage == "draft"
    assert competition.evaluation_model["criteria"]
    assert competition.agreement == market.agreement


def test_only_a_procurement_lead_of_the_buyer_creates_one(market):
    with pytest.raises(PermissionDenied):
        services.competition_create(
            actor=market.evaluators[0], buyer=market.buyer, title="X", procedure="open_procedure"
        )


def test_a_procedure_the_lot_does_not_allow_is_refused_with_the_reason():
    market = make_market(suppliers=0, procedures=("direct_award",))
    with pytest.raises(RuleViolation) as exc:
        make_competition(market)
    assert exc.value.code == "lot.procedure_not_allowed"
    assert "Further competition is not allowed on lot 1" in exc.value.message


def test_an_expired_agreement_permits_no_competition():
    today = clock.today()
    market = make_market(
        suppliers=0, starts_on=today - timedelta(days=900), ends_on=today - timedelta(days=1)
    )
    with pytest.raises(RuleViolation) as exc:
        make_competition(market)
    assert exc.value.code == "agreement.expired"


def test_an_open_procedure_needs_no_lot_and_any_supplier_may_bid(market):
    competition = make_competition(
        market, procedure="open_procedure", lot=None, estimated_value=Decimal("120000"), publish=True
    )
    assert competition.invitations.count() == 0
    outsider = make_organisation(Sector.SUPPLIER, code="OPEN1")
    actor = actor_for(make_person(roles=[(outsider, Role.SUPPLIER_USER)]), outsider)
    services.bid_save_draft(actor=actor, competition=competition, supplier=outsider, price="10")
    receipt = services.bid_submit(actor=actor, competition=competition, supplier=outsider)
    assert receipt.content_sha256


def test_publication_freezes_the_invitations_to_every_compliant_supplier_on_the_lot(market):
    # One of the three is suspended before publication: it is not invited.
    place = market.lot.suppliers.get(supplier=market.suppliers[2])
    agreement_services.lot_supplier_suspend(
        actor=SYSTEM, place=place, ground="poor_performance", reason="KPIs"
    )
    competition = make_competition(market, publish=True)
    invited = set(competition.invitations.values_list("supplier__code", flat=True))
    assert invited == {market.suppliers[0].code, market.suppliers[1].code}
    # Frozen: reinstating it now does not add it.
    agreement_services.lot_supplier_reinstate(actor=SYSTEM, place=place, reason="Improved")
    assert competition.invitations.count() == 2
    with pytest.raises(PermissionDenied):
        services.bid_save_draft(
            actor=market.bidders[2], competition=competition, supplier=market.suppliers[2], price="1"
        )


def test_publication_checks_the_deadlines_against_the_minimum_bidding_period(market):
    now = clock.now()
    competition = make_competition(
        market, clarification_deadline=now + timedelta(days=2), submission_deadline=now + timedelta(days=3)
    )
    with pytest.raises(RuleViolation) as exc:
        services.competition_transition(actor=market.lead, competition=competition, to="published")
    assert exc.value.code == "competition.deadline_too_soon"


def test_deadlines_must_be_in_order(market):
    clarification, submission = deadlines()
    with pytest.raises(RuleViolation) as exc:
        make_competition(market, clarification_deadline=submission, submission_deadline=clarification)
    assert exc.value.code == "competition.deadlines_invalid"


def test_a_published_deadline_only_moves_later(market):
    competition = make_competition(market, publish=True)
    with pytest.raises(RuleViolation):
        services.competition_update(
            actor=market.lead,
            competition=competition,
            submission_deadline=competition.submission_deadline - timedelta(hours=1),
        )
    later = competition.submission_deadline + timedelta(days=1)
    competition = services.competition_update(
        actor=market.lead, competition=competition, submission_deadline=later
    )
    assert competition.submission_deadline == later
    assert Notice.objects.filter(competition=competition).count() == 3  # every invited supplier told


def test_changing_the_requirement_invalidates_submitted_bids_and_keeps_the_deadline_away(
    market, settings, travel
):
    competition = make_competition(market, publish=True)
    submit_bid(market, competition, 0, "1000")
    services.bid_save_draft(
        actor=market.bidders[1], competition=competition, supplier=market.suppliers[1], price="900"
    )
    # Two days before the deadline the requirement changes: at least 5 days' notice follows.
    travel(competition.submission_deadline - timedelta(days=2))
    competition = services.competition_update(
        actor=market.lead, competition=competition, requirement="Now 45 sites, with resilience."
    )
    assert competition.requirement_version == 2
    assert competition.submission_deadline == clock.now() + timedelta(days=5)
    statuses = dict(Bid.objects.values_list("supplier__code", "status"))
    assert statuses[market.suppliers[0].code] == "invalidated"
    assert statuses[market.suppliers[1].code] == "draft"
    assert (
        Notice.objects.filter(competition=competition, subject__contains="requirement changed").count() == 3
    )
    # The supplier resubmits against the new requirement.
    receipt = services.bid_resubmit(
        actor=market.bidders[0], competition=competition, supplier=market.suppliers[0]
    )
    assert receipt.action == "resubmitted"


def test_the_minimum_notice_after_a_change_is_configurable(market, settings, travel):
    settings.CAREMARKET_MIN_NOTICE_AFTER_CHANGE_HOURS = 24 * 7
    competition = make_competition(market, publish=True)
    travel(competition.submission_deadline - timedelta(days=2))
    competition = services.competition_update(
        actor=market.lead, competition=competition, requirement="Changed"
    )
    assert competition.submission_deadline == clock.now() + timedelta(days=7)


def test_a_proposed_deadline_too_close_after_a_change_is_refused(market):
    competition = make_competition(market, publish=True)
    with pytest.raises(RuleViolation) as exc:
        services.document_upload(
            actor=market.lead,
            competition=competition,
            kind="specification",
            name="spec.pdf",
            content=b"%PDF v2",
            submission_deadline=clock.now() + timedelta(days=1),
        )
    assert exc.value.code == "competition.deadline_too_soon"


def test_documents_are_versioned_with_their_sha256(market):
    competition = make_competition(market)
    first = services.document_upload(
        actor=market.lead, competition=competition, kind="specification", name="spec.pdf", content=b"one"
    )
    second = services.document_upload(
        actor=market.lead, competition=competition, kind="specification", name="spec.pdf", content=b"two"
    )
    assert (first.version, second.version) == (1, 2)
    assert second.sha256 == "3fc4ccfe745870e2c0d99f71f30ff0656c8dedd41cc1d7d3d376b0dbe685e2f3"
    with pytest.raises(ValidationFailed):
        services.document_upload(
            actor=market.lead, competition=competition, kind="nonsense", name="x", content=b"1"
        )


def test_a_new_specification_after_publication_invalidates_bids(market):
    competition = make_competition(market, publish=True)
    submit_bid(market, competition, 0, "1000")
    services.document_upload(
        actor=market.lead, competition=competition, kind="specification", name="spec.pdf", content=b"v2"
    )
    assert Bid.objects.get().status == "invalidated"
    # Terms are not the requirement: no invalidation, but bidders are told.
    submit_bid(market, competition, 1, "900")
    services.document_upload(
        actor=market.lead, competition=competition, kind="terms", name="t.pdf", content=b"t"
    )
    assert Bid.objects.get(supplier=market.suppliers[1]).status == "submitted"


def test_cancelling_needs_a_reason_and_keeps_the_bids_sealed(market):
    competition = make_competition(market, publish=True)
    with pytest.raises(RuleViolation) as exc:
        services.competition_transition(actor=market.lead, competition=competition, to="cancelled")
    assert exc.value.code == "competition.reason_required"
    competition = services.competition_transition(
        actor=market.lead, competition=competition, to="cancelled", reason="Budget withdrawn"
    )
    assert competition.stage == "cancelled"


def test_the_evaluation_model_is_checked_and_fixed_at_publication(market):
    competition = make_competition(market)
    bad = dict(competition.evaluation_model)
    bad["criteria"] = [
        {"id": "q", "name": "Quality", "weight": "60"},
        {"id": "p", "name": "Price", "weight": "30", "kind": "price"},
    ]
    with pytest.raises(ValidationFailed) as exc:
        services.evaluation_model_set(actor=market.lead, competition=competition, model=bad)
    assert exc.value.code == "evaluation.model_invalid"
    assert "add up to 90, not 100" in exc.value.message
    services.evaluation_model_set(
        actor=market.lead, competition=competition, template_name="open_procedure_70_30"
    )
    services.competition_transition(actor=market.lead, competition=competition, to="published")
    with pytest.raises(RuleViolation):
        services.evaluation_model_set(
            actor=market.lead, competition=competition, template_name="further_competition_60_40"
        )


def test_the_estimated_value_is_checked_against_the_lots_threshold():
    market = make_market(suppliers=0)
    rules = market.lot.current_rules
    agreement_services.lot_rules_update(
        actor=SYSTEM,
        lot=market.lot,
        procedures=rules.procedures,
        takes_new_suppliers=True,
        questions=rules.questions,
        price_units=rules.price_units,
        thresholds={"call_off_max_value": "100000"},
    )
    market.lot.refresh_from_db()
    with pytest.raises(RuleViolation) as exc:
        make_competition(market, estimated_value=Decimal("250000"))
    assert exc.value.code == "lot.threshold_exceeded"


def test_deadlines_without_a_time_zone_are_refused(market):
    from datetime import datetime

    with pytest.raises(ValidationFailed):
        make_competition(market, submission_deadline=datetime(2030, 1, 1, 12))
