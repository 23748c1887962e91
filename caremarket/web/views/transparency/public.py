"""The public notices site: search published notices, read one, follow a procurement from its
first notice to its contract and changes, see a buyer's notices and download the OCDS data.
No page here needs signing in; drafts are never shown (a draft's address is "not found" for
everyone, as if it did not exist)."""

import json
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from caremarket.core import clock
from caremarket.core.errors import NotFound, ValidationFailed
from caremarket.core.money import format_money
from caremarket.core.permissions import can
from caremarket.jinja2 import format_date
from caremarket.rules.standstill import REGIME_LABELS
from caremarket.transparency import search, selectors
from caremarket.transparency.models import Notice, NoticeSource, NoticeStatus
from caremarket.transparency.ocds import builder
from caremarket.transparency.search import type_label
from caremarket.web.errors import error_list, field_errors

PAGE_SIZE = 25
JSON_TYPE = "application/json"


# --- Reading notices in plain words -------------------------------------------------------


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def ocds_moment(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def ocds_date(text: Any) -> str:
    moment = ocds_moment(text)
    return format_date(moment) if moment else ""


def ocds_money(value: Any) -> str:
    """An OCDS Value in words: "£250,000.00" (other currencies by their code)."""
    value = _dict(value)
    try:
        amount = Decimal(str(value.get("amount")))
    except (InvalidOperation, ValueError):
        return ""
    if not amount.is_finite():
        return ""
    currency = str(value.get("currency") or "GBP")
    if currency == "GBP":
        return format_money(amount)
    return f"{amount:,.2f} {currency}"


def period_text(period: Any) -> str:
    period = _dict(period)
    start, end = ocds_date(period.get("startDate")), ocds_date(period.get("endDate"))
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"From {start}"
    if end:
        return f"Until {end}"
    return ""


def _row(key: str, text: str) -> dict | None:
    return {"key": {"text": key}, "value": {"text": text}} if text else None


def _names(parties: Any) -> str:
    return ", ".join(str(p.get("name")) for p in _dicts(parties) if p.get("name"))


def notice_rows(notice: Notice, release: dict) -> list[dict]:
    """The main fields of a notice, as the rows of an NHS.UK summary list."""
    tender = _dict(release.get("tender"))
    rows = [
        _row("Description", notice.description or str(tender.get("description") or "")),
        _row("Value", format_money(notice.value_amount) if notice.value_amount is not None else ""),
        _row("Estimated value", ocds_money(tender.get("value")) if release.get("awards") else ""),
        _row("Procurement method", str(tender.get("procurementMethodDetails") or "")),
        _row("Tender period", period_text(tender.get("tenderPeriod"))),
        _row("CPV codes", ", ".join(notice.cpv_codes or [])),
        _row("Service category", notice.category),
        _row("Regions", ", ".join(notice.regions or [])),
    ]
    if tender.get("status") in ("cancelled", "unsuccessful"):
        rows.append(_row("Reason the procurement ended", str(tender.get("statusDetails") or "")))
    awards = _dicts(release.get("awards"))
    for award in awards:
        suffix = f" ({award['title']})" if len(awards) > 1 and award.get("title") else ""
        rows += [
            _row("Suppliers" + suffix, _names(award.get("suppliers"))),
            _row("Award value" + suffix, ocds_money(award.get("value"))),
            _row("Award date" + suffix, ocds_date(award.get("date"))),
        ]
    for contract in _dicts(release.get("contracts")):
        rows += [
            _row("Contract value", ocds_money(contract.get("value"))),
            _row("Contract signed", ocds_date(contract.get("dateSigned"))),
            _row("Contract period", period_text(contract.get("period"))),
        ]
        if contract.get("status") in ("terminated", "cancelled"):
            rows.append(_row("Reason the contract ended", str(contract.get("statusDetails") or "")))
        for amendment in _dicts(contract.get("amendments")):
            when = ocds_date(amendment.get("date"))
            rationale = str(amendment.get("rationale") or amendment.get("description") or "")
            rows.append(_row("Change" + (f" on {when}" if when else ""), rationale))
    rows.append(_row("Legal basis", notice.legal_basis))
    rows.append(_row("Regime", REGIME_LABELS.get(notice.regime, "")))
    return [r for r in rows if r]


def _release_of(notice: Notice) -> dict:
    release = getattr(notice, "release", None) if notice.status != NoticeStatus.DRAFT else None
    return release.data if release is not None else {}


def _result(notice: Notice) -> dict:
    return {
        "id": notice.pk,
        "title": notice.title or type_label(notice.notice_type, notice.published_at),
        "type_label": type_label(notice.notice_type, notice.published_at),
        "buyer": notice.buyer_name or (notice.publisher.name if notice.publisher else ""),
        "published": format_date(notice.published_at),
        "value": format_money(notice.value_amount) if notice.value_amount is not None else "",
        "imported_from": (
            (notice.source_publisher or "another publisher") if notice.source == NoticeSource.IMPORTED else ""
        ),
        "description": notice.description,
    }


def _page(request, notices, pairs: list[tuple[str, str]]):
    paginator = Paginator(notices, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    nav = {}
    if page.has_previous():
        number = page.previous_page_number()
        nav["previous"] = {"href": "?" + urlencode([*pairs, ("page", number)]), "labelText": f"Page {number}"}
    if page.has_next():
        number = page.next_page_number()
        nav["next"] = {"href": "?" + urlencode([*pairs, ("page", number)]), "labelText": f"Page {number}"}
    return page, nav


def _buyer_url_code(notice: Notice) -> str:
    """The code of the Caremarket organisation that published the notice (for its buyer page)."""
    return notice.publisher.code if notice.publisher is not None else ""


def _json_download(data: dict, filename: str) -> HttpResponse:
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type=JSON_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Pages -------------------------------------------------------------------------------


@require_GET
def notice_search(request):
    errors, problems, filters = [], {}, search.NoticeFilters()
    try:
        filters = search.NoticeFilters.from_query(request.GET)
    except ValidationFailed as exc:
        errors, problems = error_list(exc), field_errors(exc)
    notices = search.search_notices(filters)
    page, nav = _page(request, notices, filters.as_pairs())
    typed = {key: request.GET.get(key, "")[: search.MAX_TEXT] for key in search.FILTER_KEYS}
    return render(
        request,
        "web/transparency/public/search.jinja",
        {
            "errors": errors,
            "problems": problems,
            "typed": typed,
            "chosen_types": request.GET.getlist("type"),
            "types": search.type_choices(),
            "sources": list(search.SOURCE_LABELS.items()),
            "results": [_result(n) for n in page],
            "count": page.paginator.count,
            "page": page,
            "nav": nav,
            "filtered": not filters.is_empty,
        },
        status=400 if errors else 200,
    )


@require_GET
def notice_detail(request, notice_id: int):
    notice = search.public_notice(notice_id)
    release = _release_of(notice)
    correction = search.correction_of(notice)
    return render(
        request,
        "web/transparency/public/notice.jinja",
        {
            "notice": notice,
            "label": type_label(notice.notice_type, notice.published_at),
            "title": notice.title or type_label(notice.notice_type, notice.published_at),
            "buyer": notice.buyer_name or (notice.publisher.name if notice.publisher else ""),
            "buyer_code": _buyer_url_code(notice),
            "rows": notice_rows(notice, release),
            "corrects": notice.supersedes,
            "corrected_by": correction,
            "superseded": notice.status == NoticeStatus.SUPERSEDED,
            "imported_from": _result(notice)["imported_from"],
            # The way to a correction, for the people who may publish one.
            "can_correct": notice.status == NoticeStatus.PUBLISHED
            and correction is None
            and can(request.actor, "transparency.correct_notice", notice),
        },
    )


@require_GET
def notice_release(request, notice_id: int):
    """The notice's release, in a release package of its own."""
    notice = search.public_notice(notice_id)
    release = _release_of(notice)
    if not release:
        raise NotFound(f"Notice {notice_id} has no published release")
    package = builder.release_package(
        [release], uri=f"{settings.CAREMARKET_BASE_URL}{request.path}", published=clock.now()
    )
    return _json_download(package, f"{release.get('id') or notice.pk}.json")


def _process_timeline(notices: list[Notice]) -> list[dict]:
    return [
        {
            "id": n.pk,
            "date": format_date(n.published_at),
            "type_label": type_label(n.notice_type, n.published_at),
            "title": n.title,
            "superseded": n.status == NoticeStatus.SUPERSEDED,
            "correction": n.supersedes_id is not None,
        }
        for n in notices
    ]


def _process_sections(compiled: dict) -> dict[str, list[dict]]:
    awards = [
        {
            "title": str(a.get("title") or ""),
            "suppliers": _names(a.get("suppliers")),
            "value": ocds_money(a.get("value")),
            "date": ocds_date(a.get("date")),
        }
        for a in _dicts(compiled.get("awards"))
    ]
    contracts, changes = [], []
    for c in _dicts(compiled.get("contracts")):
        contracts.append(
            {
                "title": str(c.get("title") or c.get("id") or ""),
                "value": ocds_money(c.get("value")),
                "signed": ocds_date(c.get("dateSigned")),
                "period": period_text(c.get("period")),
            }
        )
        for amendment in _dicts(c.get("amendments")):
            changes.append(
                {
                    "date": ocds_date(amendment.get("date")),
                    "rationale": str(amendment.get("rationale") or amendment.get("description") or ""),
                }
            )
    return {"awards": awards, "contracts": contracts, "changes": changes}


@require_GET
def process_detail(request, ocid: str):
    process = search.public_process(ocid)
    compiled = process.compiled_release
    tender = _dict(compiled.get("tender"))
    buyer = str(_dict(compiled.get("buyer")).get("name") or "")
    publisher = process.publisher
    return render(
        request,
        "web/transparency/public/process.jinja",
        {
            "ocid": ocid,
            "title": str(tender.get("title") or "") or f"Procurement {ocid}",
            "description": str(tender.get("description") or ""),
            "buyer": buyer,
            "buyer_code": publisher.code if publisher else "",
            "timeline": _process_timeline(process.notices),
            **_process_sections(compiled),
        },
    )


@require_GET
def process_record_download(request, ocid: str):
    package = selectors.process_record_package(ocid, uri=f"{settings.CAREMARKET_BASE_URL}{request.path}")
    return _json_download(package, f"{ocid}-record.json")


@require_GET
def process_releases_download(request, ocid: str):
    package = selectors.process_release_package(ocid, uri=f"{settings.CAREMARKET_BASE_URL}{request.path}")
    return _json_download(package, f"{ocid}-releases.json")


@require_GET
def buyer_detail(request, code: str):
    organisation = search.public_buyer(code)
    page, nav = _page(request, search.buyer_notices(organisation), [])
    return render(
        request,
        "web/transparency/public/buyer.jinja",
        {
            "organisation": organisation,
            "results": [_result(n) for n in page],
            "count": page.paginator.count,
            "page": page,
            "nav": nav,
        },
    )


@require_GET
def publication_policy(request):
    base = settings.CAREMARKET_BASE_URL
    return render(
        request,
        "web/transparency/public/policy.jinja",
        {
            "ocid_prefix": settings.CAREMARKET_OCID_PREFIX,
            "licence_url": builder.LICENSE,
            "feeds": [
                ("Release packages", f"{base}/api/v1/ocds/release-packages"),
                ("Record packages", f"{base}/api/v1/ocds/record-packages"),
                (
                    "Every release, in bulk (JSON lines, gzipped)",
                    f"{base}/api/v1/ocds/bulk/releases.jsonl.gz",
                ),
            ],
        },
    )
