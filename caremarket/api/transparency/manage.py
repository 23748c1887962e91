"""Managing an organisation's notices: its drafts and published notices, drafting, changing a
draft, publishing and correcting. The steps of the notices pages, with the same fields: a
notice's content is given either as OCDS (`content`) or as the plain fields the page shows
(`fields`, cleaned by `caremarket.transparency.forms`)."""

from datetime import datetime
from typing import Any

from django.conf import settings
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from caremarket.api.schemas import ERRORS, Id, Out, Pages, responses
from caremarket.api.transparency import public
from caremarket.core.errors import ValidationFailed
from caremarket.orgs.selectors import organisation_for_actor
from caremarket.transparency import forms as notice_forms
from caremarket.transparency import selectors, services
from caremarket.transparency.models import Notice
from caremarket.transparency.publishing import process_id_for

router = Router(tags=["Notices"])


class ManagedNoticeOut(Out):
    id: int
    notice_type: str
    type_label: str
    title: str
    status: str
    ocid: str
    publisher_code: str
    legal_basis: str
    content: dict[str, Any]
    created_at: datetime
    published_at: datetime | None
    supersedes: int | None
    correction_reason: str
    url: str


class NoticeDraftIn(Schema):
    organisation_code: str = Field(max_length=30)
    notice_type: str = Field(max_length=30, description='"UK2", "UK9", "PSR_URGENT"…')
    process_id: str | None = Field(
        None,
        max_length=100,
        description="The process the notice belongs to (a new one if neither this nor ocid is given)",
    )
    ocid: str | None = Field(None, max_length=120, description="One of the organisation's existing processes")
    title: str = Field("", max_length=300)
    content: dict[str, Any] | None = Field(None, description="The notice's fields in OCDS terms")
    fields: dict[str, Any] | None = Field(
        None, description="The plain fields the notices page shows for the type (instead of content)"
    )


class NoticeEditIn(Schema):
    title: str | None = Field(None, max_length=300)
    content: dict[str, Any] | None = Field(None, description="The whole content in OCDS terms")
    fields: dict[str, Any] | None = Field(
        None, description="The editable fields (title, description, value, date_0…) to change in the content"
    )


class NoticeCorrectionIn(NoticeEditIn):
    reason: str = Field(max_length=1000, description="Why the notice is being corrected (published with it)")


def _out(notice: Notice) -> dict:
    return {
        "id": notice.pk,
        "notice_type": notice.notice_type,
        "type_label": notice_forms.type_label(notice.notice_type),
        "title": notice.title,
        "status": notice.status,
        "ocid": notice.ocid,
        "publisher_code": notice.publisher.code if notice.publisher_id else "",
        "legal_basis": notice.legal_basis,
        "content": notice.content,
        "created_at": notice.created_at,
        "published_at": notice.published_at,
        "supersedes": notice.supersedes_id,
        "correction_reason": notice.correction_reason,
        "url": f"{settings.CAREMARKET_BASE_URL}/notices/{notice.pk}",
    }


def _one_of(content, fields) -> None:
    if (content is None) == (fields is None):
        raise ValidationFailed.for_field(
            "content", "Give the notice's content as OCDS or as fields, not both"
        )


def _edited(notice: Notice, payload: NoticeEditIn) -> tuple[dict[str, Any], str | None]:
    _one_of(payload.content, payload.fields)
    if payload.content is not None:
        return payload.content, payload.title
    given = {
        **notice_forms.editable_values(notice.notice_type, notice.content, notice.title),
        **payload.fields,
    }
    cleaned = notice_forms.clean_editable(notice.notice_type, given)
    return notice_forms.apply_edits(notice.notice_type, notice.content, cleaned), payload.title or cleaned[
        "title"
    ]


@router.get("/organisations/{code}/notices", response={200: list[ManagedNoticeOut], **ERRORS})
@paginate(Pages)
def list_organisation_notices(request, code: str):
    """An organisation's drafts and published notices, drafts first: for its members and
    oversight."""
    organisation = organisation_for_actor(request.actor, code)
    return [_out(n) for n in selectors.organisation_notices(request.actor, organisation)]


# Served by the public notices router, which already answers `GET /notices` on this path: a
# path is served by one router, so the draft is added to that router with this module's tag.
@public.router.post("/notices", response=responses(201, ManagedNoticeOut), tags=["Notices"])
def create_notice(request, payload: NoticeDraftIn):
    """A draft notice. UK2, UK8, UK9, UK13 to UK16, UK17 and PSR_URGENT take the plain `fields`
    of their page; any type takes OCDS `content`."""
    actor = request.actor
    organisation = organisation_for_actor(actor, payload.organisation_code)
    _one_of(payload.content, payload.fields)
    code = payload.notice_type
    subject = None
    title = payload.title
    if payload.fields is not None:
        cleaned = notice_forms.clean_fields(code, payload.fields)
        if notice_forms.type_form(code).about_contract:
            subject = selectors.publisher_contract(actor, organisation, cleaned["contract"])
        facts = notice_forms.contract_facts(subject) if subject is not None else None
        content = notice_forms.content_for(code, cleaned, facts)
        title = title or notice_forms.title_for(code, cleaned, facts)
    else:
        content = payload.content
    if payload.ocid:
        process_id = selectors.publisher_process_id(organisation, payload.ocid)
    elif payload.process_id:
        process_id = payload.process_id
    elif subject is not None:
        process_id = process_id_for(subject)
    else:
        process_id = notice_forms.new_process_id(organisation.code, code)
    notice = services.notice_draft(
        actor=actor,
        publisher=organisation,
        notice_type_code=code,
        process_id=process_id,
        content=content,
        title=title,
        subject=subject,
    )
    return Status(201, _out(notice))


def _managed(request, notice_id: int) -> Notice:
    return selectors.managed_notice_for_actor(request.actor, notice_id)


@router.put("/notices/{notice_id}/draft", response=responses(200, ManagedNoticeOut))
def update_notice_draft(request, notice_id: Id, payload: NoticeEditIn):
    """Change a draft: its whole OCDS content, or the editable fields within it."""
    notice = _managed(request, notice_id)
    content, title = _edited(notice, payload)
    return _out(
        services.notice_draft_update(actor=request.actor, notice=notice, content=content, title=title)
    )


@router.post("/notices/{notice_id}/publish", response=responses(200, ManagedNoticeOut))
def publish_notice(request, notice_id: Id):
    """Publish a draft: its OCDS release is written and merged into the process's record."""
    notice = _managed(request, notice_id)
    return _out(services.notice_publish(actor=request.actor, notice=notice))


@router.post("/notices/{notice_id}/corrections", response=responses(201, ManagedNoticeOut))
def correct_notice(request, notice_id: Id, payload: NoticeCorrectionIn):
    """Correct a published notice: a new notice superseding it, published at once with the
    reason. The published notice itself is never changed."""
    notice = selectors.notice_for_actor(request.actor, notice_id)
    content, title = _edited(notice, payload)
    created = services.notice_correct(
        actor=request.actor, notice=notice, content=content, reason=payload.reason, title=title
    )
    return Status(201, _out(created))
