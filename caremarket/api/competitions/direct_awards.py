"""Direct awards from a locked shortlist, where the lot allows them."""

from ninja import Status

from caremarket.api.competition_schemas import (
    DirectAwardIn,
    DirectAwardOut,
)
from caremarket.api.competitions.common import router
from caremarket.api.idempotency import idempotent
from caremarket.api.schemas import responses
from caremarket.competitions import selectors, services
from caremarket.competitions.models import DirectAward
from caremarket.core.errors import ValidationFailed


def _direct_out(a: DirectAward) -> dict:
    return {
        "reference": a.reference,
        "buyer_code": a.buyer.code,
        "agreement": a.lot.agreement.reference,
        "lot": a.lot.number,
        "shortlist_id": a.shortlist_id,
        "supplier_code": a.supplier.code,
        "service_name": a.service_name,
        "justification": a.justification,
        "value": str(a.value) if a.value is not None else None,
        "awarded_at": a.awarded_at,
    }


@router.post("/direct-awards", response=responses(201, DirectAwardOut))
@idempotent
def create_direct_award(request, payload: DirectAwardIn):
    """Award directly, where the lot allows it, from a locked shortlist, with the justification."""
    from caremarket.catalogue.selectors import shortlist_entries_with_listings, shortlist_for_actor

    shortlist = shortlist_for_actor(request.actor, payload.shortlist_id)
    entry = next(
        (
            e
            for e in shortlist_entries_with_listings(shortlist)
            if e.listing.reference == payload.listing_reference
        ),
        None,
    )
    if entry is None:
        raise ValidationFailed.for_field("listing_reference", "Choose a service on the shortlist")
    award = services.direct_award_create(
        actor=request.actor,
        shortlist=shortlist,
        entry=entry,
        justification=payload.justification,
        value=payload.value,
        term_months=payload.term_months,
    )
    return Status(201, _direct_out(award))


@router.get("/direct-awards/{reference}", response=responses(200, DirectAwardOut))
def get_direct_award(request, reference: str):
    return _direct_out(selectors.direct_award_for_actor(request.actor, reference))
