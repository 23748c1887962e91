"""A provider selection process under the Provider Selection Regime 2023: one arrangement of a
health care service by one or more commissioners, run as Direct Award A, B or C, the Most Suitable
Provider process, or the Competitive Process (which runs as a linked competition)."""

from django.db import models

from caremarket.core.models import TimeStampedModel
from caremarket.rules.psr import Process

__all__ = ["SelectionProcess"]


class SelectionProcess(TimeStampedModel):
    reference = models.CharField(max_length=30, unique=True, help_text='"PSR-2026-00001"')
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    # The commissioner that runs the process; `commissioners` holds every commissioner, lead included.
    lead_commissioner = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="selection_processes_led"
    )
    commissioners = models.ManyToManyField("orgs.Organisation", related_name="selection_processes")
    process = models.CharField(
        max_length=40, choices=[(str(p), str(p)) for p in Process], blank=True, help_text="Chosen process"
    )
    # Where the process stands; each process kind has its own stages (set by its services).
    stage = models.CharField(max_length=40, default="draft", db_index=True)
    estimated_value = models.DecimalField(max_digits=15, decimal_places=2, null=True, blank=True)
    term_min_months = models.PositiveSmallIntegerField(null=True, blank=True)
    term_max_months = models.PositiveSmallIntegerField(null=True, blank=True)
    # The facts the process chooser was given, as recorded (rules.psr.ProcessFacts fields).
    facts = models.JSONField(default=dict, blank=True)
    existing_contract = models.ForeignKey(
        "contracts.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The competition the Competitive Process runs as, or that a diverted process opened.
    linked_competition = models.ForeignKey(
        "competitions.Competition", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="selection_processes",
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"
