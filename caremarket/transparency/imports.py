"""Importing other publishers' OCDS (Contracts Finder, Find a Tender...): release packages and
record packages, as external notices for market intelligence and the benchmarks.

An imported file is hostile until read. Its size is checked before it is parsed, then how
deeply it nests and how many releases it holds (`rules.ocds_imports.IMPORT_LIMITS`); text that
is not UTF-8 JSON, NaN or Infinity, and anything but a release or record package are refused.

**Validation.** Every release is checked against Caremarket's UK profile of OCDS 1.1 (the core
schema patched with the UK extension and its dependencies), not against the extensions the
package declares: those are URLs, which cannot be fetched here (no network at run time), and a
publisher may declare ones we have no copy of. OCDS lets a release carry fields beyond its
schema, so another publisher's extension fields pass as they are, while every core field, and
every field of the extensions we do know, must be valid. The package itself (its publisher,
dates and licence) is checked against the package schema.

**All or nothing, per file.** Every problem in the file is found before anything is written
and refused together (`ImportFailed`, one row per bad release: "release 3 (ocds-b5fd17-…-1):
tender.value.amount: 'abc' is not of type 'number'"). **Idempotent**: a release already
imported (the same ocid and release id) with the same content is skipped; with different
content it is refused, since a publisher never changes a release (a change is a new one).
Releases under Caremarket's own ocid prefix are refused: only Caremarket publishes those.

**What is stored.** Each new release becomes a published `Notice` (source imported, no
publisher organisation: the buyer is named as the release names it, `buyer_name`/`buyer_id`;
the notice type is the release's UK `noticeType` or its first tag; published when the release
is dated) and its `Release`, and the process's `Record` is recompiled from all its stored
releases with the official merge rules. For a record package, its embedded releases are
imported and the record recompiled from them (its `compiledRelease` is not trusted as sent:
a published record may have been edited by hand); a release it only links (url, date, tag)
must already be imported, or be in the same file. One audit event per file (`ocds.imported`).
"""

import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings

from caremarket.audit.services import audit_record
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import ApplicationError, ImportFailed, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.rules.notices import notice_type as notice_type_in_force
from caremarket.rules.ocds_imports import (
    IMPORT_LIMITS,
    ImportLimits,
    imported_notice_type,
    json_depth_exceeds,
    linked_release_id,
    source_publisher_name,
)
from caremarket.transparency.facets import facets_of
from caremarket.transparency.models import Notice, NoticeSource, NoticeStatus, Record, Release
from caremarket.transparency.ocds import records, validation

RELEASE_PACKAGE = "release package"
RECORD_PACKAGE = "record package"
MAX_PROBLEMS = 500
BATCH = 500


@dataclass
class ImportSummary:
    filename: str
    package_type: str
    source_publisher: str
    releases: int = 0  # in the file
    created: int = 0
    skipped: int = 0
    by_type: dict[str, int] = field(default_factory=dict)  # created, by notice type
    ocids: list[str] = field(default_factory=list)  # processes with a new release

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Entry:
    number: int  # 1-based, in the file's order
    label: str  # "release 3 (…)", "record 1, release 2 (…)"
    data: Any
    record_ocid: str | None = None  # the record it came in, for a record package


def _refuse_file(message: str, refused_for: str) -> ValidationFailed:
    return ValidationFailed(
        message,
        code=ErrorCode.IMPORT_FAILED,
        details={"fields": {"file": [message]}, "refused_for": refused_for, "errors": [message]},
    )


def _read_bytes(content: Any, limits: ImportLimits) -> bytes:
    if isinstance(content, bytes | bytearray):
        data = bytes(content)
    elif hasattr(content, "read"):
        data = content.read(limits.max_bytes + 1)
    else:
        raise TypeError("content must be bytes or a file opened for reading in binary")
    if isinstance(data, str):
        data = data.encode()
    if len(data) > limits.max_bytes:
        raise _refuse_file(
            f"The file is larger than the {limits.max_bytes // (1024 * 1024)} MB an OCDS import accepts: "
            "split it into smaller packages",
            "bytes",
        )
    return data


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def read_package(content: Any, limits: ImportLimits = IMPORT_LIMITS) -> dict[str, Any]:
    """The package in an uploaded file, or ValidationFailed saying why it cannot be read."""
    data = _read_bytes(content, limits)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse_file(
            "The file is not UTF-8 text: OCDS packages are JSON in UTF-8", "not_utf8"
        ) from None
    if not text.strip():
        raise _refuse_file("The file is empty", "empty")
    try:
        package = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise _refuse_file(
            f"The file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}", "not_json"
        ) from None
    except ValueError as exc:
        raise _refuse_file(f"The file is not valid JSON: {exc}", "not_json") from None
    except RecursionError:
        raise _refuse_file(
            f"The file's JSON nests more than {limits.max_depth} levels deep", "depth"
        ) from None
    if json_depth_exceeds(package, limits.max_depth):
        raise _refuse_file(f"The file's JSON nests more than {limits.max_depth} levels deep", "depth")
    if not isinstance(package, dict) or not (
        isinstance(package.get("releases"), list) or isinstance(package.get("records"), list)
    ):
        raise _refuse_file(
            "The file is not an OCDS release package or record package: it needs a list of "
            '"releases" or of "records"',
            "wrong_type",
        )
    return package


def _path(message: str) -> str:
    """ "tender/value/amount: …" as "tender.value.amount: …"."""
    where, _, what = message.partition(": ")
    return f"{where.replace('/', '.')}: {what}" if what else message


def _package_problems(package: dict[str, Any], kind: str) -> list[str]:
    items = "releases" if kind == RELEASE_PACKAGE else "records"
    shell = {**package, items: []}
    return [
        _path(problem)
        for problem in validation.package_errors(shell)
        if not problem.startswith(items)  # the items are checked one by one
    ]


def _entries(package: dict[str, Any], kind: str, problems: list[dict]) -> tuple[list[_Entry], list[_Entry]]:
    """The file's releases (embedded) and linked releases, numbered in the file's order."""
    releases: list[_Entry] = []
    linked: list[_Entry] = []

    def name(data: Any, fallback: str) -> str:
        if isinstance(data, dict):
            return str(data.get("id") or data.get("ocid") or fallback)
        return fallback

    if kind == RELEASE_PACKAGE:
        for number, data in enumerate(package["releases"], start=1):
            releases.append(_Entry(number, f"release {number} ({name(data, 'no id')})", data))
        return releases, linked
    count = 0
    for index, record in enumerate(package["records"], start=1):
        ocid = record.get("ocid") if isinstance(record, dict) else None
        label = f"record {index} ({ocid or 'no ocid'})"
        if not isinstance(ocid, str) or not ocid.strip():
            problems.append(_problem(index, label, ["A record needs its ocid"]))
            continue
        items = record.get("releases")
        if not isinstance(items, list) or not items:
            problems.append(_problem(index, label, ["A record needs its list of releases"]))
            continue
        for position, data in enumerate(items, start=1):
            count += 1
            is_link = isinstance(data, dict) and "url" in data and "id" not in data
            shown = (linked_release_id(data) or "no id") if is_link else name(data, "no id")
            entry = _Entry(count, f"record {index}, release {position} ({shown})", data, record_ocid=ocid)
            (linked if is_link else releases).append(entry)
    return releases, linked


def _problem(number: int, label: str, messages: list[str]) -> dict[str, Any]:
    return {"row": number, "code": label, "problems": messages}


def _release_problems(entry: _Entry, limits: ImportLimits, own_prefix: str) -> list[str]:
    data = entry.data
    if not isinstance(data, dict):
        return ["A release must be a JSON object"]
    if len(json.dumps(data, ensure_ascii=False)) > limits.max_release_bytes:
        return [f"The release is larger than the {limits.max_release_bytes // 1024} KB one release may be"]
    found = [_path(problem) for problem in validation.release_errors(data)]
    ocid = data.get("ocid")
    if isinstance(ocid, str) and ocid.startswith(own_prefix):
        found.append(f"ocid: {ocid} is one of Caremarket's own processes: only Caremarket publishes those")
    if entry.record_ocid is not None and ocid != entry.record_ocid:
        found.append(f"ocid: {ocid!r} is not the ocid of its record, {entry.record_ocid!r}")
    if isinstance(data.get("id"), str) and len(data["id"]) > 200:
        found.append("id: a release id longer than 200 characters cannot be stored")
    return found


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _notice_fields(data: dict[str, Any], compiled: dict[str, Any], published: datetime) -> dict[str, Any]:
    code = imported_notice_type(data)
    try:
        kind = notice_type_in_force(code, published.date())
    except ApplicationError:
        kind = None
    facets = facets_of(data)
    whole = facets_of(compiled)  # the process as it then stood: a UK7 is found by its tender's title
    fields = whole.as_fields()
    fields.update({k: v for k, v in facets.as_fields().items() if v not in ("", None, [])})
    return {
        "notice_type": code,
        "type_version": kind.version if kind else 0,
        "regime": str(kind.regime) if kind else "",
        "legal_basis": kind.citation if kind else "",
        "title": (facets.title or whole.title or str(data.get("id")))[:300],
        **fields,
    }


@service
def ocds_import(
    *,
    actor: Actor,
    filename: str,
    content: Any,
    source_publisher: str | None = None,
    limits: ImportLimits = IMPORT_LIMITS,
) -> ImportSummary:
    """Import one release or record package (bytes, or a binary file object). All or nothing:
    refuses the whole file (ValidationFailed, ImportFailed) and writes nothing if anything in it
    is wrong."""
    require(actor, "transparency.import_ocds")
    package = read_package(content, limits)
    kind = RELEASE_PACKAGE if isinstance(package.get("releases"), list) else RECORD_PACKAGE
    publisher = " ".join((source_publisher or "").split())[:200] or source_publisher_name(package)
    summary = ImportSummary(filename=filename, package_type=kind, source_publisher=publisher)
    problems: list[dict[str, Any]] = []
    meta = _package_problems(package, kind)
    if meta:
        problems.append(_problem(0, "package", meta))
    entries, linked = _entries(package, kind, problems)
    summary.releases = len(entries) + len(linked)
    if summary.releases > limits.max_releases:
        raise _refuse_file(
            f"The file holds {summary.releases} releases: an import takes at most {limits.max_releases}; "
            "split it into smaller packages",
            "releases",
        )
    own_prefix = f"{settings.CAREMARKET_OCID_PREFIX}-"
    valid: list[_Entry] = []
    for entry in entries:
        found = _release_problems(entry, limits, own_prefix)
        if found:
            problems.append(_problem(entry.number, entry.label, found))
        else:
            valid.append(entry)

    # Already here, or twice in the file: the same content is skipped, other content refused.
    ocids = {e.data["ocid"] for e in valid} | {e.record_ocid for e in linked if e.record_ocid}
    stored = {
        (row["ocid"], row["release_id"]): row
        for row in Release.objects.filter(ocid__in=ocids).values("ocid", "release_id", "data", "source")
    }
    new: dict[tuple[str, str], _Entry] = {}
    for entry in valid:
        key = (entry.data["ocid"], entry.data["id"])
        earlier = stored.get(key)
        if earlier is not None:
            if earlier["source"] != NoticeSource.IMPORTED:
                problems.append(
                    _problem(entry.number, entry.label, ["It is one of Caremarket's own releases"])
                )
            elif earlier["data"] != entry.data:
                problems.append(
                    _problem(
                        entry.number,
                        entry.label,
                        [
                            f"Release {key[1]} of {key[0]} was imported before with different content: "
                            "a publisher never changes a release, so this file is not its publisher's"
                        ],
                    )
                )
            else:
                summary.skipped += 1
            continue
        if key in new:
            if new[key].data != entry.data:
                problems.append(
                    _problem(
                        entry.number,
                        entry.label,
                        [f"Release {key[1]} of {key[0]} is in the file twice, with different content"],
                    )
                )
            else:
                summary.skipped += 1
            continue
        new[key] = entry
    for entry in linked:
        release_id = linked_release_id(entry.data)
        if (entry.record_ocid, release_id) in stored or (entry.record_ocid, release_id) in new:
            summary.skipped += 1
            continue
        problems.append(
            _problem(
                entry.number,
                entry.label,
                [
                    f"The release {release_id or entry.data.get('url')!r} is only linked, and has not been "
                    "imported: import the release package it links to first"
                ],
            )
        )
    if problems:
        problems.sort(key=lambda p: p["row"])
        shown = problems[:MAX_PROBLEMS]
        error = ImportFailed(
            f"{filename}: nothing was imported, because {len(problems)} "
            f"{'part has problems' if len(problems) == 1 else 'parts have problems'}",
            problems=shown,
        )
        error.details["errors"] = [f"{p['code']}: {message}" for p in shown for message in p["problems"]]
        raise error

    now = clock.now()
    by_ocid: dict[str, list[_Entry]] = defaultdict(list)
    for entry in new.values():
        by_ocid[entry.data["ocid"]].append(entry)
    by_type: Counter = Counter()
    for ocid, arriving in by_ocid.items():
        _import_process(ocid, arriving, publisher=publisher, now=now, by_type=by_type)
    summary.created = len(new)
    summary.by_type = dict(sorted(by_type.items()))
    summary.ocids = sorted(by_ocid)
    audit_record(
        actor=actor,
        action="ocds.imported",
        object_type="transparency.ocdsimport",
        object_id=filename[:64],
        object_repr=f"{kind} {filename}"[:200],
        after={
            "filename": filename,
            "package_type": kind,
            "source_publisher": publisher,
            "releases": summary.releases,
            "created": summary.created,
            "skipped": summary.skipped,
            "by_type": summary.by_type,
            "processes": len(summary.ocids),
        },
    )
    return summary


def _import_process(ocid: str, arriving: list[_Entry], *, publisher: str, now, by_type: Counter) -> None:
    """Write one process's new releases, their notices, and its record recompiled."""
    record = Record.objects.select_for_update().filter(ocid=ocid).first()
    existing = list(Release.objects.filter(ocid=ocid).values_list("data", flat=True))
    arriving_ids = {id(entry.data) for entry in arriving}
    timeline = sorted(
        [*existing, *(entry.data for entry in arriving)], key=lambda data: _moment(data["date"])
    )
    compiled: dict[str, Any] | None = None
    notices: list[Notice] = []
    releases: list[Release] = []
    for data in timeline:
        compiled = records.merge_release(compiled, data)
        if id(data) not in arriving_ids:
            continue
        published = _moment(data["date"])
        fields = _notice_fields(data, compiled, published)
        by_type[fields["notice_type"]] += 1
        notices.append(
            Notice(
                ocid=ocid,
                content={},
                status=NoticeStatus.PUBLISHED,
                publisher=None,
                source=NoticeSource.IMPORTED,
                source_publisher=publisher,
                subject_ref=str(data["id"])[:200],
                published_at=published,
                created_at=now,
                updated_at=now,
                **fields,
            )
        )
        releases.append(
            Release(
                ocid=ocid,
                release_id=str(data["id"]),
                date=published,
                tags=list(data.get("tag") or []),
                data=data,
                source=NoticeSource.IMPORTED,
                stored_at=now,
            )
        )
    Notice.objects.bulk_create(notices, batch_size=BATCH)
    for notice, release in zip(notices, releases, strict=True):
        release.notice = notice
    Release.objects.bulk_create(releases, batch_size=BATCH)
    count = len(timeline)
    if record is None:
        Record.objects.create(
            ocid=ocid,
            compiled_release=compiled,
            release_count=count,
            updated_at=now,
            source=NoticeSource.IMPORTED,
        )
    else:
        record.compiled_release = compiled
        record.release_count = count
        record.updated_at = now
        record.save(update_fields=["compiled_release", "release_count", "updated_at"])
