"""Reading notices, releases and records (for the pages, the API and the feed of later steps).

Published notices, their releases and records are public; a draft is seen only by its
publisher's members and oversight."""

from typing import Any

from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound
from caremarket.core.permissions import can
from caremarket.transparency.models import Notice, NoticeStatus, Record, Release
from caremarket.transparency.ocds import builder
from caremarket.transparency.ocds.records import record as ocds_record


def notice_for_actor(actor: Actor, notice_id: int) -> Notice:
    notice = Notice.objects.select_related("publisher", "supersedes").filter(pk=notice_id).first()
    if notice is None or (
        notice.status == NoticeStatus.DRAFT and not can(actor, "transparency.view_draft_notice", notice)
    ):
        raise NotFound(f"There is no notice {notice_id}")
    return notice


def process_notices(ocid: str) -> list[Notice]:
    """A process's published notices (corrected ones too), oldest first: its timeline."""
    return list(
        Notice.objects.filter(ocid=ocid)
        .exclude(status=NoticeStatus.DRAFT)
        .select_related("publisher")
        .order_by("published_at", "pk")
    )


def process_releases(ocid: str) -> list[dict[str, Any]]:
    return [release.data for release in Release.objects.filter(ocid=ocid).order_by("date", "pk")]


def process_record(ocid: str) -> dict[str, Any]:
    """The OCDS record of a process: its releases and the stored compiled release."""
    stored = Record.objects.filter(ocid=ocid).first()
    if stored is None:
        raise NotFound(f"There is no published process {ocid}")
    return ocds_record(ocid, process_releases(ocid), stored.compiled_release)


def process_release_package(ocid: str, *, uri: str) -> dict[str, Any]:
    releases = process_releases(ocid)
    if not releases:
        raise NotFound(f"There is no published process {ocid}")
    return builder.release_package(releases, uri=uri, published=clock.now())


def process_record_package(ocid: str, *, uri: str) -> dict[str, Any]:
    return builder.record_package([process_record(ocid)], uri=uri, published=clock.now())
