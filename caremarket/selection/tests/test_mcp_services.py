"""The Most Suitable Provider process's services: each step audited, permission-checked and
refused with a clear reason when the stage rules say no."""

from datetime import UTC, datetime, timedelta

import pytest

from caremarket.audit.models import AuditEvent
from caremarket.contracts.models import Subcontract
from caremarket.core import clock
from caremarket.core.errors import Conflict, PermissionDenied, RuleViolation, ValidationFailed
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules import provider_assessment as pa
from caremarket.rules import psr as psr_rules
from caremarket.rules.dates import add_working_days, spoken_date
from caremarket.rules.roles import Role, Sector
from caremarket.rules.standstill import Regime
from caremarket.selection import selectors_mcp as sel
from caremarket.selection.factories_mcp import CONTRACT_VALUE, advance_to, build_case, msp_criteria, pdf
from caremarket.selection.models import GatewayDecision, ModeratedRating, PanelRating, PsrDecision
from caremarket.selection.services import mcp, mcp_assessment, mcp_stage2, psr
from caremarket.transparency.models import Notice

pytestmark = pytest.mark.django_db

START = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def case(travel):
    travel(START)
    return build_case()


def test_the_walk_through_to_the_contract(case, travel):
    advance_to(case, "contract", travel)
    process = case.process
    assert process.stage == "awarded"
    # One contract: with the alliance whose lead is the decision's provider, at its value.
    east, west = case.alliances
    contract = east.contract
    assert contract.supplier == east.lead
    assert contract.origin == "mcp_gateway"
    assert contract.value == CONTRACT_VALUE
    assert contract.regime == Regime.PROVIDER_SELECTION_REGIME
    subs = {s.subcontractor for s in Subcontract.objects.filter(contract=contract)}
    assert subs == {m.organisation for m in east.members.all()} - {east.lead}
    assert west.contract is None
    assert process.contract == contract
    codes = set(Notice.objects.filter(ocid__endswith=process.reference).values_list("notice_type", flat=True))
    assert {"UK2", "PSR_INTENTION", "PSR_AWARD"} <= codes
    decision = PsrDecision.objects.get(selection=process)
    assert decision.awarded_on == clock.today() and decision.award_notice.notice_type == "PSR_AWARD"
    assert sel.overview(process).next_step == "The contract has been made: the process is complete"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    for action in (
        "selection.msp_started",
        "selection.alliance_formed",
        "selection.market_notice_published",
        "selection.dialogue_session_recorded",
        "selection.submission_made",
        "selection.panel_rated",
        "selection.moderated",
        "selection.gateway1_decided",
        "selection.stage2_version_agreed",
        "selection.gateway2_passed",
        "selection.decision_recorded",
        "selection.intention_published",
        "selection.msp_contract_created",
    ):
        assert action in actions, action


def test_the_market_notice_waits_for_an_alliance(travel):
    travel(START)
    case = build_case(alliances=[])
    with pytest.raises(RuleViolation, match="alliance of providers"):
        mcp.market_notice_publish(actor=case.lead_actor, process=case.process)


def test_only_commissioners_manage(case):
    provider = case.actor(case.providers["East alliance"])
    with pytest.raises(PermissionDenied):
        mcp.market_notice_publish(actor=provider, process=case.process)


def test_dialogue_needs_the_notice(case):
    advance_to(case, "letters")
    with pytest.raises(RuleViolation, match="notice to the market"):
        mcp.dialogue_session_record(
            actor=case.lead_actor, process=case.process, held_on=clock.today(), subjects=["ACI"]
        )


def test_dialogue_subjects_are_the_frameworks_domains(case):
    advance_to(case, "market_notice")
    with pytest.raises(ValidationFailed, match="not a domain"):
        mcp.dialogue_session_record(
            actor=case.lead_actor, process=case.process, held_on=clock.today(), subjects=["NOPE"]
        )


def test_a_late_submission_is_refused(case, travel):
    advance_to(case, "dialogue")
    travel(clock.now() + timedelta(days=20))
    provider = case.actor(case.providers["East alliance"])
    with pytest.raises(RuleViolation, match="has passed") as refused:
        mcp.submission_document_upload(
            actor=provider, alliance=case.alliances[0], kind="narrative_pack", file=pdf()
        )
    assert refused.value.code == "selection.msp_submission_late"


def test_submission_needs_every_document(case):
    advance_to(case, "dialogue")
    provider = case.actor(case.providers["East alliance"])
    mcp.submission_document_upload(
        actor=provider, alliance=case.alliances[0], kind="narrative_pack", file=pdf()
    )
    with pytest.raises(RuleViolation, match="dialogue session slides and evidence log"):
        mcp.submission_submit(actor=provider, alliance=case.alliances[0])


def test_a_document_is_kept_with_its_sha256(case):
    advance_to(case, "dialogue")
    provider = case.actor(case.providers["East alliance"])
    doc = mcp.submission_document_upload(
        actor=provider, alliance=case.alliances[0], kind="evidence_log", file=pdf("log.pdf")
    )
    assert len(doc.sha256) == 64 and doc.size > 0 and doc.name == "log.pdf"


def test_a_disguised_file_is_refused(case):
    advance_to(case, "dialogue")
    from django.core.files.uploadedfile import SimpleUploadedFile

    provider = case.actor(case.providers["East alliance"])
    with pytest.raises(ValidationFailed, match="not a real PDF"):
        mcp.submission_document_upload(
            actor=provider,
            alliance=case.alliances[0],
            kind="evidence_log",
            file=SimpleUploadedFile("log.pdf", b"MZ not a pdf"),
        )


def test_another_alliance_cannot_submit_for_an_alliance(case):
    advance_to(case, "dialogue")
    west = case.actor(case.providers["West alliance"])
    with pytest.raises(PermissionDenied):
        mcp.submission_document_upload(
            actor=west, alliance=case.alliances[0], kind="evidence_log", file=pdf()
        )


def test_rating_waits_for_the_deadline(case):
    advance_to(case, "submission")
    member = case.actor(case.panel[0])
    mcp_assessment.panel_declare(actor=member, process=case.process, declaration="no_conflict")
    with pytest.raises(RuleViolation, match="only after the submission deadline"):
        mcp_assessment.panel_rate(
            actor=member,
            process=case.process,
            alliance=case.alliances[0],
            ratings={"ACI.1": ("assured", "Clear vision")},
        )


def test_a_panel_member_declares_before_rating_and_a_conflicted_one_may_not_rate(case, travel):
    advance_to(case, "submission", travel)
    member, other = case.actor(case.panel[0]), case.actor(case.panel[1])
    with pytest.raises(ValidationFailed, match="must declare"):
        mcp_assessment.panel_rate(
            actor=member,
            process=case.process,
            alliance=case.alliances[0],
            ratings={"ACI.1": ("assured", "Yes")},
        )
    mcp_assessment.panel_declare(
        actor=other, process=case.process, declaration="conflict", text="I sit on a board"
    )
    with pytest.raises(ValidationFailed, match="declared a conflict"):
        mcp_assessment.panel_rate(
            actor=other,
            process=case.process,
            alliance=case.alliances[0],
            ratings={"ACI.1": ("assured", "Yes")},
        )


def test_a_rating_needs_a_comment(case, travel):
    advance_to(case, "submission", travel)
    member = case.actor(case.panel[0])
    mcp_assessment.panel_declare(actor=member, process=case.process, declaration="no_conflict")
    with pytest.raises(ValidationFailed, match="needs a comment"):
        mcp_assessment.panel_rate(
            actor=member,
            process=case.process,
            alliance=case.alliances[0],
            ratings={"ACI.1": ("assured", " ")},
        )


def test_someone_off_the_panel_cannot_rate(case, travel):
    advance_to(case, "submission", travel)
    with pytest.raises(PermissionDenied):
        mcp_assessment.panel_declare(actor=case.lead_actor, process=case.process, declaration="no_conflict")


def test_moderation_waits_for_every_rater_and_keeps_the_originals(case, travel):
    advance_to(case, "submission", travel)
    member = case.actor(case.panel[0])
    mcp_assessment.panel_declare(actor=member, process=case.process, declaration="no_conflict")
    with pytest.raises(RuleViolation, match="Waiting for 1 panel member"):
        mcp_assessment.moderation_record(
            actor=case.lead_actor,
            process=case.process,
            alliance=case.alliances[0],
            sub_ratings={},
            domains={},
            overall=("", ""),
        )


def test_moderation_needs_a_rationale_where_the_panel_differed(case, travel):
    advance_to(case, "ratings", travel)
    fw = sel.framework_of(case.process.msp)
    subs = {s.id: ("assured", "") for s in fw.sub_criteria}
    with pytest.raises(ValidationFailed, match="The moderation is not complete") as refused:
        mcp_assessment.moderation_record(
            actor=case.lead_actor,
            process=case.process,
            alliance=case.alliances[0],
            sub_ratings=subs,
            domains={},
            overall=("", ""),
        )
    assert refused.value.code == "selection.rationale_missing"
    before = PanelRating.objects.count()
    advance_to(case, "moderation", after="ratings")
    assert PanelRating.objects.count() == before
    assert ModeratedRating.objects.filter(alliance=case.alliances[0]).count() == len(fw.sub_criteria)
    assert case.process.msp.moderated_at is not None


def test_gateway1_progress_with_partial_assurance_needs_rationale_and_themes(case, travel):
    advance_to(case, "moderation", travel)
    with pytest.raises(ValidationFailed) as refused:
        mcp_assessment.gateway1_decide(
            actor=case.lead_actor, process=case.process, decision="progress", rationale="", themes=[]
        )
    codes = {p["code"] for p in refused.value.details["problems"]}
    assert {"selection.rationale_missing", "selection.gateway1_themes_missing"} <= codes
    assert "selection.gateway1_not_assured_note_missing" in codes


def test_gateway1_divert_opens_a_linked_competition_and_ends_the_process(case, travel):
    advance_to(case, "moderation", travel)
    mcp_assessment.gateway1_decide(
        actor=case.lead_actor,
        process=case.process,
        decision="divert",
        rationale="The panel is not assured enough: the market is tested openly.",
    )
    case.refresh()
    process = case.process
    assert process.stage == "diverted" and process.ended_at is not None
    competition = process.linked_competition
    assert competition.procedure == "open_procedure" and competition.regime == "provider_selection_regime"
    assert competition.buyer == process.lead_commissioner
    with pytest.raises(RuleViolation, match="diverted"):
        mcp_stage2.stage2_version_add(
            actor=case.lead_actor, alliance=case.alliances[0], kind="delivery_plan", text="Plan"
        )


def test_gateway2_is_refused_until_every_document_is_agreed(case, travel):
    advance_to(case, "gateway1", travel)
    actor = case.lead_actor
    east, west = case.alliances
    east_lead = case.actor(case.providers["East alliance"])
    with pytest.raises(RuleViolation, match="not yet agreed") as refused:
        mcp_stage2.gateway2_pass(actor=actor, process=case.process)
    assert refused.value.code == "selection.msp_gateway_refused"
    for alliance in (east, west):
        for kind in pa.Stage2Document:
            v1 = mcp_stage2.stage2_version_add(actor=actor, alliance=alliance, kind=str(kind), text="Draft 1")
            lead = case.actor(case.providers[alliance.name])
            v2 = mcp_stage2.stage2_version_add(actor=lead, alliance=alliance, kind=str(kind), text="Revised")
            with pytest.raises(RuleViolation, match="has been revised"):
                mcp_stage2.stage2_version_agree(actor=actor, version=v1)
            if alliance == east and kind == pa.Stage2Document.SERVICE_CONTRACT:
                last = v2
                continue
            mcp_stage2.stage2_version_agree(actor=actor, version=v2)
    with pytest.raises(RuleViolation, match="the service contract") as refused:
        mcp_stage2.gateway2_pass(actor=actor, process=case.process)
    assert "East alliance" in refused.value.message and "engagement" in refused.value.message
    mcp_stage2.stage2_version_agree(actor=actor, version=last)
    with pytest.raises(RuleViolation, match="engagement"):
        mcp_stage2.gateway2_pass(actor=actor, process=case.process)
    mcp_stage2.engagement_record(
        actor=east_lead,
        process=case.process,
        held_on=clock.today(),
        who="Focus group",
        summary="Heard patients",
    )
    mcp_stage2.gateway2_pass(actor=actor, process=case.process)
    assert GatewayDecision.objects.filter(process=case.process, gateway=2).exists()


def test_the_alliance_side_is_its_lead(case, travel):
    advance_to(case, "gateway1", travel)
    east = case.alliances[0]
    member_org = next(m.organisation for m in east.members.all() if m.organisation_id != east.lead_id)
    member = actor_for(make_person(roles=[(member_org, Role.SUPPLIER_USER)]))
    with pytest.raises(PermissionDenied, match="lead"):
        mcp_stage2.stage2_version_add(actor=member, alliance=east, kind="delivery_plan", text="Plan")


def test_the_contract_term_is_within_the_intended_term(case, travel):
    advance_to(case, "standstill_over", travel)
    with pytest.raises(ValidationFailed, match="96 to 120 months"):
        mcp_stage2.msp_contract_create(
            actor=case.lead_actor, alliance=case.alliances[0], starts_on=clock.today(), term_months=24
        )


# --- After gateway 2: the decision, the intention to award, the standstill ------------------------


def _decide(case, provider=None, value=CONTRACT_VALUE):
    return psr.psr_decision_record(
        actor=case.lead_actor,
        selection=case.process,
        provider=provider or case.alliances[0].lead,
        contract_value=value,
        criteria=msp_criteria(),
    )


def _contract(case, alliance=None):
    return mcp_stage2.msp_contract_create(
        actor=case.lead_actor,
        alliance=alliance or case.alliances[0],
        starts_on=clock.today() + timedelta(days=60),
        term_months=120,
    )


def test_the_decision_before_gateway2_is_refused(case, travel):
    advance_to(case, "stage2", travel)
    with pytest.raises(
        RuleViolation, match="Gateway 2 has not passed: the decision against the key criteria"
    ):
        _decide(case)
    assert not PsrDecision.objects.filter(selection=case.process).exists()
    with pytest.raises(RuleViolation, match="The contract follows gateway 2"):
        _contract(case)


def test_the_decision_names_the_lead_of_an_alliance(case, travel):
    advance_to(case, "gateway2", travel)
    member = next(
        m.organisation
        for m in case.alliances[0].members.all()
        if m.organisation_id != case.alliances[0].lead_id
    )
    with pytest.raises(ValidationFailed) as refused:
        _decide(case, provider=member)
    assert "does not lead an alliance" in refused.value.details["fields"]["provider"][0]
    decision = _decide(case)
    assert decision.complete and decision.provider == case.alliances[0].lead
    assert "publish the notice of intention" in sel.overview(case.process).next_step


def test_the_contract_waits_for_the_decision_and_the_intention(case, travel):
    advance_to(case, "gateway2", travel)
    with pytest.raises(RuleViolation, match="decision record against the five key criteria is not complete"):
        _contract(case)
    _decide(case)
    with pytest.raises(RuleViolation, match="notice of intention to award has not been published"):
        _contract(case)


def test_the_intention_publishes_psr_intention_and_starts_the_standstill(case, travel):
    advance_to(case, "intention", travel)
    process = case.process
    decision = PsrDecision.objects.get(selection=process)
    assert decision.intention_published_on == clock.today()
    notice = decision.intention_notice
    assert notice.notice_type == "PSR_INTENTION" and notice.ocid.endswith(process.reference)
    process.refresh_from_db()
    assert process.stage == "standstill"
    ends = psr_rules.standstill_ends_on(clock.today())
    assert f"The standstill runs until the end of {spoken_date(ends)}" in sel.overview(process).next_step
    # The decision record is locked.
    with pytest.raises(RuleViolation, match="locked"):
        _decide(case)


def test_the_contract_is_refused_in_the_standstill_naming_the_day(case, travel):
    advance_to(case, "intention", travel)
    ends = psr_rules.standstill_ends_on(clock.today())
    with pytest.raises(RuleViolation) as refused:
        _contract(case)
    assert str(refused.value.message) == (
        f"The standstill period runs until the end of {spoken_date(ends)}: "
        f"the contract may be awarded from {spoken_date(ends + timedelta(days=1))}"
    )
    assert case.refresh().alliances[0].contract is None
    travel(datetime.combine(ends, datetime.min.time(), tzinfo=UTC) + timedelta(hours=20))
    with pytest.raises(RuleViolation, match="may be awarded from"):
        _contract(case)
    travel(datetime.combine(ends + timedelta(days=1), datetime.min.time(), tzinfo=UTC) + timedelta(hours=9))
    contract = _contract(case)
    assert contract.value == CONTRACT_VALUE and contract.supplier == case.alliances[0].lead


def test_the_contract_goes_to_the_decisions_alliance_at_its_value(case, travel):
    advance_to(case, "standstill_over", travel)
    with pytest.raises(RuleViolation, match="The decision is to award the contract to East Hospital"):
        _contract(case, case.alliances[1])
    with pytest.raises(ValidationFailed, match=r"£325,000,000\.00"):
        mcp_stage2.msp_contract_create(
            actor=case.lead_actor,
            alliance=case.alliances[0],
            value="1,000,000",
            starts_on=clock.today(),
            term_months=120,
        )
    _contract(case)
    with pytest.raises(Conflict):
        _contract(case)


def test_a_representation_pauses_the_award_until_the_review(case, travel):
    advance_to(case, "intention", travel)
    west = case.alliances[1]
    provider = case.actor(case.providers[west.name])
    psr.psr_representation_record(
        actor=provider, selection=case.process, provider=west.lead, summary="Our plan scored better"
    )
    case.process.refresh_from_db()
    assert case.process.stage == "paused"
    travel(clock.now() + timedelta(days=20))
    with pytest.raises(RuleViolation, match=f"The award is paused: the representation by {west.lead.name}"):
        _contract(case)
    assert "record the authority's further decision" in sel.overview(case.process).next_step
    psr.psr_review_record(
        actor=case.lead_actor, selection=case.process, decision="proceed", reasons="The assessment stands"
    )
    until = add_working_days(clock.today(), 5)
    with pytest.raises(RuleViolation, match="A further 5 working days run after the decision to proceed"):
        _contract(case)
    travel(datetime.combine(until + timedelta(days=1), datetime.min.time(), tzinfo=UTC) + timedelta(hours=9))
    assert _contract(case).supplier == case.alliances[0].lead


def test_a_review_to_repeat_opens_the_decision_again(case, travel):
    advance_to(case, "intention", travel)
    psr.psr_representation_record(
        actor=case.lead_actor,
        selection=case.process,
        provider=case.alliances[1].lead,
        summary="By email",
        received_on=clock.today(),
    )
    psr.psr_review_record(
        actor=case.lead_actor,
        selection=case.process,
        decision="repeat",
        reasons="Weigh the criteria again",
        repeat_from="the decision record",
    )
    case.process.refresh_from_db()
    assert case.process.stage == "contract"
    decision = _decide(case, provider=case.alliances[1].lead)
    assert decision.round == 2
    psr.psr_intention_publish(actor=case.lead_actor, selection=case.process)
    assert (
        Notice.objects.filter(ocid__endswith=case.process.reference, notice_type="PSR_INTENTION").count() == 2
    )


def test_abandoning_after_review_refuses_the_contract(case, travel):
    advance_to(case, "intention", travel)
    psr.psr_representation_record(
        actor=case.lead_actor,
        selection=case.process,
        provider=case.alliances[1].lead,
        summary="By email",
        received_on=clock.today(),
    )
    psr.psr_review_record(actor=case.lead_actor, selection=case.process, decision="abandon", reasons="Stop")
    with pytest.raises(RuleViolation, match="abandoned"):
        _contract(case)


def test_alliance_needs_providers(case):
    buyer = make_organisation(Sector.BUYER)
    with pytest.raises(ValidationFailed, match="not a provider"):
        mcp.alliance_form(actor=case.lead_actor, process=case.process, name="Odd", lead=buyer, members=[])


def test_start_only_once_and_only_for_msp(case):
    from caremarket.core.errors import Conflict

    with pytest.raises(Conflict):
        mcp.msp_start(
            actor=case.lead_actor, process=case.process, framework_code="suffolk_community_services"
        )


def test_an_upload_over_the_limit_is_refused_and_nothing_is_kept(case, settings):
    from caremarket.selection.models import SubmissionDocument

    advance_to(case, "dialogue")
    settings.CAREMARKET_EVIDENCE_MAX_BYTES = 50
    provider = case.actor(case.providers["East alliance"])
    with pytest.raises(ValidationFailed, match="files must be") as refused:
        mcp.submission_document_upload(
            actor=provider, alliance=case.alliances[0], kind="evidence_log", file=pdf(text="x" * 200)
        )
    assert refused.value.code == "evidence.too_large"
    assert not SubmissionDocument.objects.exists()
