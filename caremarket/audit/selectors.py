"""Reading the audit log. Sealed streams are read only once they have opened (ADR 0011)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from caremarket.audit.models import AuditEvent, SealedEvent, SealedStream
from caremarket.audit.sealing import opened_streams
from caremarket.core import clock
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


def audit_events_for_actor(actor: Actor, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    require(actor, "audit.view_log")
    events = AuditEvent.objects.select_related("actor", "organisation").order_by("-seq")
    return _filtered(_in_view_of(actor, events), filters or AuditFilters())


def _in_view_of(actor: Actor, events: QuerySet) -> QuerySet:
    """Auditors and platform administrators see every event; an organisation's administrators
    see the events of their organisations."""
    if actor.sees_everything:
        return events
    administered = [org for org, roles in actor.roles_by_org.items() if Role.ORG_ADMIN in roles]
    return events.filter(organisation_id__in=administered)


def audit_event_for_actor(actor: Actor, seq: int) -> AuditEvent:
    event = audit_events_for_actor(actor).filter(seq=seq).first()
    if event is None:
        raise NotFound(f"There is no audit event #{seq} that you can see")
    return event


def recent_audit_events(actor: Actor, limit: int = 5) -> list[AuditEvent]:
    """The newest events for the home page panel, through the same scoping as the log."""
    return list(audit_events_for_actor(actor)[:limit])


def opened_stream_for_actor(actor: Actor, scope_type: str, scope_id: str) -> SealedStream:
    """A sealed stream whose scope has opened. Before it opens there is nothing to see, for
    anyone: the answer is the same 404 as for a scope that never had events."""
    require(actor, "audit.view_log")
    streams = SealedStream.objects.filter(scope_type=scope_type, scope_id=scope_id)
    stream = opened_streams(streams, clock.now()).select_related("anchor").first()
    if stream is None:
        raise NotFound(f"There are no opened sealed events of {scope_type} {scope_id}")
    return stream


def sealed_events_for_actor(actor: Actor, stream: SealedStream) -> QuerySet[SealedEvent]:
    events = SealedEvent.objects.filter(stream=stream).select_related("actor", "organisation")
    return _in_view_of(actor, events).order_by("seq")


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


def audit_head() -> tuple[int, str]:
    """The chain's newest link (sequence number and hash), as a published release anchors it."""
    from caremarket.audit.models import GENESIS_HASH, AuditChainHead

    head = AuditChainHead.objects.filter(pk=1).first()
    return (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
