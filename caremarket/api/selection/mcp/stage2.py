"""The Most Suitable Provider API after gateway 1: stage 2 versions and their agreement,
engagement, gateway 2, the decision against the key criteria and the notice of intention (its
representations and review go through the process's Provider Selection Regime routes), and the
contract after the standstill."""

from ninja import File, Form, Status, UploadedFile

from caremarket.api.schemas import Id, responses
from caremarket.api.selection.mcp.common import A, P, _alliance, _out, _process, router
from caremarket.api.selection.mcp.schemas import (
    MspContractIn,
    MspContractOut,
    MspDecisionIn,
    MspEngagementIn,
    MspEngagementOut,
    MspGateway2In,
    MspOut,
    MspVersionOut,
)
from caremarket.selection import selectors_mcp as sel
from caremarket.selection.services import mcp_stage2
from caremarket.selection.services import psr as psr_services


@router.post(A + "/stage2/{kind}/versions", response=responses(201, MspVersionOut))
def add_version(
    request,
    reference: str,
    alliance_id: Id,
    kind: str,
    text: Form[str] = "",
    note: Form[str] = "",
    file: File[UploadedFile] | None = None,
):
    """A new version of the delivery plan, the innovation plan or the service contract, as text
    or a file (multipart form)."""
    _, alliance = _alliance(request, reference, alliance_id)
    version = mcp_stage2.stage2_version_add(
        actor=request.actor, alliance=alliance, kind=kind, text=text, file=file, note=note
    )
    return Status(201, sel.version_summary(version))


@router.post(P + "/stage2/versions/{version_id}/agree", response=responses(200, MspVersionOut))
def agree_version(request, reference: str, version_id: Id):
    process = _process(request, reference)
    version = sel.version_in(process, version_id)
    mcp_stage2.stage2_version_agree(actor=request.actor, version=version)
    return sel.version_summary(version)


@router.post(P + "/engagement", response=responses(201, MspEngagementOut))
def record_engagement(request, reference: str, payload: MspEngagementIn):
    process = _process(request, reference)
    record = mcp_stage2.engagement_record(
        actor=request.actor,
        process=process,
        held_on=payload.held_on,
        who=payload.who,
        summary=payload.summary,
    )
    return Status(201, record)


@router.post(P + "/gateway2", response=responses(201, MspOut))
def pass_gateway2(request, reference: str, payload: MspGateway2In):
    process = _process(request, reference)
    mcp_stage2.gateway2_pass(actor=request.actor, process=process, rationale=payload.rationale)
    return Status(201, _out(process))


@router.put(P + "/decision", response=responses(200, MspOut))
def record_decision(request, reference: str, payload: MspDecisionIn):
    """After gateway 2: the decision against the five key criteria, for the alliance the contract
    goes to (its lead provider) at the contract's value (locked once the intention is published)."""
    process, alliance = _alliance(request, reference, payload.alliance_id)
    psr_services.psr_decision_record(
        actor=request.actor,
        selection=process,
        provider=alliance.lead,
        contract_value=payload.contract_value,
        criteria=[c.model_dump() for c in payload.criteria],
    )
    return _out(process)


@router.post(P + "/intention", response=responses(200, MspOut))
def publish_intention(request, reference: str):
    """Publish the notice of intention to award (PSR_INTENTION): the standstill of 8 working days
    starts. Representations and the review go through /selection/processes/{reference}."""
    process = _process(request, reference)
    psr_services.psr_intention_publish(actor=request.actor, selection=process)
    return _out(process)


@router.post(A + "/contract", response=responses(201, MspContractOut))
def make_contract(request, reference: str, alliance_id: Id, payload: MspContractIn):
    _, alliance = _alliance(request, reference, alliance_id)
    contract = mcp_stage2.msp_contract_create(
        actor=request.actor,
        alliance=alliance,
        value=payload.value,
        starts_on=payload.starts_on,
        term_months=payload.term_months,
        signed_on=payload.signed_on,
    )
    return Status(201, sel.contract_summary(contract))
