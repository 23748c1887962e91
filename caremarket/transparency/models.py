"""Notices, their OCDS releases, and each process's OCDS record.

A notice is typed (a code from `rules/notices.py` and the version of that type it was made
under), belongs to one procurement process (its `ocid`), and has a lifecycle: draft → published
→ superseded. A published notice is never edited: a correction is a new notice that
`supersedes` it; publishing the correction marks the old one superseded. Publishing makes one
`Release` (immutable) and merges it into the process's `Record`.
"""

from django.db import models

from caremarket.core.models import TimeStampedModel
from caremarket.rules.standstill import REGIME_LABELS


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded by a correction"


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
    publisher = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="notices")
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
        ]

    def __str__(self) -> str:
        return f"{self.notice_type} {self.ocid} ({self.status})"


class Release(models.Model):
    """One OCDS release, as published. Never changed after it is written."""

    ocid = models.CharField(max_length=120, db_index=True)
    release_id = models.CharField(max_length=120, unique=True)
    date = models.DateTimeField(db_index=True)
    tags = models.JSONField(default=list)
    data = models.JSONField()
    notice = models.OneToOneField(Notice, on_delete=models.PROTECT, related_name="release")

    class Meta:
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["ocid", "date"])]

    def __str__(self) -> str:
        return self.release_id


class Record(models.Model):
    """A process's OCDS record: its compiled release, kept up to date one release at a time."""

    ocid = models.CharField(max_length=120, unique=True)
    compiled_release = models.JSONField()
    release_count = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-updated_at", "pk"]

    def __str__(self) -> str:
        return self.ocid
