"""Keeping the search documents in step with the live catalogue, inside the caller's
transaction: the database's own full-text index follows each document (migration 0002)."""

from django.db import transaction
from django.db.models import F

from caremarket.audit.services import audit_record
from caremarket.catalogue.choices import regions_mask
from caremarket.catalogue.models import Listing, ListingVersion, SearchDocument, SearchIndexState, SearchPrice
from caremarket.catalogue.models.search import new_token
from caremarket.catalogue.search.tags import document_tags
from caremarket.core.actor import Actor
from caremarket.core.services import service
from caremarket.orgs.choices import Region
from caremarket.rules.catalogue import category_label, headline_prices
from caremarket.rules.catalogue_stats import strip_markers, tie_break_key


def _document_fields(listing: Listing, version: ListingVersion) -> dict:
    region_labels = dict(Region.choices)
    lot = listing.lot
    lines = version.price_lines()
    body = "\n".join(
        [
            version.description,
            *version.features,
            version.capacity,
            category_label(version.category),
            ", ".join(region_labels.get(r, r) for r in version.regions),
            f"{lot.agreement.reference} {lot.agreement.title}, lot {lot.number}: {lot.title}",
            ", ".join(dict.fromkeys(line.item for line in lines)),
        ]
    )
    return {
        "version": version,
        "supplier_id": listing.supplier_id,
        "lot_id": listing.lot_id,
        "agreement_id": lot.agreement_id,
        "category": version.category,
        "regions": regions_mask(version.regions),
        "tie": tie_break_key(listing.pk),
        "primary_unit": lines[0].unit if lines else "",
        "name": strip_markers(version.name),
        "supplier_name": strip_markers(listing.supplier.name),
        "summary": strip_markers(version.summary),
        "body": strip_markers(body),
        "tags": document_tags(lot.agreement_id, lot.pk, version.category, version.regions),
    }


def _price_rows(document_id: int, version: ListingVersion) -> list[SearchPrice]:
    return [
        SearchPrice(document_id=document_id, unit=unit, basis=basis, pence=int(price * 100))
        for unit, (basis, price) in headline_prices(version.price_lines()).items()
    ]


def _index_listing(listing: Listing) -> None:
    """Write (or remove) the listing's search document to match its live version."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the search index is written in the same transaction as the change")
    SearchPrice.objects.filter(document_id=listing.pk).delete()
    version = listing.live_version
    if version is None:
        SearchDocument.objects.filter(pk=listing.pk).delete()
    else:
        SearchDocument.objects.update_or_create(
            listing_id=listing.pk, defaults=_document_fields(listing, version)
        )
        SearchPrice.objects.bulk_create(_price_rows(listing.pk, version))
    index_moved()


def index_moved() -> None:
    """Move the index state on, so every process reads the documents again."""
    if not SearchIndexState.objects.filter(pk=1).update(version=F("version") + 1, token=new_token()):
        SearchIndexState.objects.create(pk=1, version=1)


@service
def index_rebuild(*, actor: Actor) -> int:
    """Rewrite every document from the live versions (after a supplier's name changes, say)."""
    count = 0
    live = Listing.objects.filter(live_version__isnull=False).select_related(
        "supplier", "lot__agreement", "live_version"
    )
    SearchPrice.objects.all().delete()
    SearchDocument.objects.exclude(listing_id__in=live.values("pk")).delete()
    for listing in live.iterator(chunk_size=500):
        version = listing.live_version
        SearchDocument.objects.update_or_create(
            listing_id=listing.pk, defaults=_document_fields(listing, version)
        )
        SearchPrice.objects.bulk_create(_price_rows(listing.pk, version))
        count += 1
    index_moved()
    audit_record(
        actor=actor,
        action="catalogue.reindexed",
        object_type="catalogue.searchdocument",
        after={"documents": count},
    )
    return count
