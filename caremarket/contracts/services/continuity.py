"""Continuity of supply: backstop arrangements (an agreement manager's ranked suppliers per lot
and region, or an owner's per category), calling on one when a supplier exits or a
re-procurement fails (which makes the interim contract and its handover), and the handover
checklist."""

from caremarket.agreements.models import Lot, LotSupplier
from caremarket.agreements.selectors import invitable_suppliers
from caremarket.audit.services import audit_record
from caremarket.contracts.models import Backstop, BackstopSupplier, Contract, Handover, HandoverItem
from caremarket.contracts.services.contracts import _create
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, PermissionDenied, RuleViolation, ValidationFailed
from caremarket.core.permissions import can, require
from caremarket.core.services import service
from caremarket.notifications.services import notify, people_with_roles
from caremarket.orgs.choices import Region
from caremarket.orgs.models import Organisation
from caremarket.rules import continuity as rules
from caremarket.rules.admission import SupplierStatus
from caremarket.rules.contracts import IN_FORCE, ContractStatus, Origin
from caremarket.rules.notifications import MessageKind
from caremarket.rules.roles import Role, Sector


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


def _admitted_codes(lot: Lot) -> set[str]:
    return set(
        LotSupplier.objects.filter(lot=lot, status=SupplierStatus.ADMITTED).values_list(
            "supplier__code", flat=True
        )
    )


def _check_ranking(lot: Lot, suppliers: list[Organisation]) -> None:
    problem = rules.arrangement_problem([s.code for s in suppliers], _admitted_codes(lot))
    if problem:
        code = (
            ErrorCode.BACKSTOP_SUPPLIER_NOT_ADMITTED
            if "not admitted" in problem
            else ErrorCode.BACKSTOP_INVALID
        )
        raise ValidationFailed.for_field("suppliers", problem, code=code)


@service
def lot_backstop_create(
    *, actor: Actor, lot: Lot, region: str, title: str, suppliers: list[Organisation]
) -> Backstop:
    """The agreement manager pre-selects, in order of call, suppliers admitted to the lot to take
    on its services in a region (blank: every region) if a supplier exits."""
    agreement = lot.agreement
    require(actor, "contracts.manage_lot_backstops", agreement)
    region = (region or "").strip()
    if region and region not in Region.values:
        raise ValidationFailed.for_field("region", "Choose a region, or every region")
    if not title.strip():
        raise ValidationFailed.for_field(
            "title", "Give the backstop a title", code=ErrorCode.BACKSTOP_INVALID
        )
    _check_ranking(lot, suppliers)
    category = rules.lot_category(agreement.reference, lot.number)
    where = Region(region).label if region else "every region"
    if Backstop.objects.filter(owner_id=agreement.owner_id, category=category, region=region).exists():
        raise Conflict(
            f"Lot {lot.number} already has a backstop for {where}: change its ranking instead",
            code=ErrorCode.BACKSTOP_EXISTS,
        )
    backstop = Backstop.objects.create(
        owner_id=agreement.owner_id, category=category, lot=lot, region=region, title=title.strip()[:200]
    )
    BackstopSupplier.objects.bulk_create(
        BackstopSupplier(backstop=backstop, supplier=s, rank=rank)
        for rank, s in enumerate(suppliers, start=1)
    )
    audit_record(
        actor=actor,
        action="backstop.created",
        obj=backstop,
        organisation_id=agreement.owner_id,
        after={
            "agreement": agreement.reference,
            "lot": lot.number,
            "region": region,
            "suppliers": [s.code for s in suppliers],
        },
    )
    return backstop


@service
def backstop_rank(*, actor: Actor, backstop: Backstop, suppliers: list[Organisation]) -> Backstop:
    """Change the order of call, add or remove suppliers on a backstop."""
    backstop = (
        Backstop.objects.select_for_update(of=("self",)).select_related("lot__agreement").get(pk=backstop.pk)
    )
    if backstop.lot_id is not None:
        require(actor, "contracts.manage_lot_backstops", backstop.lot.agreement)
        _check_ranking(backstop.lot, suppliers)
    else:
        require(actor, "contracts.manage_backstop", backstop)
        problem = rules.arrangement_problem([s.code for s in suppliers])
        if problem:
            raise ValidationFailed.for_field("suppliers", problem, code=ErrorCode.BACKSTOP_INVALID)
    before = list(backstop.suppliers.order_by("rank").values_list("supplier__code", flat=True))
    backstop.suppliers.all().delete()
    BackstopSupplier.objects.bulk_create(
        BackstopSupplier(backstop=backstop, supplier=s, rank=rank)
        for rank, s in enumerate(suppliers, start=1)
    )
    audit_record(
        actor=actor,
        action="backstop.ranked",
        obj=backstop,
        organisation_id=backstop.owner_id,
        before={"suppliers": before},
        after={"suppliers": [s.code for s in suppliers]},
    )
    return backstop


def _can_take_on(supplier: Organisation, backstop: Backstop, contract: Contract, able: set[int]) -> bool:
    """A supplier on a lot's backstop can take the service on only while it can trade on the
    lot today (`able`: admitted, not suspended or removed, compliant); on a category backstop,
    unless suspended or removed from the contract's lot."""
    if backstop.lot_id is not None:
        return supplier.pk in able
    if contract.lot_id is None:
        return True
    place = LotSupplier.objects.filter(lot_id=contract.lot_id, supplier=supplier).first()
    return place is None or place.status == SupplierStatus.ADMITTED


def _interim_contract(*, actor: Actor, contract: Contract, incoming: Organisation) -> Contract:
    """The interim contract between the buyer and the incoming supplier on the same lot, until
    the service is re-procured: the outgoing contract's price list, KPIs and terms, for the
    default interim term, signed today."""
    kpis = [
        {
            "code": k.code,
            "name": k.name,
            "target": k.target,
            "domain": k.domain,
            "direction": k.direction,
            "unit": k.unit,
        }
        for k in contract.kpis.all()
    ]
    interim = _create(
        actor=actor,
        buyer=contract.buyer,
        supplier=incoming,
        title=rules.interim_title(contract.title),
        origin=Origin.DIRECT_AWARD,
        value=str(rules.interim_value(contract.value, contract.term.total_months)),
        starts_on=clock.today(),
        term=f"{rules.INTERIM_TERM_MONTHS} months",
        agreement=contract.agreement,
        lot=contract.lot,
        notice_months=rules.INTERIM_NOTICE_MONTHS,
        service_specification=contract.service_specification,
        payment_mechanism=contract.payment_mechanism,
        risk_share=contract.risk_share,
        has_dpa=contract.has_dpa,
        tupe=contract.tupe,
        price_list=contract.price_list,
        kpis=kpis,
    )
    interim.stage, interim.signed_on = ContractStatus.SIGNED, clock.today()
    interim.touch()
    interim.save()
    audit_record(
        actor=actor,
        action="contract.signed",
        obj=interim,
        organisation_id=interim.buyer_id,
        before={"stage": "draft"},
        after={"stage": "signed", "signed_on": interim.signed_on, "interim_for": contract.reference},
    )
    return interim


@service
def backstop_trigger(
    *, actor: Actor, backstop: Backstop, contract: Contract, reason: str, details: str
) -> Handover:
    """Call on the backstop: the first pre-selected supplier able to take the service on becomes
    the incoming supplier on an interim contract, and the handover checklist starts. The
    outgoing contract runs on until the handover is complete."""
    backstop = Backstop.objects.select_for_update().get(pk=backstop.pk)
    contract = (
        Contract.objects.select_for_update(of=("self",))
        .select_related("supplier", "buyer", "lot__agreement", "agreement")
        .get(pk=contract.pk)
    )
    require(actor, "contracts.manage_contract", contract)
    if backstop.lot_id is not None:
        if backstop.lot_id != contract.lot_id:
            raise RuleViolation(
                f"{backstop.title} is for another lot than {contract.reference}'s",
                code=ErrorCode.BACKSTOP_NONE,
            )
    elif not can(actor, "contracts.view_backstop", backstop):
        raise PermissionDenied("You cannot call on this backstop")
    refusal = rules.handover_refusal(contract.handovers.filter(completed_at__isnull=True).exists())
    if refusal:
        raise Conflict(refusal.message, code=refusal.code)
    able = {s.pk for s in invitable_suppliers(backstop.lot)} if backstop.lot_id else set()
    ranked = [
        (b.supplier, _can_take_on(b.supplier, backstop, contract, able))
        for b in backstop.suppliers.select_related("supplier")
    ]
    codes = [(s.code, ok) for s, ok in ranked]
    refusal = rules.trigger_refusal(reason, codes, contract.supplier.code, details)
    if refusal:
        raise refusal.error(contract=contract.reference)
    code = rules.pick_backstop(codes, contract.supplier.code)
    incoming = next(s for s, _ in ranked if s.code == code)
    interim = _interim_contract(actor=actor, contract=contract, incoming=incoming)
    handover = Handover.objects.create(
        backstop=backstop,
        contract=contract,
        reason=reason,
        details=details.strip(),
        outgoing=contract.supplier,
        incoming=incoming,
        interim_contract=interim,
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
            "interim_contract": interim.reference,
        },
    )
    people = people_with_roles(
        [contract.supplier_id, incoming.pk], [Role.SUPPLIER_USER, Role.ORG_ADMIN]
    ) + people_with_roles([contract.buyer_id], [Role.PROCUREMENT_LEAD])
    notify(
        {p.pk: p for p in people}.values(),
        kind=MessageKind.HANDOVER_STARTED,
        subject=f"Handover of {contract.reference} to {incoming.name}",
        body=(
            f"{contract.buyer.name} has called on the backstop for {contract.title}: "
            f"{rules.TRIGGER_LABELS[rules.TriggerReason(reason)].lower()}. {incoming.name} takes the "
            f"service on from {contract.supplier.name} under the interim contract {interim.reference}. "
            "Work through the handover checklist together."
        ),
        link=f"/contracts/handovers/{handover.pk}",
        organisation=contract.buyer,
    )
    return handover


def _end_outgoing(actor: Actor, handover: Handover) -> None:
    """When the handover is complete the outgoing contract ends: terminated today, if in force."""
    contract = Contract.objects.select_for_update(of=("self",)).get(pk=handover.contract_id)
    if contract.status() not in IN_FORCE | {ContractStatus.SIGNED}:
        return
    before = contract.status()
    contract.stage = ContractStatus.TERMINATED
    contract.terminated_on = clock.today()
    contract.termination_reason = f"Handed over to {handover.incoming.name} under the backstop"
    contract.touch()
    contract.save()
    audit_record(
        actor=actor,
        action="contract.terminated",
        obj=contract,
        organisation_id=contract.buyer_id,
        before={"status": before},
        after={"status": "terminated", "on": contract.terminated_on, "reason": contract.termination_reason},
    )


@service
def handover_item_complete(*, actor: Actor, item: HandoverItem, note: str = "") -> HandoverItem:
    """Record an item of the checklist done: by whom, when, with a note. The last one completes
    the handover, and the outgoing contract ends."""
    item = (
        HandoverItem.objects.select_for_update(of=("self",))
        .select_related("handover__contract", "handover__incoming")
        .get(pk=item.pk)
    )
    handover = item.handover
    require(actor, "contracts.update_handover", handover)
    refusal = rules.item_refusal(item.status, handover.completed_at is not None)
    if refusal:
        done_already = refusal.code == ErrorCode.HANDOVER_ITEM_DONE
        message = f"'{item.title}' is already done" if done_already else refusal.message
        raise RuleViolation(message, code=refusal.code)
    item.status, item.note = rules.ItemStatus.DONE, note.strip()[:255]
    item.done_at, item.done_by = clock.now(), actor.person
    item.save()
    done, total = rules.handover_progress(list(handover.items.values_list("status", flat=True)))
    audit_record(
        actor=actor,
        action="handover.item_done",
        obj=item,
        organisation_id=handover.contract.buyer_id,
        after={"item": item.title, "note": item.note, "done": done, "of": total},
    )
    if done == total:
        handover.completed_at = clock.now()
        handover.save(update_fields=["completed_at"])
        audit_record(
            actor=actor,
            action="handover.completed",
            obj=handover,
            organisation_id=handover.contract.buyer_id,
            after={"contract": handover.contract.reference, "incoming": handover.incoming.code},
        )
        _end_outgoing(actor, handover)
    return item
