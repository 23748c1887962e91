"""Where an order's prices come from, snapshotted as they stand when ordered: a contract's
price list, a supplier's live catalogue listings on an agreement lot, or a buying club's
awarded catalogue.

Each priced item of a book has an exact key an order line gives (see rules.order_items): a
contract's item, a listing's price line (`CM-000123:2`), a club catalogue's unit and band."""

from dataclasses import dataclass, field
from decimal import Decimal

from caremarket.core import clock
from caremarket.rules.order_items import Choice, price_line_key, price_line_label, tier_index


@dataclass(frozen=True)
class Tier:
    unit: str
    from_quantity: int
    to_quantity: int | None
    unit_price: Decimal
    source: dict


@dataclass
class Entry:
    """One priced item: its exact key, its name in the price list, how a person reads it."""

    key: str
    name: str
    label: str
    tiers: list[Tier] = field(default_factory=list)
    source: dict = field(default_factory=dict)
    aliases: tuple[str, ...] = ()

    @property
    def choice(self) -> Choice:
        return Choice(self.key, self.label, (self.name, *self.aliases))

    @property
    def first(self) -> Tier:
        return min(self.tiers, key=lambda t: t.from_quantity)

    def tier_for(self, quantity: int) -> Tier | None:
        tiers = sorted(self.tiers, key=lambda t: t.from_quantity)
        index = tier_index([(t.from_quantity, t.to_quantity) for t in tiers], quantity)
        return None if index is None else tiers[index]


@dataclass
class PriceBook:
    """Priced items by their exact key; `source` describes the catalogue as a whole."""

    source: dict
    entries: dict[str, Entry] = field(default_factory=dict)

    def add(self, key: str, tier: Tier, *, name: str = "", label: str = "", source=None, aliases=()) -> None:
        entry = self.entries.get(key)
        if entry is None:
            entry = self.entries[key] = Entry(
                key, name or key, label or name or key, [], source or {}, aliases
            )
        entry.tiers.append(tier)

    @property
    def choices(self) -> list[Choice]:
        return [e.choice for e in self.entries.values()]

    def snapshot(self, entry: Entry, tier: Tier) -> dict:
        return {
            **self.source,
            **entry.source,
            **tier.source,
            "unit_price": str(tier.unit_price),
            "taken_at": clock.now().isoformat(),
        }


def contract_book(contract) -> PriceBook:
    """A contract's price list: each item appears once in it, so its name is its key."""
    book = PriceBook({"kind": "contract", "contract": contract.reference})
    for row in contract.price_list:
        unit = row.get("unit", "")
        book.add(
            row["item"],
            Tier(unit, 1, None, Decimal(str(row["unit_price"])), {}),
            label=_contract_item_label(row["item"], unit),
        )
    return book


def _contract_item_label(item: str, unit: str) -> str:
    """A contract made from an award names its items 'per_connection (100 Mbps)' (the unit code
    and band): those read as 'Per connection, 100 Mbps'; any other item reads as it is named."""
    if unit and item.startswith(f"{unit} (") and item.endswith(")"):
        return club_item_label(unit, item[len(unit) + 2 : -1])
    return item


def lot_book(lot, supplier) -> PriceBook:
    """The supplier's live listings on the lot, as they stand now: each price line of each
    listing is its own item (`CM-000123:2`), so the same item on two listings is two choices."""
    from caremarket.catalogue.models import Listing

    book = PriceBook({"kind": "lot", "agreement": lot.agreement.reference, "lot": lot.number})
    listings = (
        Listing.objects.filter(
            lot=lot, supplier=supplier, live_version__isnull=False, withdrawn_at__isnull=True
        )
        .select_related("live_version")
        .prefetch_related("live_version__prices")
        .order_by("id")
    )
    for listing in listings:
        version = listing.live_version
        for row in sorted(version.prices.all(), key=lambda r: (r.position, r.from_quantity)):
            book.add(
                price_line_key(listing.reference, row.position),
                Tier(row.unit, row.from_quantity, row.to_quantity, row.unit_price, {}),
                name=row.item,
                label=price_line_label(row.item, row.unit, row.charge, version.name, listing.reference),
                source={
                    "listing": listing.reference,
                    "version": version.number,
                    "line": row.position,
                    "service": version.name,
                    "charge": row.charge,
                },
                # An item sold both one-off and monthly was ordered as "Item (one-off)".
                aliases=(f"{row.item} ({row.charge.replace('_', '-')})",),
            )
    return book


def club_item_label(unit: str, band: str) -> str:
    """'per_connection' and '100 Mbps' as a person reads them: 'Per connection, 100 Mbps'."""
    from caremarket.sourcing.template import unit_label

    words = unit_label(unit) if unit else ""
    words = words[:1].upper() + words[1:]
    return f"{words}, {band}" if band else words


def club_book(catalogue, club_id: int) -> PriceBook:
    """A buying club's awarded catalogue (competitions.award.ClubCatalogue): the winner's price
    list, each item (unit code and band, keyed 'per_connection (100 Mbps)') with a one-off and
    an annual charge per unit; an order line is priced at both (the first year), tier by the
    quantity ordered."""
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
                label=club_item_label(unit, band),
            )
    return book
