"""Reads about contracts, orders, fees, performance, continuity, delivery and GP IT, each scoped
to what the actor may see; fetch-and-check helpers answer not-found for the rest."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from caremarket.contracts.models import (
    Contract,
    FeeFlag,
    FeeInvoice,
    FeeReturn,
    Order,
    SiteDelivery,
)
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound
from caremarket.core.permissions import can, require
from caremarket.orgs.models import Organisation
from caremarket.rules import delivery as delivery_rules
from caremarket.rules.contracts import IN_FORCE, ContractStatus, parse_order_id
from caremarket.rules.fees import FeeRecord, InvoiceFact, fee_record
from caremarket.rules.roles import Role


def managed_org_ids(actor: Actor) -> list[int]:
    return [org for org, roles in actor.roles_by_org.items() if Role.AGREEMENT_MANAGER in roles]


# --- Contracts ------------------------------------------------------------------------------


def _visible_contracts(actor: Actor) -> Q:
    if actor.sees_everything:
        return Q()
    orgs = list(actor.organisation_ids)
    return (
        Q(buyer_id__in=orgs)
        | Q(supplier_id__in=orgs)
        | Q(subcontracts__subcontractor_id__in=orgs)
        | Q(agreement__owner_id__in=managed_org_ids(actor))
    )


@dataclass(frozen=True)
class RegisterFilters:
    q: str = ""
    status: str = ""  # a contract status, or "in_force"
    buyer: str = ""
    supplier: str = ""


def contracts_for_actor(actor: Actor, filters: RegisterFilters | None = None) -> list[Contract]:
    """The register: every contract the actor may see, with its status today. Statuses come
    from the calendar, so the filter on them is applied after a coarse database filter."""
    require(actor, "contracts.view_register")
    f = filters or RegisterFilters()
    contracts = (
        Contract.objects.filter(_visible_contracts(actor))
        .select_related("buyer", "supplier", "agreement")
        .distinct()
        .order_by("ends_on", "reference")
    )
    if f.q:
        contracts = contracts.filter(Q(reference__icontains=f.q) | Q(title__icontains=f.q))
    if f.buyer:
        contracts = contracts.filter(buyer__code__iexact=f.buyer)
    if f.supplier:
        contracts = contracts.filter(supplier__code__iexact=f.supplier)
    today = clock.today()
    if f.status in ("in_force", *IN_FORCE):
        contracts = contracts.filter(stage=ContractStatus.SIGNED, starts_on__lte=today, ends_on__gte=today)
    rows = list(contracts[:2000])
    if f.status == "in_force":
        return [c for c in rows if c.status(today) in IN_FORCE]
    if f.status:
        return [c for c in rows if c.status(today) == f.status]
    return rows


def contract_for_actor(actor: Actor, reference: str) -> Contract:
    contract = (
        Contract.objects.select_related("buyer", "supplier", "agreement__owner", "lot")
        .filter(reference__iexact=reference)
        .first()
    )
    if contract is None or not can(actor, "contracts.view_contract", contract):
        raise NotFound(f"There is no contract {reference} that you can see")
    return contract


def contract_from_competition(actor: Actor, competition) -> Contract | None:
    """The contract created from a competition's award, if the actor may see it."""
    contract = Contract.objects.filter(competition=competition).order_by("id").first()
    return contract if contract is not None and can(actor, "contracts.view_contract", contract) else None


def exceptions_awaiting_for_actor(actor: Actor, *, limit: int = 5) -> tuple[list, int]:
    """Requests to run a contract past its last option that wait for the actor's decision: on
    contracts bought by the organisations where the actor is an approver. (First few, count.)"""
    from caremarket.contracts.choices import ExceptionStatus
    from caremarket.contracts.models import ExtensionException

    approving = [org for org, roles in actor.roles_by_org.items() if Role.APPROVER in roles]
    if not approving:
        return [], 0
    waiting = ExtensionException.objects.filter(
        status=ExceptionStatus.REQUESTED, contract__buyer_id__in=approving
    ).select_related("contract", "requested_by")
    return list(waiting.order_by("requested_at", "id")[:limit]), waiting.count()


def register_summary(contracts: list[Contract]) -> dict:
    today = clock.today()
    statuses = [c.status(today) for c in contracts]
    return {
        "in_force": sum(1 for s in statuses if s in IN_FORCE),
        "expiring": sum(1 for s in statuses if s == ContractStatus.EXPIRING),
        "value_in_force": sum(
            (c.value for c, s in zip(contracts, statuses, strict=True) if s in IN_FORCE), Decimal(0)
        ),
    }


def _ordered(orders: QuerySet, excluding: int | None) -> Decimal:
    if excluding:
        orders = orders.exclude(pk=excluding)
    return orders.aggregate(total=Sum("value"))["total"] or Decimal("0")


def committed_value(contract: Contract, excluding: int | None = None) -> Decimal:
    """What the orders under the contract are worth (leaving out the order `excluding`)."""
    return _ordered(contract.orders.all(), excluding)


def allocation_spent(allocation, excluding: int | None = None) -> Decimal:
    """What the orders against a GP IT allocation are worth (leaving out `excluding`)."""
    return _ordered(allocation.orders.all(), excluding)


# --- Orders ---------------------------------------------------------------------------------


def _visible_orders(actor: Actor) -> Q:
    if actor.sees_everything:
        return Q()
    orgs = list(actor.organisation_ids)
    return Q(buyer_id__in=orgs) | Q(supplier_id__in=orgs) | Q(agreement__owner_id__in=managed_org_ids(actor))


def orders_for_actor(actor: Actor, *, contract: Contract | None = None) -> QuerySet[Order]:
    require(actor, "contracts.view_register")
    orders = Order.objects.filter(_visible_orders(actor)).select_related(
        "buyer", "supplier", "contract", "agreement"
    )
    if contract is not None:
        orders = orders.filter(contract=contract)
    return orders.order_by("-placed_at", "-id")


def order_for_actor(actor: Actor, reference: str) -> Order:
    try:
        number, _ = parse_order_id(reference if "-" in reference else f"{reference}-01")
    except ValueError:
        raise NotFound(f"There is no order {reference} that you can see") from None
    order = (
        Order.objects.select_related("buyer", "supplier", "contract", "agreement__owner", "lot", "allocation")
        .filter(pk=number)
        .first()
    )
    if order is None or not can(actor, "contracts.view_order", order):
        raise NotFound(f"There is no order {reference} that you can see")
    return order


def order_lines(order: Order, revision: int | None = None):
    return order.lines.filter(revision=revision or order.revision).select_related("site", "recipient")


# --- Delivery and migration -------------------------------------------------------------------


def deliveries_for_actor(actor: Actor) -> QuerySet[SiteDelivery]:
    require(actor, "contracts.view_register")
    if actor.sees_everything:
        visible = Q()
    else:
        orgs = list(actor.organisation_ids)
        visible = Q(buyer_id__in=orgs) | Q(supplier_id__in=orgs) | Q(order__buyer_id__in=orgs)
        visible |= Q(order__agreement__owner_id__in=managed_org_ids(actor))
    return SiteDelivery.objects.filter(visible).select_related("site", "order", "supplier", "buyer")


GROUPINGS = {"club": "buying_club_id", "region": "region", "supplier": "supplier__name"}


def delivery_progress(actor: Actor, by: str = "region") -> list[delivery_rules.Progress]:
    column = GROUPINGS.get(by, "region")
    rows = (
        deliveries_for_actor(actor)
        .values(column, "stage")
        .annotate(count=Count("id"))
        .order_by(column, "stage")
    )
    labels = _club_names() if by == "club" else {}
    from caremarket.orgs.choices import Region

    regions = dict(Region.choices)

    def label(value):
        if by == "club":
            return labels.get(value, f"Buying club {value}") if value else "Not through a buying club"
        if by == "region":
            return regions.get(value, value or "No region")
        return value

    return delivery_rules.progress([(label(r[column]), r["stage"], r["count"]) for r in rows])


def _club_names() -> dict[int, str]:
    try:
        from caremarket.sourcing.models import BuyingClub
    except ImportError:
        return {}
    return dict(BuyingClub.objects.values_list("pk", "name"))


def late_sites(actor: Actor, today: date | None = None) -> QuerySet[SiteDelivery]:
    today = today or clock.today()
    return (
        deliveries_for_actor(actor)
        .filter(required_by__lt=today)
        .exclude(stage=delivery_rules.Stage.MIGRATED)
        .order_by("required_by", "id")
    )


# --- Fees -----------------------------------------------------------------------------------


def returns_for_actor(
    actor: Actor, *, agreement=None, supplier: Organisation | None = None
) -> QuerySet[FeeReturn]:
    require(actor, "contracts.view_register")
    returns = FeeReturn.objects.select_related("supplier", "agreement").order_by("-period", "supplier__name")
    if not actor.sees_everything:
        returns = returns.filter(
            Q(supplier_id__in=actor.organisation_ids) | Q(agreement__owner_id__in=managed_org_ids(actor))
        )
    if agreement is not None:
        returns = returns.filter(agreement=agreement)
    if supplier is not None:
        returns = returns.filter(supplier=supplier)
    return returns


def return_for_actor(actor: Actor, return_id: int) -> FeeReturn:
    fee_return = FeeReturn.objects.select_related("supplier", "agreement__owner").filter(pk=return_id).first()
    if fee_return is None or not can(actor, "contracts.view_return", fee_return):
        raise NotFound(f"There is no return #{return_id} that you can see")
    return fee_return


def invoices_for_actor(actor: Actor, *, agreement=None) -> QuerySet[FeeInvoice]:
    require(actor, "contracts.view_register")
    invoices = FeeInvoice.objects.select_related("supplier", "agreement", "fee_return").order_by(
        "-period", "-id"
    )
    if not actor.sees_everything:
        invoices = invoices.filter(
            Q(supplier_id__in=actor.organisation_ids) | Q(agreement__owner_id__in=managed_org_ids(actor))
        )
    if agreement is not None:
        invoices = invoices.filter(agreement=agreement)
    return invoices


def invoice_for_actor(actor: Actor, invoice_id: int) -> FeeInvoice:
    invoice = invoices_for_actor(actor).filter(pk=invoice_id).first()
    if invoice is None:
        raise NotFound(f"There is no invoice #{invoice_id} that you can see")
    return invoice


def flags_for(agreement, *, open_only: bool = True) -> QuerySet[FeeFlag]:
    flags = FeeFlag.objects.filter(agreement=agreement).select_related("supplier")
    return flags.filter(resolved_at__isnull=True) if open_only else flags


@dataclass
class FeePosition:
    supplier: Organisation
    accrued: Decimal
    record: FeeRecord
    flags: list[FeeFlag] = field(default_factory=list)

    @property
    def invoiced(self) -> Decimal:
        return self.record.invoiced

    @property
    def paid(self) -> Decimal:
        return self.record.paid

    @property
    def overdue(self) -> Decimal:
        return self.record.overdue


def fee_records(agreement, supplier_ids=None, today: date | None = None) -> dict[int, FeeRecord]:
    """Each supplier's fee record on the agreement, from its invoices (rules.fees.fee_record):
    the one source of the figures on the fees page and in the agreement's annual review.
    Unscoped: callers are selectors that have checked the actor."""
    today = today or clock.today()
    invoices: dict[int, list[InvoiceFact]] = {}
    query = FeeInvoice.objects.filter(agreement=agreement)
    if supplier_ids is not None:
        query = query.filter(supplier_id__in=list(supplier_ids))
    for supplier_id, amount, due_on, paid_on in query.values_list(
        "supplier_id", "amount", "due_on", "paid_on"
    ):
        invoices.setdefault(supplier_id, []).append(InvoiceFact(amount, due_on, paid_on))
    ids = set(invoices) if supplier_ids is None else set(supplier_ids)
    return {i: fee_record(invoices.get(i, []), today) for i in ids}


def fee_positions(actor: Actor, agreement) -> list[FeePosition]:
    """Per supplier on the agreement: fees accrued by orders, invoiced, paid and overdue, and
    the open flags for the agreement's review."""
    require(actor, "contracts.view_fees", agreement)
    accrued = dict(
        Order.objects.filter(agreement=agreement)
        .values_list("supplier_id")
        .annotate(total=Sum("fee"))
        .order_by()
    )
    records = fee_records(agreement)
    flags: dict[int, list[FeeFlag]] = {}
    for flag in flags_for(agreement):
        flags.setdefault(flag.supplier_id, []).append(flag)
    ids = set(accrued) | set(records) | set(flags)
    suppliers = Organisation.objects.in_bulk(ids)
    nothing = fee_record([], clock.today())
    return [
        FeePosition(
            supplier=suppliers[supplier_id],
            accrued=accrued.get(supplier_id) or Decimal("0"),
            record=records.get(supplier_id, nothing),
            flags=flags.get(supplier_id, []),
        )
        for supplier_id in sorted(ids, key=lambda i: suppliers[i].name)
    ]
