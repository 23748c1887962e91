"""Supplier admission: applications to lots, their assessment and decision, evidence files,
and a supplier's compliance with the standards of the agreements it is on."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from django.http import FileResponse
from django.urls import reverse
from ninja import Field, File, FilterSchema, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate
from pydantic import StrictBool, StrictInt, StrictStr

from caremarket.agreements import selectors, services
from caremarket.api.agreement_schemas import SupplierOut
from caremarket.api.idempotency import idempotent
from caremarket.api.orgs import CertificationOut
from caremarket.api.schemas import ERRORS, Id, IsoDate, LotNumber, Pages, responses
from caremarket.core.errors import NotFound
from caremarket.orgs.choices import CertificationScheme
from caremarket.orgs.selectors import organisation_for_actor
from caremarket.rules.admission import ApplicationStatus, AssessmentOutcome
from caremarket.rules.evidence import KINDS
from caremarket.rules.questions import answer_text, is_asked, suggest_assessment

router = Router(tags=["Applications"])
FILE_CONTENT = {kind.content_type: {"schema": {"type": "string", "format": "binary"}} for kind in KINDS}

Answer = StrictBool | StrictInt | StrictStr | list[StrictStr] | list[StrictInt]


class StatusFilter(StrEnum):
    PENDING = "pending"
    SUBMITTED = ApplicationStatus.SUBMITTED.value
    ASSESSED = ApplicationStatus.ASSESSED.value
    ADMITTED = ApplicationStatus.ADMITTED.value
    REJECTED = ApplicationStatus.REJECTED.value
    WITHDRAWN = ApplicationStatus.WITHDRAWN.value


# --- Output ---------------------------------------------------------------------------------


class AssessmentOut(Schema):
    outcome: str
    reasons: str
    assessed_at: datetime
    assessed_by: str | None

    @staticmethod
    def resolve_assessed_by(obj) -> str | None:
        return obj.assessed_by.full_name if obj.assessed_by_id else None


class EvidenceOut(Schema):
    id: int
    supplier_code: str
    name: str
    content_type: str
    size: int
    sha256: str
    description: str
    uploaded_at: datetime
    content_url: str
    download_url: str

    @staticmethod
    def resolve_supplier_code(obj) -> str:
        return obj.supplier.code

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.original_name

    @staticmethod
    def resolve_content_url(obj) -> str:
        return f"/api/v1/evidence/{obj.pk}/content"

    @staticmethod
    def resolve_download_url(obj) -> str:
        return reverse("web:agreements-evidence", args=[obj.pk])


class ApplicationOut(Schema):
    id: int
    agreement: str
    lot: int
    lot_title: str
    supplier: SupplierOut
    status: str
    submitted_at: datetime
    decided_at: datetime | None
    decision_reason: str
    latest_assessment: AssessmentOut | None

    @staticmethod
    def resolve_agreement(obj) -> str:
        return obj.lot.agreement.reference

    @staticmethod
    def resolve_lot(obj) -> int:
        return obj.lot.number

    @staticmethod
    def resolve_lot_title(obj) -> str:
        return obj.lot.title

    @staticmethod
    def resolve_supplier(obj) -> SupplierOut:
        org = obj.supplier
        return SupplierOut(code=org.code, name=org.name, is_sme=org.is_sme, is_vcse=org.is_vcse)


class AnswerOut(Schema):
    question: str
    kind: str
    title: str
    text: str
    answer: Any
    answer_text: str


class ApplicationDetailOut(ApplicationOut):
    rules_version: int
    answers: list[AnswerOut]
    evidence: list[EvidenceOut]
    assessments: list[AssessmentOut]
    certifications: list[dict[str, str]]
    suggested_outcome: str
    suggested_reasons: list[str]

    @staticmethod
    def resolve_rules_version(obj) -> int:
        return obj.rules.version

    @staticmethod
    def resolve_answers(obj) -> list[AnswerOut]:
        answers = obj.answers
        return [
            AnswerOut(
                question=q.id,
                kind=q.kind,
                title=q.title,
                text=q.text,
                answer=answers.get(q.id),
                answer_text=answer_text(q, answers.get(q.id)),
            )
            for q in obj.rules.question_list()
            if is_asked(q, answers)
        ]

    @staticmethod
    def resolve_evidence(obj):
        return selectors.application_evidence(obj)

    @staticmethod
    def resolve_assessments(obj):
        return selectors.application_assessments(obj)

    @staticmethod
    def resolve_certifications(obj) -> list[dict[str, str]]:
        return [{k: str(v) for k, v in c.items()} for c in obj.certifications]

    @staticmethod
    def resolve_suggested_outcome(obj) -> str:
        return str(suggest_assessment(obj.rules.question_list(), obj.answers).outcome)

    @staticmethod
    def resolve_suggested_reasons(obj) -> list[str]:
        return list(suggest_assessment(obj.rules.question_list(), obj.answers).reasons)


class ComplianceOut(Schema):
    agreement: str
    title: str
    required_standards: list[str]
    compliant: bool
    gaps: list[str]
    lots: list[str]
    pending_lots: list[int]


# --- Input ----------------------------------------------------------------------------------


class ApplicationQuery(FilterSchema):
    status: StatusFilter | None = None
    agreement: str = ""
    supplier: str = Field("", description="The supplier's organisation code")


class CertificateIn(Schema):
    scheme: CertificationScheme
    reference: str = Field("", max_length=100)
    valid_from: IsoDate
    expires_on: IsoDate


class ApplicationIn(Schema):
    supplier_code: str = Field(min_length=2, max_length=20)
    lots: list[LotNumber] = Field(min_length=1, max_length=50, description="The lot numbers to apply to")
    answers: dict[str, Answer] = Field(
        {}, description="Question id to answer; an upload question takes a list of evidence ids"
    )
    certifications: list[CertificateIn] = Field([], description="Certificates declared with the application")


class AssessmentIn(Schema):
    outcome: AssessmentOutcome
    reasons: str = Field(min_length=1, max_length=5000)


class DecisionIn(Schema):
    reason: str = Field("", max_length=5000)


class RenewalIn(CertificateIn):
    pass


# --- Applications -------------------------------------------------------------------------------


@router.get("/applications", response={200: list[ApplicationOut], **ERRORS})
@paginate(Pages)
def list_applications(request, filters: Query[ApplicationQuery]):
    """Your organisation's applications, and those to the agreements you run."""
    data = {k: (str(v) if v else "") for k, v in filters.dict().items()}
    return selectors.applications_for_actor(request.actor, selectors.ApplicationFilters(**data))


@router.post("/agreements/{reference}/applications", response=responses(201, list[ApplicationOut]))
@idempotent
def apply(request, reference: str, payload: ApplicationIn):
    """Apply to one or more lots at once (one application per lot). Cite evidence uploaded to
    /suppliers/{code}/evidence by its id in the answer to an upload question."""
    agreement = selectors.agreement_for_actor(request.actor, reference)
    supplier = organisation_for_actor(request.actor, payload.supplier_code)
    applications = services.application_submit(
        actor=request.actor,
        supplier=supplier,
        agreement=agreement,
        lots=payload.lots,
        answers=payload.answers,
        certifications=[{**c.dict(), "scheme": str(c.scheme)} for c in payload.certifications],
    )
    return Status(201, applications)


@router.get("/applications/{application_id}", response=responses(200, ApplicationDetailOut))
def get_application(request, application_id: Id):
    return selectors.application_for_actor(request.actor, application_id)


@router.post("/applications/{application_id}/assessments", response=responses(201, AssessmentOut))
def assess(request, application_id: Id, payload: AssessmentIn):
    application = selectors.application_for_actor(request.actor, application_id)
    assessment = services.application_assess(
        actor=request.actor, application=application, outcome=str(payload.outcome), reasons=payload.reasons
    )
    return Status(201, assessment)


@router.post("/applications/{application_id}/admit", response=responses(200, ApplicationOut))
def admit(request, application_id: Id, payload: DecisionIn):
    application = selectors.application_for_actor(request.actor, application_id)
    services.application_admit(actor=request.actor, application=application, reason=payload.reason)
    return selectors.application_for_actor(request.actor, application_id)


@router.post("/applications/{application_id}/reject", response=responses(200, ApplicationOut))
def reject(request, application_id: Id, payload: DecisionIn):
    application = selectors.application_for_actor(request.actor, application_id)
    services.application_reject(actor=request.actor, application=application, reason=payload.reason)
    return selectors.application_for_actor(request.actor, application_id)


@router.post("/applications/{application_id}/withdraw", response=responses(200, ApplicationOut))
def withdraw(request, application_id: Id):
    application = selectors.application_for_actor(request.actor, application_id)
    services.application_withdraw(actor=request.actor, application=application)
    return selectors.application_for_actor(request.actor, application_id)


# --- Evidence and compliance --------------------------------------------------------------------


@router.get("/suppliers/{code}/evidence", response=responses(200, list[EvidenceOut]))
def list_evidence(request, code: str):
    supplier = organisation_for_actor(request.actor, code)
    return list(selectors.evidence_of_supplier(request.actor, supplier))


@router.post("/suppliers/{code}/evidence", response=responses(201, EvidenceOut))
def upload_evidence(request, code: str, file: File[UploadedFile], description: Form[str] = ""):
    """Upload a file (PDF, DOCX, XLSX, ODT, PNG or JPEG; 10 MB at most) to cite in applications."""
    supplier = organisation_for_actor(request.actor, code)
    evidence = services.evidence_upload(
        actor=request.actor, supplier=supplier, file=file, description=description
    )
    return Status(201, evidence)


@router.get("/evidence/{evidence_id}", response=responses(200, EvidenceOut))
def get_evidence(request, evidence_id: Id):
    """An evidence file's details; `download_url` gives its content."""
    return selectors.evidence_for_actor(request.actor, evidence_id)


@router.get(
    "/evidence/{evidence_id}/content",
    response={200: None, **ERRORS},
    openapi_extra={"responses": {"200": {"description": "The file, as uploaded", "content": FILE_CONTENT}}},
)
def get_evidence_content(request, evidence_id: Id):
    """The evidence file itself: for its supplier, the managers of the agreements citing it,
    auditors and platform administrators."""
    evidence = selectors.evidence_for_actor(request.actor, evidence_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise NotFound(f"The file of evidence #{evidence.pk} is missing from storage") from None
    return FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )


@router.get("/suppliers/{code}/compliance", response=responses(200, list[ComplianceOut]))
def compliance(request, code: str):
    """Whether the supplier holds, today, every standard each of its agreements requires."""
    supplier = organisation_for_actor(request.actor, code)
    return [
        ComplianceOut(
            agreement=row.agreement.reference,
            title=row.agreement.title,
            required_standards=row.agreement.required_standards,
            compliant=not row.gaps,
            gaps=row.gaps,
            lots=[f"Lot {p.lot.number} ({p.status})" for p in row.places],
            pending_lots=[a.lot.number for a in row.pending],
        )
        for row in selectors.supplier_overview_for_actor(request.actor, supplier)
    ]


@router.post("/suppliers/{code}/certifications/renewals", response=responses(201, CertificationOut))
def renew_certification(request, code: str, payload: RenewalIn):
    """Declare the renewed certificate of a standard; it must be in force today."""
    supplier = organisation_for_actor(request.actor, code)
    data = {**payload.dict(), "scheme": str(payload.scheme)}
    return Status(201, services.certification_renew(actor=request.actor, supplier=supplier, **data))
