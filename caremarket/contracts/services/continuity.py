"""Continuity of supply: backstop arrangements, triggering one when a supplier exits or a
re-procurement fails, and the handover checklist."""

from caremarket.agreements.models import LotSupplier
from caremarket.audit.services import audit_record
from caremarket.contracts.models import Backstop, BackstopSupplier, Contract, Handover, HandoverItem
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, RuleViolation, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.orgs.models import Organisation
from caremarket.rules import continuity as rules
from caremarket.rules.admission import SupplierStatus
from caremarket.rules.roles import Sector


@service
def backstop_create(
    *, actor: Actor, owner: Organisation, category: str, title: str, suppliers: list[Organisation]
) -> Backstop:
    """Pre-select the suppliers (in order of call) to take on a category's services if needed."""
    require(actor, "contracts.create_backstop", owner)
    problem = rules.arrangement_problem([s.code for s in suppliers])
    if problem or not title.strip() or not category.strip():
        raise ValidationFailed(
            problem or "Give the backstop a title and a category", code=ErrorCode.BACKSTOP_INVALID
        )
    if any(s.sector != Sector.SUPPLIER for s in suppliers):
        raise ValidationFailed("Only suppliers can be backstops", code=ErrorCode.BACKSTOP_INVALID)
    if Backstop.objects.filter(owner=owner, category=category).exists():
        raise Conflict(f"{owner.name} already has a backstop for {category}", code=ErrorCode.BACKSTOP_INVALID)
    backstop = Backstop.objects.create(owner=owner, category=category.strip(), title=title.strip()[:200])
    BackstopSupplier.objects.bulk_create(
        BackstopSupplier(backstop=backstop, supplier=s, rank=rank)
        for rank, s in enumerate(suppliers, start=1)
    )
    audit_record(
        actor=actor,
        action="backstop.created",
        obj=backstop,
        organisation_id=owner.pk,
        after={"category": category, "suppliers": [s.code for s in suppliers]},
    )
    return backstop


def _can_take_on(supplier: Organisation, contract: Contract) -> bool:
    """A backstop supplier can take on the service unless suspended or removed from the
    contract's lot."""
    if contract.lot_id is None:
        return True
    place = LotSupplier.objects.filter(lot_id=contract.lot_id, supplier=supplier).first()
    return place is None or place.status == SupplierStatus.ADMITTED


@service
def backstop_trigger(
    *, actor: Actor, backstop: Backstop, contract: Contract, reason: str, details: str
) -> Handover:
    """Call on the backstop: the first pre-selected supplier able to take the service on becomes
    the incoming supplier, and the handover checklist starts."""
    backstop = Backstop.objects.select_for_update().get(pk=backstop.pk)
    contract = Contract.objects.select_for_update(of=("self",)).select_related("supplier").get(pk=contract.pk)
    require(actor, "contracts.manage_contract", contract)
    require(actor, "contracts.view_backstop", backstop)
    if contract.handovers.filter(completed_at__isnull=True).exists():
        raise Conflict(f"{contract.reference} already has a handover under way")
    ranked = [
        (b.supplier, _can_take_on(b.supplier, contract))
        for b in backstop.suppliers.select_related("supplier")
    ]
    refusal = rules.trigger_refusal(
        reason, [(s.code, ok) for s, ok in ranked], contract.supplier.code, details
    )
    if refusal:
        raise refusal.error(contract=contract.reference)
    code = rules.pick_backstop([(s.code, ok) for s, ok in ranked], contract.supplier.code)
    incoming = next(s for s, _ in ranked if s.code == code)
    handover = Handover.objects.create(
        backstop=backstop,
        contract=contract,
        reason=reason,
        details=details.strip(),
        outgoing=contract.supplier,
        incoming=incoming,
        triggered_by=actor.person,
    )
    HandoverItem.objects.bulk_create(
        HandoverItem(handover=handover, position=n, title=title)
        for n, title in enumerate(rules.DEFAULT_CHECKLIST, start=1)
    )
    audit_record(
        actor=actor,
        action="backstop.triggered",
        obj=handover,
        organisation_id=contract.buyer_id,
        after={
            "contract": contract.reference,
            "reason": reason,
            "outgoing": contract.supplier.code,
            "incoming": incoming.code,
        },
    )
    return handover


@service
def handover_item_complete(*, actor: Actor, item: HandoverItem, note: str = "") -> HandoverItem:
    item = (
        HandoverItem.objects.select_for_update(of=("self",))
        .select_related("handover__contract")
        .get(pk=item.pk)
    )
    handover = item.handover
    require(actor, "contracts.update_handover", handover)
    if item.status == rules.ItemStatus.DONE:
        raise RuleViolation(f"'{item.title}' is already done", code=ErrorCode.HANDOVER_ITEM_DONE)
    item.status, item.note = rules.ItemStatus.DONE, note.strip()[:255]
    item.done_at, item.done_by = clock.now(), actor.person
    item.save()
    done, total = rules.handover_progress(list(handover.items.values_list("status", flat=True)))
    if done == total:
        handover.completed_at = clock.now()
        handover.save(update_fields=["completed_at"])
    audit_record(
        actor=actor,
        action="handover.item_done",
        obj=item,
        organisation_id=handover.contract.buyer_id,
        after={"item": item.title, "done": done, "of": total},
    )
    return item
