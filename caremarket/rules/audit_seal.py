"""Sealing audit events in batches (ADR 0016): which events are final, the Merkle root of a
batch, the checkpoint chain, proofs that one event is in a batch, and what verify reports as
left unsealed. Pure: hashes in, hashes out.

The tree follows RFC 6962 (Certificate Transparency), section 2.1. Leaves and inner nodes are
hashed with different prefixes, so a node can never pass for a leaf. A tree of n leaves splits
at the largest power of two below n."""

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from caremarket.rules.dates import spoken_date

LEAF, NODE = b"\x00", b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").hexdigest()


def _sha(*parts: bytes) -> str:
    return hashlib.sha256(b"".join(parts)).hexdigest()


def leaf_hash(event_hash: str) -> str:
    return _sha(LEAF, bytes.fromhex(event_hash))


def _node(left: str, right: str) -> str:
    return _sha(NODE, bytes.fromhex(left), bytes.fromhex(right))


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def _root_of_leaves(leaves: Sequence[str]) -> str:
    if len(leaves) == 1:
        return leaves[0]
    k = _split(len(leaves))
    return _node(_root_of_leaves(leaves[:k]), _root_of_leaves(leaves[k:]))


def merkle_root(event_hashes: Sequence[str]) -> str:
    """The root of a batch's events, in the batch's order (by event id)."""
    if not event_hashes:
        return EMPTY_ROOT
    return _root_of_leaves([leaf_hash(h) for h in event_hashes])


@dataclass(frozen=True)
class ProofStep:
    side: str  # "left" or "right": where the sibling sits
    hash: str


def inclusion_proof(event_hashes: Sequence[str], index: int) -> tuple[ProofStep, ...]:
    """The siblings from the event at `index` up to the root (the audit path of RFC 6962)."""
    if not 0 <= index < len(event_hashes):
        raise IndexError(f"no event {index} in a batch of {len(event_hashes)}")
    return tuple(_path([leaf_hash(h) for h in event_hashes], index))


def _path(leaves: Sequence[str], index: int) -> list[ProofStep]:
    if len(leaves) == 1:
        return []
    k = _split(len(leaves))
    if index < k:
        return [*_path(leaves[:k], index), ProofStep("right", _root_of_leaves(leaves[k:]))]
    return [*_path(leaves[k:], index - k), ProofStep("left", _root_of_leaves(leaves[:k]))]


def proves_inclusion(event_hash: str, proof: Iterable[ProofStep], root: str) -> bool:
    """Whether `proof` leads from the event to `root`: a supplier can check its own event
    against a published checkpoint without seeing anyone else's."""
    current = leaf_hash(event_hash)
    for step in proof:
        current = _node(step.hash, current) if step.side == "left" else _node(current, step.hash)
    return current == root


def checkpoint_hash(previous: str, number: int, root: str, count: int) -> str:
    """A batch's link in the checkpoint chain."""
    text = f"caremarket-audit-checkpoint:{number}:{count}:{root}:{previous}"
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class PendingEvent:
    id: int
    txid: int | None  # the writing transaction (PostgreSQL); None where writes are serial


def sealable(
    pending: Iterable[PendingEvent], snapshot_xmin: int | None, own_txid: int | None = None
) -> list[int]:
    """The ids of the unsealed events that no open transaction can still add to, in id order.
    Every transaction older than the snapshot's xmin has ended, so its visible events are final.
    An event from a transaction still open at xmin or later waits for a later batch. It is never
    skipped, because a batch is what became final since the last one, not a range of ids.
    The sealer's own transaction's events are final too: they commit with the batch, or neither
    does. Without transaction ids (SQLite, whose writes are serial) every committed event is
    final."""
    if snapshot_xmin is None:
        return sorted(e.id for e in pending)
    return sorted(
        e.id
        for e in pending
        if e.txid is not None and (e.txid < snapshot_xmin or (own_txid is not None and e.txid == own_txid))
    )


def unsealed_problems(
    unsealed: Iterable[tuple[int, datetime]], now: datetime, interval: timedelta
) -> list[tuple[int, str]]:
    """What verify reports: every event still unsealed after the sealing interval has passed,
    as (event number, sentence). A younger event is simply waiting for the next batch."""
    problems = []
    for event_id, occurred_at in sorted(unsealed):
        if now - occurred_at > interval:
            problems.append(
                (
                    event_id,
                    f"Event #{event_id} of {spoken_date(occurred_at.date())} at "
                    f"{occurred_at:%H:%M:%S} is not sealed after {_seconds(interval)}",
                )
            )
    return problems


def _seconds(interval: timedelta) -> str:
    seconds = int(interval.total_seconds())
    return f"{seconds} second{'s' if seconds != 1 else ''}"
