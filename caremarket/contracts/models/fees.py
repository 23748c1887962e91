"""Management fees: the supplier's monthly MI return and its lines, the invoice reconciled
against orders, and the flags raised to the agreement's review."""

from django.conf import settings
from django.db import models

from caremarket.contracts.choices import FlagKind
from caremarket.core import clock
from caremarket.core.money import MONEY_DIGITS, MONEY_PLACES
from caremarket.rules.fees import invoice_state, period_label, return_due_on, return_state


class FeeReturn(models.Model):
    supplier = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="fee_returns")
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="fee_returns"
    )
    period = models.DateField(help_text="The first day of the month it covers")
    is_nil = models.BooleanField(default=False)
    declared_total = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, default=0)
    row_count = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=255, blank=True)
    submitted_at = models.DateTimeField(default=clock.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-period", "supplier__name"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "agreement", "period"], name="fee_return_unique")
        ]

    def __str__(self) -> str:
        return f"{self.supplier.name}'s {period_label(self.period)} return for {self.agreement.reference}"

    @property
    def period_label(self) -> str:
        return period_label(self.period)

    @property
    def due_on(self):
        return return_due_on(self.period)

    @property
    def state(self) -> str:
        return return_state(self.period, clock.local(self.submitted_at).date(), clock.today())


class ReturnLine(models.Model):
    fee_return = models.ForeignKey(FeeReturn, on_delete=models.CASCADE, related_name="lines")
    row = models.PositiveIntegerField()
    order_reference = models.CharField(max_length=20, blank=True)
    order_number = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The order it names, if any"
    )
    customer_code = models.CharField(max_length=20)
    invoice_date = models.DateField()
    description = models.CharField(max_length=255, blank=True)
    value = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)

    class Meta:
        ordering = ["fee_return_id", "row"]
        indexes = [models.Index(fields=["fee_return", "order_number"], name="return_line_order")]

    def __str__(self) -> str:
        return f"Row {self.row} of return #{self.fee_return_id}"


class FeeInvoice(models.Model):
    fee_return = models.OneToOneField(FeeReturn, on_delete=models.PROTECT, related_name="invoice")
    supplier = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="fee_invoices")
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="fee_invoices"
    )
    period = models.DateField()
    ordered_total = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    declared_total = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    under_declared = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    over_declared = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    off_platform = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    matched_orders = models.PositiveIntegerField(default=0)
    mismatched_orders = models.PositiveIntegerField(default=0)
    missing_orders = models.PositiveIntegerField(default=0)
    fee_base = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    fee_rate = models.DecimalField(max_digits=5, decimal_places=4)
    amount = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    discrepancies = models.JSONField(default=list, blank=True, help_text="The first differing orders")
    issued_on = models.DateField()
    due_on = models.DateField()
    paid_on = models.DateField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-period", "-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"MF{self.pk:06d}"

    @property
    def state(self) -> str:
        return invoice_state(self.due_on, self.paid_on, clock.today())

    @property
    def period_label(self) -> str:
        return period_label(self.period)


class FeeFlag(models.Model):
    """A late or missing return, or an unpaid fee, raised to the agreement's review."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="fee_flags")
    supplier = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="fee_flags")
    kind = models.CharField(max_length=20, choices=FlagKind.choices)
    period = models.DateField()
    detail = models.CharField(max_length=255)
    raised_at = models.DateTimeField(default=clock.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period", "supplier__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "supplier", "kind", "period"], name="fee_flag_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.supplier} {period_label(self.period)}"
