"""Walk the audit log, and every opened sealed stream, and find the first link that does not
hold: the events chained one to the next before ADR 0016, then every sealed batch (each event's
hash, the batch's Merkle root and its checkpoint), and any event left unsealed for longer than
the sealing interval. Streams still sealed are not read at all: neither their number nor the
time they take to check may tell anyone that bids exist (ADR 0011)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings

from caremarket.audit.chain import hash_of
from caremarket.audit.models import (
    GENESIS_HASH,
    AuditBatch,
    AuditChainHead,
    AuditEvent,
    SealedEvent,
    SealedStream,
)
from caremarket.audit.sealing import opened_streams, stream_genesis
from caremarket.core import clock
from caremarket.rules import audit_seal


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


def verify_now(batch_size: int = 2000) -> ChainReport:
    """Seal whatever has become final, then verify: what the command, the page and the API
    report, so an event waiting only for the next batch is never called unsealed."""
    from caremarket.audit.sealer import seal_pending

    seal_pending()
    return verify_chain(batch_size)


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
    chained = _verify_chained(batch_size)
    if not chained.report.ok:
        return chained.report
    sealed = _verify_batches(chained, batch_size)
    if not sealed.ok:
        return sealed
    unsealed = AuditEvent.objects.filter(batch__isnull=True).exclude(nonce="")
    interval = timedelta(seconds=settings.CAREMARKET_AUDIT_SEAL_INTERVAL_SECONDS)
    problems = audit_seal.unsealed_problems(unsealed.values_list("seq", "occurred_at"), clock.now(), interval)
    if problems:
        first, reason = problems[0]
        return ChainReport(checked=sealed.checked, broken_seq=first, reason=reason)
    return sealed


@dataclass(frozen=True)
class _Chained:
    report: ChainReport
    last_hash: str


def _verify_chained(batch_size: int) -> _Chained:
    """The events written before ADR 0016, each linked to the one before it."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    events = AuditEvent.objects.filter(nonce="").order_by("seq").iterator(chunk_size=batch_size)
    for event in events:
        problem = _link_problem(event, expected_seq, expected_prev, lambda n: f"event #{n}")
        if problem:
            return _Chained(ChainReport(checked=checked, broken_seq=expected_seq, reason=problem), "")
        checked += 1
        expected_prev = event.hash
        expected_seq += 1
    return _Chained(ChainReport(checked=checked), expected_prev)


def _verify_batches(chained: _Chained, batch_size: int) -> ChainReport:
    """Every batch after the chained events, in number order, then the head (the newest
    checkpoint) where the last batch ends: batches cut from the end are noticed."""
    checked = chained.report.checked
    expected_prev, expected_number = chained.last_hash, checked + 1
    for batch in AuditBatch.objects.order_by("number").iterator(chunk_size=100):
        problem = _batch_problem(batch, expected_number, expected_prev, batch_size)
        if problem:
            broken, reason, intact = problem
            return ChainReport(checked=checked + intact, broken_seq=broken, reason=reason)
        checked += batch.count
        expected_prev, expected_number = batch.hash, batch.number + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    last = expected_number - 1
    if head and (head.last_seq != last or head.last_hash != expected_prev):
        return ChainReport(
            checked=checked,
            broken_seq=last + 1 if head.last_seq > last else head.last_seq,
            reason=f"the log ends at #{last} but its head records #{head.last_seq}: "
            "events are missing from the end",
        )
    return ChainReport(checked=checked)


def _batch_problem(batch: AuditBatch, number: int, prev: str, batch_size: int) -> tuple[int, str, int] | None:
    """What is wrong with `batch` (the event number to name, the reason, and how many of its
    events before that are intact), or None."""
    name = f"batch #{batch.number}"
    if batch.number != number:
        return number, f"batch #{number} is missing (the next is {name})", 0
    if batch.prev_hash != prev:
        return batch.first_event_id, f"{name} does not point at the checkpoint before it", 0
    hashes = []
    for event in AuditEvent.objects.filter(batch=batch).order_by("id").iterator(chunk_size=batch_size):
        if hash_of(event) != event.hash:
            reason = f"event #{event.seq} has been altered: its contents no longer match its hash"
            return event.seq, reason, len(hashes)
        hashes.append(event.hash)
    if len(hashes) != batch.count:
        reason = f"{name} sealed {batch.count} events but holds {len(hashes)}: events are missing"
        return batch.first_event_id, reason, 0
    root = audit_seal.merkle_root(hashes)
    if root != batch.root:
        return batch.first_event_id, f"{name}'s events are not the ones it sealed", 0
    if audit_seal.checkpoint_hash(prev, batch.number, root, batch.count) != batch.hash:
        return batch.first_event_id, f"{name} has been altered: its checkpoint no longer matches", 0
    return None


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
