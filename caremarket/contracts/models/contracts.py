"""A contract (or NHS SLA): parties, value, term and extension options, KPIs, numbered
variations, exceptions to extend past the last option, and the lead provider's subcontractors."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models

from caremarket.contracts.choices import (
    DIRECTION_CHOICES,
    DOMAIN_CHOICES,
    FREQUENCY_CHOICES,
    ORIGIN_CHOICES,
    REGIME_CHOICES,
    STAGE_CHOICES,
    ExceptionStatus,
)
from caremarket.core import clock
from caremarket.core.models import TimeStampedModel
from caremarket.core.money import MONEY_DIGITS, MONEY_PLACES
from caremarket.rules.contracts import (
    DEFAULT_EXPIRING_DAYS,
    IN_FORCE,
    ORIGIN_LABELS,
    STATUS_LABELS,
    ContractFacts,
    ContractStatus,
    Origin,
    Term,
    contract_status,
)
from caremarket.rules.performance import DIRECTION_LABELS, DOMAIN_LABELS, Direction, Domain, Frequency
from caremarket.rules.standstill import Regime


class Contract(TimeStampedModel):
    reference = models.CharField(max_length=30, unique=True)
    title = models.CharField(max_length=255)
    buyer = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="contracts_bought")
    supplier = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="contracts_supplied",
        help_text="The provider, or the lead provider where there are subcontractors",
    )
    origin = models.CharField(max_length=20, choices=ORIGIN_CHOICES)
    # The law the contract was awarded under; a contract from a competition follows the
    # competition's regime (rules.contract_notices.contract_regime).
    regime = models.CharField(max_length=30, choices=REGIME_CHOICES, default=Regime.PROCUREMENT_ACT_2023)
    agreement = models.ForeignKey(
        "agreements.Agreement", null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )
    lot = models.ForeignKey(
        "agreements.Lot", null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )
    buying_club = models.ForeignKey(
        "sourcing.BuyingClub", null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )
    competition = models.ForeignKey(
        "competitions.Competition", null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )
    value = models.DecimalField(
        max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, help_text="The value ceiling in pounds"
    )
    starts_on = models.DateField()
    initial_months = models.PositiveSmallIntegerField()
    option_months = models.JSONField(default=list, blank=True, help_text="Each extension option in months")
    options_used = models.PositiveSmallIntegerField(default=0)
    exception_months = models.PositiveSmallIntegerField(default=0)
    ends_on = models.DateField(db_index=True, help_text="The current end date, after extensions")
    notice_months = models.PositiveSmallIntegerField(default=3)
    service_specification = models.TextField(blank=True)
    payment_mechanism = models.CharField(max_length=255, blank=True)
    risk_share = models.CharField(
        max_length=255, blank=True, help_text="Risk/reward share, e.g. 50:50 over 5%"
    )
    has_dpa = models.BooleanField("Data processing agreement", default=False)
    tupe = models.BooleanField("TUPE applies", default=False)
    stage = models.CharField(
        max_length=20, choices=STAGE_CHOICES, default=ContractStatus.DRAFT, db_index=True
    )
    signed_on = models.DateField(null=True, blank=True)
    terminated_on = models.DateField(null=True, blank=True)
    termination_reason = models.TextField(blank=True)
    expiring_days = models.PositiveSmallIntegerField(default=DEFAULT_EXPIRING_DAYS)
    price_list = models.JSONField(default=list, blank=True, help_text="[{item, unit, unit_price}]")
    fee_rate = models.DecimalField(max_digits=5, decimal_places=4, default=Decimal("0"))
    expiry_alerted_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["ends_on", "reference"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def term(self) -> Term:
        return Term(self.initial_months, tuple(self.option_months))

    def facts(self) -> ContractFacts:
        return ContractFacts(
            reference=self.reference,
            stage=self.stage,
            starts_on=self.starts_on,
            term=self.term,
            options_used=self.options_used,
            exception_months=self.exception_months,
            expiring_days=self.expiring_days,
            terminated_on=self.terminated_on,
        )

    def status(self, today: date | None = None) -> ContractStatus:
        return contract_status(self.facts(), today or clock.today())

    def status_label(self, today: date | None = None) -> str:
        return STATUS_LABELS[self.status(today)].capitalize()

    def in_force(self, today: date | None = None) -> bool:
        return self.status(today) in IN_FORCE

    @property
    def origin_label(self) -> str:
        return ORIGIN_LABELS[Origin(self.origin)]

    @property
    def is_sla(self) -> bool:
        return self.origin == Origin.NHS_SLA

    @property
    def options_left(self) -> list[int]:
        return list(self.option_months[self.options_used :])

    def price_for(self, item: str) -> dict | None:
        return next((p for p in self.price_list if p.get("item") == item), None)


class ContractKpi(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="kpis")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=30, choices=DOMAIN_CHOICES, default=Domain.SERVICES)
    target = models.DecimalField(max_digits=12, decimal_places=3)
    direction = models.CharField(max_length=20, choices=DIRECTION_CHOICES, default=Direction.HIGHER)
    unit = models.CharField(max_length=30, blank=True, help_text="e.g. %, hours, days")
    frequency = models.CharField(max_length=20, choices=FREQUENCY_CHOICES, default=Frequency.MONTHLY)
    amber_limit = models.DecimalField(
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="The worst result that is still amber; worse is red (default: 5% of the target)",
    )
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["contract_id", "code"]
        constraints = [models.UniqueConstraint(fields=["contract", "code"], name="contract_kpi_unique")]
        verbose_name = "KPI"

    def __str__(self) -> str:
        return f"{self.name} ({self.contract.reference})"

    @property
    def direction_label(self) -> str:
        return DIRECTION_LABELS[Direction(self.direction)]

    @property
    def domain_label(self) -> str:
        return DOMAIN_LABELS[Domain(self.domain)]

    @property
    def target_label(self) -> str:
        sign = "≥" if self.direction == Direction.HIGHER else "≤"
        return (
            f"{sign} {self.target.normalize():f}{self.unit if self.unit == '%' else ' ' + self.unit}".rstrip()
        )


class Variation(models.Model):
    """A numbered amendment, with each changed term before and after."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="variations")
    number = models.PositiveIntegerField()
    summary = models.TextField()
    changes = models.JSONField(help_text="{field: {before, after}}")
    agreed_on = models.DateField()
    # Under the Provider Selection Regime: the ground of regulation 13(1) the modification
    # relies on (rules.psr.ModificationGround); empty for other contracts.
    psr_ground = models.CharField(max_length=30, blank=True)
    recorded_at = models.DateTimeField(default=clock.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["contract_id", "number"]
        constraints = [models.UniqueConstraint(fields=["contract", "number"], name="variation_number_unique")]

    def __str__(self) -> str:
        return f"Variation {self.number} to {self.contract.reference}"


class ContractExtension(models.Model):
    """An extension option taken: who took it, when, and the end date before and after."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="extensions")
    months = models.PositiveSmallIntegerField()
    old_ends_on = models.DateField()
    new_ends_on = models.DateField()
    exception = models.ForeignKey(
        "contracts.ExtensionException", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    taken_at = models.DateTimeField(default=clock.now)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["contract_id", "taken_at", "id"]

    def __str__(self) -> str:
        return f"{self.contract.reference} extended to {self.new_ends_on}"


class ExtensionException(models.Model):
    """Approval to run a contract past its last extension option, with the re-procurement
    timetable that replaces it."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="exceptions")
    months = models.PositiveSmallIntegerField()
    reason = models.TextField()
    reprocurement_starts_on = models.DateField()
    reprocurement_award_by = models.DateField()
    status = models.CharField(
        max_length=20, choices=ExceptionStatus.choices, default=ExceptionStatus.REQUESTED
    )
    requested_at = models.DateTimeField(default=clock.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"Exception of {self.months} months for {self.contract.reference}"


class Subcontract(models.Model):
    """A subcontractor under the contract's lead provider, and its share of the contract."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="subcontracts")
    subcontractor = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="subcontracts"
    )
    share_percent = models.DecimalField(max_digits=5, decimal_places=2)
    services = models.CharField(max_length=255, blank=True)
    added_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["contract_id", "-share_percent", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "subcontractor"], name="subcontract_unique")
        ]

    def __str__(self) -> str:
        return f"{self.subcontractor} under {self.contract.reference}"
