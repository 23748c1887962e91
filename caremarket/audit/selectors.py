from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from caremarket.audit.models import AuditEvent
from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound
from caremarket.core.permissions import require
from caremarket.rules.roles import Role


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    organisation_code: str = ""
    actor_email: str = ""
    on_or_after: date | None = None
    on_or_before: date | None = None


# Other domains hide events here: each function takes the actor and returns a Q of the events
# that actor may not see yet (or None), e.g. events about sealed bids before their deadline.
HIDDEN_EVENTS: list[Callable[[Actor], Q | None]] = []


def without_hidden(actor: Actor, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    for hidden in HIDDEN_EVENTS:
        q = hidden(actor)
        if q is not None:
            events = events.exclude(q)
    return events


def audit_events_for_actor(actor: Actor, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    require(actor, "audit.view_log")
    events = AuditEvent.objects.select_related("actor", "organisation").order_by("-seq")
    if not actor.sees_everything:
        administered = [org for org, roles in actor.roles_by_org.items() if Role.ORG_ADMIN in roles]
        events = events.filter(organisation_id__in=administered)
    events = without_hidden(actor, events)
    return _filtered(events, filters or AuditFilters())


def audit_event_for_actor(actor: Actor, seq: int) -> AuditEvent:
    event = audit_events_for_actor(actor).filter(seq=seq).first()
    if event is None:
        raise NotFound(f"There is no audit event #{seq} that you can see")
    return event


def _filtered(events: QuerySet[AuditEvent], f: AuditFilters) -> QuerySet[AuditEvent]:
    if f.action:
        events = events.filter(action__startswith=f.action)
    if f.object_type:
        events = events.filter(object_type=f.object_type)
    if f.object_id:
        events = events.filter(object_id=f.object_id)
    if f.organisation_code:
        events = events.filter(organisation__code__iexact=f.organisation_code)
    if f.actor_email:
        events = events.filter(Q(actor__email__iexact=f.actor_email) | Q(actor_label=f.actor_email))
    if f.on_or_after:
        events = events.filter(occurred_at__date__gte=f.on_or_after)
    if f.on_or_before:
        events = events.filter(occurred_at__date__lte=f.on_or_before)
    return events
