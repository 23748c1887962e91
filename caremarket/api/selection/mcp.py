"""Provider selection API (mcp): the Most Suitable Provider process's steps, as on its pages -
start it, the submission deadline, alliances and their letters of commitment, the notice to the
market, dialogue sessions, the written submission, the panel (declaring, rating), moderation,
gateway 1, stage 2 versions and their agreement, engagement, gateway 2, the decision against the
key criteria and the notice of intention (its representations and review go through the
process's Provider Selection Regime routes), and the contract after the standstill. The
ratings an actor may see follow `rules.provider_assessment.ratings_visible_to`."""

from datetime import date, datetime
from typing import Literal

from ninja import File, Form, Router, Status, UploadedFile
from pydantic import BaseModel, Field

from caremarket.api.schemas import AmountIn, Id, IsoDate, Money, Out, responses
from caremarket.core.errors import NotFound, ValidationFailed
from caremarket.core.permissions import require
from caremarket.orgs.selectors import organisation_by_code
from caremarket.selection import selectors_mcp as sel
from caremarket.selection.models import SelectionProcess
from caremarket.selection.services import mcp, mcp_assessment, mcp_stage2
from caremarket.selection.services import psr as psr_services

router = Router(tags=["Provider selection"])

Text = Field("", max_length=10000)
RatingValue = Literal["assured", "partially_assured", "not_assured"]
P = "/selection/msp/{reference}"
A = P + "/alliances/{alliance_id}"


# --- Shapes -------------------------------------------------------------------------------------


class MspStageOut(Out):
    stage: str
    name: str
    state: str
    refusal: str | None


class MspAllianceOut(Out):
    id: int
    name: str
    lead_code: str
    member_codes: list[str]
    letter_signed_on: date | None
    letter_sha256: str
    submitted_at: datetime | None
    contract_reference: str | None


class MspSessionOut(Out):
    number: int
    held_on: date
    subjects: list[str]
    presentation_notes: str
    qa: list[dict]


class MspPanelOut(Out):
    person_email: str
    declaration: str


class MspGatewayOut(Out):
    gateway: int
    decision: str
    rationale: str
    themes: list[str]
    decided_at: datetime


class MspAwardStepOut(Out):
    step: str
    allowed: bool
    why_not: str


class MspAwardOut(Out):
    """After gateway 2: the decision, the notice of intention, its standstill and the award."""

    alliance_id: int | None
    provider_code: str | None
    contract_value: Money | None
    decision_recorded: bool
    intention_published_on: date | None
    intention_notice_id: int | None
    standstill_ends_on: date | None
    contract_may_be_made_from: date | None
    representations: int
    review_decision: str
    awarded_on: date | None
    award_notice_id: int | None
    next_step: str
    steps: list[MspAwardStepOut]


class MspOut(Out):
    reference: str
    title: str
    stage: str
    framework: str
    framework_version: int
    submission_deadline: date | None
    market_notice_id: int | None
    next_step: str
    stages: list[MspStageOut]
    alliances: list[MspAllianceOut]
    sessions: list[MspSessionOut]
    panel: list[MspPanelOut]
    gateways: list[MspGatewayOut]
    linked_competition_reference: str | None
    ended_at: datetime | None
    award: MspAwardOut | None


class MspListOut(Out):
    reference: str
    title: str
    stage: str
    lead_commissioner_code: str


def _out(process: SelectionProcess) -> dict:
    return sel.process_summary(process)


def _process(request, reference: str) -> SelectionProcess:
    return sel.msp_process_for_actor(request.actor, reference)


def _alliance(request, reference: str, alliance_id: int):
    process = _process(request, reference)
    return process, sel.alliance_for_actor(request.actor, process, alliance_id)


# --- The process --------------------------------------------------------------------------------


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


class MspStartIn(BaseModel):
    framework: str = Field(max_length=60)
    submission_deadline: IsoDate | None = None


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


class MspDeadlineIn(BaseModel):
    deadline: IsoDate


@router.put(P + "/deadline", response=responses(200, MspOut))
def set_deadline(request, reference: str, payload: MspDeadlineIn):
    process = _process(request, reference)
    mcp.msp_submission_deadline_set(actor=request.actor, process=process, deadline=payload.deadline)
    return _out(process)


class MspAllianceIn(BaseModel):
    name: str = Field(max_length=200)
    lead_code: str = Field(max_length=30)
    member_codes: list[str] = Field(default_factory=list, max_length=50)


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


class MspNoticeIn(BaseModel):
    description: str = Text


@router.post(P + "/market-notice", response=responses(201, MspOut))
def publish_market_notice(request, reference: str, payload: MspNoticeIn):
    process = _process(request, reference)
    mcp.market_notice_publish(actor=request.actor, process=process, description=payload.description)
    return Status(201, _out(process))


class MspQaIn(BaseModel):
    question: str = Field(max_length=4000)
    answer: str = Field(max_length=4000)


class MspSessionIn(BaseModel):
    held_on: IsoDate
    subjects: list[str] = Field(max_length=20)
    presentation_notes: str = Text
    qa: list[MspQaIn] = Field(default_factory=list, max_length=100)


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


class MspDocumentOut(Out):
    id: int
    kind: str
    name: str
    size: int
    sha256: str
    uploaded_at: datetime


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


# --- The panel ----------------------------------------------------------------------------------


class MspPanelIn(BaseModel):
    person_email: str = Field(max_length=254)


@router.post(P + "/panel", response=responses(201, MspPanelOut))
def add_panel_member(request, reference: str, payload: MspPanelIn):
    process = _process(request, reference)
    require(request.actor, "selection.manage_msp", process)
    person = sel.person_by_email(payload.person_email)
    if person is None:
        raise ValidationFailed.for_field(
            "person_email", "There is nobody on Caremarket with that email address"
        )
    member = mcp_assessment.panel_member_add(actor=request.actor, process=process, person=person)
    return Status(201, {"person_email": person.email, "declaration": member.declaration})


class MspDeclarationIn(BaseModel):
    declaration: Literal["no_conflict", "conflict"]
    conflict_text: str = Text


@router.post(P + "/panel/declaration", response=responses(200, MspPanelOut))
def declare(request, reference: str, payload: MspDeclarationIn):
    process = _process(request, reference)
    member = mcp_assessment.panel_declare(
        actor=request.actor, process=process, declaration=payload.declaration, text=payload.conflict_text
    )
    return {"person_email": member.person.email, "declaration": member.declaration}


class MspRatingIn(BaseModel):
    sub_criterion: str = Field(max_length=20)
    rating: RatingValue
    comment: str = Field(max_length=4000)


class MspRatingsIn(BaseModel):
    ratings: list[MspRatingIn] = Field(max_length=500)


class MspPanelRatingOut(Out):
    panel_member_email: str | None
    sub_criterion: str
    rating: str
    comment: str


class MspModeratedOut(Out):
    sub_criterion: str
    rating: str
    suggested: str
    rationale: str


class MspDomainOut(Out):
    domain: str
    suggested: str
    agreed: str
    rationale: str


class MspRatingsOut(Out):
    alliance: str
    visibility: str
    panel: list[MspPanelRatingOut]
    moderated: list[MspModeratedOut]
    domains: list[MspDomainOut]


def _ratings_out(request, process, alliance) -> dict:
    shown = sel.ratings_for(request.actor, process, alliance)
    if not shown.visibility.sees_any:
        raise NotFound(f"{alliance.name}'s ratings are not shown to you")
    return {
        "alliance": alliance.name,
        "visibility": str(shown.visibility),
        "panel": [
            {
                "panel_member_email": r.panel_member.person.email,
                "sub_criterion": r.sub_criterion,
                "rating": r.rating,
                "comment": r.comment,
            }
            for r in shown.panel
        ],
        "moderated": list(shown.moderated.values()),
        "domains": list(shown.domains.values()),
    }


@router.put(A + "/ratings", response=responses(200, MspRatingsOut))
def rate(request, reference: str, alliance_id: Id, payload: MspRatingsIn):
    """Your ratings (as a panel member) of some or all sub-criteria of the alliance's submission."""
    process, alliance = _alliance(request, reference, alliance_id)
    ratings = {r.sub_criterion: (r.rating, r.comment) for r in payload.ratings}
    mcp_assessment.panel_rate(actor=request.actor, process=process, alliance=alliance, ratings=ratings)
    return _ratings_out(request, process, alliance)


@router.get(A + "/ratings", response=responses(200, MspRatingsOut))
def get_ratings(request, reference: str, alliance_id: Id):
    """The ratings you may see: commissioners every one; a panel member their own until
    moderation; the alliance's members its moderated ratings after moderation; nobody else any."""
    process, alliance = _alliance(request, reference, alliance_id)
    return _ratings_out(request, process, alliance)


class MspAgreedIn(BaseModel):
    sub_criterion: str = Field(max_length=20)
    rating: RatingValue
    rationale: str = Text


class MspDomainIn(BaseModel):
    domain: str = Field(max_length=20)
    rating: RatingValue
    rationale: str = Text


class MspModerationIn(BaseModel):
    sub_criteria: list[MspAgreedIn] = Field(max_length=500)
    domains: list[MspDomainIn] = Field(default_factory=list, max_length=100)
    overall: RatingValue | None = None
    overall_rationale: str = Text


@router.post(A + "/moderation", response=responses(201, MspRatingsOut))
def moderate(request, reference: str, alliance_id: Id, payload: MspModerationIn):
    process, alliance = _alliance(request, reference, alliance_id)
    mcp_assessment.moderation_record(
        actor=request.actor,
        process=process,
        alliance=alliance,
        sub_ratings={m.sub_criterion: (m.rating, m.rationale) for m in payload.sub_criteria},
        domains={d.domain: (d.rating, d.rationale) for d in payload.domains},
        overall=(payload.overall or "", payload.overall_rationale),
    )
    return Status(201, _ratings_out(request, process, alliance))


class MspGateway1In(BaseModel):
    decision: Literal["progress", "divert"]
    rationale: str = Text
    themes: list[str] = Field(default_factory=list, max_length=50)
    notes: dict[str, str] = Field(
        default_factory=dict, description="Domain id -> why progress when not assured"
    )


@router.post(P + "/gateway1", response=responses(201, MspOut))
def decide_gateway1(request, reference: str, payload: MspGateway1In):
    process = _process(request, reference)
    mcp_assessment.gateway1_decide(
        actor=request.actor,
        process=process,
        decision=payload.decision,
        rationale=payload.rationale,
        themes=payload.themes,
        notes=payload.notes,
    )
    return Status(201, _out(process))


# --- Stage 2, gateway 2 and the contract ---------------------------------------------------------


class MspVersionOut(Out):
    id: int
    number: int
    kind: str
    sha256: str
    drafted_by_side: str
    agreed_by: list[str]
    document_status: str


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


class MspEngagementIn(BaseModel):
    held_on: IsoDate
    who: str = Field(max_length=255)
    summary: str = Field(max_length=10000)


class MspEngagementOut(Out):
    id: int
    held_on: date
    who: str
    summary: str


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


class MspGateway2In(BaseModel):
    rationale: str = Text


@router.post(P + "/gateway2", response=responses(201, MspOut))
def pass_gateway2(request, reference: str, payload: MspGateway2In):
    process = _process(request, reference)
    mcp_stage2.gateway2_pass(actor=request.actor, process=process, rationale=payload.rationale)
    return Status(201, _out(process))


class MspCriterionIn(BaseModel):
    criterion: str = Field(max_length=60)
    weight: str | None = Field(None, max_length=10, description='A percentage, like "30"')
    importance: str = Field("", max_length=40)
    rationale: str = Text


class MspDecisionIn(BaseModel):
    alliance_id: Id
    contract_value: AmountIn
    criteria: list[MspCriterionIn] = Field(max_length=10)


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


class MspContractIn(BaseModel):
    value: AmountIn | None = Field(None, description="The decision's contract value (checked, if given)")
    starts_on: IsoDate
    term_months: int = Field(ge=1, le=600)
    signed_on: IsoDate | None = None


class MspContractOut(Out):
    reference: str
    supplier_code: str
    value: Money
    subcontractor_codes: list[str]


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
