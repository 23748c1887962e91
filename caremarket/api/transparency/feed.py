"""The public OCDS feed for machines, shaped like Find a Tender's
(`/api/1.0/ocdsReleasePackages?updatedFrom=…&updatedTo=…&stages=…&limit=100&cursor=…`).

Anonymous and rate-limited (`throttles.py`). Only Caremarket's own releases and records are
published here (imported ones belong to their publishers). The selectors are in
`caremarket/transparency/feed.py`, which says how pages are ordered and what a cursor is."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse, StreamingHttpResponse
from ninja import Field, Query, Router, Schema

from caremarket.api.schemas import ERRORS, ErrorOut
from caremarket.api.transparency.throttles import PUBLIC_THROTTLE
from caremarket.transparency import feed

router = Router(tags=["OCDS feed"])

PUBLIC = {
    "auth": None,
    "throttle": PUBLIC_THROTTLE,
}
# Anyone may call these routes: no credentials needed (an empty security requirement).
ANONYMOUS = {"security": [{}]}
PUBLIC_ERRORS = {**ERRORS, 429: ErrorOut}


class FeedParams(Schema):
    updated_from: str | None = Field(
        None,
        alias="updatedFrom",
        max_length=40,
        description="Written here at or after this date and time (YYYY-MM-DDTHH:MM:SS; UTC unless an "
        "offset is given)",
        examples=["2026-12-01T00:00:00"],
    )
    updated_to: str | None = Field(
        None,
        alias="updatedTo",
        max_length=40,
        description="Written here at or before this date and time (YYYY-MM-DDTHH:MM:SS; UTC unless an "
        "offset is given)",
        examples=["2026-12-31T23:59:59"],
    )
    stages: str | None = Field(
        None,
        max_length=300,
        description="Stages of the process, separated by commas: planning, tender, award, contract, "
        "implementation (each stands for its release tags), or release tags themselves",
        examples=["planning,tender,award"],
    )
    cursor: str | None = Field(
        None, max_length=feed.MAX_CURSOR_LENGTH, description="From the previous page's `links.next`"
    )
    limit: int = Field(feed.PAGE_SIZE, ge=1, le=feed.PAGE_SIZE, description="Releases or records a page")


class OcdsPublisherOut(Schema):
    name: str
    uri: str | None = None


class OcdsLinksOut(Schema):
    next: str = Field(description="The next page; absent on the last page")


class OcdsReleasePackageOut(Schema):
    uri: str
    version: str
    extensions: list[str]
    publishedDate: str
    publisher: OcdsPublisherOut
    license: str
    publicationPolicy: str
    releases: list[dict] = Field(description="OCDS 1.1 releases (the UK profile)")
    links: OcdsLinksOut | None = None


class OcdsRecordPackageOut(Schema):
    uri: str
    version: str
    extensions: list[str]
    publishedDate: str
    publisher: OcdsPublisherOut
    license: str
    publicationPolicy: str
    records: list[dict] = Field(description="OCDS records: the releases and the compiled release")
    links: OcdsLinksOut | None = None


def _absolute(request) -> str:
    return settings.CAREMARKET_BASE_URL + request.get_full_path()


def _next_url(request, params: FeedParams, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    query = {k: v for k, v in params.dict(by_alias=True).items() if v not in (None, "")}
    query["cursor"] = cursor
    return f"{settings.CAREMARKET_BASE_URL}{request.path}?{urlencode(query)}"


def _query(params: FeedParams) -> feed.FeedQuery:
    return feed.feed_query(
        updated_from=params.updated_from,
        updated_to=params.updated_to,
        stages=params.stages,
        cursor=params.cursor,
        limit=params.limit,
    )


@router.get(
    "/ocds/release-packages",
    response={200: OcdsReleasePackageOut, **PUBLIC_ERRORS},
    openapi_extra=ANONYMOUS,
    summary="Release packages",
    **PUBLIC,
)
def release_packages(request, params: Query[FeedParams]):
    """Caremarket's OCDS releases, in the order they were published, 100 a page: a release
    package with `links.next` while there are more (the pagination extension, as Find a Tender
    publishes). Filter by when they were written here (`updatedFrom`, `updatedTo`) and by
    stage. A bad date, stage or cursor is a 422 naming it.
    Only releases Caremarket itself published are here: notices imported from other publishers
    (Contracts Finder, Find a Tender) are theirs to publish. Anonymous, and rate-limited per address
    (429 `rate_limited`, with `Retry-After`).
    """
    page = feed.release_page(_query(params))
    package = feed.release_package_for(
        [release.data for release in page.items],
        uri=_absolute(request),
        next_url=_next_url(request, params, page.next_cursor),
    )
    return JsonResponse(package)


@router.get(
    "/ocds/record-packages",
    response={200: OcdsRecordPackageOut, **PUBLIC_ERRORS},
    openapi_extra=ANONYMOUS,
    summary="Record packages",
    **PUBLIC,
)
def record_packages(request, params: Query[FeedParams]):
    """Caremarket's OCDS records (one per procurement process) updated in the window, in the
    order they were last updated, 100 a page, with `links.next` while there are more. Each
    record has its compiled release and links its releases (`url`, `date`, `tag`), as OCDS
    allows; `/ocds/records/{ocid}` gives one record with its releases embedded. `stages` keeps
    the records with a release of those stages.
    Only releases Caremarket itself published are here: notices imported from other publishers
    (Contracts Finder, Find a Tender) are theirs to publish. Anonymous, and rate-limited per address
    (429 `rate_limited`, with `Retry-After`).
    """
    page = feed.record_page(_query(params))
    package = feed.record_package_for_page(
        page.items, uri=_absolute(request), next_url=_next_url(request, params, page.next_cursor)
    )
    return JsonResponse(package)


@router.get(
    "/ocds/records/{ocid}",
    response={200: OcdsRecordPackageOut, **PUBLIC_ERRORS},
    openapi_extra=ANONYMOUS,
    summary="The record of one process",
    **PUBLIC,
)
def record(request, ocid: str):
    """The record package of one of Caremarket's procurement processes, by its ocid: its
    releases embedded, oldest first, and its compiled release. 404 if Caremarket has published
    no such process. Anonymous, and rate-limited per address
    (429 `rate_limited`, with `Retry-After`).
    """
    return JsonResponse(feed.record_package_for(ocid, uri=_absolute(request)))


@router.get(
    "/ocds/releases/{ocid}/{release_id}",
    response={200: OcdsReleasePackageOut, **PUBLIC_ERRORS},
    openapi_extra=ANONYMOUS,
    summary="One release",
    **PUBLIC,
)
def release(request, ocid: str, release_id: str):
    """A release package holding one of Caremarket's releases (what a record's linked release
    points at). 404 if there is no such release. Anonymous, and rate-limited per address
    (429 `rate_limited`, with `Retry-After`).
    """
    return JsonResponse(feed.release_package_of(ocid, release_id, uri=_absolute(request)))


BULK_NAME = "caremarket-ocds-releases.jsonl.gz"


@router.get(
    "/ocds/bulk/releases.jsonl.gz",
    response={200: None, **PUBLIC_ERRORS},
    openapi_extra={
        **ANONYMOUS,
        "responses": {
            "200": {
                "description": "Every release, one JSON object a line (JSON Lines), gzip-compressed",
                "content": {"application/gzip": {"schema": {"type": "string", "format": "binary"}}},
            }
        },
    },
    summary="Every release, for bulk download",
    **PUBLIC,
)
def bulk_releases(request):
    """The whole history: every one of Caremarket's releases, one JSON object a line, in the
    order they were published, gzip-compressed and streamed (a file to download, not a page).
    Only releases Caremarket itself published are here: notices imported from other publishers
    (Contracts Finder, Find a Tender) are theirs to publish. Anonymous, and rate-limited per address
    (429 `rate_limited`, with `Retry-After`).
    """
    response = StreamingHttpResponse(feed.gzipped(feed.bulk_release_lines()), content_type="application/gzip")
    response["Content-Disposition"] = f'attachment; filename="{BULK_NAME}"'
    return response
