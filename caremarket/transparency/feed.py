"""The public OCDS feed for machines: Caremarket's releases and records, page by page, shaped
like Find a Tender's (`/api/1.0/ocdsReleasePackages?updatedFrom=…&updatedTo=…&stages=…`).

- Releases are listed in the order they were written here (`Release.stored_at`, then id),
  records in the order they were last updated (`Record.updated_at`, then id), so a client that
  polls with `updatedFrom` misses nothing: a later write always sorts after.
- `updatedFrom` and `updatedTo` are date-times (`2026-12-02T09:30:00`, UTC unless they carry
  an offset), both inclusive; `stages` is a comma-separated list of stages (planning, tender,
  award, contract, implementation) or release tags (`caremarket.rules.ocds_imports`).
- Pages hold at most 100 (`limit`). The cursor is opaque to clients: the base64 of the last
  item's (time, id) and a signature, so a cursor this feed did not make is refused (422), never
  silently read as another position.
- Only Caremarket's own releases and records are published here: imported ones belong to
  their publishers, whose feeds are the place to get them.

Records in a page link their releases (`url`, `date`, `tag`), as OCDS allows, so a page stays
small however long a process's history; a single record (`record_package_for`) embeds them.
"""

import base64
import binascii
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TextIO
from urllib.parse import quote

from django.conf import settings
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.crypto import constant_time_compare, salted_hmac

from caremarket.core import clock
from caremarket.core.errors import NotFound, ValidationFailed
from caremarket.rules.ocds_imports import stage_tags
from caremarket.transparency.models import NoticeSource, Record, Release
from caremarket.transparency.ocds import builder
from caremarket.transparency.ocds.records import record as ocds_record

PAGE_SIZE = 100
MAX_CURSOR_LENGTH = 300
# Find a Tender declares the pagination extension for its `links.next`: so do we.
PAGINATION_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_pagination_extension/master/"
    "extension.json"
)
API_PATH = "/api/v1/ocds"
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?$")
_CURSOR_SALT = "caremarket.transparency.feed.cursor"
BAD_CURSOR = "The cursor is not one this feed gave out: start again without it, from links.next"
BULK_CHUNK = 500


@dataclass(frozen=True)
class FeedQuery:
    updated_from: datetime | None = None
    updated_to: datetime | None = None
    tags: tuple[str, ...] = ()
    after: tuple[datetime, int] | None = None
    limit: int = PAGE_SIZE


@dataclass(frozen=True)
class FeedPage:
    items: list[Any]
    next_cursor: str | None


def _moment(field: str, text: str | None) -> datetime | None:
    text = (text or "").strip()
    if not text:
        return None
    problem = f"Enter {field} as a date and time, like 2026-12-02T09:30:00 (UTC unless an offset is given)"
    if not _DATETIME.match(text):
        raise ValidationFailed.for_field(field, problem)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationFailed.for_field(field, problem) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def encode_cursor(moment: datetime, pk: int) -> str:
    payload = f"{moment.astimezone(UTC).isoformat()}|{pk}"
    signature = salted_hmac(_CURSOR_SALT, payload).hexdigest()[:16]
    return base64.urlsafe_b64encode(f"{payload}|{signature}".encode()).decode()


def decode_cursor(text: str) -> tuple[datetime, int]:
    """The (time, id) a cursor stands for; ValidationFailed for one this feed did not make."""
    refused = ValidationFailed.for_field("cursor", BAD_CURSOR)
    if len(text) > MAX_CURSOR_LENGTH:
        raise refused
    try:
        moment_text, pk_text, signature = base64.urlsafe_b64decode(text.encode()).decode().split("|")
    except (binascii.Error, UnicodeError, ValueError):
        raise refused from None
    expected = salted_hmac(_CURSOR_SALT, f"{moment_text}|{pk_text}").hexdigest()[:16]
    if not constant_time_compare(signature, expected):
        raise refused
    try:
        return datetime.fromisoformat(moment_text), int(pk_text)
    except ValueError:
        raise refused from None


def feed_query(
    *,
    updated_from: str | None = None,
    updated_to: str | None = None,
    stages: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
) -> FeedQuery:
    """The feed's filters from a request's parameters, each refused with its reason (422)."""
    start = _moment("updatedFrom", updated_from)
    end = _moment("updatedTo", updated_to)
    if start and end and start > end:
        raise ValidationFailed.for_field(
            "updatedTo", "updatedTo must be the same as or later than updatedFrom"
        )
    tags, unknown = stage_tags(stages or "")
    if unknown:
        raise ValidationFailed.for_field(
            "stages",
            f"Not a stage: {', '.join(unknown)}. Use planning, tender, award, contract or "
            "implementation (or a release tag), separated by commas",
        )
    size = PAGE_SIZE if limit is None else limit
    if not 1 <= size <= PAGE_SIZE:
        raise ValidationFailed.for_field("limit", f"Enter a limit from 1 to {PAGE_SIZE}")
    after = decode_cursor(cursor) if cursor else None
    return FeedQuery(updated_from=start, updated_to=end, tags=tags, after=after, limit=size)


def _with_tags(rows: QuerySet, tags: tuple[str, ...]) -> QuerySet:
    if not tags:
        return rows
    # The tags are a JSON list: matched on its text, each tag with its quotes, which reads alike
    # on SQLite and PostgreSQL (a JSON `contains` lookup does not exist on SQLite).
    rows = rows.annotate(tags_text=Cast("tags", TextField()))
    wanted = Q()
    for tag in tags:
        wanted |= Q(tags_text__contains=json.dumps(tag))
    return rows.filter(wanted)


def _page(rows: QuerySet, when: str, query: FeedQuery) -> FeedPage:
    if query.updated_from:
        rows = rows.filter(**{f"{when}__gte": query.updated_from})
    if query.updated_to:
        rows = rows.filter(**{f"{when}__lte": query.updated_to})
    if query.after:
        moment, pk = query.after
        rows = rows.filter(Q(**{f"{when}__gt": moment}) | Q(**{when: moment, "pk__gt": pk}))
    found = list(rows.order_by(when, "pk")[: query.limit + 1])
    more = len(found) > query.limit
    found = found[: query.limit]
    next_cursor = encode_cursor(getattr(found[-1], when), found[-1].pk) if more else None
    return FeedPage(items=found, next_cursor=next_cursor)


def own_releases() -> QuerySet:
    return Release.objects.filter(source=NoticeSource.PLATFORM)


def own_records() -> QuerySet:
    return Record.objects.filter(source=NoticeSource.PLATFORM)


def release_page(query: FeedQuery) -> FeedPage:
    """A page of Caremarket's releases, in the order they were written."""
    rows = _with_tags(own_releases().only("pk", "stored_at", "data"), query.tags)
    return _page(rows, "stored_at", query)


def release_url(ocid: str, release_id: str) -> str:
    """Where the feed serves one release (a package of it), with its id as the fragment."""
    base = f"{settings.CAREMARKET_BASE_URL}{API_PATH}/releases/{quote(ocid, safe='')}/"
    return f"{base}{quote(release_id, safe='')}#{release_id}"


def _linked(ocid: str) -> list[dict[str, Any]]:
    rows = Release.objects.filter(ocid=ocid).order_by("date", "pk").values_list("release_id", "date", "tags")
    return [
        {"url": release_url(ocid, release_id), "date": builder.ocds_datetime(date), "tag": tags}
        for release_id, date, tags in rows
    ]


def record_page(query: FeedQuery) -> FeedPage:
    """A page of Caremarket's records, in the order they were last updated; a stage filter keeps
    the records with a release of that stage."""
    rows = own_records()
    if query.tags:
        ocids = _with_tags(own_releases(), query.tags).values("ocid")
        rows = rows.filter(ocid__in=ocids)
    page = _page(rows, "updated_at", query)
    records = [ocds_record(r.ocid, _linked(r.ocid), r.compiled_release) for r in page.items]
    return FeedPage(items=records, next_cursor=page.next_cursor)


def release_package_for(releases: list[dict[str, Any]], *, uri: str, next_url: str | None) -> dict:
    package = builder.release_package(releases, uri=uri, published=clock.now())
    return _paginated(package, next_url)


def record_package_for_page(records: list[dict[str, Any]], *, uri: str, next_url: str | None) -> dict:
    package = builder.record_package(records, uri=uri, published=clock.now())
    return _paginated(package, next_url)


def _paginated(package: dict[str, Any], next_url: str | None) -> dict[str, Any]:
    package["extensions"] = [*package.get("extensions", []), PAGINATION_EXTENSION]
    if next_url:
        package["links"] = {"next": next_url}
    return package


def record_package_for(ocid: str, *, uri: str) -> dict[str, Any]:
    """The record package of one of Caremarket's processes, its releases embedded."""
    stored = own_records().filter(ocid=ocid).first()
    if stored is None:
        raise NotFound(f"Caremarket has published no process {ocid}")
    releases = list(Release.objects.filter(ocid=ocid).order_by("date", "pk").values_list("data", flat=True))
    record = ocds_record(ocid, releases, stored.compiled_release)
    return builder.record_package([record], uri=uri, published=clock.now())


def release_package_of(ocid: str, release_id: str, *, uri: str) -> dict[str, Any]:
    """A package of one of Caremarket's releases."""
    data = own_releases().filter(ocid=ocid, release_id=release_id).values_list("data", flat=True).first()
    if data is None:
        raise NotFound(f"Caremarket has published no release {release_id} in the process {ocid}")
    return builder.release_package([data], uri=uri, published=clock.now())


def bulk_release_lines() -> Iterator[bytes]:
    """Every one of Caremarket's releases as JSON lines, in the order they were written, read
    from the database a chunk at a time (never all at once)."""
    rows = own_releases().order_by("stored_at", "pk").values_list("data", flat=True)
    for data in rows.iterator(chunk_size=BULK_CHUNK):
        yield (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def gzipped(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """`chunks` compressed as one gzip stream, given out as the compressor fills."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)  # wbits 31: a gzip header and trailer
    for chunk in chunks:
        out = compressor.compress(chunk)
        if out:
            yield out
    yield compressor.flush()


# --- Exports (`caremarket ocds export`) ----------------------------------------------------

SOURCES = {
    "platform": (NoticeSource.PLATFORM,),
    "imported": (NoticeSource.IMPORTED,),
    "all": tuple(NoticeSource),
}


def _exported_releases(source: str, ocids: list[str]) -> QuerySet:
    rows = Release.objects.filter(source__in=SOURCES[source])
    return rows.filter(ocid__in=ocids) if ocids else rows


def write_export(
    out: TextIO, *, source: str = "all", ocids: list[str] | None = None, records: bool = False
) -> int:
    """Write a release package (or a record package, its releases embedded) of the stored
    releases from `source` ("platform", "imported" or "all"), optionally of some processes only,
    to `out`, a release at a time. Returns how many releases or records were written. Imported
    releases are written exactly as their publisher published them."""
    ocids = list(ocids or [])
    uri = f"{settings.CAREMARKET_BASE_URL}{API_PATH}/bulk/releases.jsonl.gz"
    items = "records" if records else "releases"
    meta = (builder.record_package if records else builder.release_package)(
        [], uri=uri, published=clock.now()
    )
    meta.pop(items)
    out.write(json.dumps(meta, ensure_ascii=False, indent=2)[:-2] + f',\n  "{items}": [\n')
    count = 0
    for item in _export_items(source, ocids, records):
        out.write(("" if count == 0 else ",\n") + json.dumps(item, ensure_ascii=False))
        count += 1
    out.write("\n  ]\n}\n")
    return count


def _export_items(source: str, ocids: list[str], records: bool) -> Iterator[dict[str, Any]]:
    releases = _exported_releases(source, ocids)
    if not records:
        yield from releases.order_by("ocid", "date", "pk").values_list("data", flat=True).iterator(BULK_CHUNK)
        return
    wanted = Record.objects.filter(source__in=SOURCES[source])
    if ocids:
        wanted = wanted.filter(ocid__in=ocids)
    for stored in wanted.order_by("ocid").iterator(BULK_CHUNK):
        history = list(
            releases.filter(ocid=stored.ocid).order_by("date", "pk").values_list("data", flat=True)
        )
        yield ocds_record(stored.ocid, history, stored.compiled_release)
