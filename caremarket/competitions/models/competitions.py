"""A competition, the suppliers invited to it, its documents, notices and questions."""

from datetime import datetime

from django.conf import settings
from django.db import models

from caremarket.competitions.choices import (
    DOCUMENT_LABELS,
    PROCEDURE_LABELS,
    REGIME_CHOICES,
    STAGE_CHOICES,
    CompetitionProcedure,
    DocumentKind,
    choices,
)
from caremarket.core import clock
from caremarket.core.models import TimeStampedModel
from caremarket.rules.competitions import (
    STATUS_LABELS,
    CompetitionFacts,
    CompetitionStatus,
    competition_status,
)
from caremarket.rules.price_lists import ContractTerm
from caremarket.rules.questions import published_wording
from caremarket.rules.standstill import Regime

USER = settings.AUTH_USER_MODEL


class Competition(TimeStampedModel):
    reference = models.CharField(max_length=30, unique=True)
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    requirement = models.TextField(blank=True, help_text="What the buyer needs, as bidders read it")
    requirement_version = models.PositiveIntegerField(default=1)
    buyer = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="competitions")
    procedure = models.CharField(max_length=30, choices=choices(PROCEDURE_LABELS))
    agreement = models.ForeignKey(
        "agreements.Agreement", null=True, blank=True, on_delete=models.PROTECT, related_name="competitions"
    )
    lot = models.ForeignKey(
        "agreements.Lot", null=True, blank=True, on_delete=models.PROTECT, related_name="competitions"
    )
    # For a buying club: one further competition for every member, priced on the frozen baseline.
    buying_club = models.ForeignKey(
        "sourcing.BuyingClub", null=True, blank=True, on_delete=models.PROTECT, related_name="competitions"
    )
    requirement_set = models.ForeignKey(
        "sourcing.RequirementSet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="competitions",
    )
    stage = models.CharField(
        max_length=30, choices=STAGE_CHOICES, default=CompetitionStatus.DRAFT, db_index=True
    )
    clarification_deadline = models.DateTimeField(null=True, blank=True)
    submission_deadline = models.DateTimeField(null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.TextField(blank=True, help_text="Why it was cancelled or ended without an award")
    unanswered_reason = models.TextField(blank=True, help_text="Why it closed with questions unanswered")
    estimated_value = models.DecimalField(max_digits=15, decimal_places=2, null=True, blank=True)
    initial_years = models.PositiveSmallIntegerField(default=3)
    extension_years = models.JSONField(default=list, blank=True)
    regime = models.CharField(max_length=40, choices=REGIME_CHOICES, default=Regime.PROCUREMENT_ACT_2023)
    evaluation_template = models.CharField(max_length=60, blank=True)
    evaluation_model = models.JSONField(default=dict, blank=True)
    # The seal: bids are encrypted to this public key; its private key is wrapped by the
    # platform key and unwrapped only after the submission deadline (see `seal.py`).
    public_key = models.BinaryField(max_length=32, editable=False)
    wrapped_private_key = models.BinaryField(max_length=80, editable=False)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def facts(self) -> CompetitionFacts:
        return CompetitionFacts(
            reference=self.reference,
            stage=self.stage,
            clarification_deadline=self.clarification_deadline,
            submission_deadline=self.submission_deadline,
            published_at=self.published_at,
            cancelled_at=self.cancelled_at,
        )

    def status(self, now: datetime | None = None) -> CompetitionStatus:
        return competition_status(self.facts(), now or clock.now())

    def status_label(self, now: datetime | None = None) -> str:
        return STATUS_LABELS[self.status(now)]

    @property
    def procedure_label(self) -> str:
        return PROCEDURE_LABELS[CompetitionProcedure(self.procedure)]

    @property
    def is_open_procedure(self) -> bool:
        return self.procedure == CompetitionProcedure.OPEN

    @property
    def term(self) -> ContractTerm:
        return ContractTerm(self.initial_years, tuple(self.extension_years or ()))

    @property
    def term_months(self) -> int:
        return 12 * ContractTerm(self.initial_years, tuple(self.extension_years or ())).years


class Invitation(models.Model):
    """A supplier invited to a further competition: the list is frozen at publication."""

    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="invitations")
    supplier = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="invitations")
    invited_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["competition_id", "supplier__name"]
        constraints = [models.UniqueConstraint(fields=["competition", "supplier"], name="invitation_unique")]

    def __str__(self) -> str:
        return f"{self.supplier} invited to {self.competition.reference}"


def document_path(document: "Document", filename: str) -> str:
    return f"competitions/{document.competition_id}/{document.kind}-v{document.version}-{filename}"


class Document(models.Model):
    """One version of a competition document; a new upload of the same kind is a new version."""

    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=30, choices=choices(DOCUMENT_LABELS))
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=255)
    file = models.FileField(upload_to=document_path, max_length=400)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100)
    note = models.CharField(max_length=500, blank=True)
    uploaded_at = models.DateTimeField(default=clock.now)
    uploaded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["competition_id", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "kind", "version"], name="document_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} v{self.version}: {self.name}"

    @property
    def kind_label(self) -> str:
        return DOCUMENT_LABELS[DocumentKind(self.kind)]


class Notice(models.Model):
    """A message to an invited (or bidding) supplier: a change to the competition."""

    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="notices")
    supplier = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=255)
    message = models.TextField()
    sent_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class Question(models.Model):
    """A clarification question; its answer is published to every invited supplier without
    the asker's identity."""

    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="questions")
    supplier = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    asked_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=4000)  # as the supplier asked it: the buyer's side only
    # The wording every supplier reads once the answer is published: the buyer may reword the
    # question to remove anything that identifies the asker. Blank publishes `text` unchanged.
    published_text = models.TextField(max_length=4000, blank=True)
    asked_at = models.DateTimeField(default=clock.now)
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["competition_id", "asked_at", "id"]

    def __str__(self) -> str:
        return f"Question {self.pk} on {self.competition.reference}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def published_wording(self) -> str:
        return published_wording(self.text, self.published_text)
