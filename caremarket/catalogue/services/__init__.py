"""Every change to the catalogue. One module per noun; each function checks permission, applies
the rules in `rules/catalogue.py`, writes (the search index too, when what buyers see changes)
and records its audit event, all in one transaction."""

from caremarket.catalogue.services.advisors import (
    advisor_nominate,
    advisor_update,
    advisor_withdraw,
    awarded_price_record,
)
from caremarket.catalogue.services.index import index_rebuild
from caremarket.catalogue.services.listings import (
    listing_approve,
    listing_create,
    listing_draft_update,
    listing_recall,
    listing_reject,
    listing_submit,
    listing_withdraw,
)
from caremarket.catalogue.services.prices import price_list_import, price_list_replace
from caremarket.catalogue.services.shortlists import shortlist_entry_remove, shortlist_lock, shortlist_save

__all__ = [
    "advisor_nominate",
    "advisor_update",
    "advisor_withdraw",
    "awarded_price_record",
    "index_rebuild",
    "listing_approve",
    "listing_create",
    "listing_draft_update",
    "listing_recall",
    "listing_reject",
    "listing_submit",
    "listing_withdraw",
    "price_list_import",
    "price_list_replace",
    "shortlist_entry_remove",
    "shortlist_lock",
    "shortlist_save",
]
