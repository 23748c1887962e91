"""The audit log, for auditors, platform administrators and organisation administrators."""

from datetime import datetime
from typing import Any

from ninja import FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from caremarket.api.schemas import ERRORS, IsoDate, Pages, responses
from caremarket.audit import selectors
from caremarket.audit.verify import verify_now
from caremarket.core.permissions import require

router = Router(tags=["Audit"])


class AuditEventOut(Schema):
    seq: int
    occurred_at: datetime
    actor: str
    organisation_code: str | None
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: Any
    after: Any
    prev_hash: str
    hash: str

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.actor.email if obj.actor_id else obj.actor_label

    @staticmethod
    def resolve_organisation_code(obj) -> str | None:
        return obj.organisation.code if obj.organisation_id else None


class AuditQuery(FilterSchema):
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    organisation_code: str = ""
    actor_email: str = ""
    on_or_after: IsoDate | None = None
    on_or_before: IsoDate | None = None


class SealedEventOut(AuditEventOut):
    """An event of an opened sealed stream: numbered within its stream, chained from the
    stream's own first link."""


class ChainReportOut(Schema):
    ok: bool
    checked: int
    broken_seq: int | None
    reason: str
    streams_checked: int
    stream_events_checked: int


@router.get("/audit", response={200: list[AuditEventOut], **ERRORS})
@paginate(Pages)
def list_events(request, filters: Query[AuditQuery]):
    return selectors.audit_events_for_actor(request.actor, selectors.AuditFilters(**filters.dict()))


@router.get("/audit/verify", response=responses(200, ChainReportOut))
def verify(request):
    """Recompute the hash chain and report the first broken link, if any."""
    require(request.actor, "audit.verify_chain")
    report = verify_now()
    return ChainReportOut(
        ok=report.ok,
        checked=report.checked,
        broken_seq=report.broken_seq,
        reason=report.reason,
        streams_checked=report.streams_checked,
        stream_events_checked=report.stream_events_checked,
    )


@router.get("/audit/sealed/{scope_type}/{scope_id}", response={200: list[SealedEventOut], **ERRORS})
@paginate(Pages)
def list_sealed_events(request, scope_type: str, scope_id: str):
    """The events of a sealed stream once it has opened (a competition's bid events, after its
    deadline). Before then it is a 404 for everyone, as for a scope that never had events."""
    stream = selectors.opened_stream_for_actor(request.actor, scope_type, scope_id)
    return selectors.sealed_events_for_actor(request.actor, stream)


@router.get("/audit/{seq}", response=responses(200, AuditEventOut))
def get_event(request, seq: int):
    return selectors.audit_event_for_actor(request.actor, seq)
