"""Test data for the catalogue, built through the services so every record has its audit trail."""

import itertools
from decimal import Decimal

from caremarket.agreements.factories import admitted_supplier, make_agreement
from caremarket.agreements.models import Lot
from caremarket.catalogue import services
from caremarket.catalogue.models import Listing
from caremarket.core.actor import Actor
from caremarket.orgs.models import Organisation
from caremarket.rules.catalogue import PriceLine, Tier

SYSTEM = Actor.system("factories")
_numbers = itertools.count(1)


def flat(item: str, price: str, unit: str = "per_connection", charge: str = "monthly") -> PriceLine:
    return PriceLine(item, unit, charge, (Tier(1, None, Decimal(price)),))


def tiered(item: str, unit: str, charge: str, *tiers: tuple[int, int | None, str]) -> PriceLine:
    return PriceLine(item, unit, charge, tuple(Tier(a, b, Decimal(p)) for a, b, p in tiers))


DEFAULT_LINES = [
    flat("Ethernet 100 Mbit/s", "1450.00", charge="one_off"),
    tiered("Ethernet 100 Mbit/s", "per_connection", "monthly", (1, 9, "289.00"), (10, None, "259.00")),
]


def lot_with_supplier(**supplier_fields) -> tuple[Lot, Organisation]:
    """A live DPS lot (prices per connection) and a supplier admitted to it."""
    agreement = make_agreement(kind="dps", status="live", lots=1)
    place = admitted_supplier(agreement, 1, **supplier_fields)
    return place.lot, place.supplier


def make_listing(
    *,
    supplier: Organisation | None = None,
    lot: Lot | None = None,
    live: bool = True,
    actor: Actor = SYSTEM,
    price_lines: list[PriceLine] | None = None,
    **content,
) -> Listing:
    if lot is None or supplier is None:
        lot, supplier = lot_with_supplier()
    number = next(_numbers)
    content.setdefault("name", f"Managed HSCN connectivity {number}")
    content.setdefault("summary", "Ethernet connections to the Health and Social Care Network")
    content.setdefault("category", "hscn_connectivity")
    content.setdefault("regions", ["east"])
    listing = services.listing_create(
        actor=actor,
        supplier=supplier,
        lot=lot,
        price_lines=DEFAULT_LINES if price_lines is None else price_lines,
        **content,
    )
    if live:
        services.listing_submit(actor=actor, listing=listing)
        services.listing_approve(actor=actor, listing=listing)
        listing.refresh_from_db()
    return listing
