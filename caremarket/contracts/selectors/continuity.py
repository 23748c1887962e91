"""Continuity of supply: backstops and handovers, as the actor may see them."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from caremarket.agreements.models import Lot, LotSupplier
from caremarket.agreements.selectors import invitable_suppliers
from caremarket.contracts.models import Backstop, Contract, Handover
from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound
from caremarket.core.permissions import can, require
from caremarket.orgs.choices import Region
from caremarket.orgs.models import Organisation
from caremarket.rules import continuity as rules
from caremarket.rules.admission import SUPPLIER_STATUS_LABELS, SupplierStatus
from caremarket.rules.roles import Role

# --- Continuity -----------------------------------------------------------------------------


def backstops_for_actor(actor: Actor) -> QuerySet[Backstop]:
    require(actor, "contracts.view_register")
    backstops = Backstop.objects.select_related("owner").prefetch_related("suppliers__supplier")
    if not actor.sees_everything:
        backstops = backstops.filter(owner_id__in=actor.organisation_ids)
    return backstops.order_by("owner__name", "category")


def backstop_for_actor(actor: Actor, backstop_id: int) -> Backstop:
    backstop = Backstop.objects.select_related("owner", "lot__agreement").filter(pk=backstop_id).first()
    if backstop is None or not can(actor, "contracts.view_backstop", backstop):
        raise NotFound(f"There is no backstop #{backstop_id} that you can see")
    return backstop


def region_label(region: str) -> str:
    return Region(region).label if region else "Every region"


def lot_backstops_for_actor(actor: Actor, lot: Lot) -> list[Backstop]:
    """A lot's backstops, one per region, each with its ranked suppliers."""
    require(actor, "contracts.view_lot_backstops", lot.agreement)
    return list(
        Backstop.objects.filter(lot=lot).prefetch_related("suppliers__supplier").order_by("region", "pk")
    )


def lot_backstop_for_actor(actor: Actor, lot: Lot, backstop_id: int) -> Backstop:
    require(actor, "contracts.view_lot_backstops", lot.agreement)
    backstop = (
        Backstop.objects.filter(lot=lot, pk=backstop_id).prefetch_related("suppliers__supplier").first()
    )
    if backstop is None:
        raise NotFound(f"Lot {lot.number} has no backstop #{backstop_id}")
    backstop.lot = lot
    return backstop


def backstop_suppliers(backstop: Backstop) -> list[Organisation]:
    """A backstop's suppliers in order of call."""
    return [e.supplier for e in sorted(backstop.suppliers.all(), key=lambda e: e.rank)]


def admitted_suppliers(lot: Lot) -> list[Organisation]:
    """The suppliers admitted to the lot today (the only ones a backstop may rank)."""
    return [
        p.supplier
        for p in LotSupplier.objects.filter(lot=lot, status=SupplierStatus.ADMITTED)
        .select_related("supplier")
        .order_by("supplier__name")
    ]


def supplier_by_code(code: str) -> Organisation | None:
    return Organisation.objects.filter(code__iexact=(code or "").strip()).first()


def backstop_for_contract(contract: Contract) -> Backstop | None:
    """The backstop that covers a contract: its lot's for the buyer's region, else its lot's for
    every region."""
    if contract.lot_id is None:
        return None
    arrangements = list(Backstop.objects.filter(lot_id=contract.lot_id).values_list("pk", "region"))
    key = rules.matching_backstop(arrangements, contract.buyer.region)
    if key is None:
        return None
    return Backstop.objects.select_related("lot__agreement", "owner").get(pk=key)


@dataclass(frozen=True)
class RankedRow:
    rank: int
    supplier: Organisation
    standing: str
    can_take_on: bool
    is_outgoing: bool
    called: bool


def backstop_ranking(backstop: Backstop, contract: Contract | None = None) -> list[RankedRow]:
    """The ranked suppliers with their standing on the lot; with a contract, which of them would
    be called (the first able to take the service on that is not the outgoing supplier)."""
    lot_id = backstop.lot_id or (contract.lot_id if contract else None)
    places = {p.supplier_id: p.status for p in LotSupplier.objects.filter(lot_id=lot_id)} if lot_id else {}
    able = {s.pk for s in invitable_suppliers(backstop.lot)} if backstop.lot_id else None
    entries = list(backstop.suppliers.select_related("supplier").order_by("rank"))
    rows = []
    outgoing = contract.supplier.code if contract else ""
    for e in entries:
        status = places.get(e.supplier_id)
        if lot_id is None:
            ok, standing = True, "No lot"
        elif status is None:
            ok, standing = backstop.lot_id is None, "Not on the lot"
        else:
            ok = status == SupplierStatus.ADMITTED
            standing = SUPPLIER_STATUS_LABELS[SupplierStatus(status)].capitalize()
            if able is not None and ok and e.supplier_id not in able:
                ok, standing = False, "Admitted, but cannot trade today (not compliant)"
        rows.append((e.rank, e.supplier, standing, ok))
    called = rules.pick_backstop([(s.code, ok) for _, s, _, ok in rows], outgoing) if contract else None
    return [
        RankedRow(rank, s, standing, ok, s.code == outgoing, s.code == called)
        for rank, s, standing, ok in rows
    ]


def open_handover_of(contract: Contract) -> Handover | None:
    return contract.handovers.filter(completed_at__isnull=True).select_related("incoming").first()


def _visible_handovers(actor: Actor) -> Q:
    supplier_orgs = [org for org, roles in actor.roles_by_org.items() if Role.SUPPLIER_USER in roles]
    return (
        Q(contract__buyer_id__in=actor.organisation_ids)
        | Q(outgoing_id__in=supplier_orgs)
        | Q(incoming_id__in=supplier_orgs)
    )


def handovers_for_actor(actor: Actor, *, open_only: bool = False) -> list[Handover]:
    """The handovers the actor may see: the buyer's, and those of the outgoing and the incoming
    supplier (newest first)."""
    require(actor, "contracts.view_register")
    handovers = Handover.objects.select_related(
        "contract__buyer", "outgoing", "incoming", "interim_contract", "backstop"
    ).prefetch_related("items")
    if not actor.sees_everything:
        handovers = handovers.filter(_visible_handovers(actor))
    if open_only:
        handovers = handovers.filter(completed_at__isnull=True)
    return list(handovers.order_by("-triggered_at", "-pk")[:500])


def supplier_open_handovers(actor: Actor) -> list[Handover]:
    """Open handovers where the actor's supplier organisation is outgoing or incoming (the home
    page panel)."""
    supplier_orgs = [org for org, roles in actor.roles_by_org.items() if Role.SUPPLIER_USER in roles]
    if not supplier_orgs:
        return []
    return list(
        Handover.objects.filter(Q(outgoing_id__in=supplier_orgs) | Q(incoming_id__in=supplier_orgs))
        .filter(completed_at__isnull=True)
        .select_related("contract__buyer", "outgoing", "incoming")
        .prefetch_related("items")
        .order_by("-triggered_at", "-pk")[:20]
    )


def handover_for_actor(actor: Actor, handover_id: int) -> Handover:
    handover = (
        Handover.objects.select_related(
            "contract__buyer", "outgoing", "incoming", "backstop", "interim_contract", "triggered_by"
        )
        .prefetch_related("items__done_by")
        .filter(pk=handover_id)
        .first()
    )
    if handover is None or not can(actor, "contracts.view_handover", handover):
        raise NotFound(f"There is no handover #{handover_id} that you can see")
    return handover
