"""The messages Caremarket sent the signed-in person."""

from datetime import datetime

from django.http import Http404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from caremarket.api.schemas import ERRORS, Id, Pages, responses
from caremarket.notifications import selectors
from caremarket.rules.notifications import MessageKind

router = Router(tags=["Messages"])


class MessageOut(Schema):
    id: int
    kind: str
    kind_label: str
    subject: str
    body: str
    link: str
    organisation_code: str | None
    sent_at: datetime

    @staticmethod
    def resolve_organisation_code(obj) -> str | None:
        return obj.organisation.code if obj.organisation else None


class MessageFilters(Schema):
    kind: MessageKind | None = None


@router.get("/messages", response={200: list[MessageOut], **ERRORS}, summary="Messages sent to you")
@paginate(Pages)
def message_list(request, filters: Query[MessageFilters]):
    """Everything Caremarket sent the signed-in person, newest first."""
    return selectors.messages_for_actor(request.actor, kind=filters.kind.value if filters.kind else "")


@router.get("/messages/{message_id}", response=responses(200, MessageOut), summary="One message sent to you")
def message_detail(request, message_id: Id):
    message = selectors.message_for_actor(request.actor, message_id)
    if message is None:
        raise Http404("There is no such message")
    return message
