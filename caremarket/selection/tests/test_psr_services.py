"""The PSR services: starting and choosing, the decision record, the notice of intention and the
standstill, representations and the review, and the award with its confirmation."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from caremarket.audit.models import AuditEvent
from caremarket.core import clock
from caremarket.core.errors import PermissionDenied, RuleViolation, ValidationFailed
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules import psr as rules
from caremarket.rules.roles import Role, Sector
from caremarket.selection import selectors_psr as selectors
from caremarket.selection.demo_psr import (
    DIRECT_AWARD_C_FACTS,
    build_direct_award_c_in_standstill,
    criteria_rows,
)
from caremarket.selection.models import PsrDecision
from caremarket.selection.services import psr as services
from caremarket.transparency.models import Notice
from caremarket.transparency.overdue import due_notices

pytestmark = pytest.mark.django_db

MORNING = "T09:00:00+00:00"


@pytest.fixture
def parties():
    commissioner = make_organisation(Sector.BUYER, code="SCCG", name="Suffolk Test CCG")
    provider = make_organisation(Sector.SUPPLIER, code="SPRV", name="Equipment Provider Ltd")
    rival = make_organisation(Sector.SUPPLIER, code="SRIV", name="Rival Equipment Ltd")
    lead = make_person(roles=[(commissioner, Role.PROCUREMENT_LEAD)])
    buyer = make_person(roles=[(commissioner, Role.BUYER)])
    rival_person = make_person(roles=[(rival, Role.SUPPLIER_USER)])
    return {
        "commissioner": commissioner,
        "provider": provider,
        "rival": rival,
        "lead": actor_for(lead, commissioner),
        "buyer": actor_for(buyer, commissioner),
        "rival_person": actor_for(rival_person, rival),
    }


def _at(travel, day: str) -> None:
    travel(datetime.fromisoformat(day + MORNING))


def test_only_procurement_leads_and_approvers_start_a_process(parties):
    with pytest.raises(PermissionDenied):
        services.selection_start(actor=parties["buyer"], lead_commissioner=parties["commissioner"], title="X")
    selection = services.selection_start(
        actor=parties["lead"], lead_commissioner=parties["commissioner"], title="Community equipment"
    )
    assert selection.reference.startswith(f"PSR-{clock.today().year}-")
    assert AuditEvent.objects.filter(action="selection.started").exists()


def test_the_chooser_refuses_a_process_that_is_not_open(parties):
    selection = services.selection_start(
        actor=parties["lead"], lead_commissioner=parties["commissioner"], title="Community equipment"
    )
    with pytest.raises(RuleViolation) as refused:
        services.selection_choose(
            actor=parties["lead"],
            selection=selection,
            facts={**DIRECT_AWARD_C_FACTS, "new_lifetime_value": Decimal("4000000")},
            process="direct_award_c",
        )
    assert "Direct Award Process C is not open" in refused.value.message
    chosen = services.selection_choose(
        actor=parties["lead"], selection=selection, facts=DIRECT_AWARD_C_FACTS, process="direct_award_c"
    )
    assert chosen.process == "direct_award_c" and chosen.facts["old_lifetime_value"] == "2400000"


def test_the_decision_record_says_what_is_missing(parties):
    selection = build_direct_award_c_in_standstill(
        actor=parties["lead"],
        commissioner=parties["commissioner"],
        provider=parties["provider"],
        until="chosen",
    )
    rows = criteria_rows(clock.today())
    rows[0]["rationale"] = ""
    with pytest.raises(ValidationFailed) as refused:
        services.psr_decision_record(
            actor=parties["lead"],
            selection=selection,
            provider=parties["provider"],
            contract_value="2,460,000",
            criteria=rows,
        )
    assert (
        "Quality and innovation has no rationale" in refused.value.details["fields"]["quality_and_innovation"]
    )


def test_direct_award_c_with_a_representation_review_proceed_and_five_more_days(parties, travel):
    _at(travel, "2026-03-02")
    selection = build_direct_award_c_in_standstill(
        actor=parties["lead"], commissioner=parties["commissioner"], provider=parties["provider"]
    )
    decision = PsrDecision.objects.get(selection=selection)
    assert decision.intention_published_on == date(2026, 3, 2)
    assert Notice.objects.get(pk=decision.intention_notice_id).notice_type == "PSR_INTENTION"
    assert rules.standstill_ends_on(date(2026, 3, 2)) == date(2026, 3, 12)
    # The decision record is locked.
    with pytest.raises(RuleViolation, match="locked"):
        services.psr_decision_record(
            actor=parties["lead"],
            selection=selection,
            provider=parties["provider"],
            contract_value=Decimal("1"),
            criteria=criteria_rows(clock.today()),
        )
    # Too early to award.
    with pytest.raises(RuleViolation, match="standstill period runs until the end of 12 March 2026"):
        services.psr_award(actor=parties["lead"], selection=selection)
    # A rival provider makes a representation; the award is paused.
    _at(travel, "2026-03-10")
    services.psr_representation_record(
        actor=parties["rival_person"],
        selection=selection,
        provider=parties["rival"],
        summary="We were not asked",
    )
    selection.refresh_from_db()
    assert selection.stage == "paused"
    _at(travel, "2026-03-16")
    with pytest.raises(RuleViolation, match="paused"):
        services.psr_award(actor=parties["lead"], selection=selection)
    rep = selectors.representations_of(selection).get()
    services.psr_representation_clarify(actor=parties["lead"], representation=rep, clarification="Explained")
    with pytest.raises(ValidationFailed):
        services.psr_review_record(actor=parties["lead"], selection=selection, decision="proceed", reasons="")
    services.psr_review_record(
        actor=parties["lead"], selection=selection, decision="proceed", reasons="The provider's record stands"
    )
    # A further 5 working days: 17 to 23 March, so the award may be made from 24 March.
    with pytest.raises(RuleViolation, match="from 24 March 2026"):
        services.psr_award(actor=parties["lead"], selection=selection)
    _at(travel, "2026-03-24")
    contract = services.psr_award(actor=parties["lead"], selection=selection)
    assert contract.supplier == parties["provider"] and contract.value == Decimal("2460000")
    assert contract.signed_on == date(2026, 3, 24)
    # Awarded under the regime, so its later notices (variations, termination) are the PSR's.
    assert contract.regime == "provider_selection_regime"
    # Its confirmation of award is the notice the contract owes: nothing is left due.
    assert due_notices(parties["commissioner"].pk, contract.pk) == []
    selection.refresh_from_db()
    assert selection.stage == "awarded" and selection.contract == contract
    award = Notice.objects.get(pk=PsrDecision.objects.get(selection=selection).award_notice_id)
    assert award.notice_type == "PSR_AWARD"
    summary = selectors.annual_summary(parties["commissioner"].pk, 2025)
    assert summary.counts["direct_awards"] == 1
    assert summary.counts["representations"] == 1
    assert summary.representation_outcomes[rules.ReviewDecision.PROCEED] == 1


def test_a_representation_after_the_standstill_is_refused(parties, travel):
    _at(travel, "2026-03-02")
    selection = build_direct_award_c_in_standstill(
        actor=parties["lead"], commissioner=parties["commissioner"], provider=parties["provider"]
    )
    _at(travel, "2026-03-13")
    with pytest.raises(RuleViolation, match="ended at midnight"):
        services.psr_representation_record(
            actor=parties["rival_person"], selection=selection, provider=parties["rival"], summary="Late"
        )
    with pytest.raises(PermissionDenied):
        services.psr_representation_record(
            actor=parties["rival_person"],
            selection=selection,
            provider=parties["provider"],
            summary="Not ours",
        )
    # Without representations the contract may be awarded the day after the standstill.
    contract = services.psr_award(actor=parties["lead"], selection=selection)
    assert contract.signed_on == date(2026, 3, 13)


def test_repeat_opens_the_decision_record_again_and_abandon_ends(parties, travel):
    _at(travel, "2026-03-02")
    selection = build_direct_award_c_in_standstill(
        actor=parties["lead"], commissioner=parties["commissioner"], provider=parties["provider"]
    )
    services.psr_representation_record(
        actor=parties["lead"],
        selection=selection,
        provider=parties["rival"],
        summary="By email",
        received_on=date(2026, 3, 2),
    )
    _at(travel, "2026-03-05")
    with pytest.raises(ValidationFailed):
        services.psr_review_record(
            actor=parties["lead"], selection=selection, decision="repeat", reasons="Redo"
        )
    services.psr_review_record(
        actor=parties["lead"],
        selection=selection,
        decision="repeat",
        reasons="Redo",
        repeat_from="the decision",
    )
    decision = PsrDecision.objects.get(selection=selection)
    assert decision.round == 2 and decision.intention_published_on is None and len(decision.history) == 1
    services.psr_decision_record(
        actor=parties["lead"],
        selection=selection,
        provider=parties["provider"],
        contract_value=Decimal("2450000"),
        criteria=criteria_rows(clock.today()),
    )
    services.psr_intention_publish(actor=parties["lead"], selection=selection)
    services.psr_representation_record(
        actor=parties["rival_person"], selection=selection, provider=parties["rival"], summary="Again"
    )
    services.psr_review_record(
        actor=parties["lead"], selection=selection, decision="abandon", reasons="No longer needed"
    )
    selection.refresh_from_db()
    assert selection.stage == "abandoned"
    with pytest.raises(RuleViolation, match="abandoned"):
        services.psr_award(actor=parties["lead"], selection=selection)
    summary = selectors.annual_summary(parties["commissioner"].pk, 2025)
    assert summary.counts["representations"] == 2


def test_direct_award_a_has_no_standstill(parties):
    selection = services.selection_start(
        actor=parties["lead"],
        lead_commissioner=parties["commissioner"],
        title="Specialist service",
        term_max_months=24,
    )
    facts = {"existing_provider": True, "only_existing_provider_capable": True}
    services.selection_choose(
        actor=parties["lead"], selection=selection, facts=facts, process="direct_award_a"
    )
    services.psr_decision_record(
        actor=parties["lead"],
        selection=selection,
        provider=parties["provider"],
        contract_value="500,000",
        criteria=criteria_rows(clock.today()),
    )
    with pytest.raises(RuleViolation, match="no notice of intention"):
        services.psr_intention_publish(actor=parties["lead"], selection=selection)
    contract = services.psr_award(actor=parties["lead"], selection=selection)
    assert contract.initial_months == 24
