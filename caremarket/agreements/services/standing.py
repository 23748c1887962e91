"""A supplier's standing on a lot: admitted, suspended, reinstated, removed, each change kept.

Also the guards later domains call before they invite a supplier or place a call-off:
`ensure_supplier_can_trade` and `ensure_call_off_allowed`.
"""

from datetime import date
from decimal import Decimal

from caremarket.agreements import compliance
from caremarket.agreements.choices import SCHEME_LABELS
from caremarket.agreements.models import Application, Lot, LotSupplier, StandingChange
from caremarket.agreements.services.problems import Problems
from caremarket.audit.services import audit_record
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import Conflict, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.orgs.models import Organisation
from caremarket.rules.admission import (
    CHANGE_TARGETS,
    Ground,
    Standing,
    SupplierStatus,
    standing_change_problems,
    standing_change_refusal,
    trading_refusal,
)
from caremarket.rules.admission import (
    StandingChange as Change,
)
from caremarket.rules.agreements import procedure_refusal
from caremarket.rules.roles import Sector


def _record_change(actor, place: LotSupplier, before: str, ground: str, reason: str, action: str) -> None:
    StandingChange.objects.create(
        lot_supplier=place,
        from_status=before,
        to_status=place.status,
        ground=ground,
        reason=reason,
        changed_by=actor.person,
    )
    audit_record(
        actor=actor,
        action=f"lot_supplier.{action}",
        obj=place,
        organisation_id=place.supplier_id,
        before={"status": before} if before else None,
        after={"status": place.status, "ground": ground, "reason": reason, "lot": place.lot.label},
    )


def _lot_supplier_admit(*, actor: Actor, application: Application, reason: str) -> LotSupplier:
    """Give an admitted application's supplier its place on the lot (or back, after removal).
    `application_admit` calls this once it has decided the application."""
    require(actor, "agreements.assess_application", application)
    if application.status != "admitted":
        raise ValidationFailed(f"Application #{application.pk} has not been admitted")
    place = (
        LotSupplier.objects.select_for_update()
        .filter(lot_id=application.lot_id, supplier_id=application.supplier_id)
        .first()
    )
    before = ""
    if place is None:
        place = LotSupplier(lot=application.lot, supplier=application.supplier)
    elif place.status != SupplierStatus.REMOVED:
        raise Conflict(f"{application.supplier.name} is already on {application.lot.label}")
    else:
        before = place.status
    place.status, place.ground = SupplierStatus.ADMITTED, ""
    place.application, place.admitted_on = application, clock.today()
    place.touch()
    place.save()
    _record_change(actor, place, before, "", reason, "admitted")
    return place


lot_supplier_admit = service(_lot_supplier_admit)


def _change(actor: Actor, place: LotSupplier, change: str, ground: str, reason: str) -> LotSupplier:
    place = (
        LotSupplier.objects.select_for_update(of=("self",))
        .select_related("lot__agreement", "supplier")
        .get(pk=place.pk)
    )
    require(actor, "agreements.change_standing", place)
    problems = Problems()
    for field, message in standing_change_problems(change, ground, reason).items():
        problems.add(field, message)
    problems.raise_if_any("The change is not complete")
    refusal = standing_change_refusal(change, place.status, place.supplier.name, place.lot.label)
    if refusal:
        raise refusal.error()
    before = place.status
    place.status = CHANGE_TARGETS[Change(change)]
    place.ground = "" if change == Change.REINSTATE else ground
    place.touch()
    place.save()
    verb = {Change.SUSPEND: "suspended", Change.REINSTATE: "reinstated", Change.REMOVE: "removed"}[
        Change(change)
    ]
    _record_change(actor, place, before, place.ground, reason.strip(), verb)
    return place


def _lot_supplier_suspend(*, actor: Actor, place: LotSupplier, ground: str, reason: str) -> LotSupplier:
    """Suspend a supplier from a lot: it cannot bid or receive call-offs until reinstated."""
    return _change(actor, place, Change.SUSPEND, ground, reason)


lot_supplier_suspend = service(_lot_supplier_suspend)


@service
def lot_supplier_reinstate(*, actor: Actor, place: LotSupplier, reason: str) -> LotSupplier:
    return _change(actor, place, Change.REINSTATE, "", reason)


def _lot_supplier_remove(*, actor: Actor, place: LotSupplier, ground: str, reason: str) -> LotSupplier:
    """Remove a supplier from a lot for good (it may apply again); its history stays."""
    return _change(actor, place, Change.REMOVE, ground, reason)


lot_supplier_remove = service(_lot_supplier_remove)


@service
def lot_supplier_record(
    *,
    actor: Actor,
    lot: Lot,
    supplier: Organisation,
    admitted_on: date,
    status: str = SupplierStatus.ADMITTED,
    ground: str = "",
    reason: str = "",
) -> LotSupplier:
    """Record a place won before the agreement came to Caremarket (migration, demo data)."""
    require(actor, "agreements.import_definitions")
    if supplier.sector != Sector.SUPPLIER:
        raise ValidationFailed(f"{supplier.name} is not a supplier")
    if status not in set(SupplierStatus) or (status != SupplierStatus.ADMITTED and ground not in set(Ground)):
        raise ValidationFailed(f"Record {supplier.name} as admitted, or suspended or removed with a ground")
    if LotSupplier.objects.filter(lot=lot, supplier=supplier).exists():
        raise Conflict(f"{supplier.name} is already recorded on {lot.label}")
    place = LotSupplier.objects.create(
        lot=lot, supplier=supplier, status=status, ground=ground, admitted_on=admitted_on
    )
    _record_change(
        actor, place, "", ground, reason or "Recorded from the agreement's own records", "recorded"
    )
    return place


# --- Guards for the domains that buy through agreements ---------------------------------------


def _standing_of(lot: Lot, supplier: Organisation, today: date | None = None) -> Standing:
    place = LotSupplier.objects.filter(lot=lot, supplier=supplier).first()
    required = list(lot.agreement.required_standards)
    gaps = compliance.gaps_for(required, [supplier.pk], today)[supplier.pk]
    return Standing(
        supplier=supplier.name,
        status=place.status if place else None,
        ground=place.ground if place else "",
        gaps=tuple(gaps),
    )


def ensure_supplier_can_trade(lot: Lot, supplier: Organisation) -> None:
    """Refuse (RuleViolation, with the reason) unless the supplier can be invited to a call-off
    on this lot, or receive an order under it, today: admitted, not suspended or removed,
    compliant with every standard the agreement requires, and the agreement live."""
    today = clock.today()
    refusal = trading_refusal(
        lot.agreement.facts(lot_count=1), lot.number, _standing_of(lot, supplier, today), today, SCHEME_LABELS
    )
    if refusal:
        raise refusal.error(supplier=supplier.code, lot=lot.number, agreement=lot.agreement.reference)


def ensure_call_off_allowed(
    lot: Lot, procedure: str, *, value: Decimal | None = None, term_months: int | None = None
) -> None:
    """Refuse (RuleViolation, with the reason) a call-off the agreement or lot does not allow."""
    agreement = lot.agreement
    refusal = procedure_refusal(
        agreement.facts(lot_count=1),
        lot.facts(),
        procedure,
        clock.today(),
        value=value,
        term_months=term_months,
        max_term_months=agreement.max_call_off_term_months,
    )
    if refusal:
        raise refusal.error(procedure=procedure, lot=lot.number, agreement=agreement.reference)
