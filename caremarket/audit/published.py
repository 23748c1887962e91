"""Checking the audit chain against what Caremarket has published (ADR 0004, ADR 0014).

Every release Caremarket publishes carries the audit log's head at that moment, as
`auditAnchor: {"sequence": n, "hash": h}`. Someone with the database could change an event and
recompute every hash after it, and the chain would verify again; but the releases the world has
already downloaded still name the old hashes. `verify_against_published()` checks:

- without a file: every release stored here (one of Caremarket's own, not an imported one) has
  an anchor, its data says the same as its row, and the main chain's event of that sequence has
  that hash;
- with a file (a release package, a record package, a single release, or the feed's bulk
  download of JSON lines, gzipped or not): each anchored release in it against the chain.

An anchor of sequence 0 is the empty chain (the genesis hash). Releases without an anchor
(imported from other publishers) are counted, not checked.
"""

import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caremarket.audit.models import GENESIS_HASH, AuditBatch, AuditEvent

ANCHOR_FIELD = "auditAnchor"
BATCH = 2_000


@dataclass(frozen=True)
class AnchorProblem:
    ocid: str
    release_id: str
    sequence: int | None
    reason: str


@dataclass
class AnchorReport:
    source: str  # "the database" or the file's name
    checked: int = 0
    unanchored: int = 0
    problems: list[AnchorProblem] = field(default_factory=list)
    problem_count: int = 0  # all of them; `problems` keeps the first MAX_PROBLEMS
    newest_sequence: int | None = None

    MAX_PROBLEMS = 200

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add(self, problem: AnchorProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < self.MAX_PROBLEMS:
            self.problems.append(problem)


class PublishedFileError(ValueError):
    pass


def _anchor_of(data: Any) -> tuple[int, str] | str | None:
    """(sequence, hash), None when there is no anchor, or a reason when it is malformed."""
    anchor = data.get(ANCHOR_FIELD) if isinstance(data, dict) else None
    if anchor is None:
        return None
    if not isinstance(anchor, dict):
        return "its auditAnchor is not an object"
    sequence, digest = anchor.get("sequence"), anchor.get("hash")
    if type(sequence) is not int or sequence < 0 or not isinstance(digest, str):
        return "its auditAnchor has no whole sequence number and hash"
    return sequence, digest


class _Chain:
    """The log's hashes at each sequence, read in batches and remembered. An anchor names a
    chained event (before ADR 0016) or a sealed batch's checkpoint (since): batch numbers
    continue the chained events' sequence, so either may hold a given number."""

    def __init__(self):
        self.hashes: dict[int, set[str]] = {0: {GENESIS_HASH}}

    def load(self, sequences: Iterable[int]) -> None:
        wanted = sorted({s for s in sequences if s not in self.hashes})
        for start in range(0, len(wanted), BATCH):
            chunk = wanted[start : start + BATCH]
            for sequence in chunk:
                self.hashes[sequence] = set()
            chained = AuditEvent.objects.filter(seq__in=chunk, nonce="").values_list("seq", "hash")
            sealed = AuditBatch.objects.filter(number__in=chunk).values_list("number", "hash")
            for sequence, digest in (*chained, *sealed):
                self.hashes[sequence].add(digest)

    def problem(self, sequence: int, digest: str) -> str:
        held = self.hashes.get(sequence)
        if not held:
            return f"the audit log has no event or batch #{sequence}"
        if digest not in held:
            return f"the audit log's #{sequence} no longer has the hash that was published"
        return ""


def _check(report: AnchorReport, chain: _Chain, rows: list[tuple[str, str, Any, tuple | None]]) -> None:
    """`rows`: (ocid, release id, anchor (or None, or a reason), the row's own (seq, hash) or
    None for a file)."""
    chain.load(a[0] for _, _, a, _ in rows if isinstance(a, tuple))
    for ocid, release_id, anchor, stored in rows:
        if anchor is None and stored is None:
            report.unanchored += 1
            continue
        report.checked += 1
        if anchor is None:
            report.add(AnchorProblem(ocid, release_id, stored[0], "its published data has no auditAnchor"))
            continue
        if isinstance(anchor, str):
            report.add(AnchorProblem(ocid, release_id, None, anchor))
            continue
        sequence, digest = anchor
        if stored is not None and stored != anchor:
            report.add(
                AnchorProblem(
                    ocid,
                    release_id,
                    sequence,
                    f"its published auditAnchor (#{sequence}) is not the one stored with it (#{stored[0]})",
                )
            )
            continue
        reason = chain.problem(sequence, digest)
        if reason:
            report.add(AnchorProblem(ocid, release_id, sequence, reason))
        elif report.newest_sequence is None or sequence > report.newest_sequence:
            report.newest_sequence = sequence


def _stored_rows() -> Iterator[tuple[str, str, Any, tuple | None]]:
    from caremarket.transparency.models import NoticeSource, Release

    rows = (
        Release.objects.filter(source=NoticeSource.PLATFORM)
        .order_by("pk")
        .values_list("ocid", "release_id", "data", "audit_seq", "audit_hash")
    )
    for ocid, release_id, data, seq, digest in rows.iterator(chunk_size=BATCH):
        if seq is None or not digest:
            yield ocid, release_id, "no audit anchor was stored with it", ()
        else:
            yield ocid, release_id, _anchor_of(data), (seq, digest)


def _releases_in(document: Any) -> Iterator[dict[str, Any]]:
    if isinstance(document, dict) and isinstance(document.get("releases"), list):
        yield from (r for r in document["releases"] if isinstance(r, dict) and "url" not in r)
    elif isinstance(document, dict) and isinstance(document.get("records"), list):
        for record in document["records"]:
            if isinstance(record, dict):
                yield from (r for r in record.get("releases") or [] if isinstance(r, dict) and "url" not in r)
    elif isinstance(document, dict) and "ocid" in document:
        yield document  # a single release (or a line of the bulk download)
    else:
        raise PublishedFileError("is not a release package, a record package or a release")


def _documents(path: Path) -> Iterator[Any]:
    """The JSON documents in the file: one (a package, pretty-printed or not), or one a line."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            first = handle.readline()
            try:
                document = json.loads(first)
            except json.JSONDecodeError:
                document = None
            if document is None:
                try:
                    yield json.loads(first + handle.read())
                except json.JSONDecodeError as exc:
                    raise PublishedFileError(f"is not JSON: {exc.msg} (line {exc.lineno})") from exc
                return
            yield document
            for number, line in enumerate(handle, 2):  # JSON lines
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise PublishedFileError(f"line {number} is not JSON: {exc.msg}") from exc
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise PublishedFileError(f"cannot be read: {exc}") from exc


def _file_rows(path: Path) -> Iterator[tuple[str, str, Any, tuple | None]]:
    for document in _documents(path):
        for release in _releases_in(document):
            yield str(release.get("ocid", "")), str(release.get("id", "")), _anchor_of(release), None


def verify_against_published(path: Path | str | None = None) -> AnchorReport:
    """Check published releases' anchors against the main audit chain: the stored releases, or
    those in the file at `path`. PublishedFileError if the file is not one of the kinds read."""
    report = AnchorReport(source="the database" if path is None else Path(path).name)
    rows = _stored_rows() if path is None else _file_rows(Path(path))
    chain = _Chain()
    batch: list = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            _check(report, chain, batch)
            batch = []
    if batch:
        _check(report, chain, batch)
    return report


@dataclass(frozen=True)
class LatestAnchor:
    """The newest of Caremarket's published releases and the audit head it carries."""

    release_id: str
    ocid: str
    published_at: Any  # datetime
    sequence: int
    hash: str
    matches: bool  # the chain's event of that sequence still has that hash


def latest_anchor() -> LatestAnchor | None:
    """For the audit verify page: one release and one event, so it is cheap to show."""
    from caremarket.transparency.models import NoticeSource, Release

    release = (
        Release.objects.filter(source=NoticeSource.PLATFORM, audit_seq__isnull=False)
        .exclude(audit_hash="")
        .order_by("-stored_at", "-pk")
        .only("release_id", "ocid", "date", "audit_seq", "audit_hash")
        .first()
    )
    if release is None:
        return None
    chain = _Chain()
    chain.load([release.audit_seq])
    return LatestAnchor(
        release_id=release.release_id,
        ocid=release.ocid,
        published_at=release.date,
        sequence=release.audit_seq,
        hash=release.audit_hash,
        matches=not chain.problem(release.audit_seq, release.audit_hash),
    )
