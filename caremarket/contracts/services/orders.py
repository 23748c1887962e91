"""Call-off orders: placed against a contract, an agreement lot (direct award or after a further
competition) or a buying club's awarded catalogue; amended as new revisions; each site's
delivery tracked to migration.

Entitlement is checked before anything is written, and the value ceiling of a contract (or
the remaining GP IT allocation) under a row lock, so concurrent orders cannot together pass it.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from caremarket.agreements.models import Lot
from caremarket.agreements.services import ensure_call_off_allowed, ensure_supplier_can_trade
from caremarket.audit.services import audit_record
from caremarket.contracts import selectors
from caremarket.contracts.choices import OrderSource
from caremarket.contracts.models import Allocation, Contract, Order, OrderLine, OrderRevision, SiteDelivery
from caremarket.contracts.pricing import Entry, PriceBook, Tier, contract_book, lot_book
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import PermissionDenied, RuleViolation, ValidationFailed
from caremarket.core.money import to_money
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.orgs.models import Organisation, Site
from caremarket.rules import delivery as delivery_rules
from caremarket.rules.contracts import (
    ceiling_refusal,
    line_value,
    order_line_problems,
    order_on_contract_refusal,
)
from caremarket.rules.fees import fee_for
from caremarket.rules.gpit import allocation_refusal
from caremarket.rules.order_items import resolve_choice
from caremarket.rules.roles import Sector


@dataclass
class LineIn:
    """What a buyer asks for on one line: the exact priced item, how many, where.

    `item` is the item's key in the catalogue ordered from: a listing's price line on an
    agreement lot (`CM-000123:2`), a contract price list's item, a club catalogue's item
    (`per_connection (100 Mbps)`). A bare item name is taken only when one item has it."""

    item: str
    quantity: int
    site: str = ""  # a site code of the buyer (or of the recipient)
    recipient: str = ""  # an organisation code, when ordering for another organisation
    delivery_date: date | None = None


def _as_line(line) -> LineIn:
    if isinstance(line, LineIn):
        return line
    return LineIn(**{k: v for k, v in dict(line).items() if v is not None or k == "delivery_date"})


def _priced_lines(
    book: PriceBook, buyer: Organisation, lines: list[LineIn], today: date, term_ends_on: date | None = None
) -> list[dict]:
    problems = order_line_problems(
        [{"item": li.item, "quantity": li.quantity, "delivery_date": li.delivery_date} for li in lines],
        priced_items=None,
        ordered_on=today,
        term_ends_on=term_ends_on,
    )
    choices = book.choices
    priced = []
    for number, li in enumerate(lines, start=1):
        found = list(problems.get(number, []))
        # The line names one priced item exactly, or a name only one item has; never the first found.
        choice, problem = resolve_choice(li.item, choices)
        entry = book.entries[choice.key] if choice else None
        tier = entry.tier_for(li.quantity) if entry and not found else None
        if problem:
            found.insert(0, problem)
        elif entry and not found and tier is None:
            found.append(f"{entry.label} has no price for a quantity of {li.quantity:,}")
        recipient = buyer
        if li.recipient:
            recipient = Organisation.objects.filter(code__iexact=li.recipient.strip()).first()
            if recipient is None:
                found.append(f"There is no organisation with the code {li.recipient}")
        site = None
        if li.site and recipient is not None:
            site = Site.objects.filter(organisation=recipient, code__iexact=li.site.strip()).first()
            if site is None:
                found.append(f"{recipient.name} has no site with the code {li.site}")
        if found:
            problems[number] = found
            continue
        priced.append(
            {
                "position": number,
                "item": entry.name,
                "ref": entry.key,
                "label": entry.label,
                "unit": tier.unit,
                "unit_price": tier.unit_price,
                "quantity": li.quantity,
                "value": line_value(tier.unit_price, li.quantity),
                "site": site,
                "recipient": recipient if recipient != buyer else None,
                "delivery_date": li.delivery_date,
                "price_source": book.snapshot(entry, tier),
            }
        )
    if problems:
        fields = {("lines" if n == 0 else f"lines.{n}"): messages for n, messages in sorted(problems.items())}
        first = next(iter(fields.values()))[0]
        raise ValidationFailed(
            first if len(fields) == 1 else "Some lines of the order have problems",
            code=ErrorCode.ORDER_INVALID,
            details={"fields": fields},
        )
    return priced


def _lock_allocation(allocation: Allocation, buyer: Organisation, agreement_id: int | None) -> Allocation:
    allocation = (
        Allocation.objects.select_for_update(of=("self",))
        .select_related("commissioner")
        .get(pk=allocation.pk)
    )
    if allocation.commissioner_id != buyer.pk:
        raise RuleViolation(
            f"The allocation belongs to {allocation.commissioner.name}: only it can spend it",
            code=ErrorCode.ALLOCATION_INVALID,
        )
    if agreement_id != allocation.agreement_id:
        raise RuleViolation(
            "A GP IT allocation is spent only on its own agreement", code=ErrorCode.ALLOCATION_INVALID
        )
    return allocation


def _write_lines(order: Order, revision: int, priced: list[dict]) -> None:
    OrderLine.objects.bulk_create(OrderLine(order=order, revision=revision, **line) for line in priced)


def _track_sites(order: Order, priced: list[dict]) -> None:
    """Each site on the order is tracked from ordered to migrated (once, whatever the revision)."""
    known = set(order.deliveries.values_list("site_id", flat=True))
    new = []
    for line in priced:
        site = line["site"]
        if site is None or site.pk in known:
            continue
        known.add(site.pk)
        owner = line["recipient"] or order.buyer
        new.append(
            SiteDelivery(
                order=order,
                site=site,
                buyer=owner,
                supplier=order.supplier,
                buying_club_id=order.buying_club_id,
                region=owner.region,
                required_by=line["delivery_date"],
            )
        )
    SiteDelivery.objects.bulk_create(new)


@service
def order_place(
    *,
    actor: Actor,
    buyer: Organisation,
    lines: list,
    title: str = "",
    contract: Contract | None = None,
    lot: Lot | None = None,
    supplier: Organisation | None = None,
    procedure: str = "",
    allocation: Allocation | None = None,
    club=None,
) -> Order:
    """Place a call-off order: exactly one of `contract`, `lot` (with `supplier` and
    `procedure`) or `club` says where it comes from."""
    require(actor, "contracts.place_order", buyer)
    if buyer.sector != Sector.BUYER:
        raise ValidationFailed(f"{buyer.name} is not a buying organisation")
    if sum(x is not None for x in (contract, lot, club)) != 1:
        raise ValidationFailed("Order from one contract, one agreement lot or one buying club's catalogue")
    line_ins = [_as_line(li) for li in lines]
    today = clock.today()
    club_id = None
    if contract is not None:
        # Checked and priced before the lock; the ceiling is checked again under it, below.
        contract = Contract.objects.select_related("agreement", "lot__agreement").get(pk=contract.pk)
        if contract.buyer_id != buyer.pk:
            raise PermissionDenied(f"{buyer.name} is not the buyer on {contract.reference}")
        refusal = order_on_contract_refusal(contract.facts(), today)
        if refusal:
            raise refusal.error(contract=contract.reference)
        supplier = contract.supplier
        if contract.lot is not None:
            ensure_supplier_can_trade(contract.lot, supplier)
        source, agreement, lot = OrderSource.CONTRACT, contract.agreement, contract.lot
        book = contract_book(contract)
        rate = agreement.management_fee_rate if agreement else contract.fee_rate
    elif lot is not None:
        if supplier is None:
            raise ValidationFailed.for_field("supplier", "Choose the supplier to order from")
        lot = Lot.objects.select_related("agreement", "current_rules").get(pk=lot.pk)
        agreement = lot.agreement
        ensure_supplier_can_trade(lot, supplier)
        book = lot_book(lot, supplier)
        source, rate = OrderSource.LOT, agreement.management_fee_rate
    else:
        from caremarket.contracts.services.clubs import _club_order_context

        context = _club_order_context(actor=actor, club=club, buyer=buyer)
        supplier, lot, agreement, book, club_id = (
            context.supplier,
            context.lot,
            context.agreement,
            context.book,
            context.club_id,
        )
        if lot is not None:
            ensure_supplier_can_trade(lot, supplier)
        source, rate = OrderSource.CLUB, agreement.management_fee_rate if agreement else Decimal("0")
    priced = _priced_lines(book, buyer, line_ins, today, contract.ends_on if contract else None)
    value = to_money(sum((line["value"] for line in priced), Decimal("0")))
    if source == OrderSource.LOT:
        ensure_call_off_allowed(lot, procedure, value=value)
    if contract is not None:
        # The lock that keeps concurrent orders within the ceiling: taken as late as possible, and
        # before reading the total already ordered; the contract is read again under it.
        locked = Contract.objects.select_for_update().get(pk=contract.pk)
        refusal = order_on_contract_refusal(locked.facts(), today) or ceiling_refusal(
            locked.reference, locked.value, selectors.committed_value(locked), value
        )
        if refusal:
            raise refusal.error(contract=contract.reference, ceiling=str(locked.value))
    if allocation is not None:
        allocation = _lock_allocation(allocation, buyer, agreement.pk if agreement else None)
        spent = selectors.allocation_spent(allocation)
        refusal = allocation_refusal(buyer.name, allocation.amount, spent, value)
        if refusal:
            raise refusal.error(allocation=allocation.pk)
    fee = fee_for(value, rate)
    order = Order.objects.create(
        buyer=buyer,
        supplier=supplier,
        source=source,
        contract=contract,
        agreement=agreement,
        lot=lot,
        buying_club_id=club_id,
        allocation=allocation,
        procedure=procedure,
        title=(title.strip() or f"Order from {supplier.name}")[:255],
        value=value,
        fee_rate=rate,
        fee=fee,
        placed_on=today,
        placed_by=actor.person,
    )
    OrderRevision.objects.create(order=order, number=1, value=value, fee=fee, created_by=actor.person)
    _write_lines(order, 1, priced)
    _track_sites(order, priced)
    audit_record(
        actor=actor,
        action="order.placed",
        obj=order,
        organisation_id=buyer.pk,
        after={
            "order": order.revision_id,
            "supplier": supplier.code,
            "source": source,
            "contract": contract.reference if contract else None,
            "lot": lot.label if lot else None,
            "value": value,
            "fee": fee,
            "lines": len(priced),
        },
    )
    return order


@service
def order_amend(*, actor: Actor, order: Order, lines: list, reason: str) -> Order:
    """Amend an order: a new revision with its own lines. Items already on the order (by their
    exact key) keep the price they were ordered at; new items are priced from the catalogue as
    it stands now."""
    order = Order.objects.select_for_update(of=("self",)).select_related("buyer", "supplier").get(pk=order.pk)
    require(actor, "contracts.amend_order", order)
    if not reason.strip():
        raise ValidationFailed.for_field("reason", "Say why the order is being amended")
    contract = None
    if order.contract_id:
        contract = Contract.objects.select_for_update().get(pk=order.contract_id)
        refusal = order_on_contract_refusal(contract.facts(), clock.today())
        if refusal:
            raise refusal.error(contract=contract.reference)
        book = contract_book(contract)
    elif order.source == OrderSource.LOT:
        book = lot_book(order.lot, order.supplier)
    else:
        book = PriceBook({"kind": "club", "buying_club": order.buying_club_id})
    if order.lot_id:
        ensure_supplier_can_trade(order.lot, order.supplier)
    # Keep the snapshot of every item already ordered, under the exact key it was ordered by.
    for line in order.lines.filter(revision=order.revision):
        book.entries[line.key] = Entry(
            line.key,
            line.item,
            line.description,
            [Tier(line.unit, 1, None, line.unit_price, {"kept_from": order.revision_id})],
            {
                key: line.price_source[key]
                for key in ("listing", "version", "line")
                if key in line.price_source
            },
        )
    term_ends_on = contract.ends_on if contract is not None else None
    priced = _priced_lines(book, order.buyer, [_as_line(li) for li in lines], clock.today(), term_ends_on)
    value = to_money(sum((line["value"] for line in priced), Decimal("0")))
    if contract is not None:
        refusal = ceiling_refusal(
            contract.reference, contract.value, selectors.committed_value(contract, excluding=order.pk), value
        )
        if refusal:
            raise refusal.error(contract=contract.reference)
    if order.allocation_id:
        allocation = Allocation.objects.select_for_update().get(pk=order.allocation_id)
        spent = selectors.allocation_spent(allocation, excluding=order.pk)
        refusal = allocation_refusal(order.buyer.name, allocation.amount, spent, value)
        if refusal:
            raise refusal.error(allocation=allocation.pk)
    before = {"order": order.revision_id, "value": order.value, "fee": order.fee}
    order.revision += 1
    order.value, order.fee = value, fee_for(value, order.fee_rate)
    order.save(update_fields=["revision", "value", "fee"])
    OrderRevision.objects.create(
        order=order,
        number=order.revision,
        value=value,
        fee=order.fee,
        reason=reason.strip(),
        created_by=actor.person,
    )
    _write_lines(order, order.revision, priced)
    _track_sites(order, priced)
    audit_record(
        actor=actor,
        action="order.amended",
        obj=order,
        organisation_id=order.buyer_id,
        before=before,
        after={"order": order.revision_id, "value": value, "fee": order.fee, "reason": reason.strip()},
    )
    return order


@service
def site_delivery_advance(
    *, actor: Actor, delivery: SiteDelivery, stage: str, on: date | None = None
) -> SiteDelivery:
    """The supplier moves a site to its next stage: installed, live, migrated off the legacy network."""
    delivery = (
        SiteDelivery.objects.select_for_update(of=("self",))
        .select_related("order", "site")
        .get(pk=delivery.pk)
    )
    require(actor, "contracts.update_delivery", delivery.order)
    delivery_rules.SITE_DELIVERY_LIFECYCLE.check(delivery.stage, stage)
    day = on or clock.today()
    if day > clock.today():
        raise ValidationFailed.for_field("on", "The date cannot be in the future")
    before = delivery.stage
    delivery.stage = stage
    setattr(delivery, {"installed": "installed_on", "live": "live_on", "migrated": "migrated_on"}[stage], day)
    delivery.updated_at = clock.now()
    delivery.save()
    audit_record(
        actor=actor,
        action="site_delivery.advanced",
        obj=delivery,
        organisation_id=delivery.supplier_id,
        before={"stage": before},
        after={"stage": stage, "on": day, "site": delivery.site.code, "order": delivery.order.revision_id},
    )
    return delivery
