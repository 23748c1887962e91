"""Where an order's prices come from, snapshotted as they stand when ordered: a contract's
price list, a supplier's live catalogue listings on an agreement lot, or a buying club's
awarded catalogue."""

from dataclasses import dataclass, field
from decimal import Decimal

from caremarket.core import clock


@dataclass(frozen=True)
class Tier:
    unit: str
    from_quantity: int
    to_quantity: int | None
    unit_price: Decimal
    source: dict


@dataclass
class PriceBook:
    """Items and their price tiers; `source` describes the catalogue as a whole."""

    source: dict
    items: dict[str, list[Tier]] = field(default_factory=dict)

    def add(self, item: str, tier: Tier) -> None:
        self.items.setdefault(item, []).append(tier)

    def tier_for(self, item: str, quantity: int) -> Tier | None:
        tiers = self.items.get(item) or []
        for tier in sorted(tiers, key=lambda t: t.from_quantity):
            if tier.from_quantity <= quantity and (tier.to_quantity is None or quantity <= tier.to_quantity):
                return tier
        return tiers[0] if tiers else None

    def snapshot(self, tier: Tier) -> dict:
        return {
            **self.source,
            **tier.source,
            "unit_price": str(tier.unit_price),
            "taken_at": clock.now().isoformat(),
        }


def contract_book(contract) -> PriceBook:
    book = PriceBook({"kind": "contract", "contract": contract.reference})
    for row in contract.price_list:
        book.add(
            row["item"],
            Tier(row.get("unit", ""), 1, None, Decimal(str(row["unit_price"])), {}),
        )
    return book


def lot_book(lot, supplier) -> PriceBook:
    """The supplier's live listings on the lot, as they stand now."""
    from caremarket.catalogue.models import Listing

    book = PriceBook({"kind": "lot", "agreement": lot.agreement.reference, "lot": lot.number})
    listings = Listing.objects.filter(
        lot=lot, supplier=supplier, live_version__isnull=False, withdrawn_at__isnull=True
    ).select_related("live_version")
    rows = [(listing, row) for listing in listings for row in listing.live_version.prices.all()]
    charges: dict[str, set[str]] = {}
    for _, row in rows:
        charges.setdefault(row.item, set()).add(row.charge)
    for listing, row in rows:
        version = listing.live_version
        # An item sold both one-off and monthly is two items to order.
        name = row.item if len(charges[row.item]) == 1 else f"{row.item} ({row.charge.replace('_', '-')})"
        book.add(
            name,
            Tier(
                row.unit,
                row.from_quantity,
                row.to_quantity,
                row.unit_price,
                {
                    "listing": listing.reference,
                    "version": version.number,
                    "service": version.name,
                    "charge": row.charge,
                },
            ),
        )
    return book


def club_book(catalogue, club_id: int) -> PriceBook:
    """A buying club's awarded catalogue (competitions.award.ClubCatalogue): the winner's price
    list, each item (unit code and band) with a one-off and an annual charge per unit; an
    order line is priced at both (the first year), tier by the quantity ordered."""
    from caremarket.rules.price_lists import item_label, pounds

    book = PriceBook({"kind": "club", "buying_club": club_id, "catalogue": catalogue.reference})
    for (unit, band), tiers in catalogue.price_list.prices.items():
        ordered = sorted(tiers, key=lambda t: t.from_quantity)
        for i, tier in enumerate(ordered):
            upto = ordered[i + 1].from_quantity - 1 if i + 1 < len(ordered) else None
            book.add(
                item_label(unit, band),
                Tier(
                    unit,
                    tier.from_quantity,
                    upto,
                    pounds(tier.one_off + tier.annual),
                    {"one_off": str(pounds(tier.one_off)), "annual": str(pounds(tier.annual)), "band": band},
                ),
            )
    return book
