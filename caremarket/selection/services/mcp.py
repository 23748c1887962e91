"""The Most Suitable Provider process, stage 1: starting it under an evaluation framework, the
alliances and their letters of commitment, the notice to the market, the constructive dialogue
sessions and the written submission by its deadline.

Every service locks the process, checks the actor's permission and the stage rules
(`rules.provider_assessment.stage_refusal`), and records an audit event."""

import hashlib
import uuid
from datetime import date

from django.core.files.storage import default_storage

from caremarket.agreements.services.evidence import _file_facts, _max_bytes, _stored_files
from caremarket.audit.services import audit_record
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, RuleViolation, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.orgs.models import Organisation
from caremarket.rules import provider_assessment as pa
from caremarket.rules.dates import spoken_date
from caremarket.rules.evidence import evidence_refusal
from caremarket.rules.psr import Process
from caremarket.rules.roles import Sector
from caremarket.selection import selectors_mcp as sel
from caremarket.selection.models import (
    Alliance,
    AllianceMember,
    DialogueSession,
    MspSetup,
    SelectionProcess,
    Submission,
    SubmissionDocument,
)
from caremarket.transparency.publishing import publish_lifecycle_notice

# A notice to the market of the process and its intended outcome. The Provider Selection Regime
# has no notice of its own for this step (its notices are the intention to award, the award, the
# urgent award and the modification): the closest existing type is the preliminary market
# engagement notice (UK2), which tells the market of a planned arrangement and invites providers
# to come forward, so Caremarket publishes the notice to the market as a UK2.
MARKET_NOTICE_TYPE = "UK2"
MAX_TEXT = 10_000


# --- Shared helpers (used by the other mcp services modules) ------------------------------------


def _locked(process: SelectionProcess) -> SelectionProcess:
    return (
        SelectionProcess.objects.select_for_update(of=("self",))
        .select_related("lead_commissioner")
        .get(pk=process.pk)
    )


def _setup(process: SelectionProcess) -> MspSetup:
    setup = MspSetup.objects.filter(process=process).first()
    if setup is None:
        raise RuleViolation(
            f"{process.reference} is not running the Most Suitable Provider process",
            code=ErrorCode.MSP_WRONG_PROCESS,
        )
    return setup


def _refuse_unless(process: SelectionProcess, stage: pa.Stage) -> pa.Framework:
    """Refuse (naming the reason) unless the process can do the work of `stage` now."""
    setup = _setup(process)
    fw = sel.framework_of(setup)
    reason = pa.stage_refusal(stage, sel.stage_facts(process), fw)
    if reason:
        raise RuleViolation(reason, code=ErrorCode.MSP_STAGE_REFUSED, details={"stage": str(stage)})
    return fw


def _set_stage(process: SelectionProcess) -> None:
    """Record the furthest stage reached (the process row's `stage`)."""
    fw = sel.framework_of(_setup(process))
    stage = str(pa.current_stage(sel.stage_facts(process), fw))
    if process.stage != stage:
        SelectionProcess.objects.filter(pk=process.pk).update(stage=stage)
        process.stage = stage


def _problems_error(problems: list[pa.Problem], message: str, field: str = "ratings") -> ValidationFailed:
    return ValidationFailed(
        f"{message}: {problems[0].message}" if len(problems) == 1 else message,
        code=str(problems[0].code),
        details={
            "fields": {field: [p.message for p in problems]},
            "problems": [{"code": str(p.code), "message": p.message, "subject": p.subject} for p in problems],
        },
    )


def _text(value, field: str, label: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationFailed.for_field(field, f"Enter {label}")
    if len(text) > limit:
        raise ValidationFailed.for_field(
            field, f"{label[:1].upper()}{label[1:]} must be {limit:,} characters or fewer"
        )
    return text


def _store_upload(upload, folder: str, field: str, names: list[str]) -> dict:
    """Check an uploaded file (type, size) and store it, hashing it as it streams; call within
    `_stored_files` so a refused change deletes it again."""
    if upload is None:
        raise ValidationFailed.for_field(field, "Choose the file to upload")
    refusal, kind = evidence_refusal(_file_facts(upload), _max_bytes())
    if refusal:
        raise ValidationFailed(
            refusal.message, code=refusal.code, details={"fields": {field: [refusal.message]}}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    stored = default_storage.save(f"selection/{folder}/{uuid.uuid4().hex}.{kind.extensions[0]}", upload)
    names.append(stored)
    name = str(getattr(upload, "name", "") or "file").replace("\\", "/").rsplit("/", 1)[-1][-255:]
    return {
        "file": stored,
        "name": name,
        "size": int(upload.size),
        "sha256": digest.hexdigest(),
        "content_type": kind.content_type,
    }


def _audit(actor: Actor, action: str, process: SelectionProcess, obj=None, **after) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=obj or process,
        organisation_id=process.lead_commissioner_id,
        after={"process": process.reference, **after},
    )


# --- Starting the process -----------------------------------------------------------------------


@service
def msp_start(
    *, actor: Actor, process: SelectionProcess, framework_code: str, submission_deadline: date | None = None
) -> MspSetup:
    """Put a process that chose the Most Suitable Provider process into its first stage, under
    the evaluation framework in force today."""
    process = _locked(process)
    require(actor, "selection.manage_msp", process)
    if process.process != Process.MOST_SUITABLE_PROVIDER:
        raise RuleViolation(
            f"{process.reference} has not chosen the Most Suitable Provider process",
            code=ErrorCode.MSP_WRONG_PROCESS,
        )
    if process.ended_at:
        raise RuleViolation(f"{process.reference} has ended", code=ErrorCode.MSP_STAGE_REFUSED)
    if MspSetup.objects.filter(process=process).exists():
        raise Conflict(
            f"{process.reference} is already running the Most Suitable Provider process",
            code=ErrorCode.MSP_ALREADY_STARTED,
        )
    fw = pa.framework(framework_code, clock.today())
    setup = MspSetup.objects.create(
        process=process,
        framework_code=fw.code,
        framework_version=fw.version,
        submission_deadline=submission_deadline,
    )
    _set_stage(process)
    _audit(actor, "selection.msp_started", process, framework=fw.code, version=fw.version)
    return setup


@service
def msp_submission_deadline_set(*, actor: Actor, process: SelectionProcess, deadline: date) -> MspSetup:
    """Set (or move) the written submission's deadline, before it has passed."""
    process = _locked(process)
    require(actor, "selection.manage_msp", process)
    setup = _setup(process)
    today = clock.today()
    if deadline is None or deadline < today:
        raise ValidationFailed.for_field("deadline", "The submission deadline must be today or later")
    if setup.submission_deadline and setup.submission_deadline < today:
        raise RuleViolation(
            f"The submission deadline, {spoken_date(setup.submission_deadline)}, has passed: "
            "it can no longer move",
            code=ErrorCode.MSP_STAGE_REFUSED,
        )
    before = setup.submission_deadline
    setup.submission_deadline = deadline
    setup.save(update_fields=["submission_deadline", "updated_at"])
    _audit(actor, "selection.msp_deadline_set", process, before=before, deadline=deadline)
    return setup


# --- Alliances ----------------------------------------------------------------------------------


@service
def alliance_form(
    *,
    actor: Actor,
    process: SelectionProcess,
    name: str,
    lead: Organisation,
    members: list[Organisation],
) -> Alliance:
    """Record an alliance of providers with its lead (one of its members)."""
    process = _locked(process)
    require(actor, "selection.manage_msp", process)
    setup = _setup(process)
    name = _text(name, "name", "the alliance's name", limit=200)
    if setup.submission_deadline and clock.today() > setup.submission_deadline:
        raise RuleViolation(
            "The written submission deadline has passed: no new alliance can join",
            code=ErrorCode.MSP_STAGE_REFUSED,
        )
    members = list(members)
    if lead is not None and lead not in members:
        members.insert(0, lead)
    for org in members:
        if org.sector != Sector.SUPPLIER:
            raise ValidationFailed.for_field("members", f"{org.name} is not a provider organisation")
    problems = pa.alliance_problems([m.code for m in members], lead.code if lead else None)
    if problems:
        raise _problems_error(problems, "The alliance is not complete", "members")
    if process.alliances.filter(name__iexact=name).exists():
        raise Conflict(f"{process.reference} already has an alliance called {name}")
    alliance = Alliance.objects.create(process=process, name=name, lead=lead)
    AllianceMember.objects.bulk_create(AllianceMember(alliance=alliance, organisation=o) for o in members)
    Submission.objects.create(alliance=alliance)
    _set_stage(process)
    _audit(
        actor,
        "selection.alliance_formed",
        process,
        alliance,
        name=name,
        lead=lead.code,
        members=[m.code for m in members],
    )
    return alliance


@service
def alliance_letter_record(
    *, actor: Actor, alliance: Alliance, signed_on: date, signed_by: str, file
) -> Alliance:
    """The alliance's signed letter of commitment (from its members' chief executives)."""
    process = _locked(alliance.process)
    alliance = Alliance.objects.select_for_update(of=("self",)).get(pk=alliance.pk)
    require(actor, "selection.record_alliance_letter", alliance)
    signed_by = _text(signed_by, "signed_by", "who signed the letter", limit=255)
    if signed_on is None or signed_on > clock.today():
        raise ValidationFailed.for_field("signed_on", "Enter the day the letter was signed, today or earlier")
    with _stored_files() as names:
        stored = _store_upload(file, f"{process.reference}/letters", "file", names)
        alliance.letter_signed_on = signed_on
        alliance.letter_signed_by = signed_by
        alliance.letter_file = stored["file"]
        alliance.letter_name = stored["name"]
        alliance.letter_size = stored["size"]
        alliance.letter_sha256 = stored["sha256"]
        alliance.letter_recorded_by = actor.person
        alliance.save()
        _audit(
            actor,
            "selection.alliance_letter_recorded",
            process,
            alliance,
            alliance=alliance.name,
            signed_on=signed_on,
            signed_by=signed_by,
            sha256=stored["sha256"],
        )
    return alliance


# --- The notice to the market -------------------------------------------------------------------


@service
def market_notice_publish(*, actor: Actor, process: SelectionProcess, description: str = ""):
    """Tell the market of the process and its intended outcome (published through transparency,
    as a UK2: see MARKET_NOTICE_TYPE)."""
    process = _locked(process)
    require(actor, "selection.manage_msp", process)
    _refuse_unless(process, pa.Stage.MARKET_NOTICE)
    setup = _setup(process)
    alliances = list(process.alliances.select_related("lead"))
    outcome = (
        f"The commissioners intend to award the contract for {process.title} to the most suitable "
        f"provider by the Most Suitable Provider process, in dialogue with "
        f"{', '.join(a.name for a in alliances)}"
    )
    term = ""
    if process.term_min_months and process.term_max_months:
        term = f", for {process.term_min_months // 12} to {process.term_max_months // 12} years"
    text = _text(description, "description", "the notice's description", required=False) or (
        (process.description.strip() + " " if process.description.strip() else "") + outcome + term + "."
    )
    tender = {"title": process.title, "description": text[:4000]}
    if process.estimated_value:
        from caremarket.transparency.ocds.builder import ocds_value

        tender["value"] = ocds_value(process.estimated_value)
    notice = publish_lifecycle_notice(
        actor=actor,
        publisher=process.lead_commissioner,
        code=MARKET_NOTICE_TYPE,
        process_id=process.reference,
        content={"tender": tender},
        title=f"Notice to the market: {process.title}",
        subject=process,
        subject_ref=process.reference,
    )
    setup.market_notice = notice
    setup.market_notice_at = clock.now()
    setup.save(update_fields=["market_notice", "market_notice_at", "updated_at"])
    _set_stage(process)
    _audit(actor, "selection.market_notice_published", process, notice=notice.pk)
    return notice


# --- Stage 1: constructive dialogue -------------------------------------------------------------


@service
def dialogue_session_record(
    *,
    actor: Actor,
    process: SelectionProcess,
    held_on: date,
    subjects: list[str],
    presentation_notes: str = "",
    qa: list[dict] | None = None,
) -> DialogueSession:
    """One constructive dialogue session: its subjects (the framework's domains), the alliance's
    presentation and the questions and answers."""
    process = _locked(process)
    require(actor, "selection.manage_msp", process)
    fw = _refuse_unless(process, pa.Stage.DIALOGUE)
    if held_on is None or held_on > clock.today():
        raise ValidationFailed.for_field("held_on", "Enter the day the session was held, today or earlier")
    subjects = [s for s in dict.fromkeys(subjects or []) if s]
    if not subjects:
        raise ValidationFailed.for_field("subjects", "Choose the subjects the session addressed")
    unknown = [s for s in subjects if fw.domain(s) is None]
    if unknown:
        raise ValidationFailed.for_field("subjects", f"{', '.join(unknown)} is not a domain of the {fw.name}")
    rows = []
    for number, row in enumerate(qa or [], start=1):
        question = (row.get("question") or "").strip()
        answer = (row.get("answer") or "").strip()
        if not question and not answer:
            continue
        if not question or not answer:
            raise ValidationFailed.for_field(
                "qa", f"Question {number} needs both the question and the answer"
            )
        rows.append({"question": question[:4000], "answer": answer[:4000]})
    number = process.dialogue_sessions.count() + 1
    session = DialogueSession.objects.create(
        process=process,
        number=number,
        held_on=held_on,
        subjects=subjects,
        presentation_notes=_text(
            presentation_notes, "presentation_notes", "the presentation", required=False
        ),
        qa=rows,
        recorded_by=actor.person,
    )
    _set_stage(process)
    _audit(
        actor,
        "selection.dialogue_session_recorded",
        process,
        session,
        number=number,
        subjects=subjects,
        questions=len(rows),
    )
    return session


# --- The written submission ---------------------------------------------------------------------


def _refuse_late(setup: MspSetup) -> None:
    if setup.submission_deadline is None:
        raise RuleViolation(
            "The commissioners have not set the written submission deadline yet",
            code=ErrorCode.MSP_STAGE_REFUSED,
        )
    if clock.today() > setup.submission_deadline:
        raise RuleViolation(
            f"The written submission deadline, {spoken_date(setup.submission_deadline)}, has passed: "
            "nothing more can be submitted",
            code=ErrorCode.MSP_SUBMISSION_LATE,
        )


@service
def submission_document_upload(*, actor: Actor, alliance: Alliance, kind: str, file) -> SubmissionDocument:
    """One document of the alliance's written submission (dialogue slides, narrative pack,
    evidence log), with its SHA-256, before the deadline."""
    process = _locked(alliance.process)
    require(actor, "selection.submit_for_alliance", alliance)
    setup = _setup(process)
    fw = sel.framework_of(setup)
    _refuse_late(setup)
    reason = pa.stage_refusal(pa.Stage.SUBMISSION, sel.stage_facts(process), fw)
    if reason:
        raise RuleViolation(reason, code=ErrorCode.MSP_STAGE_REFUSED)
    kinds = {d.kind: d.label for d in fw.submission_documents}
    if kind not in kinds:
        raise ValidationFailed.for_field(
            "kind", f"Choose {', '.join(label.lower() for label in kinds.values())}"
        )
    submission, _ = Submission.objects.get_or_create(alliance=alliance)
    if submission.submitted_at:
        raise RuleViolation(
            f"{alliance.name}'s written submission was made on "
            f"{spoken_date(clock.local(submission.submitted_at).date())}",
            code=ErrorCode.MSP_SUBMISSION_LATE,
        )
    with _stored_files() as names:
        stored = _store_upload(file, f"{process.reference}/submissions", "file", names)
        document = SubmissionDocument.objects.create(
            submission=submission, kind=kind, uploaded_by=actor.person, **stored
        )
        _audit(
            actor,
            "selection.submission_document_uploaded",
            process,
            document,
            alliance=alliance.name,
            kind=kind,
            name=stored["name"],
            sha256=stored["sha256"],
            size=stored["size"],
        )
    return document


@service
def submission_submit(*, actor: Actor, alliance: Alliance) -> Submission:
    """Make the written submission, by the deadline, with every document the framework asks for."""
    process = _locked(alliance.process)
    require(actor, "selection.submit_for_alliance", alliance)
    setup = _setup(process)
    fw = sel.framework_of(setup)
    _refuse_late(setup)
    reason = pa.stage_refusal(pa.Stage.SUBMISSION, sel.stage_facts(process), fw)
    if reason:
        raise RuleViolation(reason, code=ErrorCode.MSP_STAGE_REFUSED)
    submission, _ = Submission.objects.select_for_update().get_or_create(alliance=alliance)
    if submission.submitted_at:
        raise Conflict(f"{alliance.name}'s written submission has already been made")
    missing = pa.missing_submission_documents(fw, set(submission.documents.values_list("kind", flat=True)))
    if missing:
        raise RuleViolation(
            f"Upload the {pa._listed([d.label.lower() for d in missing])} before submitting",
            code=ErrorCode.MSP_SUBMISSION_INCOMPLETE,
        )
    submission.submitted_at = clock.now()
    submission.submitted_by = actor.person
    submission.save()
    latest = {}
    for d in submission.documents.all():
        latest.setdefault(d.kind, d.sha256)
    _set_stage(process)
    _audit(actor, "selection.submission_made", process, submission, alliance=alliance.name, documents=latest)
    return submission
