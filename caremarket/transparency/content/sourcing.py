"""Notices from sourcing plans: a buying club's planned procurement notice (UK3) when its launch
is planned or moved, and the pipeline notice (UK1) of a buyer's published procurement intention
(one notice per intention, as the Find a Tender UK1 form is one procurement per notice).

A club whose planned launch moves publishes a correction of its UK3 (a `planningUpdate` release
superseding the last one), so the process keeps one planned procurement notice in force.
"""

from datetime import date
from typing import Any

from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.rules.contract_notices import band_estimate
from caremarket.rules.dates import spoken_date
from caremarket.rules.notice_triggers import notices_for
from caremarket.rules.notices import notice_type
from caremarket.rules.standstill import Regime
from caremarket.transparency.content.contracts import ocds_day
from caremarket.transparency.models import Notice
from caremarket.transparency.ocds.builder import ocds_value
from caremarket.transparency.publishing import process_id_for, publish_lifecycle_notice, published_notice_for
from caremarket.transparency.services import _draft_notice, _publish_notice

CATEGORY_SCHEME = "CAREMARKET-CATEGORY"


def club_content(club) -> dict[str, Any]:
    """The planned procurement notice of a buying club: the competition it will launch."""
    description = club.description.strip() or (
        f"A buying club led by {club.lead_organisation.name} for {club.lot} under "
        f"{club.agreement.reference}: organisations join it and the competition launches together"
    )
    if club.join_deadline:
        description += f". Organisations may join until {spoken_date(club.join_deadline)}"
    tender: dict[str, Any] = {
        "title": club.name,
        "description": description[:4000],
        "status": "planned",
        "tenderPeriod": {"startDate": ocds_day(club.launch_date)},
    }
    return {"tender": tender}


def intention_content(intention) -> dict[str, Any]:
    """The pipeline notice of one planned procurement (value: the band's estimate)."""
    from caremarket.rules.catalogue import CATEGORIES

    band = intention.get_value_band_display()
    description = intention.description.strip() or intention.title
    description += f". Estimated value: {band}. Planned to launch on {spoken_date(intention.launch_on)}"
    tender: dict[str, Any] = {
        "title": intention.title,
        "description": description[:4000],
        "status": "planned",
        "value": ocds_value(band_estimate(intention.value_band)),
        "tenderPeriod": {"startDate": ocds_day(intention.launch_on)},
    }
    if intention.closes_on:
        tender["tenderPeriod"]["endDate"] = ocds_day(intention.closes_on, end=True)
    category = CATEGORIES.get(intention.category)
    if category is not None:
        label = category[1]
        tender["items"] = [
            {
                "id": "1",
                "classification": {"scheme": CATEGORY_SCHEME, "id": intention.category, "description": label},
            }
        ]
    return {"tender": tender}


def _codes(event: str, on: date) -> list[str]:
    return notices_for(event, Regime.PROCUREMENT_ACT_2023, "", on=on)


def publish_club_planned(*, actor: Actor, club) -> list[Notice]:
    """The club's UK3 for its planned launch; a correction of the last one once it has one."""
    if club.launch_date is None:
        return []
    published = []
    for code in _codes("club_launch_planned", clock.today()):
        content = club_content(club)
        previous = published_notice_for(club, code)
        if previous is None:
            published.append(
                publish_lifecycle_notice(
                    actor=actor,
                    publisher=club.lead_organisation,
                    code=code,
                    process_id=process_id_for(club),
                    content=content,
                    title=club.name,
                    subject=club,
                    subject_ref=club.reference,
                )
            )
            continue
        correction = _draft_notice(
            actor=actor,
            publisher=club.lead_organisation,
            kind=notice_type(code, clock.today()),
            ocid=previous.ocid,
            content=content,
            title=club.name,
            subject=club,
            subject_ref=club.reference,
            supersedes=previous,
            correction_reason=f"The planned launch moved to {spoken_date(club.launch_date)}",
        )
        published.append(_publish_notice(actor=actor, notice=correction, authorised=True))
    return published


def publish_intention(*, actor: Actor, intention) -> list[Notice]:
    """The pipeline notice of a published procurement intention (its own process)."""
    return [
        publish_lifecycle_notice(
            actor=actor,
            publisher=intention.organisation,
            code=code,
            process_id=intention.reference,
            content=intention_content(intention),
            title=intention.title,
            subject=intention,
            subject_ref=intention.reference,
        )
        for code in _codes("intentions_published", clock.today())
    ]
