"""Reading notices, releases and records (for the pages, the API and the feed of later steps).

Published notices, their releases and records are public; a draft is seen only by its
publisher's members and oversight."""

from typing import Any

from django.conf import settings

from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound, ValidationFailed
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


def organisation_notices(actor: Actor, organisation, *, limit: int = 500) -> list[Notice]:
    """An organisation's own notices, drafts first then the newest published: for its members
    and oversight (anyone else sees its published notices on the public pages)."""
    if not (actor.sees_everything or actor.is_member(organisation.pk)):
        raise NotFound(f"There are no notices of {organisation.name} that you can manage")
    found = Notice.objects.filter(publisher=organisation).select_related("publisher", "supersedes")
    drafts = list(found.filter(status=NoticeStatus.DRAFT).order_by("-created_at", "-pk")[:limit])
    others = list(found.exclude(status=NoticeStatus.DRAFT).order_by("-published_at", "-pk")[:limit])
    return drafts + others


def publisher_processes(organisation, *, limit: int = 200) -> list[tuple[str, str]]:
    """The processes an organisation has notices in, newest first: (ocid, title) pairs, for
    adding a notice to a procurement it already runs."""
    rows = (
        Notice.objects.filter(publisher=organisation)
        .exclude(ocid="")
        .order_by("-created_at", "-pk")
        .values_list("ocid", "title")[: limit * 5]
    )
    seen: dict[str, str] = {}
    for ocid, title in rows:
        if ocid not in seen or (title and not seen[ocid]):
            seen[ocid] = title
        if len(seen) >= limit:
            break
    return list(seen.items())


def notice_correction(notice: Notice) -> Notice | None:
    """The notice that corrects `notice`, if one has been made (draft or published)."""
    return Notice.objects.filter(supersedes=notice).first()


def managed_notice_for_actor(actor: Actor, notice_id: int) -> Notice:
    """A notice for its publisher's members and oversight (its management page, changing a
    draft, publishing it): anyone else is told it is not there."""
    notice = notice_for_actor(actor, notice_id)
    if notice.publisher_id is None or not can(actor, "transparency.view_draft_notice", notice):
        raise NotFound(f"There is no notice {notice_id} of your organisation")
    return notice


def publisher_process_id(organisation, ocid: str) -> str:
    """The process id of one of the publisher's own processes, from its ocid: a notice joins
    only a procurement its own publisher runs."""
    prefix = f"{settings.CAREMARKET_OCID_PREFIX}-"
    own = Notice.objects.filter(publisher=organisation, ocid=ocid).exists()
    if not own or not ocid.startswith(prefix):
        raise ValidationFailed.for_field(
            "process", f"{ocid} is not a procurement of {organisation.name}: choose one of its own"
        )
    return ocid.removeprefix(prefix)


def publisher_contract(actor: Actor, organisation, reference: str):
    """The publisher's own contract named `reference` (a UK8 or UK9 is about one)."""
    from caremarket.contracts.selectors import contract_for_actor

    try:
        contract = contract_for_actor(actor, reference)
    except NotFound:
        contract = None
    if contract is None or contract.buyer_id != organisation.pk:
        raise ValidationFailed.for_field(
            "contract",
            f"There is no contract {reference} of {organisation.name}: choose one of its contracts",
        )
    return contract
