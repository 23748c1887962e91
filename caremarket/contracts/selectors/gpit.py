"""GP IT reads: allocations and what they were spent on, the catalogue they are spent
from, solutions, foundation choices and practice requests."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from caremarket.contracts.models import (
    Allocation,
    FoundationChoice,
    GpitSolution,
    Order,
    OwnSystemRequest,
)
from caremarket.contracts.selectors.core import allocation_spent, managed_org_ids, orders_for_actor
from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound
from caremarket.core.permissions import can, require
from caremarket.orgs.models import Organisation

# --- GP IT ----------------------------------------------------------------------------------


@dataclass
class AllocationRow:
    allocation: Allocation
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.allocation.amount - self.spent


def allocations_for_actor(actor: Actor) -> list[AllocationRow]:
    require(actor, "contracts.view_register")
    allocations = Allocation.objects.select_related("commissioner", "agreement").annotate(
        spent=Sum("orders__value")
    )
    if not actor.sees_everything:
        allocations = allocations.filter(
            Q(commissioner_id__in=actor.organisation_ids) | Q(agreement__owner_id__in=managed_org_ids(actor))
        )
    return [
        AllocationRow(a, a.spent or Decimal("0"))
        for a in allocations.order_by("-financial_year", "commissioner__name")
    ]


def allocation_for_actor(actor: Actor, allocation_id: int) -> Allocation:
    allocation = (
        Allocation.objects.select_related("commissioner", "agreement__owner").filter(pk=allocation_id).first()
    )
    if allocation is None or not can(actor, "contracts.view_allocation", allocation):
        raise NotFound(f"There is no allocation #{allocation_id} that you can see")
    return allocation


def solutions() -> QuerySet[GpitSolution]:
    return GpitSolution.objects.select_related("supplier").order_by("-is_foundation", "name")


def own_system_requests_for_actor(actor: Actor) -> QuerySet[OwnSystemRequest]:
    require(actor, "contracts.view_register")
    requests = OwnSystemRequest.objects.select_related("practice", "commissioner")
    if not actor.sees_everything:
        orgs = list(actor.organisation_ids)
        requests = requests.filter(Q(practice_id__in=orgs) | Q(commissioner_id__in=orgs))
    return requests.order_by("-requested_at", "-id")


def own_system_request_for_actor(actor: Actor, request_id: int) -> OwnSystemRequest:
    request = (
        OwnSystemRequest.objects.select_related("practice", "commissioner").filter(pk=request_id).first()
    )
    if request is None or not can(actor, "contracts.view_own_system_request", request):
        raise NotFound(f"There is no request #{request_id} that you can see")
    return request


def allocation_row_for_actor(actor: Actor, allocation_id: int) -> AllocationRow:
    """One allocation the actor may see, with what the orders charged to it have spent."""
    allocation = allocation_for_actor(actor, allocation_id)
    return AllocationRow(allocation, allocation_spent(allocation))


def allocation_orders_for_actor(actor: Actor, allocation: Allocation) -> QuerySet[Order]:
    """The orders charged to an allocation that the actor may see, newest first."""
    return orders_for_actor(actor).filter(allocation=allocation).select_related("lot")


@dataclass(frozen=True)
class CatalogueOffer:
    """A supplier's live services on one lot of the allocation's agreement: what it may buy."""

    lot: object
    supplier: Organisation
    services: int


def allocation_offers(allocation: Allocation) -> list[CatalogueOffer]:
    """Who sells what on the allocation's agreement (GP IT Futures), lot by lot."""
    from caremarket.agreements.models import Lot
    from caremarket.catalogue.models import Listing

    counts = (
        Listing.objects.filter(
            lot__agreement_id=allocation.agreement_id, live_version__isnull=False, withdrawn_at__isnull=True
        )
        .values("lot_id", "supplier_id")
        .annotate(n=Count("id"))
    )
    lots = {lot.pk: lot for lot in Lot.objects.filter(agreement_id=allocation.agreement_id)}
    suppliers = Organisation.objects.in_bulk({c["supplier_id"] for c in counts})
    offers = [CatalogueOffer(lots[c["lot_id"]], suppliers[c["supplier_id"]], c["n"]) for c in counts]
    return sorted(offers, key=lambda o: (o.lot.number, o.supplier.name))


def foundation_choice_of(practice: Organisation | None) -> FoundationChoice | None:
    if practice is None:
        return None
    return (
        FoundationChoice.objects.filter(practice=practice)
        .select_related("solution__supplier", "chosen_by")
        .first()
    )
