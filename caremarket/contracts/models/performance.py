"""Performance: KPI returns per period, customer feedback, the supplier's self-assessment,
improvement plans, and the suspension proposals repeated failure raises."""

from django.conf import settings
from django.db import models

from caremarket.contracts.choices import DOMAIN_CHOICES, RAG_CHOICES, PlanStatus, ProposalStatus
from caremarket.core import clock
from caremarket.rules.fees import period_label


class KpiReturn(models.Model):
    kpi = models.ForeignKey("contracts.ContractKpi", on_delete=models.PROTECT, related_name="returns")
    period = models.DateField(help_text="The first day of the month it covers")
    actual = models.DecimalField(max_digits=12, decimal_places=3)
    rag = models.CharField(max_length=10, choices=RAG_CHOICES)
    note = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=clock.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["kpi_id", "period"]
        constraints = [models.UniqueConstraint(fields=["kpi", "period"], name="kpi_return_unique")]

    def __str__(self) -> str:
        return f"{self.kpi.name} {period_label(self.period)}: {self.rag}"


class Feedback(models.Model):
    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="feedback")
    domain = models.CharField(max_length=30, choices=DOMAIN_CHOICES)
    stars = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    given_at = models.DateTimeField(default=clock.now)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return f"{self.stars} stars for {self.contract.reference}"


class SelfAssessment(models.Model):
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, related_name="self_assessments"
    )
    period = models.DateField()
    scores = models.JSONField(help_text="{domain: 1-5}")
    notes = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=clock.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["contract_id", "-period"]
        constraints = [models.UniqueConstraint(fields=["contract", "period"], name="self_assessment_unique")]

    def __str__(self) -> str:
        return f"Self-assessment for {self.contract.reference}, {period_label(self.period)}"


class ImprovementPlan(models.Model):
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, related_name="improvement_plans"
    )
    kpi = models.ForeignKey(
        "contracts.ContractKpi", null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField(max_length=200)
    actions = models.TextField()
    opened_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True, help_text="What the plan achieved, said when it is closed")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    form_key = models.CharField(
        max_length=64,
        blank=True,
        help_text="The key of the form that opened it: submitted twice, it opens one plan",
    )

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "form_key"], condition=~models.Q(form_key=""), name="plan_opened_once"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status == PlanStatus.OPEN and clock.today() > self.due_on


class PlanUpdate(models.Model):
    """Progress on an improvement plan, in the words of whoever recorded it."""

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.PROTECT, related_name="updates")
    progress = models.TextField()
    recorded_at = models.DateTimeField(default=clock.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan_id", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"Progress on {self.plan}"


class SuspensionProposal(models.Model):
    """Raised when a KPI fails repeatedly: the agreement manager decides whether to suspend."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="proposals")
    kpi = models.ForeignKey("contracts.ContractKpi", on_delete=models.PROTECT, related_name="proposals")
    supplier = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey(
        "agreements.Agreement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    status = models.CharField(max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.OPEN)
    raised_at = models.DateTimeField(default=clock.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    suspended = models.BooleanField(null=True, help_text="The decision: suspended, or closed without")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return f"Suspension proposal for {self.supplier} ({self.contract.reference})"
