"""Direct award: only where the lot allows it, only from a locked shortlist, with the
justification and the chosen service recorded."""

from decimal import Decimal

from caremarket.agreements.services import ensure_call_off_allowed, ensure_supplier_can_trade
from caremarket.audit.services import audit_record
from caremarket.catalogue.models import Shortlist, ShortlistEntry
from caremarket.competitions.models import DirectAward
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import RuleViolation, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.rules.agreements import Procedure
from caremarket.transparency.content import competitions as lifecycle_notices


@service
def direct_award_create(
    *,
    actor: Actor,
    shortlist: Shortlist,
    entry: ShortlistEntry,
    justification: str,
    value: Decimal | None = None,
    term_months: int | None = None,
) -> DirectAward:
    buyer = shortlist.organisation
    require(actor, "competitions.direct_award", buyer)
    if not shortlist.is_locked:
        raise RuleViolation(
            "A direct award is made only from a locked shortlist: lock it first",
            code=ErrorCode.SHORTLIST_LOCKED,
        )
    if entry.shortlist_id != shortlist.pk:
        raise ValidationFailed.for_field("entry", "Choose a service on the shortlist")
    if not justification.strip():
        raise ValidationFailed.for_field("justification", "Record why this service is awarded directly")
    if value is not None and value < 0:
        raise ValidationFailed.for_field("value", "Enter a value of £0 or more")
    listing = entry.listing
    lot = listing.lot
    ensure_call_off_allowed(lot, Procedure.DIRECT_AWARD, value=value, term_months=term_months)
    ensure_supplier_can_trade(lot, listing.supplier)
    award = DirectAward.objects.create(
        reference=f"DA-{clock.now():%Y%m%d%H%M%S%f}",
        buyer=buyer,
        lot=lot,
        shortlist=shortlist,
        entry=entry,
        supplier=listing.supplier,
        service_name=entry.snapshot.get("name", "")[:255],
        justification=justification.strip(),
        value=value,
        awarded_by=actor.person,
    )
    award.reference = f"DA-{award.awarded_at.year}-{award.pk:05d}"
    award.save(update_fields=["reference"])
    # Its notice goes out with the award, before any contract is entered into.
    lifecycle_notices.publish_direct_award_made(actor=actor, direct_award=award)
    audit_record(
        actor=actor,
        action="direct_award.created",
        obj=award,
        organisation_id=buyer.pk,
        after={
            "shortlist": shortlist.pk,
            "service": entry.snapshot.get("reference", ""),
            "supplier": listing.supplier.code,
            "justification": award.justification,
            "value": value,
        },
    )
    return award
