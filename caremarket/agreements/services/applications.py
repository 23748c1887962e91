"""Supplier admission: apply to one or more lots, assess, admit or reject, withdraw; and
renew a certification the agreement requires."""

from datetime import date
from typing import Any

from caremarket.agreements import compliance
from caremarket.agreements.choices import SCHEME_LABELS
from caremarket.agreements.models import Agreement, Application, Assessment, Evidence, Lot, LotSupplier
from caremarket.agreements.services.evidence import _check_file, _store, _stored_files
from caremarket.agreements.services.problems import Problems
from caremarket.agreements.services.standing import _lot_supplier_admit
from caremarket.audit.services import audit_record
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, NotFound, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.notifications.services import notify, people_with_roles
from caremarket.orgs.choices import CertificationScheme
from caremarket.orgs.models import Certification, Organisation
from caremarket.orgs.services import _certification_declare
from caremarket.rules.admission import (
    PENDING,
    SUPPLIER_STATUS_LABELS,
    ApplicationStatus,
    AssessmentOutcome,
    Decision,
    GapKind,
    HeldCertification,
    assessment_refusal,
    certificate_refusal,
    compliance_gaps,
    decision_refusal,
    withdrawal_refusal,
)
from caremarket.rules.agreements import AgreementStatus, application_refusal
from caremarket.rules.certifications import dates_problem
from caremarket.rules.dates import spoken_date
from caremarket.rules.notifications import MessageKind, message_key
from caremarket.rules.questions import QuestionType, clean_answers
from caremarket.rules.roles import Role, Sector


def _lots(agreement: Agreement, numbers: list[int]) -> list[Lot]:
    numbers = list(dict.fromkeys(numbers))
    if not numbers:
        raise ValidationFailed.for_field("lots", "Choose at least one lot to apply to")
    lots = list(agreement.lots.filter(number__in=numbers).select_related("current_rules").order_by("number"))
    missing = sorted(set(numbers) - {lot.number for lot in lots})
    if missing:
        raise NotFound(f"{agreement.reference} has no lot {', '.join(map(str, missing))}")
    return lots


def _refuse_unless_open(agreement: Agreement, supplier: Organisation, lots: list[Lot]) -> None:
    today = clock.today()
    facts = agreement.facts(lot_count=len(lots))
    for lot in lots:
        refusal = application_refusal(facts, lot.facts(), today)
        if refusal:
            raise refusal.error(lot=lot.number)
    pending = Application.objects.filter(supplier=supplier, lot__in=lots, status__in=PENDING).select_related(
        "lot"
    )
    for application in pending:
        raise Conflict(
            f"{supplier.name} already has an application to {application.lot.label} waiting for a decision",
            code=ErrorCode.APPLICATION_PENDING,
        )
    places = LotSupplier.objects.filter(supplier=supplier, lot__in=lots).exclude(status="removed")
    for place in places.select_related("lot"):
        raise Conflict(
            f"{supplier.name} is already {SUPPLIER_STATUS_LABELS[place.status]} on {place.lot.label}",
            code=ErrorCode.APPLICATION_ALREADY_ON_LOT,
        )


def _check_certificates(certificates: list[dict], problems: Problems) -> list[dict]:
    """Certificates declared with the application: each must be in force today."""
    today, clean = clock.today(), []
    for number, cert in enumerate(certificates):
        scheme = str(cert.get("scheme", ""))
        field = f"certifications.{scheme or number}"
        if scheme not in CertificationScheme.values:
            problems.add(field, f"'{scheme}' is not a certification scheme Caremarket knows")
            continue
        valid_from, expires_on = cert.get("valid_from"), cert.get("expires_on")
        if not isinstance(valid_from, date) or not isinstance(expires_on, date):
            problems.add(field, f"Enter the dates of the {SCHEME_LABELS[scheme]} certificate")
            continue
        problem = dates_problem(valid_from, expires_on)
        refusal = certificate_refusal(SCHEME_LABELS[scheme], valid_from, expires_on, today)
        if problem:
            problems.add(field, problem)
        elif refusal:
            problems.refuse(field, refusal)
        else:
            clean.append({**cert, "reference": str(cert.get("reference", "")).strip()[:100]})
    return clean


def _check_compliance(agreement: Agreement, supplier: Organisation, declared: list[dict], problems: Problems):
    required = list(agreement.required_standards)
    held = compliance.held_certifications([supplier.pk], required).get(supplier.pk, [])
    held += [HeldCertification(c["scheme"], c["valid_from"], c["expires_on"]) for c in declared]
    for gap in compliance_gaps(required, held, clock.today()):
        label = SCHEME_LABELS.get(gap.scheme, gap.scheme)
        why = {
            GapKind.MISSING: f"{supplier.name} has no {label} certificate. Declare one in force",
            GapKind.EXPIRED: f"{supplier.name}'s certificate expired on {spoken_date(gap.on)}. "
            "Declare the renewed one",
            GapKind.NOT_YET_VALID: f"{supplier.name}'s certificate is not in force until "
            f"{spoken_date(gap.on)}. Declare one in force today",
        }[gap.kind]
        problems.add(f"certifications.{gap.scheme}", f"{agreement.reference} requires {label}: {why}")


def _check_answers(lots, answers, uploads, supplier, problems: Problems) -> tuple[dict[int, dict], dict]:
    """Each lot's cleaned answers, and the kind of each new file (by its position)."""
    kinds = {}
    for qid, files in uploads.items():
        for index, upload in enumerate(files):
            kinds[qid, index] = _check_file(upload, f"answers.{qid}", problems)
    cleaned: dict[int, dict] = {}
    upload_questions = set()
    for lot in lots:
        questions = lot.current_rules.question_list()
        upload_questions |= {q.id for q in questions if q.type == QuestionType.UPLOAD}
        result = clean_answers(questions, answers, frozenset(uploads))
        for qid, message in result.problems.items():
            if f"answers.{qid}" not in problems.fields:
                problems.add(f"answers.{qid}", message)
        cleaned[lot.pk] = result.answers
    cited = {
        i for a in cleaned.values() for qid, value in a.items() if qid in upload_questions for i in value
    }
    owned = set(Evidence.objects.filter(pk__in=cited, supplier=supplier).values_list("pk", flat=True))
    for missing in sorted(cited - owned):
        problems.add("answers", f"Evidence #{missing} is not one of {supplier.name}'s files")
    return cleaned, kinds


@service
def application_submit(
    *,
    actor: Actor,
    supplier: Organisation,
    agreement: Agreement,
    lots: list[int],
    answers: dict[str, Any],
    uploads: dict[str, list] | None = None,
    certifications: list[dict] | tuple = (),
) -> list[Application]:
    """Apply to one or more lots at once: one application per lot, answered together.

    `uploads` maps an upload question to new files; `certifications` are certificates the
    supplier declares with the application. Every problem is reported at once, and a refused
    application changes nothing."""
    require(actor, "agreements.apply", supplier)
    if supplier.sector != Sector.SUPPLIER:
        raise ValidationFailed("Only a supplier organisation can apply to an agreement")
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    chosen = _lots(agreement, lots)
    _refuse_unless_open(agreement, supplier, chosen)
    uploads = {qid: list(files) for qid, files in (uploads or {}).items() if files}
    problems = Problems()
    cleaned, kinds = _check_answers(chosen, answers, uploads, supplier, problems)
    declared = _check_certificates(list(certifications), problems)
    _check_compliance(agreement, supplier, declared, problems)
    problems.raise_if_any("The application is not complete", code=ErrorCode.APPLICATION_INCOMPLETE)

    for cert in declared:
        _certification_declare(actor=actor, organisation=supplier, **cert)
    asked = {qid for lot_answers in cleaned.values() for qid in lot_answers}
    with _stored_files() as names:
        new_files = {
            qid: [
                _store(actor=actor, supplier=supplier, upload=f, kind=kinds[qid, index], names=names)
                for index, f in enumerate(files)
            ]
            for qid, files in uploads.items()
            if qid in asked
        }
        snapshot = _certificate_snapshot(agreement, supplier)
        return [
            _create_application(actor, supplier, lot, cleaned[lot.pk], new_files, snapshot) for lot in chosen
        ]


def _certificate_snapshot(agreement: Agreement, supplier: Organisation) -> list[dict]:
    certs = Certification.objects.filter(organisation=supplier, scheme__in=agreement.required_standards)
    return [
        {
            "scheme": c.scheme,
            "reference": c.reference,
            "valid_from": c.valid_from.isoformat(),
            "expires_on": c.expires_on.isoformat(),
        }
        for c in certs.order_by("scheme", "-expires_on")
    ]


def _create_application(actor, supplier, lot, answers, new_files, snapshot) -> Application:
    questions = {q.id: q for q in lot.current_rules.question_list()}
    answers = dict(answers)
    for qid, evidence in new_files.items():
        if qid in answers and questions[qid].type == QuestionType.UPLOAD:
            answers[qid] = sorted({*answers[qid], *(e.pk for e in evidence)})
    application = Application.objects.create(
        supplier=supplier,
        lot=lot,
        rules=lot.current_rules,
        answers=answers,
        certifications=snapshot,
        submitted_by=actor.person,
    )
    cited = [i for qid, value in answers.items() if questions[qid].type == QuestionType.UPLOAD for i in value]
    application.evidence.set(cited)
    audit_record(
        actor=actor,
        action="application.submitted",
        obj=application,
        organisation_id=supplier.pk,
        after={
            "lot": lot.label,
            "rules_version": lot.current_rules.version,
            "answers": len(answers),
            "evidence": cited,
        },
    )
    return application


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("lot__agreement", "supplier")
        .get(pk=application.pk)
    )


@service
def application_assess(*, actor: Actor, application: Application, outcome: str, reasons: str) -> Assessment:
    application = _locked(application)
    require(actor, "agreements.assess_application", application)
    refusal = assessment_refusal(application.status)
    if refusal:
        raise refusal.error()
    problems = Problems()
    problems.check(outcome in set(AssessmentOutcome), "outcome", "Choose pass, fail or needs decision")
    problems.check(bool(reasons.strip()), "reasons", "Give the reasons for the assessment")
    problems.raise_if_any("The assessment is not complete")
    assessment = Assessment.objects.create(
        application=application, outcome=outcome, reasons=reasons.strip(), assessed_by=actor.person
    )
    before = application.status
    application.status = ApplicationStatus.ASSESSED
    application.touch()
    application.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="application.assessed",
        obj=application,
        organisation_id=application.supplier_id,
        before={"status": before},
        after={"status": application.status, "outcome": outcome, "reasons": assessment.reasons},
    )
    return assessment


def _decide(actor: Actor, application: Application, decision: str, reason: str) -> Application:
    application = _locked(application)
    require(actor, "agreements.assess_application", application)
    latest = application.assessments.order_by("-assessed_at", "-id").first()
    refusal = decision_refusal(decision, application.status, latest.outcome if latest else None)
    if refusal:
        raise refusal.error()
    if decision == Decision.REJECT and not reason.strip():
        raise ValidationFailed.for_field("reason", "Give the reason for rejecting the application")
    agreement = application.lot.agreement
    if decision == Decision.ADMIT and agreement.status() == AgreementStatus.EXPIRED:
        raise ValidationFailed(
            f"{agreement.reference} expired on {spoken_date(agreement.ends_on)}: nobody can be admitted",
            code=ErrorCode.AGREEMENT_EXPIRED,
        )
    before = application.status
    application.status = (
        ApplicationStatus.ADMITTED if decision == Decision.ADMIT else ApplicationStatus.REJECTED
    )
    application.decided_at, application.decided_by = clock.now(), actor.person
    application.decision_reason = reason.strip()
    application.touch()
    application.save()
    audit_record(
        actor=actor,
        action=f"application.{application.status}",
        obj=application,
        organisation_id=application.supplier_id,
        before={"status": before},
        after={"status": application.status, "reason": application.decision_reason},
    )
    admitted = application.status == ApplicationStatus.ADMITTED
    lot = application.lot
    why = f"\n\nThe reason given: {application.decision_reason}" if application.decision_reason else ""
    notify(
        people_with_roles([application.supplier_id], [Role.SUPPLIER_USER]),
        kind=MessageKind.APPLICATION_DECIDED,
        subject=f"Your application to {lot.label} was " + ("admitted" if admitted else "refused"),
        body=(
            f"{application.supplier.name}'s application to {lot.label} ({lot.title}, {agreement.title}) was "
            + ("admitted: you can now be invited to its competitions." if admitted else "refused.")
            + why
        ),
        link=f"/agreements/applications/{application.pk}",
        organisation=application.supplier,
        key=message_key(MessageKind.APPLICATION_DECIDED, f"application/{application.pk}"),
    )
    return application


@service
def application_admit(*, actor: Actor, application: Application, reason: str = "") -> LotSupplier:
    """Admit the supplier to the lot it applied to."""
    application = _decide(actor, application, Decision.ADMIT, reason)
    return _lot_supplier_admit(
        actor=actor, application=application, reason=reason.strip() or "Application admitted"
    )


@service
def application_reject(*, actor: Actor, application: Application, reason: str) -> Application:
    return _decide(actor, application, Decision.REJECT, reason)


@service
def application_withdraw(*, actor: Actor, application: Application) -> Application:
    application = _locked(application)
    require(actor, "agreements.withdraw_application", application)
    refusal = withdrawal_refusal(application.status)
    if refusal:
        raise refusal.error()
    before = application.status
    application.status = ApplicationStatus.WITHDRAWN
    application.touch()
    application.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="application.withdrawn",
        obj=application,
        organisation_id=application.supplier_id,
        before={"status": before},
        after={"status": application.status},
    )
    return application


@service
def certification_renew(
    *,
    actor: Actor,
    supplier: Organisation,
    scheme: str,
    valid_from: date,
    expires_on: date,
    reference: str = "",
) -> Certification:
    """Declare the renewed certificate of a standard: it must be in force today."""
    require(actor, "agreements.renew_certification", supplier)
    if scheme not in CertificationScheme.values:
        raise ValidationFailed.for_field(
            "scheme", f"'{scheme}' is not a certification scheme Caremarket knows"
        )
    problem = dates_problem(valid_from, expires_on)
    if problem:
        raise ValidationFailed.for_field("expires_on", problem, code=ErrorCode.CERTIFICATION_DATES_INVALID)
    refusal = certificate_refusal(SCHEME_LABELS[scheme], valid_from, expires_on, clock.today())
    if refusal:
        field = "expires_on" if expires_on < clock.today() else "valid_from"
        raise ValidationFailed(
            refusal.message, code=refusal.code, details={"fields": {field: [refusal.message]}}
        )
    return _certification_declare(
        actor=actor,
        organisation=supplier,
        scheme=scheme,
        valid_from=valid_from,
        expires_on=expires_on,
        reference=reference,
    )
