"""Orders from a buying club's awarded catalogue: only the members frozen into the club's
baseline at launch may order from it, at the winner's awarded prices."""

from dataclasses import dataclass

from caremarket.contracts.pricing import PriceBook, club_book
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import RuleViolation


@dataclass
class ClubOrderContext:
    club_id: int
    supplier: object
    lot: object
    agreement: object
    book: PriceBook


def _club_order_context(*, actor: Actor, club, buyer) -> ClubOrderContext:
    """Refuse unless `buyer` was a member of `club` at launch and the club has an awarded
    catalogue; otherwise where the order's prices, supplier and agreement come from."""
    from caremarket.competitions.award import club_catalogue
    from caremarket.orgs.models import Organisation
    from caremarket.sourcing.baseline import members_at_launch

    catalogue = club_catalogue(club)
    if catalogue is None:
        raise RuleViolation(
            f"{club.name} has no awarded catalogue yet: there is nothing to order from",
            code=ErrorCode.BUYING_CLUB_NOT_ENTITLED,
        )
    if buyer.pk not in members_at_launch(club):
        raise RuleViolation(
            f"{buyer.name} was not a member of {club.name} when it launched: only the members "
            "included at launch may order from its catalogue",
            code=ErrorCode.BUYING_CLUB_NOT_ENTITLED,
        )
    supplier = Organisation.objects.get(pk=catalogue.supplier_organisation_id)
    lot = club.lot
    return ClubOrderContext(club.pk, supplier, lot, lot.agreement, club_book(catalogue, club.pk))
