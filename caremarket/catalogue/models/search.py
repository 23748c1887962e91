"""The search read model: one document per live listing, written in the same transaction as
every change to what buyers see, and indexed by the database's own full-text engine (an FTS5
table on SQLite, a generated tsvector column with a GIN index on PostgreSQL; see migration 0002).

Whether a document is shown also depends on its supplier's standing on the lot and the
certifications it holds today; those are read when the search runs (see catalogue/search/).
"""

import uuid

from django.db import models

from caremarket.catalogue.choices import BASIS_CHOICES, CATEGORY_CHOICES, UNIT_CHOICES


class SearchDocument(models.Model):
    listing = models.OneToOneField(
        "catalogue.Listing", primary_key=True, on_delete=models.PROTECT, related_name="search_document"
    )
    version = models.ForeignKey("catalogue.ListingVersion", on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey("agreements.Lot", on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=40, choices=CATEGORY_CHOICES)
    regions = models.PositiveIntegerField(help_text="A bit per region (catalogue.choices.REGION_BITS)")
    tie = models.BigIntegerField(help_text="Orders equal results: a hash of the listing id")
    primary_unit = models.CharField(max_length=30, choices=UNIT_CHOICES, help_text="Its first line's unit")
    name = models.CharField(max_length=120)
    supplier_name = models.CharField(max_length=255)
    summary = models.CharField(max_length=300)
    body = models.TextField(help_text="Description, features, capacity and category, for searching")
    tags = models.CharField(
        max_length=200, help_text="Filter tokens (agreement, lot, category, regions) the index can intersect"
    )

    class Meta:
        ordering = ["listing_id"]

    def __str__(self) -> str:
        return self.name


class SearchPrice(models.Model):
    """A document's headline price in one unit (rules.catalogue.headline_prices), in pence."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="prices")
    unit = models.CharField(max_length=30, choices=UNIT_CHOICES)
    basis = models.CharField(max_length=10, choices=BASIS_CHOICES)
    pence = models.BigIntegerField()

    class Meta:
        ordering = ["document_id", "unit"]
        constraints = [models.UniqueConstraint(fields=["document", "unit"], name="search_price_unit_unique")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.pence}p"


def new_token() -> str:
    return uuid.uuid4().hex


class SearchIndexState(models.Model):
    """One row: moved on by every write to the search documents, in the same transaction, so a
    process holding the documents in memory knows when to read them again. The token is new
    each time, so a version number reused after a rollback never matches."""

    version = models.PositiveBigIntegerField(default=0)
    token = models.CharField(max_length=32, default=new_token)

    def __str__(self) -> str:
        return f"search index v{self.version}"
