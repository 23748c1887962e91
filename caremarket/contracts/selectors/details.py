"""What a contract, order, handover or fee return page (or endpoint) shows of an object that an
actor-scoped selector has already fetched (`contract_for_actor`, `order_for_actor`,
`handover_for_actor`, `return_for_actor`): its rows, and one row of it by its key. A row that
is not there is `None`; the caller says what is missing."""

from django.db.models import QuerySet

from caremarket.agreements.models import Agreement, LotSupplier
from caremarket.contracts.models import (
    Contract,
    ContractKpi,
    ExtensionException,
    FeeReturn,
    GpitSolution,
    Handover,
    HandoverItem,
    Order,
    SiteDelivery,
)
from caremarket.contracts.selectors.core import (
    deliveries_for_actor,
    late_sites,
    managed_org_ids,
    returns_for_actor,
)
from caremarket.contracts.selectors.gpit import solutions
from caremarket.core.actor import Actor
from caremarket.orgs.models import Organisation
from caremarket.rules import contract_changes as changes

# --- Contracts ---------------------------------------------------------------------------------


def contract_parts(contract: Contract) -> dict[str, list]:
    """A contract's KPIs, variations, subcontracts, exceptions and handovers, each a list."""
    return {
        "kpis": list(contract.kpis.all()),
        "variations": list(contract.variations.all()),
        "subcontracts": list(contract.subcontracts.select_related("subcontractor")),
        "exceptions": list(contract.exceptions.select_related("requested_by", "decided_by")),
        "handovers": list(contract.handovers.select_related("incoming")),
    }


def _name(person) -> str:
    return person.full_name if person is not None and person.full_name else "Caremarket"


def contract_history(contract: Contract) -> list[changes.HistoryEvent]:
    """What happened to the contract, oldest first: extensions taken (who, when, the old and
    new end date), variations (their changes in words and money) and exceptions (who asked,
    why, who decided and their reason)."""
    extensions = [
        changes.ExtensionFact(
            e.taken_at, _name(e.taken_by), e.months, e.old_ends_on, e.new_ends_on, e.exception_id is not None
        )
        for e in contract.extensions.select_related("taken_by")
    ]
    variations = [
        changes.VariationFact(
            v.recorded_at, _name(v.recorded_by), v.number, v.agreed_on, v.summary, v.changes
        )
        for v in contract.variations.select_related("recorded_by")
    ]
    exceptions = [
        changes.ExceptionFact(
            x.requested_at,
            _name(x.requested_by),
            x.months,
            x.reason,
            x.status,
            x.decided_at,
            _name(x.decided_by) if x.decided_at else "",
            x.decision_reason,
        )
        for x in contract.exceptions.select_related("requested_by", "decided_by")
    ]
    return changes.history(extensions, variations, exceptions)


def extension_rows(contract: Contract) -> list[dict]:
    """The extensions taken, oldest first, for the API."""
    return [
        {
            "months": e.months,
            "old_ends_on": e.old_ends_on,
            "new_ends_on": e.new_ends_on,
            "by_exception": e.exception_id is not None,
            "taken_at": e.taken_at,
            "taken_by": _name(e.taken_by),
        }
        for e in contract.extensions.select_related("taken_by")
    ]


def subcontracts_of(contract: Contract) -> list:
    return list(contract.subcontracts.select_related("subcontractor"))


def kpis_of(contract: Contract) -> list[ContractKpi]:
    return list(contract.kpis.all())


def variation_rows(contract: Contract) -> list[dict]:
    return list(contract.variations.values("number", "summary", "changes", "agreed_on"))


def exception_rows(contract: Contract) -> list[dict]:
    return list(
        contract.exceptions.values(
            "id", "months", "reason", "reprocurement_starts_on", "reprocurement_award_by", "status"
        )
    )


def exception_of(contract: Contract, exception_id) -> ExtensionException | None:
    return contract.exceptions.filter(pk=exception_id).first()


def kpi_of(contract: Contract, code: str) -> ContractKpi | None:
    return contract.kpis.filter(code=code).first()


def proposal_count(kpi: ContractKpi) -> int:
    """How many suspension proposals the KPI has raised so far."""
    return kpi.proposals.count()


def performance_history(contract: Contract, *, feedback_limit: int = 20) -> dict[str, list]:
    return {
        "plans": list(contract.improvement_plans.all()),
        "feedback": list(contract.feedback.all()[:feedback_limit]),
    }


# --- Handovers ---------------------------------------------------------------------------------


def handover_items(handover: Handover) -> list[HandoverItem]:
    return list(handover.items.all())


def handover_item_rows(handover: Handover) -> list[dict]:
    return list(handover.items.values("position", "title", "status"))


def handover_item(handover: Handover, position) -> HandoverItem | None:
    return handover.items.filter(position=position).first()


# --- Orders and deliveries ---------------------------------------------------------------------


def order_deliveries(order: Order) -> list[SiteDelivery]:
    return list(order.deliveries.select_related("site").order_by("site__code"))


def order_delivery(order: Order, delivery_id: int) -> SiteDelivery | None:
    return order.deliveries.select_related("site").filter(pk=delivery_id).first()


def order_revisions(order: Order) -> list:
    return list(order.revisions.all())


def delivery_for_actor(actor: Actor, delivery_id: int) -> SiteDelivery | None:
    """A site delivery the actor may see, or `None`."""
    return deliveries_for_actor(actor).filter(pk=delivery_id).first()


def delivery_rows_for_actor(actor: Actor, *, late: bool = False, limit: int = 5000) -> QuerySet[SiteDelivery]:
    """The deliveries the actor may see (only the late ones with `late`), by date needed."""
    rows = late_sites(actor) if late else deliveries_for_actor(actor)
    return rows.order_by("required_by", "id")[:limit]


def late_sites_for_page(actor: Actor, *, limit: int = 200) -> list[SiteDelivery]:
    return list(late_sites(actor).select_related("order", "site", "supplier")[:limit])


# --- Fees --------------------------------------------------------------------------------------


def returns_with_invoices(actor: Actor, *, limit: int) -> list[FeeReturn]:
    """The fee returns the actor may see, each with its invoice."""
    return list(returns_for_actor(actor).select_related("invoice")[:limit])


def return_lines(fee_return: FeeReturn, *, limit: int = 200) -> list:
    return list(fee_return.lines.all()[:limit])


def fee_agreements_for_actor(actor: Actor) -> list[Agreement]:
    """The agreements whose fees the actor manages (every agreement for one who sees everything)."""
    if actor.sees_everything:
        return list(Agreement.objects.order_by("reference"))
    return list(Agreement.objects.filter(owner_id__in=managed_org_ids(actor)).order_by("reference"))


def agreements_supplied_by(supplier: Organisation) -> list[Agreement]:
    """The agreements the supplier has a place on (any standing), by reference."""
    places = LotSupplier.objects.filter(supplier=supplier).select_related("lot__agreement")
    return sorted({p.lot.agreement for p in places}, key=lambda a: a.reference)


def agreement_for_return(reference: str) -> Agreement | None:
    """The agreement a supplier names for a fee return; `fee_return_submit` refuses a supplier
    that has no place on it."""
    return Agreement.objects.filter(reference=reference).first()


# --- GP IT -------------------------------------------------------------------------------------


def solution_by_id(solution_id) -> GpitSolution | None:
    return solutions().filter(pk=solution_id).first()


def solution_named(name: str) -> GpitSolution | None:
    return GpitSolution.objects.filter(name__iexact=name).first()
