"""Notices, their OCDS releases, and each process's OCDS record.

A notice is typed (a code from `rules/notices.py` and the version of that type it was made
under), belongs to one procurement process (its `ocid`), and has a lifecycle: draft → published
→ superseded. A published notice is never edited: a correction is a new notice that
`supersedes` it; publishing the correction marks the old one superseded. Publishing makes one
`Release` (immutable) and merges it into the process's `Record`.
"""

from django.db import models

from caremarket.core import clock
from caremarket.core.models import TimeStampedModel
from caremarket.rules.standstill import REGIME_LABELS


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded by a correction"


class NoticeSource(models.TextChoices):
    PLATFORM = "platform", "Published on Caremarket"
    IMPORTED = "imported", "Imported from another publisher"


class Notice(TimeStampedModel):
    notice_type = models.CharField(max_length=30, db_index=True, help_text='"UK7", "PSR_AWARD"')
    type_version = models.PositiveSmallIntegerField(help_text="The version of the notice type's rules")
    regime = models.CharField(max_length=40, choices=[(str(k), v) for k, v in REGIME_LABELS.items()])
    ocid = models.CharField(max_length=120, db_index=True)
    legal_basis = models.CharField(max_length=300, help_text="The citation the notice is published under")
    title = models.CharField(max_length=300, blank=True)
    content = models.JSONField(default=dict, help_text="The notice's fields, in OCDS terms")
    status = models.CharField(max_length=12, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    correction_reason = models.CharField(max_length=1000, blank=True)
    # Caremarket's own notices have a publishing organisation; an imported notice names its buyer
    # only as the release does (`buyer_name`, `buyer_id`).
    publisher = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    source = models.CharField(max_length=10, choices=NoticeSource.choices, default=NoticeSource.PLATFORM)
    source_publisher = models.CharField(max_length=200, blank=True, help_text='"Contracts Finder"')
    buyer_name = models.CharField(max_length=300, blank=True)
    buyer_id = models.CharField(max_length=200, blank=True, help_text="The buyer's OCDS party id")
    # Search facets, taken from the release when it is published or imported (facets.py).
    description = models.TextField(blank=True)
    value_amount = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    value_currency = models.CharField(max_length=3, blank=True)
    cpv_codes = models.JSONField(default=list, blank=True)
    category = models.CharField(max_length=200, blank=True, help_text="Caremarket service category")
    regions = models.JSONField(default=list, blank=True, help_text="NUTS/ITL region codes")
    search_text = models.TextField(blank=True, help_text="Lower-cased title, description and names")
    # What the notice is about: a platform object (app label + model, and its id) or a plain
    # reference for things outside the platform.
    subject_type = models.CharField(max_length=100, blank=True, help_text='"contracts.contract"')
    subject_id = models.CharField(max_length=64, blank=True)
    subject_ref = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["ocid", "status"]),
            models.Index(fields=["publisher", "status"]),
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["notice_type", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.notice_type} {self.ocid} ({self.status})"


class Release(models.Model):
    """One OCDS release, as published. Never changed after it is written."""

    ocid = models.CharField(max_length=120, db_index=True)
    # Unique within its ocid (OCDS), so another publisher's release ids never clash with ours.
    release_id = models.CharField(max_length=200)
    date = models.DateTimeField(db_index=True)
    tags = models.JSONField(default=list)
    data = models.JSONField()
    notice = models.OneToOneField(Notice, on_delete=models.PROTECT, related_name="release")
    source = models.CharField(max_length=10, choices=NoticeSource.choices, default=NoticeSource.PLATFORM)
    # When the row was written here (the feed's `updatedFrom` reads this, not the release date).
    stored_at = models.DateTimeField(default=clock.now)
    # The audit log's head when the release was published (ADR 0004): a later rewrite of the
    # chain is detectable against what the world has already downloaded.
    audit_seq = models.PositiveBigIntegerField(null=True, blank=True)
    audit_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ocid", "release_id"], name="release_id_unique_in_ocid")
        ]
        indexes = [models.Index(fields=["ocid", "date"]), models.Index(fields=["stored_at", "id"])]

    def __str__(self) -> str:
        return self.release_id


class Record(models.Model):
    """A process's OCDS record: its compiled release, kept up to date one release at a time."""

    ocid = models.CharField(max_length=120, unique=True)
    compiled_release = models.JSONField()
    release_count = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(db_index=True)
    source = models.CharField(max_length=10, choices=NoticeSource.choices, default=NoticeSource.PLATFORM)

    class Meta:
        ordering = ["-updated_at", "pk"]
        indexes = [models.Index(fields=["updated_at", "id"])]

    def __str__(self) -> str:
        return self.ocid
