"""A competition's documents: each upload is a new version with its SHA-256. Once published,
bidders are told; a new specification or pricing schedule changes the requirement."""

from datetime import datetime

from django.core.files.base import ContentFile
from django.db.models import Max

from caremarket.audit.services import audit_record
from caremarket.competitions import seal
from caremarket.competitions.choices import DocumentKind
from caremarket.competitions.models import Competition, Document
from caremarket.competitions.services.competitions import (
    _apply_requirement_change,
    _check_aware,
    _lock_competition,
    _notify_bidders,
)
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import RuleViolation, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.rules.competitions import CompetitionStatus as S

# A new version of these documents changes the requirement.
REQUIREMENT_DOCUMENTS = {DocumentKind.SPECIFICATION, DocumentKind.PRICING_SCHEDULE}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


@service
def document_upload(
    *,
    actor: Actor,
    competition: Competition,
    kind: str,
    name: str,
    content: bytes,
    content_type: str = "application/octet-stream",
    note: str = "",
    submission_deadline: datetime | None = None,
) -> Document:
    """A new version of a document. Once published, bidders are told; a new specification or
    pricing schedule changes the requirement (submitted bids are invalidated)."""
    competition = _lock_competition(competition)
    require(actor, "competitions.manage", competition)
    _check_aware(submission_deadline=submission_deadline)
    now = clock.now()
    if kind not in set(DocumentKind):
        raise ValidationFailed.for_field("kind", "Choose specification, terms, pricing schedule or other")
    if not content:
        raise ValidationFailed.for_field("file", "The file is empty", code=ErrorCode.EVIDENCE_EMPTY)
    if len(content) > MAX_DOCUMENT_BYTES:
        raise ValidationFailed.for_field(
            "file", "The file is larger than 20 MB", code=ErrorCode.EVIDENCE_TOO_LARGE
        )
    status = competition.status(now)
    if status not in (S.DRAFT, S.PUBLISHED, S.CLARIFICATION_CLOSED):
        raise RuleViolation(
            f"{competition.reference} is {competition.status_label(now)}: its documents can no longer change",
            code=ErrorCode.COMPETITION_REQUIREMENT_FIXED,
        )
    extra = {}
    if status != S.DRAFT and kind in REQUIREMENT_DOCUMENTS:
        extra = _apply_requirement_change(
            actor, competition, now, submission_deadline, f"a new version of the {kind.replace('_', ' ')}"
        )
        competition.touch()
        competition.save()
    version = (competition.documents.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0) + 1
    document = Document(
        competition=competition,
        kind=kind,
        version=version,
        name=name[:200] or "document",
        size=len(content),
        sha256=seal.sha256(content),
        content_type=content_type[:100],
        note=note.strip()[:500],
        uploaded_at=now,
        uploaded_by=actor.person,
    )
    document.file.save(document.name, ContentFile(content), save=False)
    document.save()
    if status != S.DRAFT and not extra:
        _notify_bidders(
            competition,
            f"{competition.reference}: a new document",
            f"{document.kind_label} version {version} ({document.name}) was published.",
        )
    audit_record(
        actor=actor,
        action="competition.document_uploaded",
        obj=competition,
        organisation_id=competition.buyer_id,
        after={"kind": kind, "version": version, "name": document.name, "sha256": document.sha256, **extra},
    )
    return document
