"""Listings and their versions and price lists; the search read model; shortlists; advisors
and awarded prices."""

from caremarket.catalogue.models.advisors import Advisor, AwardedPrice
from caremarket.catalogue.models.listings import Listing, ListingVersion, PriceRow
from caremarket.catalogue.models.search import SearchDocument, SearchIndexState, SearchPrice
from caremarket.catalogue.models.shortlists import Shortlist, ShortlistEntry

__all__ = [
    "Advisor",
    "AwardedPrice",
    "Listing",
    "ListingVersion",
    "PriceRow",
    "SearchDocument",
    "SearchIndexState",
    "SearchPrice",
    "Shortlist",
    "ShortlistEntry",
]
