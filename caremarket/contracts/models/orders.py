"""Call-off orders: an order keeps its number for life; each amendment is a new revision with its
own lines, priced from the catalogue as it stood when ordered. Sites ordered for connectivity
are tracked from ordered to migrated."""

from django.conf import settings
from django.db import models

from caremarket.contracts.choices import DELIVERY_STAGE_CHOICES, OrderSource
from caremarket.core import clock
from caremarket.core.money import MONEY_DIGITS, MONEY_PLACES
from caremarket.rules.contracts import order_reference, order_revision_id
from caremarket.rules.delivery import STAGE_LABELS, Stage, is_late


class Order(models.Model):
    """The order's number is its id: C000123; its current revision is C000123-02."""

    buyer = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="orders_placed")
    supplier = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="orders_received"
    )
    source = models.CharField(max_length=10, choices=OrderSource.choices)
    contract = models.ForeignKey(
        "contracts.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    agreement = models.ForeignKey(
        "agreements.Agreement", null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    lot = models.ForeignKey(
        "agreements.Lot", null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    buying_club = models.ForeignKey(
        "sourcing.BuyingClub", null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    allocation = models.ForeignKey(
        "contracts.Allocation", null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    procedure = models.CharField(max_length=30, blank=True)
    title = models.CharField(max_length=255)
    revision = models.PositiveSmallIntegerField(default=1)
    value = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    fee_rate = models.DecimalField(max_digits=5, decimal_places=4)
    fee = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    placed_on = models.DateField(db_index=True)
    placed_at = models.DateTimeField(default=clock.now)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-placed_at", "-id"]
        indexes = [models.Index(fields=["supplier", "agreement", "placed_on"], name="order_fee_period")]

    def __str__(self) -> str:
        return self.revision_id

    @property
    def reference(self) -> str:
        return order_reference(self.pk)

    @property
    def revision_id(self) -> str:
        return order_revision_id(self.pk, self.revision)


class OrderRevision(models.Model):
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    fee = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["order_id", "number"]
        constraints = [models.UniqueConstraint(fields=["order", "number"], name="order_revision_unique")]

    def __str__(self) -> str:
        return order_revision_id(self.order_id, self.number)


class OrderLine(models.Model):
    """One line of one revision; its price is a snapshot of the catalogue when ordered."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="lines")
    revision = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField()
    item = models.CharField(max_length=200, help_text="The item as the price list names it")
    ref = models.CharField(
        max_length=200,
        blank=True,
        help_text="The exact priced item ordered: a listing's price line (CM-000123:2), a contract's "
        "item, a club catalogue's unit and band. Blank on lines placed before it was kept.",
    )
    label = models.CharField(max_length=300, blank=True, help_text="The item as a person reads it")
    unit = models.CharField(max_length=40, blank=True)
    unit_price = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    quantity = models.PositiveIntegerField()
    value = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    site = models.ForeignKey("orgs.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delivery_date = models.DateField(null=True, blank=True)
    price_source = models.JSONField(default=dict, help_text="Where the price came from, as it stood")

    class Meta:
        ordering = ["order_id", "revision", "position"]
        indexes = [models.Index(fields=["order", "revision"], name="order_line_revision")]

    def __str__(self) -> str:
        return f"{self.item} x{self.quantity} on {order_revision_id(self.order_id, self.revision)}"

    @property
    def key(self) -> str:
        """The exact priced item this line bought (lines from before `ref` was kept: the name)."""
        return self.ref or self.item

    @property
    def description(self) -> str:
        return self.label or self.item


class SiteDelivery(models.Model):
    """A site's connectivity ordered under an order: ordered, installed, live, migrated."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="deliveries")
    site = models.ForeignKey("orgs.Site", on_delete=models.PROTECT, related_name="deliveries")
    buyer = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    buying_club = models.ForeignKey(
        "sourcing.BuyingClub", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.CharField(max_length=20, blank=True, db_index=True)
    stage = models.CharField(
        max_length=20, choices=DELIVERY_STAGE_CHOICES, default=Stage.ORDERED, db_index=True
    )
    required_by = models.DateField(null=True, blank=True)
    installed_on = models.DateField(null=True, blank=True)
    live_on = models.DateField(null=True, blank=True)
    migrated_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["required_by", "id"]
        constraints = [models.UniqueConstraint(fields=["order", "site"], name="site_delivery_unique")]
        verbose_name_plural = "site deliveries"

    def __str__(self) -> str:
        return f"{self.site} on {self.order_id} ({self.stage})"

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[Stage(self.stage)]

    def is_late(self, today=None) -> bool:
        return is_late(self.stage, self.required_by, today or clock.today())
