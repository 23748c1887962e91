"""The public notices, as the notices site shows them: search published notices, read one with
its OCDS release, and a procurement's timeline. Anyone may call these, signed in or not."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from caremarket.api.schemas import ERRORS, ErrorOut, Id, Money, Out, Pages
from caremarket.api.transparency.throttles import PUBLIC_THROTTLE
from caremarket.core.errors import NotFound
from caremarket.transparency import search, selectors
from caremarket.transparency.models import Notice
from caremarket.transparency.search import type_label

router = Router(tags=["Public notices"])

# Anyone may call these routes, signed in or not (an empty security requirement in the OpenAPI
# document says so), rate-limited per address as the OCDS feed is.
PUBLIC = {
    "auth": None,
    "throttle": PUBLIC_THROTTLE,
    "openapi_extra": {"security": [{}]},
}
PUBLIC_ERRORS = {**ERRORS, 429: ErrorOut}


class PublicNoticeFilters(Schema):
    q: str = ""
    type: list[str] = []
    buyer: str = ""
    region: str = ""
    cpv: str = ""
    category: str = ""
    value_min: str = ""
    value_max: str = ""
    published_from: str = ""
    published_to: str = ""
    source: str = ""


class PublicBuyerOut(Out):
    name: str
    id: str
    code: str | None = None


class PublicNoticeOut(Out):
    id: int
    notice_type: str
    type_label: str
    title: str
    ocid: str
    status: str
    buyer: PublicBuyerOut
    published_at: datetime | None
    value: Money | None
    value_currency: str
    legal_basis: str
    source: str
    source_publisher: str
    supersedes: int | None
    superseded_by: int | None
    correction_reason: str


class PublicNoticeDetailOut(PublicNoticeOut):
    description: str
    cpv_codes: list[str]
    category: str
    regions: list[str]
    release: dict[str, Any]


def _notice(notice: Notice, *, superseded_by: int | None = None) -> dict[str, Any]:
    publisher = notice.publisher
    return {
        "id": notice.pk,
        "notice_type": notice.notice_type,
        "type_label": type_label(notice.notice_type, notice.published_at),
        "title": notice.title or type_label(notice.notice_type, notice.published_at),
        "ocid": notice.ocid,
        "status": notice.status,
        "buyer": {
            "name": notice.buyer_name or (publisher.name if publisher else ""),
            "id": notice.buyer_id,
            "code": publisher.code if publisher else None,
        },
        "published_at": notice.published_at,
        "value": Decimal(notice.value_amount) if notice.value_amount is not None else None,
        "value_currency": notice.value_currency,
        "legal_basis": notice.legal_basis,
        "source": notice.source,
        "source_publisher": notice.source_publisher,
        "supersedes": notice.supersedes_id,
        "superseded_by": superseded_by,
        "correction_reason": notice.correction_reason,
    }


@router.get("/notices", response={200: list[PublicNoticeOut], **PUBLIC_ERRORS}, **PUBLIC)
@paginate(Pages)
def search_public_notices(request: HttpRequest, filters: Query[PublicNoticeFilters]):
    """Published notices matching every filter, newest first: words of `q` (each must appear),
    notice types (`type`, repeatable), buyer (organisation code or name), region (ITL code),
    CPV code (its first digits are enough), service category, value range (typed as on the
    pages: "98,500" or "£98,500.00"), dates published (YYYY-MM-DD) and source (platform or
    imported). A notice superseded by a correction is not found here: see its process."""
    parsed = search.NoticeFilters.from_query(filters.dict())
    return [_notice(n) for n in search.search_notices(parsed)]


@router.get("/notices/{notice_id}", response={200: PublicNoticeDetailOut, **PUBLIC_ERRORS}, **PUBLIC)
def get_public_notice(request: HttpRequest, notice_id: Id):
    """A published notice (or one superseded by a correction) with its OCDS release. Drafts are
    never public: not found."""
    notice = search.public_notice(notice_id)
    release = getattr(notice, "release", None)
    correction = search.correction_of(notice)
    return {
        **_notice(notice, superseded_by=correction.pk if correction else None),
        "description": notice.description,
        "cpv_codes": list(notice.cpv_codes or []),
        "category": notice.category,
        "regions": list(notice.regions or []),
        "release": release.data if release is not None else {},
    }


@router.get("/processes/{ocid}/notices", response={200: list[PublicNoticeOut], **PUBLIC_ERRORS}, **PUBLIC)
def list_process_notices(request: HttpRequest, ocid: str):
    """A procurement's timeline: every published notice of the process, corrected ones too,
    oldest first."""
    notices = selectors.process_notices(ocid)
    if not notices:
        raise NotFound(f"There is no published procurement {ocid}")
    corrections = search.corrections_of(notices)
    return [_notice(n, superseded_by=corrections.get(n.pk)) for n in notices]
