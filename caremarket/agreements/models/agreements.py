"""An agreement (framework or DPS), its lots, and each lot's rules as numbered versions."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models

from caremarket.agreements.choices import KIND_CHOICES, SCHEME_LABELS, STAGE_CHOICES
from caremarket.core import clock
from caremarket.core.models import TimeStampedModel
from caremarket.rules.agreements import (
    DEFAULT_FEE_RATE,
    DEFAULT_REVIEW_INTERVAL_MONTHS,
    KIND_LABELS,
    PROCEDURE_LABELS,
    STATUS_LABELS,
    AgreementFacts,
    AgreementKind,
    AgreementStatus,
    LotFacts,
    Procedure,
    agreement_status,
)
from caremarket.rules.questions import Question, QuestionKind, questions_from


class Agreement(TimeStampedModel):
    reference = models.CharField(max_length=30, unique=True, help_text="e.g. RM3825")
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="agreements", help_text="Who runs it"
    )
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    stage = models.CharField(
        max_length=30, choices=STAGE_CHOICES, default=AgreementStatus.DRAFT, db_index=True
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    applications_open_on = models.DateField(null=True, blank=True)
    applications_close_on = models.DateField(null=True, blank=True)
    management_fee_rate = models.DecimalField(
        max_digits=5, decimal_places=4, default=DEFAULT_FEE_RATE, help_text="0.0100 is 1%"
    )
    required_standards = models.JSONField(default=list, blank=True, help_text="Certification schemes")
    max_call_off_term_months = models.PositiveSmallIntegerField(null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(default=DEFAULT_REVIEW_INTERVAL_MONTHS)
    source = models.CharField(max_length=200, blank=True, help_text="Where the definition came from")

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def facts(self, lot_count: int | None = None) -> AgreementFacts:
        return AgreementFacts(
            reference=self.reference,
            kind=self.kind,
            stage=self.stage,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            applications_open_on=self.applications_open_on,
            applications_close_on=self.applications_close_on,
            lot_count=self.lots.count() if lot_count is None else lot_count,
        )

    def status(self, today: date | None = None) -> AgreementStatus:
        return agreement_status(self.facts(lot_count=0), today or clock.today())

    def status_label(self, today: date | None = None) -> str:
        return STATUS_LABELS[self.status(today)].capitalize()

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[AgreementKind(self.kind)]

    @property
    def is_dps(self) -> bool:
        return self.kind == AgreementKind.DPS

    @property
    def fee_percent(self) -> str:
        percent = (self.management_fee_rate * 100).normalize()
        return f"{percent:f}%"

    @property
    def standards_labels(self) -> list[str]:
        return [SCHEME_LABELS.get(s, s) for s in self.required_standards]


class Lot(TimeStampedModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="lots")
    number = models.PositiveSmallIntegerField()
    code = models.SlugField(max_length=60, blank=True, help_text="The lot's id in its source, if any")
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    current_rules = models.ForeignKey(
        "LotRules", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["agreement_id", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="lot_number_unique")]

    def __str__(self) -> str:
        return f"Lot {self.number}: {self.title}"

    @property
    def label(self) -> str:
        return f"lot {self.number} of {self.agreement.reference}"

    def facts(self) -> LotFacts:
        rules = self.current_rules
        if rules is None:
            return LotFacts(number=self.number, takes_new_suppliers=False)
        return LotFacts(
            number=self.number,
            procedures=frozenset(rules.procedures),
            takes_new_suppliers=rules.takes_new_suppliers,
            thresholds=rules.threshold_amounts(),
        )


class LotRules(models.Model):
    """One version of a lot's rules. A change makes a new version; applications keep the
    version they answered."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="rules_versions")
    version = models.PositiveIntegerField()
    procedures = models.JSONField(default=list, blank=True)
    takes_new_suppliers = models.BooleanField(default=True)
    questions = models.JSONField(default=list, blank=True)
    price_units = models.JSONField(default=list, blank=True)
    thresholds = models.JSONField(default=dict, blank=True, help_text="Name to amount in pounds")
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["lot_id", "-version"]
        verbose_name_plural = "lot rules"
        constraints = [models.UniqueConstraint(fields=["lot", "version"], name="lot_rules_version_unique")]

    def __str__(self) -> str:
        return f"{self.lot} rules v{self.version}"

    def question_list(self) -> list[Question]:
        return questions_from(self.questions)

    def application_questions(self) -> list[Question]:
        return [q for q in self.question_list() if q.kind == QuestionKind.QUESTION]

    def declarations(self) -> list[Question]:
        return [q for q in self.question_list() if q.kind == QuestionKind.DECLARATION]

    def threshold_amounts(self) -> dict[str, Decimal]:
        return {name: Decimal(str(amount)) for name, amount in self.thresholds.items()}

    @property
    def procedure_labels(self) -> list[str]:
        return [PROCEDURE_LABELS[Procedure(p)] for p in self.procedures]
