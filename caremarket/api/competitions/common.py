"""What the competitions API modules share: the router and fetching the competition, the
acting supplier and a bid for the request's actor."""

from ninja import Router

from caremarket.competitions import selectors
from caremarket.competitions.models import Bid
from caremarket.core.errors import NotFound

router = Router(tags=["Competitions"])
BINARY = {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}


def competition_of(request, reference: str):
    return selectors.competition_for_actor(request.actor, reference)


def supplier_of(request):
    supplier = selectors.acting_supplier(request.actor)
    if supplier is None:
        raise NotFound("You do not act for a supplier")
    return supplier


def bid_of(competition, bid_id: int) -> Bid:
    bid = selectors.bid_of(competition, bid_id)
    if bid is None:
        raise NotFound(f"{competition.reference} has no bid #{bid_id}")
    return bid
