"""Reads about the catalogue, each scoped to what the actor may see; fetch-and-check helpers
answer not-found for the rest."""

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.db.models import Prefetch, QuerySet

from caremarket.agreements.models import Lot
from caremarket.catalogue.choices import ShortlistStatus
from caremarket.catalogue.models import Advisor, Listing, ListingVersion, Shortlist, ShortlistEntry
from caremarket.catalogue.search import SearchQuery, SearchResult, run_search
from caremarket.catalogue.search.columns import current_columns
from caremarket.catalogue.search.visibility import current_visibility
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import NotFound, ValidationFailed
from caremarket.core.permissions import can, require
from caremarket.orgs.models import Organisation
from caremarket.rules import catalogue as rules
from caremarket.rules.roles import Role

DEFAULT_TERM_MONTHS = 36


def search_for_actor(actor: Actor, query: SearchQuery) -> SearchResult:
    require(actor, "catalogue.search")
    return run_search(query)


def visible_listing_ids(ids: list[int]) -> set[int]:
    """Which of `ids` a buyer sees today: live, on an agreement that can be bought through, from
    an admitted supplier holding every standard the agreement requires."""
    columns, visibility = current_columns(), current_visibility()
    wanted = sorted({i for i in ids if 0 < i < 2**63})
    rows = columns.positions(np.array(wanted, dtype=np.int64))
    shown = visibility.visible(columns.lot[rows], columns.agreement[rows], columns.supplier[rows])
    return {int(i) for i in columns.ids[rows][shown]}


def _listings() -> QuerySet[Listing]:
    return Listing.objects.select_related(
        "supplier", "lot__agreement__owner", "lot__current_rules", "live_version"
    ).prefetch_related(Prefetch("live_version__prices"))


def listing_for_actor(actor: Actor, listing_id: int) -> Listing:
    """A listing a buyer can see (live and visible), or any listing the actor may manage."""
    require(actor, "catalogue.search")
    listing = _listings().filter(pk=listing_id).first()
    if listing is None:
        raise NotFound(f"There is no service #{listing_id}")
    if can(actor, "catalogue.view_listing_history", listing):
        return listing
    if listing.live_version_id is None or listing.pk not in visible_listing_ids([listing.pk]):
        raise NotFound(f"There is no service #{listing_id} on the catalogue")
    return listing


def is_visible(listing: Listing) -> bool:
    return listing.live_version_id is not None and listing.pk in visible_listing_ids([listing.pk])


def versions_for_actor(actor: Actor, listing: Listing) -> list[ListingVersion]:
    require(actor, "catalogue.view_listing_history", listing)
    return list(
        listing.versions.select_related("created_by", "decided_by")
        .prefetch_related("prices")
        .order_by("-number")
    )


def open_version(listing: Listing) -> ListingVersion | None:
    return listing.versions.filter(status__in=sorted(rules.OPEN)).prefetch_related("prices").first()


def latest_version(listing: Listing) -> ListingVersion | None:
    return listing.versions.order_by("-number").first()


def listings_of_supplier(actor: Actor, supplier: Organisation) -> list[Listing]:
    require(actor, "catalogue.view_own_listings", supplier)
    listings = list(
        Listing.objects.filter(supplier=supplier)
        .select_related("lot__agreement", "live_version")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=ListingVersion.objects.filter(status__in=sorted(rules.OPEN)),
                to_attr="open_versions",
            )
        )
        .order_by("-updated_at", "-id")
    )
    return listings


def lots_for_supplier(actor: Actor, supplier: Organisation) -> list[Lot]:
    """The lots a supplier may publish services under: those it has a place on (not removed)."""
    require(actor, "catalogue.publish_listings", supplier)
    return list(
        Lot.objects.filter(suppliers__supplier=supplier)
        .exclude(suppliers__status="removed", suppliers__supplier=supplier)
        .select_related("agreement", "current_rules")
        .order_by("agreement__reference", "number")
        .distinct()
    )


def lot_by_reference(actor: Actor, agreement: str, number: int) -> Lot:
    lot = (
        Lot.objects.select_related("agreement", "current_rules")
        .filter(agreement__reference__iexact=agreement, number=number)
        .first()
    )
    if lot is None:
        raise NotFound(f"There is no lot {number} of {agreement}")
    return lot


def managed_org_ids(actor: Actor) -> list[int]:
    return [org for org, roles in actor.roles_by_org.items() if Role.AGREEMENT_MANAGER in roles]


def approval_queue(actor: Actor) -> list[ListingVersion]:
    """Versions awaiting approval on the agreements the actor runs (all of them for oversight)."""
    require(actor, "catalogue.view_approvals")
    versions = ListingVersion.objects.filter(status=rules.VersionStatus.SUBMITTED).select_related(
        "listing__supplier", "listing__lot__agreement", "listing__live_version"
    )
    if not actor.sees_everything:
        versions = versions.filter(listing__lot__agreement__owner_id__in=managed_org_ids(actor))
    return list(versions.order_by("submitted_at", "id"))


# --- Compare ------------------------------------------------------------------------------------


@dataclass
class Compared:
    listing: Listing
    version: ListingVersion
    lines: list[rules.PriceLine]
    quotes: list[rules.ItemQuote]
    cheapest: rules.ItemQuote | None
    certifications: list[str]
    headline: dict[str, tuple[str, Decimal]] = field(default_factory=dict)


def compare_for_actor(
    actor: Actor, listing_ids: list[int], *, quantity: int = 1, term_months: int = DEFAULT_TERM_MONTHS
) -> list[Compared]:
    """Up to ten live services side by side, each priced for `quantity` over `term_months`."""
    require(actor, "catalogue.search")
    ids = list(dict.fromkeys(listing_ids))
    if len(ids) > rules.MAX_COMPARE:
        raise ValidationFailed(
            f"Compare at most {rules.MAX_COMPARE} services at a time", code=ErrorCode.COMPARE_TOO_MANY
        )
    if not 1 <= quantity <= rules.MAX_QUANTITY:
        raise ValidationFailed.for_field("quantity", f"Enter a quantity from 1 to {rules.MAX_QUANTITY:,}")
    if not 1 <= term_months <= rules.MAX_TERM_MONTHS:
        raise ValidationFailed.for_field(
            "term_months", f"Enter a term from 1 to {rules.MAX_TERM_MONTHS} months"
        )
    visible = visible_listing_ids(ids)
    listings = {
        listing.pk: listing
        for listing in _listings()
        .filter(pk__in=[i for i in ids if i in visible])
        .prefetch_related("supplier__certifications")
    }
    today = clock.today()
    compared = []
    for listing_id in ids:
        listing = listings.get(listing_id)
        if listing is None:
            continue
        version = listing.live_version
        lines = version.price_lines()
        quotes = rules.quote(lines, quantity, term_months)
        certs = sorted(
            {
                c.get_scheme_display()
                for c in listing.supplier.certifications.all()
                if c.valid_from <= today <= c.expires_on
            }
        )
        compared.append(
            Compared(
                listing, version, lines, quotes, rules.cheapest(quotes), certs, rules.headline_prices(lines)
            )
        )
    return compared


# --- Shortlists ---------------------------------------------------------------------------------


def shortlists_for_actor(actor: Actor, organisation: Organisation) -> QuerySet[Shortlist]:
    require(actor, "catalogue.view_shortlists", organisation)
    return organisation.shortlists.select_related("created_by", "locked_by").order_by("-created_at", "-id")


def shortlist_for_actor(actor: Actor, shortlist_id: int) -> Shortlist:
    shortlist = (
        Shortlist.objects.select_related("organisation", "created_by", "locked_by")
        .prefetch_related(
            Prefetch(
                "entries", queryset=ShortlistEntry.objects.select_related("version").order_by("position")
            )
        )
        .filter(pk=shortlist_id)
        .first()
    )
    if shortlist is None or not can(actor, "catalogue.view_shortlist", shortlist):
        raise NotFound(f"There is no shortlist #{shortlist_id} that you can see")
    return shortlist


def shortlist_entries(shortlist: Shortlist) -> list[ShortlistEntry]:
    """The shortlist's entries in order (prefetched by `shortlist_for_actor`)."""
    return list(shortlist.entries.all())


def shortlist_entry(shortlist: Shortlist, listing_id: int) -> ShortlistEntry | None:
    return next((e for e in shortlist.entries.all() if e.listing_id == listing_id), None)


def shortlist_size(shortlist: Shortlist) -> int:
    return shortlist.entries.count()


def shortlist_entries_with_listings(shortlist: Shortlist) -> list[ShortlistEntry]:
    """The entries with their listings, lots, agreements and suppliers (for a direct award)."""
    return list(shortlist.entries.select_related("listing__lot__agreement", "listing__supplier"))


def locked_shortlists_for_lot(actor: Actor, organisation: Organisation, lot: Lot) -> list[Shortlist]:
    """The organisation's locked shortlists holding a service on `lot`: the evidence a direct
    award from that lot starts from."""
    require(actor, "catalogue.view_shortlists", organisation)
    return list(
        organisation.shortlists.filter(status=ShortlistStatus.LOCKED, entries__listing__lot=lot)
        .distinct()
        .order_by("-locked_at", "-id")
    )


# --- Advisors -----------------------------------------------------------------------------------


def advisors_for_actor(actor: Actor, *, specialism: str = "", region: str = "") -> list[Advisor]:
    require(actor, "catalogue.view_advisors")
    advisors = Advisor.objects.filter(withdrawn_at__isnull=True).select_related("person", "organisation")
    found = list(advisors.order_by("person__full_name", "id"))
    if specialism:
        found = [a for a in found if specialism in a.specialisms]
    if region:
        found = [a for a in found if region in a.regions or "national" in a.regions]
    return found


def advisor_of_actor(actor: Actor) -> Advisor | None:
    if actor.person_id is None:
        return None
    return Advisor.objects.filter(person_id=actor.person_id, withdrawn_at__isnull=True).first()


def advisor_for_actor(actor: Actor, advisor_id: int) -> Advisor:
    require(actor, "catalogue.view_advisors")
    advisor = Advisor.objects.select_related("person", "organisation").filter(pk=advisor_id).first()
    if advisor is None or (advisor.withdrawn_at and not can(actor, "catalogue.change_advisor", advisor)):
        raise NotFound(f"There is no advisor #{advisor_id}")
    return advisor
