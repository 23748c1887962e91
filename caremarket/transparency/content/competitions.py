"""A competition's notices, built from the competition itself: its tender notice (UK4) when it is
published, its contract award notice (UK6, or the PSR intention to award) when the award is
decided, its procurement termination notice (UK12) when it is cancelled or ends without an award;
and a direct award's notice. Which of them an event publishes is `rules.notice_triggers`' table.

Sealed information never goes into a notice before it may be shown: a tender notice or a
termination notice names no bid, bidder or count of either; the award notice names only the
preferred supplier and its price, and is published only with the decision. Money becomes a JSON
number only through `ocds_value`.

`publish_*` are called by the competition services inside their own transactions.
"""

from datetime import UTC, date, datetime, time
from typing import Any

from caremarket.competitions.choices import PROCEDURE_LABELS, CompetitionProcedure
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import ValidationFailed
from caremarket.rules.notice_triggers import Event, NoticeProcedure, notices_for
from caremarket.transparency.facets import CATEGORY_SCHEME
from caremarket.transparency.models import Notice, NoticeStatus
from caremarket.transparency.ocds.builder import Party, ocds_datetime, ocds_value, ocid_for
from caremarket.transparency.publishing import process_id_for, publish_lifecycle_notice

DESCRIPTION_LIMIT = 4000
# OCDS procurementMethod (closed codelist) for each way a competition is run: anyone may bid in
# an open procedure; only the agreement's suppliers in a further competition.
METHODS = {CompetitionProcedure.OPEN: "open", CompetitionProcedure.FURTHER_COMPETITION: "selective"}
# NHS England's regions as NUTS 1 (ITL 1) regions, the codes Find a Tender's releases carry:
# the Midlands and North East and Yorkshire each span two.
REGION_CODES = {
    "london": ("UKI",),
    "south_west": ("UKK",),
    "south_east": ("UKJ",),
    "midlands": ("UKF", "UKG"),
    "east": ("UKH",),
    "north_west": ("UKD",),
    "north_east": ("UKC", "UKE"),
    "national": ("UKC", "UKD", "UKE", "UKF", "UKG", "UKH", "UKI", "UKJ", "UKK"),
}


def ocds_day_end(day: date) -> str:
    """The last second of a day in England, as an OCDS date-time."""
    return ocds_datetime(datetime.combine(day, time(23, 59, 59), tzinfo=clock.LONDON).astimezone(UTC))


def delivery_addresses(region_codes) -> list[dict[str, str]]:
    codes = sorted({nuts for code in region_codes if code for nuts in REGION_CODES.get(code, ())})
    return [{"region": code} for code in codes]


def supplier_party(organisation) -> Party:
    return Party(code=organisation.code, name=organisation.name, roles=("supplier",))


def award_id(competition) -> str:
    """The award's id in the process: the contract details notice's `awardID` names the same."""
    return f"{competition.reference}-award"


def notice_procedure(competition) -> str:
    return str(NoticeProcedure(competition.procedure))


def _description(competition) -> str:
    text = competition.description.strip() or competition.requirement.strip() or competition.title
    return text[:DESCRIPTION_LIMIT]


def _regions(competition) -> list[str]:
    if competition.buying_club_id and competition.buying_club.region:
        return [competition.buying_club.region]
    return [competition.buyer.region] if competition.buyer.region else []


def _tender(competition) -> dict[str, Any]:
    """What a competition's notices say of the tender, whatever the notice: never its bids."""
    procedure = CompetitionProcedure(competition.procedure)
    details = PROCEDURE_LABELS[procedure]
    if competition.lot_id:
        details += f" under {competition.lot.label}"
    tender: dict[str, Any] = {
        "id": competition.reference,
        "title": competition.title,
        "description": _description(competition),
        "procurementMethod": METHODS[procedure],
        "procurementMethodDetails": details,
        "mainProcurementCategory": "services",
    }
    value = ocds_value(competition.estimated_value)
    if value:
        tender["value"] = value
    if competition.published_at:
        tender["tenderPeriod"] = {"startDate": ocds_datetime(competition.published_at)}
        if competition.submission_deadline:
            tender["tenderPeriod"]["endDate"] = ocds_datetime(competition.submission_deadline)
        if competition.clarification_deadline:
            tender["enquiryPeriod"] = {
                "startDate": ocds_datetime(competition.published_at),
                "endDate": ocds_datetime(competition.clarification_deadline),
            }
    item: dict[str, Any] = {"id": "1", "description": competition.title}
    if competition.lot_id:
        item["description"] = f"{competition.title} ({competition.lot.title})"
        tender["techniques"] = {"hasFrameworkAgreement": True}
    tender["items"] = [item]
    addresses = delivery_addresses(_regions(competition))
    if addresses:
        tender["deliveryAddresses"] = addresses
    return tender


def _related(competition) -> list[dict[str, Any]]:
    if not competition.lot_id:
        return []
    agreement = competition.lot.agreement
    return [
        {
            "id": "framework",
            "relationship": ["framework"],
            "title": f"{agreement.reference}: {agreement.title}, lot {competition.lot.number}",
        }
    ]


def tender_content(competition) -> dict[str, Any]:
    """The tender notice (UK4): the competition as published, with its periods and value."""
    tender = _tender(competition)
    tender["status"] = "active"
    content: dict[str, Any] = {"tender": tender}
    related = _related(competition)
    if related:
        content["relatedProcesses"] = related
    return content


def cancellation_content(competition) -> dict[str, Any]:
    """The procurement termination notice (UK12): the tender cancelled (or unsuccessful) and why."""
    tender = _tender(competition)
    tender["status"] = "cancelled" if competition.cancelled_at else "unsuccessful"
    tender["statusDetails"] = competition.end_reason.strip()[:DESCRIPTION_LIMIT]
    return {"tender": tender}


def award_content(award, standstill_from: datetime | None = None) -> dict[str, Any]:
    """The contract award notice (UK6) or the PSR intention to award: the preferred supplier, its
    price, the decision's time and the standstill, which runs from this notice's publication."""
    competition = award.competition
    supplier = supplier_party(award.bid.supplier)
    tender = _tender(competition)
    tender["status"] = "active"
    entry: dict[str, Any] = {
        "id": award_id(competition),
        "title": competition.title,
        "status": "pending",  # in standstill: the contract is not yet entered into
        "date": ocds_datetime(award.decided_at),
        "suppliers": [{"id": supplier.party_id, "name": supplier.name}],
    }
    value = ocds_value(award.value)
    if value:
        entry["value"] = value
    if standstill_from is not None:
        entry["standstillPeriod"] = {
            "startDate": ocds_datetime(standstill_from),
            "endDate": ocds_day_end(award.standstill_ends_on),
        }
    content: dict[str, Any] = {"tender": tender, "awards": [entry], "parties": [supplier.as_ocds()]}
    related = _related(competition)
    if related:
        content["relatedProcesses"] = related
    return content


def direct_award_value(direct_award):
    """The direct award's value: as recorded, else the locked shortlist's whole-term quote."""
    from decimal import Decimal, InvalidOperation

    if direct_award.value is not None:
        return direct_award.value
    quote = (direct_award.entry.snapshot or {}).get("quote") or {}
    try:
        return Decimal(str(quote["total"]))
    except (KeyError, InvalidOperation, TypeError):
        return None


def direct_award_content(direct_award) -> dict[str, Any]:
    """A direct award's notice: the service, the supplier, the value and the justification."""
    snapshot = direct_award.entry.snapshot or {}
    lot = direct_award.lot
    supplier = supplier_party(direct_award.supplier)
    title = direct_award.service_name or snapshot.get("name") or direct_award.reference
    item: dict[str, Any] = {"id": "1", "description": title}
    if snapshot.get("category"):
        item["classification"] = {
            "scheme": CATEGORY_SCHEME,
            "id": snapshot["category"],
            "description": snapshot.get("category_label") or snapshot["category"],
        }
    tender: dict[str, Any] = {
        "id": direct_award.reference,
        "title": title,
        "description": f"{title} from {direct_award.supplier.name}, awarded directly under {lot.label}",
        "status": "complete",
        "procurementMethod": "direct",
        "procurementMethodDetails": f"Direct award under {lot.label}",
        "procurementMethodRationale": direct_award.justification[:DESCRIPTION_LIMIT],
        "mainProcurementCategory": "services",
        "techniques": {"hasFrameworkAgreement": True},
        "items": [item],
    }
    addresses = delivery_addresses(snapshot.get("regions") or [])
    if addresses:
        tender["deliveryAddresses"] = addresses
    entry: dict[str, Any] = {
        "id": f"{direct_award.reference}-award",
        "title": title,
        "description": direct_award.justification[:DESCRIPTION_LIMIT],
        "status": "active",
        "date": ocds_datetime(direct_award.awarded_at),
        "suppliers": [{"id": supplier.party_id, "name": supplier.name}],
    }
    value = ocds_value(direct_award_value(direct_award))
    if value:
        entry["value"] = value
    agreement = lot.agreement
    return {
        "tender": tender,
        "awards": [entry],
        "parties": [supplier.as_ocds()],
        "relatedProcesses": [
            {
                "id": "framework",
                "relationship": ["framework"],
                "title": f"{agreement.reference}: {agreement.title}, lot {lot.number}",
            }
        ],
    }


# --- Publishing, from the lifecycle services ----------------------------------------------------


def published_codes(process_id: str) -> set[str]:
    """The notice types already published in a process (a correction keeps its type)."""
    return set(
        Notice.objects.filter(
            ocid=ocid_for(process_id), status__in=(NoticeStatus.PUBLISHED, NoticeStatus.SUPERSEDED)
        ).values_list("notice_type", flat=True)
    )


def _publish(actor: Actor, competition, codes: list[str], content: dict[str, Any], subject) -> list[Notice]:
    return [
        publish_lifecycle_notice(
            actor=actor,
            publisher=competition.buyer,
            code=code,
            process_id=process_id_for(competition),
            content=content,
            title=competition.title,
            subject=subject,
            subject_ref=competition.reference,
        )
        for code in codes
    ]


def publish_competition_published(*, actor: Actor, competition) -> list[Notice]:
    """On publishing: the tender notice, unless the procedure needs none (a call-off)."""
    codes = notices_for(
        Event.COMPETITION_PUBLISHED, competition.regime, notice_procedure(competition), on=clock.today()
    )
    if not codes:
        return []
    if competition.estimated_value is None:
        # The tender notice states the estimated value: say so in the buyer's words, before the
        # notice's own check names the OCDS field.
        raise ValidationFailed.for_field(
            "estimated_value",
            f"Enter the estimated value of {competition.reference} before publishing it: "
            "its tender notice (UK4) states it",
            code=ErrorCode.NOTICE_INCOMPLETE,
        )
    return _publish(actor, competition, codes, tender_content(competition), competition)


def publish_competition_ended(*, actor: Actor, competition) -> list[Notice]:
    """On cancelling or ending without an award: the procurement termination notice, when a
    tender (or transparency) notice was published in the process."""
    event = Event.COMPETITION_CANCELLED if competition.cancelled_at else Event.COMPETITION_ENDED_WITHOUT_AWARD
    codes = notices_for(
        event,
        competition.regime,
        notice_procedure(competition),
        on=clock.today(),
        published=published_codes(process_id_for(competition)),
    )
    if not codes:
        return []
    return _publish(actor, competition, codes, cancellation_content(competition), competition)


def award_notice_codes(competition) -> list[str]:
    return notices_for(
        Event.AWARD_DECIDED, competition.regime, notice_procedure(competition), on=clock.today()
    )


def publish_award_decided(*, actor: Actor, award, standstill_from: datetime) -> list[Notice]:
    """On the award decision: the contract award notice or the PSR intention to award."""
    competition = award.competition
    codes = award_notice_codes(competition)
    if not codes:
        return []
    return _publish(actor, competition, codes, award_content(award, standstill_from), award)


def publish_direct_award_made(*, actor: Actor, direct_award, procedure: str = NoticeProcedure.DIRECT_AWARD):
    """On a direct award: its notice, before any contract is entered into. A direct award is
    under the Procurement Act 2023 (the platform's direct awards are call-offs under a lot)."""
    from caremarket.rules.standstill import Regime

    codes = notices_for(Event.DIRECT_AWARD_MADE, Regime.PROCUREMENT_ACT_2023, procedure, on=clock.today())
    return [
        publish_lifecycle_notice(
            actor=actor,
            publisher=direct_award.buyer,
            code=code,
            process_id=process_id_for(direct_award),
            content=direct_award_content(direct_award),
            title=direct_award.service_name or direct_award.reference,
            subject=direct_award,
            subject_ref=direct_award.reference,
        )
        for code in codes
    ]
