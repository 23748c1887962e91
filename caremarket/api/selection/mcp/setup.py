"""The Most Suitable Provider API before assessment: start the process, the submission deadline,
alliances and their letters of commitment, the notice to the market, dialogue sessions and the
written submission."""

from ninja import File, Form, Status, UploadedFile

from caremarket.api.schemas import Id, IsoDate, responses
from caremarket.api.selection.mcp.common import A, P, _alliance, _out, _process, router
from caremarket.api.selection.mcp.schemas import (
    MspAllianceIn,
    MspAllianceOut,
    MspDeadlineIn,
    MspDocumentOut,
    MspListOut,
    MspNoticeIn,
    MspOut,
    MspSessionIn,
    MspSessionOut,
    MspStartIn,
)
from caremarket.core.errors import ValidationFailed
from caremarket.core.permissions import require
from caremarket.orgs.selectors import organisation_by_code
from caremarket.selection import selectors_mcp as sel
from caremarket.selection.services import mcp


@router.get("/selection/msp", response=responses(200, list[MspListOut]))
def list_msp(request):
    return [
        {
            "reference": p.reference,
            "title": p.title,
            "stage": p.stage,
            "lead_commissioner_code": p.lead_commissioner.code,
        }
        for p in sel.msp_processes_for_actor(request.actor)
    ]


@router.post(P + "/start", response=responses(201, MspOut))
def start_msp(request, reference: str, payload: MspStartIn):
    process = sel.startable_for_actor(request.actor, reference)
    mcp.msp_start(
        actor=request.actor,
        process=process,
        framework_code=payload.framework,
        submission_deadline=payload.submission_deadline,
    )
    return Status(201, _out(process))


@router.get(P, response=responses(200, MspOut))
def get_msp(request, reference: str):
    return _out(_process(request, reference))


@router.put(P + "/deadline", response=responses(200, MspOut))
def set_deadline(request, reference: str, payload: MspDeadlineIn):
    process = _process(request, reference)
    mcp.msp_submission_deadline_set(actor=request.actor, process=process, deadline=payload.deadline)
    return _out(process)


@router.post(P + "/alliances", response=responses(201, MspAllianceOut))
def form_alliance(request, reference: str, payload: MspAllianceIn):
    process = _process(request, reference)
    require(request.actor, "selection.manage_msp", process)
    lead = organisation_by_code(payload.lead_code)
    if lead is None:
        raise ValidationFailed.for_field("lead_code", f"There is no organisation {payload.lead_code}")
    members = []
    for code in payload.member_codes:
        found = organisation_by_code(code)
        if found is None:
            raise ValidationFailed.for_field("member_codes", f"There is no organisation {code}")
        members.append(found)
    alliance = mcp.alliance_form(
        actor=request.actor, process=process, name=payload.name, lead=lead, members=members
    )
    return Status(201, sel.alliance_summary(alliance))


@router.post(A + "/letter", response=responses(200, MspAllianceOut))
def record_letter(
    request,
    reference: str,
    alliance_id: Id,
    signed_on: Form[IsoDate],
    signed_by: Form[str],
    file: File[UploadedFile],
):
    _, alliance = _alliance(request, reference, alliance_id)
    mcp.alliance_letter_record(
        actor=request.actor, alliance=alliance, signed_on=signed_on, signed_by=signed_by, file=file
    )
    return sel.alliance_summary(alliance)


@router.post(P + "/market-notice", response=responses(201, MspOut))
def publish_market_notice(request, reference: str, payload: MspNoticeIn):
    process = _process(request, reference)
    mcp.market_notice_publish(actor=request.actor, process=process, description=payload.description)
    return Status(201, _out(process))


@router.post(P + "/dialogue-sessions", response=responses(201, MspSessionOut))
def record_session(request, reference: str, payload: MspSessionIn):
    process = _process(request, reference)
    session = mcp.dialogue_session_record(
        actor=request.actor,
        process=process,
        held_on=payload.held_on,
        subjects=payload.subjects,
        presentation_notes=payload.presentation_notes,
        qa=[q.model_dump() for q in payload.qa],
    )
    return Status(201, session)


@router.post(A + "/submission/documents", response=responses(201, MspDocumentOut))
def upload_submission_document(
    request, reference: str, alliance_id: Id, kind: Form[str], file: File[UploadedFile]
):
    _, alliance = _alliance(request, reference, alliance_id)
    document = mcp.submission_document_upload(actor=request.actor, alliance=alliance, kind=kind, file=file)
    return Status(201, document)


@router.post(A + "/submission/submit", response=responses(200, MspAllianceOut))
def make_submission(request, reference: str, alliance_id: Id):
    _, alliance = _alliance(request, reference, alliance_id)
    mcp.submission_submit(actor=request.actor, alliance=alliance)
    return sel.alliance_summary(alliance)
