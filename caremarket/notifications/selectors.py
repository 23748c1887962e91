"""What a person was sent. Each person reads only their own messages."""

from datetime import timedelta

from django.db.models import QuerySet

from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.notifications.models import Message


def messages_for_actor(actor: Actor, *, kind: str = "") -> QuerySet[Message]:
    if actor.person_id is None:
        return Message.objects.none()
    messages = Message.objects.filter(recipient_id=actor.person_id).select_related("organisation")
    return messages.filter(kind=kind) if kind else messages


def message_for_actor(actor: Actor, message_id: int) -> Message | None:
    return messages_for_actor(actor).filter(pk=message_id).first()


def recent_messages_for_actor(actor: Actor, *, days: int = 14, kinds=(), limit: int = 5) -> list[Message]:
    """The latest messages of the last `days` days, for the home page."""
    since = clock.now() - timedelta(days=days)
    messages = messages_for_actor(actor).filter(sent_at__gte=since)
    if kinds:
        messages = messages.filter(kind__in=list(kinds))
    return list(messages[:limit])
