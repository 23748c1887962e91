"""Notices published by the lifecycle: the one call each lifecycle service makes, inside its own
transaction, when its change needs a notice (ADR 0014). A notice is never typed twice: the
service that publishes a competition, decides an award or signs a contract builds the notice's
OCDS content from its own objects and publishes it here.

The caller has already checked that the actor may make the change, so publishing does not ask
again (a supplier signing a contract publishes its buyer's UK7); the notice's publisher is the
buyer organisation the process belongs to.
"""

from collections.abc import Mapping
from typing import Any

from django.db import models

from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.orgs.models import Organisation
from caremarket.rules.notices import notice_type
from caremarket.transparency.models import Notice, NoticeStatus
from caremarket.transparency.ocds.builder import ocid_for
from caremarket.transparency.services import _draft_notice, _publish_notice


def publish_lifecycle_notice(
    *,
    actor: Actor,
    publisher: Organisation,
    code: str,
    process_id: str,
    content: Mapping[str, Any],
    title: str = "",
    subject: models.Model | None = None,
    subject_ref: str = "",
) -> Notice:
    """Draft and publish the notice of type `code` (in force today) for the process
    `process_id`, in the caller's transaction. Refuses (ValidationFailed) if the content lacks a
    field the notice type requires, which rolls the caller's change back with it."""
    kind = notice_type(code, clock.today())
    notice = _draft_notice(
        actor=actor,
        publisher=publisher,
        kind=kind,
        ocid=ocid_for(process_id),
        content=content,
        title=title,
        subject=subject,
        subject_ref=subject_ref,
    )
    return _publish_notice(actor=actor, notice=notice, authorised=True)


def published_notice_for(subject: models.Model, code: str) -> Notice | None:
    """The published (not superseded) notice of type `code` about `subject`, if there is one."""
    return (
        Notice.objects.filter(
            subject_type=subject._meta.label_lower,
            subject_id=str(subject.pk),
            notice_type=code,
            status=NoticeStatus.PUBLISHED,
        )
        .order_by("-published_at", "-pk")
        .first()
    )


def process_id_for(obj: models.Model) -> str:
    """The procurement process an object belongs to (its ocid is the prefix and this id), so
    every notice of one process shares one ocid: a buying club's planned procurement (UK3) and
    its competition's tender (UK4); a competition and the contracts awarded from it; a direct
    award is a process of its own."""
    label = obj._meta.label_lower
    if label == "sourcing.buyingclub":
        return obj.reference
    if label == "competitions.competition":
        return obj.buying_club.reference if obj.buying_club_id else obj.reference
    if label == "competitions.award":
        return process_id_for(obj.competition)
    if label == "competitions.directaward":
        return obj.reference
    if label == "contracts.contract":
        return process_id_for(obj.competition) if obj.competition_id else obj.reference
    raise ValueError(f"{label} is not part of a procurement process")
