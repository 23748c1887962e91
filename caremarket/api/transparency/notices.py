"""Notices: the acting organisation's overdue notices, and publishing a notice a contract still
owes (the same service as the "Publish notice" button of its page)."""

from datetime import date, datetime

from ninja import Router, Status

from caremarket.api.schemas import ERRORS, Out, responses
from caremarket.contracts.selectors import contract_for_actor
from caremarket.core.errors import NotFound
from caremarket.transparency.overdue import kind_phrase, overdue_for
from caremarket.transparency.services_due import overdue_notice_publish

router = Router(tags=["Notices"])


class OverdueNoticeOut(Out):
    notice_type: str
    notice_type_name: str
    contract_reference: str
    event_date: date
    due_by: date
    days_overdue: int
    sentence: str
    publish_path: str


class PublishedNoticeOut(Out):
    id: int
    notice_type: str
    ocid: str
    status: str
    published_at: datetime | None
    title: str
    url: str


@router.get("/notices/overdue", response={200: list[OverdueNoticeOut], **ERRORS})
def overdue_notices(request):
    """The notices the acting organisation has not published by their deadline, most overdue
    first (each contract's contract details notice, then its termination notice once it ends)."""
    org_id = request.actor.organisation_id
    if org_id is None or not request.actor.is_member(org_id):
        raise NotFound("You are not acting for an organisation")
    return [
        {
            "notice_type": late.fact.code,
            "notice_type_name": kind_phrase(late.kind),
            "contract_reference": late.fact.ref,
            "event_date": late.fact.event_date,
            "due_by": late.due_by,
            "days_overdue": late.days_overdue,
            "sentence": late.sentence,
            "publish_path": f"/api/v1/notices/due/{late.fact.code}/{late.fact.ref}",
        }
        for late, _due in overdue_for(org_id)
    ]


@router.post("/notices/due/{code}/{contract_reference}", response=responses(201, PublishedNoticeOut))
def publish_due_notice(request, code: str, contract_reference: str):
    """Publish the notice `code` (UK7, PSR_AWARD, UK11) that the contract still owes, for its
    buyer: refused (409) when it is not owed any more."""
    contract = contract_for_actor(request.actor, contract_reference)
    notice = overdue_notice_publish(actor=request.actor, contract=contract, code=code)
    return Status(
        201,
        {
            "id": notice.pk,
            "notice_type": notice.notice_type,
            "ocid": notice.ocid,
            "status": notice.status,
            "published_at": notice.published_at,
            "title": notice.title,
            "url": f"/notices/{notice.pk}",
        },
    )
