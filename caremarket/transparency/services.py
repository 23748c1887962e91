"""Writing notices: draft, publish (one OCDS release, and the process's record merged in the
same transaction), and correct (a new notice superseding a published one).

Later steps call the private helpers (`_draft_notice`, `_publish_notice`) from the lifecycle
services that cause a notice (publishing a competition, signing a contract...), inside their own
transactions, so a notice is never typed twice (ADR 0014).
"""

import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import models

from caremarket.audit.selectors import audit_head
from caremarket.audit.services import audit_record
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.orgs.models import Organisation
from caremarket.rules.notices import NoticeType, incomplete_refusal, notice_type
from caremarket.transparency.facets import facets_of
from caremarket.transparency.models import Notice, NoticeStatus, Record, Release
from caremarket.transparency.ocds import records, validation
from caremarket.transparency.ocds.builder import Party, build_release, ocid_for, release_id_for

CONTENT_LIMIT_BYTES = 512 * 1024
AUDIT_ANCHOR_FIELD = "auditAnchor"


def _check_content(content: Any) -> dict[str, Any]:
    if not isinstance(content, Mapping):
        raise ValidationFailed.for_field("content", "The notice's content must be an object of OCDS fields")
    if len(json.dumps(content, default=str)) > CONTENT_LIMIT_BYTES:
        raise ValidationFailed.for_field("content", "The notice's content is larger than 512 KB")
    return dict(content)


def _subject_fields(subject: models.Model | None, subject_ref: str) -> dict[str, str]:
    if subject is None:
        return {"subject_type": "", "subject_id": "", "subject_ref": subject_ref.strip()}
    return {
        "subject_type": subject._meta.label_lower,
        "subject_id": str(subject.pk),
        "subject_ref": subject_ref.strip() or str(subject),
    }


def _notice_url(notice: Notice) -> str:
    return f"{settings.CAREMARKET_BASE_URL}/notices/{notice.pk}"


def _draft_notice(
    *,
    actor: Actor,
    publisher: Organisation,
    kind: NoticeType,
    ocid: str,
    content: Mapping[str, Any],
    title: str = "",
    subject: models.Model | None = None,
    subject_ref: str = "",
    supersedes: Notice | None = None,
    correction_reason: str = "",
) -> Notice:
    notice = Notice(
        notice_type=kind.code,
        type_version=kind.version,
        regime=str(kind.regime),
        ocid=ocid,
        legal_basis=kind.citation,
        title=title.strip()[:300],
        content=_check_content(content),
        publisher=publisher,
        supersedes=supersedes,
        correction_reason=correction_reason,
        **_subject_fields(subject, subject_ref),
    )
    notice.full_clean(exclude=["supersedes"])
    notice.save()
    audit_record(
        actor=actor,
        action="notice.drafted",
        obj=notice,
        organisation_id=publisher.pk,
        after={
            "notice_type": notice.notice_type,
            "type_version": notice.type_version,
            "ocid": notice.ocid,
            "supersedes": supersedes.pk if supersedes else None,
        },
    )
    return notice


def _merge_into_record(ocid: str, release: dict[str, Any], when) -> Record:
    """Merge one release into the process's stored compiled release (not a recompile)."""
    record = Record.objects.select_for_update().filter(ocid=ocid).first()
    if record is None:
        return Record.objects.create(
            ocid=ocid, compiled_release=records.merge_release(None, release), release_count=1, updated_at=when
        )
    record.compiled_release = records.merge_release(record.compiled_release, release)
    record.release_count += 1
    record.updated_at = when
    record.save(update_fields=["compiled_release", "release_count", "updated_at"])
    return record


def _publish_notice(*, actor: Actor, notice: Notice, authorised: bool = False) -> Notice:
    """Publish a draft. `authorised` is for lifecycle services, which have already checked that
    the actor may make the change the notice reports (a supplier signing a contract publishes its
    buyer's UK7 that way)."""
    notice = Notice.objects.select_for_update(of=("self",)).select_related("publisher").get(pk=notice.pk)
    if not authorised:
        require(actor, "transparency.publish_notice", notice)
    if notice.status != NoticeStatus.DRAFT:
        raise Conflict(
            f"Notice {notice.pk} ({notice.notice_type}) is already {notice.get_status_display().lower()}: "
            "a published notice is never changed — publish a correction instead",
            code=ErrorCode.NOTICE_NOT_DRAFT,
        )
    # The clock is read after the notice is locked: the release date orders the record's merge.
    now = clock.now()
    kind = notice_type(notice.notice_type, clock.today())
    refusal = incomplete_refusal(kind, notice.content)
    if refusal is not None:
        raise refusal
    superseded = None
    if notice.supersedes_id:
        superseded = Notice.objects.select_for_update().get(pk=notice.supersedes_id)
        if superseded.status != NoticeStatus.PUBLISHED:
            raise Conflict(
                f"Notice {superseded.pk} is {superseded.get_status_display().lower()}, "
                "so it cannot be corrected",
                code=ErrorCode.NOTICE_ALREADY_CORRECTED,
            )
    release_id = release_id_for(kind.code, notice.pk)
    publisher = notice.publisher
    data = build_release(
        ocid=notice.ocid,
        release_id=release_id,
        published=now,
        kind=kind,
        content=notice.content,
        buyer=Party(code=publisher.code, name=publisher.name),
        notice_url=_notice_url(notice),
        correction=superseded is not None,
        title=notice.title,
    )
    # The audit log's head at publication travels with the release itself (not only in this
    # database), so a rewrite of the chain is detectable against copies already downloaded.
    audit_seq, audit_hash = audit_head()
    data[AUDIT_ANCHOR_FIELD] = {"sequence": audit_seq, "hash": audit_hash}
    problems = validation.release_errors(data)
    if problems:
        raise ValidationFailed(
            f"The {kind.label} is not valid OCDS: {problems[0]}",
            code=ErrorCode.NOTICE_RELEASE_INVALID,
            details={"errors": problems[:50]},
        )
    Release.objects.create(
        ocid=notice.ocid,
        release_id=release_id,
        date=now,
        tags=data["tag"],
        data=data,
        notice=notice,
        stored_at=now,
        audit_seq=audit_seq,
        audit_hash=audit_hash,
    )
    record = _merge_into_record(notice.ocid, data, now)
    notice.status = NoticeStatus.PUBLISHED
    notice.published_at = now
    notice.type_version = kind.version
    notice.legal_basis = kind.citation
    # Facets come from the process as it now stands, so a UK7 is found by its tender's title.
    facets = facets_of(record.compiled_release)
    facet_fields = facets.as_fields()
    for name, value in facet_fields.items():
        setattr(notice, name, value)
    if not notice.title:
        notice.title = facets.title[:300]
    notice.touch()
    notice.save(
        update_fields=[
            "status",
            "published_at",
            "type_version",
            "legal_basis",
            "title",
            "updated_at",
            *facet_fields,
        ]
    )
    if superseded is not None:
        superseded.status = NoticeStatus.SUPERSEDED
        superseded.touch()
        superseded.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="notice.published",
        obj=notice,
        organisation_id=notice.publisher_id,
        after={
            "notice_type": notice.notice_type,
            "type_version": notice.type_version,
            "ocid": notice.ocid,
            "release_id": release_id,
            "tags": data["tag"],
            "record_release_count": record.release_count,
            "supersedes": superseded.pk if superseded else None,
        },
    )
    return notice


@service
def notice_draft(
    *,
    actor: Actor,
    publisher: Organisation,
    notice_type_code: str,
    process_id: str,
    content: Mapping[str, Any],
    title: str = "",
    subject: models.Model | None = None,
    subject_ref: str = "",
) -> Notice:
    """A draft notice of a type in force today, for the process `process_id` (its ocid is the
    configured prefix and that id). Drafts may be incomplete; publishing checks the fields."""
    require(actor, "transparency.draft_notice", publisher)
    kind = notice_type(notice_type_code, clock.today())
    return _draft_notice(
        actor=actor,
        publisher=publisher,
        kind=kind,
        ocid=ocid_for(process_id),
        content=content,
        title=title,
        subject=subject,
        subject_ref=subject_ref,
    )


@service
def notice_publish(*, actor: Actor, notice: Notice) -> Notice:
    """Publish a draft: its OCDS release is written and merged into the process's record."""
    return _publish_notice(actor=actor, notice=notice)


@service
def notice_correct(
    *,
    actor: Actor,
    notice: Notice,
    content: Mapping[str, Any],
    reason: str,
    title: str | None = None,
    publish: bool = True,
) -> Notice:
    """Correct a published notice: a new notice of the same type and process that supersedes it
    (published at once unless `publish=False`). The published notice itself is not changed."""
    original = Notice.objects.select_for_update(of=("self",)).select_related("publisher").get(pk=notice.pk)
    require(actor, "transparency.correct_notice", original)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed.for_field("reason", "Enter why the notice is being corrected")
    if original.status != NoticeStatus.PUBLISHED:
        status = original.get_status_display().lower()
        raise Conflict(
            f"Notice {original.pk} is {status}: only a published notice can be corrected"
            + (" (correct its correction instead)" if original.status == NoticeStatus.SUPERSEDED else ""),
            code=ErrorCode.NOTICE_NOT_PUBLISHED,
        )
    if Notice.objects.filter(supersedes=original).exists():
        raise Conflict(
            f"Notice {original.pk} already has a correction: publish or change that one",
            code=ErrorCode.NOTICE_ALREADY_CORRECTED,
        )
    kind = notice_type(original.notice_type, clock.today())
    correction = _draft_notice(
        actor=actor,
        publisher=original.publisher,
        kind=kind,
        ocid=original.ocid,
        content=content,
        title=original.title if title is None else title,
        subject_ref=original.subject_ref,
        supersedes=original,
        correction_reason=reason[:1000],
    )
    correction.subject_type, correction.subject_id = original.subject_type, original.subject_id
    correction.save(update_fields=["subject_type", "subject_id"])
    if publish:
        return _publish_notice(actor=actor, notice=correction)
    return correction


@service
def notice_draft_update(
    *, actor: Actor, notice: Notice, content: Mapping[str, Any], title: str | None = None
) -> Notice:
    """Change a draft's content (and title) before it is published. A published notice is never
    changed: it is corrected by a new notice."""
    draft = Notice.objects.select_for_update(of=("self",)).select_related("publisher").get(pk=notice.pk)
    require(actor, "transparency.publish_notice", draft)
    if draft.status != NoticeStatus.DRAFT:
        raise Conflict(
            f"Notice {draft.pk} ({draft.notice_type}) is {draft.get_status_display().lower()}: "
            "a published notice is never changed — publish a correction instead",
            code=ErrorCode.NOTICE_NOT_DRAFT,
        )
    before = {"title": draft.title, "content_keys": sorted(draft.content)}
    draft.content = _check_content(content)
    if title is not None:
        draft.title = title.strip()[:300]
    draft.touch()
    draft.full_clean(exclude=["supersedes"])
    draft.save(update_fields=["content", "title", "updated_at"])
    audit_record(
        actor=actor,
        action="notice.draft_changed",
        obj=draft,
        organisation_id=draft.publisher_id,
        before=before,
        after={"title": draft.title, "content_keys": sorted(draft.content)},
    )
    return draft
