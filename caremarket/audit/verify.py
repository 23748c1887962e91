"""Walk the audit chain and find the first link that does not hold."""

from dataclasses import dataclass

from caremarket.audit.chain import hash_of
from caremarket.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify_chain(batch_size: int = 2000) -> ChainReport:
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    events = AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size)
    for event in events:
        problem = _link_problem(event, expected_seq, expected_prev)
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


def _link_problem(event: AuditEvent, expected_seq: int, expected_prev: str) -> str:
    if event.seq != expected_seq:
        return f"event #{expected_seq} is missing (the next event is #{event.seq})"
    if event.prev_hash != expected_prev:
        return f"event #{event.seq} does not point at the hash of event #{event.seq - 1}"
    if hash_of(event) != event.hash:
        return f"event #{event.seq} has been altered: its contents no longer match its hash"
    return ""
