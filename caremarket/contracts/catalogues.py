"""Reads of buying clubs' awarded catalogues for ordering: which clubs have one, its prices,
and whether the actor's organisation was a member at launch (only those may order)."""

from dataclasses import dataclass, field
from decimal import Decimal

from caremarket.competitions.award import club_catalogue
from caremarket.contracts.pricing import PriceBook, club_book
from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound
from caremarket.orgs.models import Organisation
from caremarket.rules.buying_clubs import ClubStatus
from caremarket.sourcing.baseline import members_at_launch
from caremarket.sourcing.models import BuyingClub


@dataclass(frozen=True)
class CatalogueItem:
    item: str  # the exact key an order line gives
    label: str  # as a person reads it
    one_off: Decimal
    annual: Decimal
    first_year: Decimal


@dataclass
class ClubCatalogueRow:
    club: object  # sourcing.BuyingClub
    catalogue: object  # competitions.award.ClubCatalogue
    supplier: Organisation
    book: PriceBook
    is_member: bool  # the actor's organisation was included at launch
    member_names: list[str] = field(default_factory=list)

    @property
    def items(self) -> list[CatalogueItem]:
        return catalogue_items(self.book)


def catalogue_items(book: PriceBook) -> list[CatalogueItem]:
    rows = []
    for entry in book.entries.values():
        first = entry.first
        rows.append(
            CatalogueItem(
                entry.key,
                entry.label,
                Decimal(first.source.get("one_off", "0")),
                Decimal(first.source.get("annual", "0")),
                first.unit_price,
            )
        )
    return sorted(rows, key=lambda r: (r.first_year, r.item))


def _row(actor: Actor, club, catalogue) -> ClubCatalogueRow:
    members = members_at_launch(club)
    names = list(Organisation.objects.filter(pk__in=members).order_by("name").values_list("name", flat=True))
    return ClubCatalogueRow(
        club=club,
        catalogue=catalogue,
        supplier=Organisation.objects.get(pk=catalogue.supplier_organisation_id),
        book=club_book(catalogue, club.pk),
        is_member=actor.organisation_id in members,
        member_names=names,
    )


def club_catalogues_for_actor(actor: Actor) -> list[ClubCatalogueRow]:
    """Every buying club with an awarded catalogue. Any signed-in person may see them; the
    order page refuses an organisation that was not a member at launch, with the reason."""
    rows = []
    clubs = BuyingClub.objects.filter(stage__in=[ClubStatus.LAUNCHED, ClubStatus.AWARDED]).select_related(
        "lot__agreement"
    )
    for club in clubs.order_by("name"):
        catalogue = club_catalogue(club)
        if catalogue is not None:
            rows.append(_row(actor, club, catalogue))
    return rows


def club_for_actor(actor: Actor, club_id: int):
    """A buying club to order from: any signed-in person may see one that exists."""
    club = BuyingClub.objects.select_related("lot__agreement").filter(pk=club_id).first()
    if club is None or not actor.is_authenticated:
        raise NotFound(f"There is no buying club #{club_id}")
    return club


def club_catalogue_for_actor(actor: Actor, club) -> ClubCatalogueRow | None:
    """The club's awarded catalogue, or None while it has none."""
    catalogue = club_catalogue(club)
    return _row(actor, club, catalogue) if catalogue is not None else None
