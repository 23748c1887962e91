"""The Most Suitable Provider process, stage 2 to the contract: the delivery plan, the innovation
plan and the service contract drafted, revised and agreed by both sides (every version kept);
patient and public engagement; gateway 2 (refused, with the reason, until all three are agreed);
and the contract made from the process once the decision against the key criteria, the notice of
intention and its standstill (services.psr) allow: the alliance's lead provider as the supplier,
the other members as its subcontractors, with the confirmation of award notice."""

import hashlib
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.db.models import Max

from caremarket.agreements.services.evidence import _stored_files
from caremarket.audit.services import audit_record
from caremarket.contracts.models import Subcontract
from caremarket.contracts.services.contracts import _create as _contract_create
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, PermissionDenied, RuleViolation, ValidationFailed
from caremarket.core.money import format_money, parse_money
from caremarket.core.permissions import can, require
from caremarket.core.services import service
from caremarket.rules import contracts as contract_rules
from caremarket.rules import provider_assessment as pa
from caremarket.rules.standstill import Regime
from caremarket.selection import selectors_mcp as sel
from caremarket.selection.models import (
    Alliance,
    EngagementRecord,
    GatewayDecision,
    SelectionProcess,
    Stage2Document,
    Stage2Version,
)
from caremarket.selection.services.mcp import (
    _audit,
    _locked,
    _refuse_unless,
    _set_stage,
    _setup,
    _store_upload,
    _text,
)
from caremarket.selection.services.psr_common import _decision_for_award, _record_award
from caremarket.transparency.content.contracts import signed_content
from caremarket.transparency.publishing import publish_lifecycle_notice

# The PSR's confirmation of contract award notice (its award and contract sections): published
# when the contract is made from the process.
AWARD_NOTICE_TYPE = "PSR_AWARD"


def _side(actor: Actor, alliance: Alliance) -> pa.Side:
    """Which side the actor speaks for in the negotiation with `alliance`."""
    if can(actor, "selection.manage_msp", alliance.process):
        return pa.Side.COMMISSIONERS
    if can(actor, "selection.agree_for_alliance", alliance):
        return pa.Side.ALLIANCE_LEAD
    raise PermissionDenied(
        f"Only the commissioners and {alliance.lead.name} (the alliance's lead) negotiate stage 2"
    )


def _progressing(process: SelectionProcess, alliance: Alliance) -> None:
    if alliance.process_id != process.pk:
        raise ValidationFailed.for_field("alliance", "Choose an alliance of this process")


@service
def stage2_version_add(
    *, actor: Actor, alliance: Alliance, kind: str, text: str = "", file=None, note: str = ""
) -> Stage2Version:
    """A new version (a draft, or a revision) of a stage 2 document, by either side, as text or a
    file; the side that drafts it agrees it by drafting it."""
    process = _locked(alliance.process)
    alliance = Alliance.objects.select_related("lead", "process").get(pk=alliance.pk)
    side = _side(actor, alliance)
    _refuse_unless(process, pa.Stage.STAGE2)
    _progressing(process, alliance)
    try:
        kind = pa.Stage2Document(kind)
    except ValueError:
        raise ValidationFailed.for_field(
            "kind", "Choose the delivery plan, the innovation plan or the service contract"
        ) from None
    text = _text(text, "text", "the document's text", required=False, limit=200_000)
    if not text and file is None:
        raise ValidationFailed.for_field("text", "Enter the document's text or upload it")
    document, _ = Stage2Document.objects.get_or_create(alliance=alliance, kind=kind)
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    now = clock.now()
    agreed = {
        "commissioners_agreed_at": now if side == pa.Side.COMMISSIONERS else None,
        "commissioners_agreed_by": actor.person if side == pa.Side.COMMISSIONERS else None,
        "alliance_agreed_at": now if side == pa.Side.ALLIANCE_LEAD else None,
        "alliance_agreed_by": actor.person if side == pa.Side.ALLIANCE_LEAD else None,
    }
    with _stored_files() as names:
        stored = {}
        if file is not None:
            stored = _store_upload(file, f"{process.reference}/stage2", "file", names)
        digest = stored.get("sha256") or hashlib.sha256(text.encode("utf-8")).hexdigest()
        version = Stage2Version.objects.create(
            document=document,
            number=number,
            text=text,
            file=stored.get("file", ""),
            file_name=stored.get("name", ""),
            size=stored.get("size", len(text.encode("utf-8"))),
            sha256=digest,
            drafted_by_side=str(side),
            drafted_by=actor.person,
            drafted_at=now,
            **agreed,
        )
        _audit(
            actor,
            "selection.stage2_version_added",
            process,
            version,
            alliance=alliance.name,
            kind=str(kind),
            number=number,
            side=str(side),
            sha256=digest,
            note=note.strip()[:500],
        )
    return version


@service
def stage2_version_agree(*, actor: Actor, version: Stage2Version) -> Stage2Version:
    """One side agrees the latest version of a stage 2 document."""
    version = Stage2Version.objects.select_related(
        "document__alliance__lead", "document__alliance__process"
    ).get(pk=version.pk)
    alliance = version.document.alliance
    process = _locked(alliance.process)
    side = _side(actor, alliance)
    _refuse_unless(process, pa.Stage.STAGE2)
    latest = version.document.versions.aggregate(n=Max("number"))["n"]
    if version.number != latest:
        raise RuleViolation(
            f"Version {version.number} of the {version.document.label.lower()} has been revised: "
            f"agree version {latest}",
            code=ErrorCode.MSP_VERSION_NOT_LATEST,
        )
    version = Stage2Version.objects.select_for_update(of=("self",)).get(pk=version.pk)
    if str(side) in version.agreed_by:
        raise Conflict(
            f"{side.label[:1].upper()}{side.label[1:]} have already agreed version {version.number}",
            code=ErrorCode.MSP_ALREADY_AGREED,
        )
    if side == pa.Side.COMMISSIONERS:
        version.commissioners_agreed_at, version.commissioners_agreed_by = clock.now(), actor.person
    else:
        version.alliance_agreed_at, version.alliance_agreed_by = clock.now(), actor.person
    version.save()
    state = sel.document_states(alliance)[version.document.kind]
    _audit(
        actor,
        "selection.stage2_version_agreed",
        process,
        version,
        alliance=alliance.name,
        kind=version.document.kind,
        number=version.number,
        side=str(side),
        agreed=state.agreed,
    )
    return version


@service
def engagement_record(
    *, actor: Actor, process: SelectionProcess, held_on: date, who: str, summary: str
) -> EngagementRecord:
    """Patient and public engagement in stage 2 (Suffolk: focus groups, pathway groups, patient
    experts in the work-up of specific services)."""
    process = _locked(process)
    allowed = can(actor, "selection.manage_msp", process) or any(
        can(actor, "selection.submit_for_alliance", a) for a in process.alliances.all()
    )
    if not allowed:
        raise PermissionDenied("Only the commissioners and the alliances record stage 2 engagement")
    _refuse_unless(process, pa.Stage.STAGE2)
    if held_on is None or held_on > clock.today():
        raise ValidationFailed.for_field("held_on", "Enter the day it took place, today or earlier")
    record = EngagementRecord.objects.create(
        process=process,
        held_on=held_on,
        who=_text(who, "who", "who took part", limit=255),
        summary=_text(summary, "summary", "a summary of what was heard"),
        recorded_by=actor.person,
    )
    _audit(actor, "selection.engagement_recorded", process, record, held_on=held_on, who=record.who)
    return record


# --- Gateway 2 and the contract -----------------------------------------------------------------


@service
def gateway2_pass(*, actor: Actor, process: SelectionProcess, rationale: str = "") -> GatewayDecision:
    """Gateway 2: refused, with the reason, until the delivery plan, the innovation plan and the
    service contract are agreed by both sides (and engagement recorded where required)."""
    process = _locked(process)
    require(actor, "selection.manage_msp", process)
    _setup(process)
    reason = sel.gateway2_refusal(process)
    if reason:
        raise RuleViolation(reason, code=ErrorCode.MSP_GATEWAY_REFUSED, details={"gateway": 2})
    gate = GatewayDecision.objects.create(
        process=process,
        gateway=2,
        decision="passed",
        rationale=rationale.strip()[:10000],
        decided_by=actor.person,
    )
    _set_stage(process)
    _audit(actor, "selection.gateway2_passed", process, gate)
    return gate


def _equal_shares(count: int) -> Decimal:
    """Each member's share (lead included) when the contract is shared equally."""
    return (Decimal("100") / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


@service
def msp_contract_create(
    *,
    actor: Actor,
    alliance: Alliance,
    starts_on: date,
    term_months: int,
    signed_on: date | None = None,
    shares: dict[str, Decimal] | None = None,
    value=None,
):
    """The contract made from the process once gateway 2 has passed, the decision against the
    key criteria is recorded, the notice of intention published and its standstill over (or
    the further 5 working days after a decision to proceed): the alliance whose lead is the
    decision's provider, its lead as the supplier at the decision's contract value, every other
    member as its subcontractor (shares by organisation code, or equal), signed, with the
    confirmation of contract award notice (PSR_AWARD: its award and contract)."""
    process = _locked(alliance.process)
    alliance = Alliance.objects.select_for_update(of=("self",)).select_related("lead").get(pk=alliance.pk)
    require(actor, "selection.manage_msp", process)
    require(actor, "contracts.create_contract", process.lead_commissioner)
    if process.stage == "awarded":
        raise Conflict(f"The contract of {process.reference} has been awarded", code=ErrorCode.CONFLICT)
    if process.stage == "abandoned":
        raise RuleViolation(f"{process.reference} was abandoned: {process.end_reason}")
    _refuse_unless(process, pa.Stage.CONTRACT)
    if alliance.contract_id:
        raise Conflict(f"{alliance.name}'s contract has already been made")
    today = clock.today()
    decision = _decision_for_award(process, today)
    if decision.provider_id != alliance.lead_id:
        raise RuleViolation(
            f"The decision is to award the contract to {decision.provider.name}: "
            f"{alliance.name} is led by {alliance.lead.name}",
            code=ErrorCode.RULE_VIOLATION,
        )
    if value not in (None, ""):
        given = value if isinstance(value, Decimal) else parse_money(value, field="value")
        if given != decision.contract_value:
            raise ValidationFailed.for_field(
                "value",
                f"The contract's value is the decision's, {format_money(decision.contract_value)}",
            )
    day = signed_on or today
    if day > today:
        raise ValidationFailed.for_field("signed_on", "The signature date cannot be in the future")
    try:
        months = int(term_months)
    except (TypeError, ValueError):
        raise ValidationFailed.for_field("term_months", "Enter the term in months") from None
    lo, hi = process.term_min_months, process.term_max_months
    if lo and hi and not lo <= months <= hi:
        raise ValidationFailed.for_field(
            "term_months", f"The intended term is {lo} to {hi} months: enter a term in that range"
        )
    members = [
        m.organisation
        for m in alliance.members.select_related("organisation")
        if m.organisation_id != alliance.lead_id
    ]
    contract = _contract_create(
        actor=actor,
        buyer=process.lead_commissioner,
        supplier=alliance.lead,
        title=process.title if process.alliances.count() == 1 else f"{process.title}: {alliance.name}",
        origin=contract_rules.Origin.MCP_GATEWAY,
        value=decision.contract_value,
        starts_on=starts_on,
        term=f"{months} months",
        service_specification=process.description,
        regime=Regime.PROVIDER_SELECTION_REGIME,
    )
    share = _equal_shares(len(members) + 1)
    existing: list[contract_rules.SubcontractFacts] = []
    for org in members:
        given = Decimal(str((shares or {}).get(org.code, share)))
        refusal = contract_rules.subcontract_refusal(
            alliance.lead.code, existing, contract_rules.SubcontractFacts(org.code, given)
        )
        if refusal:
            raise refusal.error(contract=contract.reference)
        Subcontract.objects.create(contract=contract, subcontractor=org, share_percent=given, services="")
        existing.append(contract_rules.SubcontractFacts(org.code, given))
        audit_record(
            actor=actor,
            action="contract.subcontractor_added",
            obj=contract,
            organisation_id=contract.buyer_id,
            after={"contract": contract.reference, "subcontractor": org.code, "share_percent": given},
        )
    contract.stage, contract.signed_on = contract_rules.ContractStatus.SIGNED, day
    contract.save()
    audit_record(
        actor=actor,
        action="contract.signed",
        obj=contract,
        organisation_id=contract.buyer_id,
        before={"stage": "draft"},
        after={"stage": "signed", "signed_on": day, "from": process.reference},
    )
    content = signed_content(contract)
    content["tender"] = {"title": process.title}
    notice = publish_lifecycle_notice(
        actor=actor,
        publisher=process.lead_commissioner,
        code=AWARD_NOTICE_TYPE,
        process_id=process.reference,
        content=content,
        title=f"Contract award: {contract.title}",
        subject=contract,
        subject_ref=contract.reference,
    )
    alliance.contract = contract
    alliance.save(update_fields=["contract", "updated_at"])
    _record_award(process, decision, contract, notice)
    setup = process.msp
    if setup.award_notice_id is None:
        setup.award_notice = notice
        setup.save(update_fields=["award_notice", "updated_at"])
    _audit(
        actor,
        "selection.msp_contract_created",
        process,
        contract,
        alliance=alliance.name,
        contract=contract.reference,
        supplier=alliance.lead.code,
        value=str(decision.contract_value),
        subcontractors=[o.code for o in members],
        notice=notice.pk,
        intention_notice=decision.intention_notice_id,
    )
    return contract
