"""Walk the audit chain, and every opened sealed stream, and find the first link that does not
hold. Streams still sealed are not read at all: neither their number nor the time they take to
check may tell anyone that bids exist (ADR 0011)."""

from dataclasses import dataclass

from caremarket.audit.chain import hash_of
from caremarket.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent, SealedEvent, SealedStream
from caremarket.audit.sealing import opened_streams, stream_genesis
from caremarket.core import clock


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None = None
    reason: str = ""
    streams_checked: int = 0
    stream_events_checked: int = 0

    @property
    def ok(self) -> bool:
        return self.broken_seq is None and not self.reason


def verify_chain(batch_size: int = 2000) -> ChainReport:
    main = _verify_main(batch_size)
    if not main.ok:
        return main
    streams = events = 0
    opened = opened_streams(SealedStream.objects.all(), clock.now()).select_related("anchor")
    for stream in opened.order_by("scope_type", "scope_id"):
        checked, problem = _verify_stream(stream, batch_size)
        if problem:
            return ChainReport(checked=main.checked, reason=problem, streams_checked=streams)
        streams, events = streams + 1, events + checked
    return ChainReport(checked=main.checked, streams_checked=streams, stream_events_checked=events)


def _verify_main(batch_size: int) -> ChainReport:
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        problem = _link_problem(event, expected_seq, expected_prev, lambda n: f"event #{n}")
        if problem:
            return ChainReport(checked=checked, broken_seq=expected_seq, reason=problem)
        checked += 1
        expected_prev = event.hash
        expected_seq += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and (head.last_seq != checked or head.last_hash != expected_prev):
        return ChainReport(
            checked=checked,
            broken_seq=checked + 1 if head.last_seq > checked else head.last_seq,
            reason=f"the chain ends at #{checked} but its head records #{head.last_seq}: "
            "events are missing from the end",
        )
    return ChainReport(checked=checked)


def _verify_stream(stream: SealedStream, batch_size: int) -> tuple[int, str]:
    """Walk one opened stream; it must end where its head says and, once anchored, where the
    anchor in the main log says it ended when it opened."""
    name = f"the sealed events of {stream.scope_repr}"
    expected_prev = stream_genesis(stream.scope_type, stream.scope_id)
    checked = 0
    anchored_at = (stream.anchor.after or {}) if stream.anchor_id else None
    events = SealedEvent.objects.filter(stream=stream).order_by("seq").iterator(chunk_size=batch_size)
    for event in events:
        problem = _link_problem(event, checked + 1, expected_prev, lambda n: f"event {n} of {name}")
        if problem:
            return checked, problem
        checked += 1
        expected_prev = event.hash
        if (
            anchored_at
            and checked == anchored_at.get("events")
            and event.hash != anchored_at.get("last_hash")
        ):
            return checked, f"{name} no longer end where the main log anchored them"
    if stream.last_seq != checked or stream.last_hash != expected_prev:
        return checked, f"{name} end at {checked} but their head records {stream.last_seq}"
    if anchored_at is not None and anchored_at.get("events") != checked:
        return checked, f"{name} number {checked} but the main log anchored {anchored_at.get('events')}"
    return checked, ""


def _link_problem(event, expected_seq: int, expected_prev: str, named) -> str:
    if event.seq != expected_seq:
        return f"{named(expected_seq)} is missing (the next is {named(event.seq)})"
    if event.prev_hash != expected_prev:
        return f"{named(event.seq)} does not point at the hash of the event before it"
    if hash_of(event) != event.hash:
        return f"{named(event.seq)} has been altered: its contents no longer match its hash"
    return ""
