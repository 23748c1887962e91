"""Building OCDS releases and packages for Caremarket's notices (no database here).

One `ocid` per procurement process: the configured prefix (`CAREMARKET_OCID_PREFIX`) and the
process's id. Each published notice is one release, with a release id unique across the
platform, the tags its notice type carries (from the releaseTag codelist), and the notice itself
as a document in `tender.documents` whose `noticeType` is the UK notice type ("UK7") and whose
`documentType` is the matching OCDS code — as Find a Tender publishes them.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings

from caremarket.rules.notices import NoticeType
from caremarket.transparency.ocds.profile import codes, merge_patch, vendored_profile

PUBLISHER_NAME = "Caremarket"
# Find a Tender's packages carry the Open Government Licence v3.0, spelt exactly so.
LICENSE = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
PUBLICATION_POLICY_PATH = "/notices/publication-policy"
OCDS_VERSION = "1.1"


class ReleaseBuildError(ValueError):
    pass


@dataclass(frozen=True)
class Party:
    """An organisation as a release names it. `code` is its NHS ODS-style code."""

    code: str
    name: str
    roles: tuple[str, ...] = ("buyer",)
    scheme: str = "GB-NHS"

    @property
    def party_id(self) -> str:
        return f"{self.scheme}-{self.code}"

    def as_ocds(self) -> dict[str, Any]:
        return {
            "id": self.party_id,
            "name": self.name,
            "identifier": {"scheme": self.scheme, "id": self.code, "legalName": self.name},
            "roles": list(self.roles),
        }


def ocid_for(process_id: str | int, prefix: str | None = None) -> str:
    """The process's OCDS id: "ocds-caremarket-CMP-000123"."""
    process = str(process_id).strip()
    if not process:
        raise ReleaseBuildError("A process id is needed to make an ocid")
    return f"{prefix or settings.CAREMARKET_OCID_PREFIX}-{process}"


def release_id_for(kind_code: str, notice_id: int) -> str:
    """A release id unique across the platform (so unique within its ocid): "UK7-000042"."""
    return f"{kind_code}-{notice_id:06d}"


def ocds_datetime(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ReleaseBuildError("OCDS dates need a time zone")
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _check_codes(tags: Iterable[str], document_type: str) -> None:
    unknown = sorted(set(tags) - codes("releaseTag"))
    if unknown:
        raise ReleaseBuildError(f"Not release tags: {', '.join(unknown)}")
    if document_type not in codes("documentType"):
        raise ReleaseBuildError(f"{document_type!r} is not in the documentType codelist")


def notice_document(
    *, release_id: str, kind: NoticeType, published: datetime, url: str, title: str = ""
) -> dict[str, Any]:
    return {
        "id": release_id,
        "documentType": kind.document_type,
        "noticeType": kind.code,
        "title": title or kind.label[0].upper() + kind.label[1:],
        "description": f"Published under {kind.citation} (notice type version {kind.version})",
        "url": url,
        "datePublished": ocds_datetime(published),
        "format": "text/html",
        "language": "en",
    }


def _with_party(parties: list[dict[str, Any]], party: Party) -> list[dict[str, Any]]:
    out = [dict(p) for p in parties]
    for existing in out:
        if existing.get("id") == party.party_id:
            existing["roles"] = sorted(set(existing.get("roles") or ()) | set(party.roles))
            return out
    return [*out, party.as_ocds()]


def build_release(
    *,
    ocid: str,
    release_id: str,
    published: datetime,
    kind: NoticeType,
    content: Mapping[str, Any],
    buyer: Party,
    notice_url: str,
    correction: bool = False,
    title: str = "",
) -> dict[str, Any]:
    """The OCDS release for one published notice. `content` is the notice's fields in OCDS
    terms (a partial release: `tender`, `awards`, `contracts`, `parties`...); the builder owns
    `ocid`, `id`, `date`, `tag`, `initiationType`, `buyer` and the notice document."""
    tags = kind.release_tags(correction=correction)
    _check_codes(tags, kind.document_type)
    owned = {"ocid", "id", "date", "tag", "initiationType", "auditAnchor"} & set(content)
    if owned:
        raise ReleaseBuildError(f"A notice's content cannot set {', '.join(sorted(owned))}")
    release: dict[str, Any] = {
        "ocid": ocid,
        "id": release_id,
        "date": ocds_datetime(published),
        "tag": tags,
        "initiationType": "tender",
        "language": "en",
    }
    release = merge_patch(release, {k: v for k, v in content.items() if k != "parties"})
    release["parties"] = _with_party(list(content.get("parties") or []), buyer)
    release["buyer"] = {"id": buyer.party_id, "name": buyer.name}
    tender = dict(release.get("tender") or {})
    tender.setdefault("id", ocid)
    document = notice_document(
        release_id=release_id, kind=kind, published=published, url=notice_url, title=title
    )
    tender["documents"] = [*(tender.get("documents") or []), document]
    release["tender"] = tender
    return release


def _package_meta(uri: str, published: datetime) -> dict[str, Any]:
    base = settings.CAREMARKET_BASE_URL
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": list(vendored_profile().extensions),
        "publishedDate": ocds_datetime(published),
        "publisher": {"name": PUBLISHER_NAME, "uri": base},
        "license": LICENSE,
        "publicationPolicy": base + PUBLICATION_POLICY_PATH,
    }


def release_package(releases: list[dict[str, Any]], *, uri: str, published: datetime) -> dict[str, Any]:
    return {**_package_meta(uri, published), "releases": releases}


def record_package(records: list[dict[str, Any]], *, uri: str, published: datetime) -> dict[str, Any]:
    return {**_package_meta(uri, published), "records": records}


def ocds_value(amount: Decimal | int | None, currency: str = "GBP") -> dict[str, Any] | None:
    """An OCDS Value for an amount in pounds, rounded to pence. JSON has only one kind of number:
    a whole amount is written as an integer, any other as the shortest number that reads back to
    exactly the same pence (Python writes 1234.5 for Decimal("1234.50")), so nothing is lost
    however the reader parses it; no arithmetic is ever done on that number here."""
    if amount is None:
        return None
    pence = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    number: int | float = int(pence) if pence == pence.to_integral_value() else float(pence)
    return {"amount": number, "currency": currency}
