"""Contracts: recorded by hand (existing contracts, NHS SLAs, direct awards, Most Capable
Provider gateway decisions), signed, extended by the next option, run on by an approved
exception, terminated. Amendments, KPIs and subcontractors are in `contract_terms`; expiry
alerts in `contract_alerts`."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction

from caremarket.agreements.models import Lot
from caremarket.agreements.services import ensure_call_off_allowed, ensure_supplier_can_trade
from caremarket.audit.services import audit_record
from caremarket.contracts.choices import ExceptionStatus
from caremarket.contracts.models import Contract, ContractExtension, ContractKpi, ExtensionException
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, RuleViolation, ValidationFailed
from caremarket.core.money import MoneyError, parse_money, read_money
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.core.validation import FieldProblems
from caremarket.notifications.services import notify, people_with_roles
from caremarket.orgs.models import Organisation
from caremarket.rules import contracts as rules
from caremarket.rules.contract_changes import months_text
from caremarket.rules.notifications import MessageKind, message_key
from caremarket.rules.performance import Direction, Domain, kpi_definition
from caremarket.rules.roles import Role, Sector
from caremarket.rules.standstill import Regime
from caremarket.transparency.content import contracts as notices

PARTY_FIELDS = [
    "reference",
    "title",
    "value",
    "starts_on",
    "ends_on",
    "stage",
    "options_used",
    "exception_months",
]


def _party_snapshot(contract: Contract) -> dict:
    return {name: getattr(contract, name) for name in PARTY_FIELDS}


def _term(term) -> rules.Term:
    if isinstance(term, rules.Term):
        return term
    try:
        return rules.parse_term(str(term))
    except ValueError as exc:
        raise ValidationFailed.for_field("term", str(exc)) from None


def _price_list(rows: list[dict] | None, problems: FieldProblems) -> list[dict]:
    cleaned = []
    for number, row in enumerate(rows or [], start=1):
        item = str(row.get("item", "")).strip()
        try:
            price = read_money(row.get("unit_price", ""))
        except (MoneyError, TypeError):
            price = None
        if not item or price is None:
            problems.add("price_list", f"Price list line {number} needs an item and a unit price in pounds")
            continue
        cleaned.append({"item": item[:200], "unit": str(row.get("unit", ""))[:40], "unit_price": str(price)})
    if len({r["item"] for r in cleaned}) != len(cleaned):
        problems.add("price_list", "Each item appears once in the price list")
    return cleaned


def _kpi_rows(kpis: list[dict], problems: FieldProblems) -> list[dict]:
    """Each KPI checked by the performance rules (code from the name when not given)."""
    cleaned: list[dict] = []
    for number, kpi in enumerate(kpis or [], start=1):
        definition, found = kpi_definition(
            name=kpi.get("name", ""),
            unit=kpi.get("unit", ""),
            target=kpi.get("target"),
            direction=kpi.get("direction") or Direction.HIGHER,
            frequency=kpi.get("frequency") or "monthly",
            domain=kpi.get("domain") or Domain.SERVICES,
            amber_limit=kpi.get("amber_limit"),
            code=kpi.get("code", ""),
            taken={k["code"] for k in cleaned},
            unit_required=bool(kpi.get("unit_required")),
        )
        if definition is None:
            problems.add("kpis", f"KPI {number}: " + "; ".join(found.values()))
            continue
        cleaned.append(
            {
                "code": definition.code,
                "name": definition.name,
                "target": definition.target,
                "domain": definition.domain,
                "direction": definition.direction,
                "unit": definition.unit,
                "frequency": definition.frequency,
                "amber_limit": definition.amber_limit,
            }
        )
    return cleaned


def _create(
    *,
    actor: Actor,
    buyer: Organisation,
    supplier: Organisation,
    title: str,
    origin: str,
    value,
    starts_on: date,
    term,
    agreement=None,
    lot: Lot | None = None,
    reference: str = "",
    notice_months: int = 3,
    service_specification: str = "",
    payment_mechanism: str = "",
    risk_share: str = "",
    has_dpa: bool = False,
    tupe: bool = False,
    price_list: list[dict] | None = None,
    kpis: list[dict] | None = None,
    expiring_days: int | None = None,
    buying_club_id: int | None = None,
    competition_id: int | None = None,
    regime: str = "",
) -> Contract:
    problems = FieldProblems()
    problems.check(bool(title.strip()), "title", "Enter the contract's title")
    problems.check(buyer.sector == Sector.BUYER, "buyer", f"{buyer.name} is not a buying organisation")
    problems.check(supplier.sector == Sector.SUPPLIER, "supplier", f"{supplier.name} is not a supplier")
    amount = problems.money("value", value)
    if "value" not in problems.fields and (amount is None or amount <= 0):
        problems.add("value", "Enter the contract's value in pounds, more than £0.00")
    try:
        term_ = _term(term)
    except ValidationFailed as exc:
        problems.add("term", exc.message)
        term_ = None
    problems.check(0 <= int(notice_months) <= 36, "notice_months", "Enter a notice period of 0 to 36 months")
    days = rules.DEFAULT_EXPIRING_DAYS if expiring_days is None else int(expiring_days)
    problems.check(1 <= days <= 730, "expiring_days", "Alert from 1 to 730 days before the end")
    prices = _price_list(price_list, problems)
    checked_kpis = _kpi_rows(kpis, problems)
    reference = reference.strip().upper()
    if reference and Contract.objects.filter(reference=reference).exists():
        raise Conflict(f"There is already a contract {reference}", code=ErrorCode.CONTRACT_REFERENCE_TAKEN)
    problems.raise_if_any("The contract is not complete")
    if lot is not None:
        agreement = lot.agreement
    contract = Contract(
        reference=reference or f"PENDING-{clock.now().timestamp()}",
        title=title.strip()[:255],
        buyer=buyer,
        supplier=supplier,
        origin=origin,
        agreement=agreement,
        lot=lot,
        buying_club_id=buying_club_id,
        competition_id=competition_id,
        regime=regime or Regime.PROCUREMENT_ACT_2023,
        value=amount,
        starts_on=starts_on,
        initial_months=term_.initial_months,
        option_months=list(term_.option_months),
        ends_on=rules.end_date(starts_on, term_.initial_months),
        notice_months=int(notice_months),
        service_specification=service_specification.strip(),
        payment_mechanism=payment_mechanism.strip()[:255],
        risk_share=risk_share.strip()[:255],
        has_dpa=bool(has_dpa),
        tupe=bool(tupe),
        expiring_days=days,
        price_list=prices,
        fee_rate=agreement.management_fee_rate if agreement else Decimal("0"),
        created_by=actor.person,
    )
    try:
        with transaction.atomic():
            contract.save()
    except IntegrityError:
        raise Conflict(
            f"There is already a contract {reference}", code=ErrorCode.CONTRACT_REFERENCE_TAKEN
        ) from None
    if not reference:
        contract.reference = f"CT{contract.pk:06d}"
        contract.save(update_fields=["reference"])
    ContractKpi.objects.bulk_create(ContractKpi(contract=contract, **k) for k in checked_kpis)
    audit_record(
        actor=actor,
        action="contract.created",
        obj=contract,
        organisation_id=buyer.pk,
        after={
            **_party_snapshot(contract),
            "origin": origin,
            "buyer": buyer.code,
            "supplier": supplier.code,
            "term": term_.label(),
            "agreement": agreement.reference if agreement else None,
            "kpis": [k["code"] for k in checked_kpis],
        },
    )
    return contract


@service
def contract_record(
    *,
    actor: Actor,
    buyer: Organisation,
    supplier: Organisation,
    origin: str,
    lot: Lot | None = None,
    **fields,
) -> Contract:
    """Record a contract by hand: an existing contract or NHS SLA, a direct award under an
    agreement lot, or the contract after a Most Capable Provider gateway. A direct award is
    checked against the lot's rules and the supplier's standing."""
    require(actor, "contracts.create_contract", buyer)
    if origin not in rules.BY_HAND:
        raise ValidationFailed.for_field(
            "origin", "Contracts from a competition's award are made from the award, not by hand"
        )
    if origin == rules.Origin.DIRECT_AWARD:
        if lot is None:
            raise ValidationFailed.for_field(
                "lot", "A direct award is made under an agreement lot: choose it"
            )
        term = _term(fields.get("term"))
        ensure_call_off_allowed(
            lot,
            "direct_award",
            value=parse_money(fields.get("value", "0"), field="value"),
            term_months=term.total_months,
        )
        ensure_supplier_can_trade(lot, supplier)
    return _create(actor=actor, buyer=buyer, supplier=supplier, origin=origin, lot=lot, **fields)


def _locked_contract(contract: Contract) -> Contract:
    return (
        Contract.objects.select_for_update(of=("self",))
        .select_related("buyer", "supplier")
        .get(pk=contract.pk)
    )


@service
def contract_sign(*, actor: Actor, contract: Contract, signed_on: date | None = None) -> Contract:
    contract = _locked_contract(contract)
    require(actor, "contracts.manage_contract", contract)
    refusal = rules.sign_refusal(contract.facts())
    if refusal:
        raise refusal.error(contract=contract.reference)
    day = signed_on or clock.today()
    if day > clock.today():
        raise ValidationFailed.for_field("signed_on", "The signature date cannot be in the future")
    contract.stage, contract.signed_on = rules.ContractStatus.SIGNED, day
    contract.touch()
    contract.save()
    audit_record(
        actor=actor,
        action="contract.signed",
        obj=contract,
        organisation_id=contract.buyer_id,
        before={"stage": "draft"},
        after={"stage": "signed", "signed_on": day},
    )
    notices.publish_signed(actor=actor, contract=contract)
    return contract


@service
def contract_extend(*, actor: Actor, contract: Contract) -> Contract:
    """Take the next extension option, before the current end date."""
    contract = _locked_contract(contract)
    require(actor, "contracts.manage_contract", contract)
    facts = contract.facts()
    refusal = rules.extension_refusal(facts, clock.today())
    if refusal:
        raise refusal.error(contract=contract.reference)
    before = {"ends_on": contract.ends_on, "options_used": contract.options_used}
    contract.options_used += 1
    contract.ends_on = contract.facts().ends_on
    contract.expiry_alerted_on = None
    contract.touch()
    contract.save()
    ContractExtension.objects.create(
        contract=contract,
        months=facts.next_option,
        old_ends_on=before["ends_on"],
        new_ends_on=contract.ends_on,
        taken_at=clock.now(),
        taken_by=actor.person,
    )
    audit_record(
        actor=actor,
        action="contract.extended",
        obj=contract,
        organisation_id=contract.buyer_id,
        before=before,
        after={
            "ends_on": contract.ends_on,
            "options_used": contract.options_used,
            "months": facts.next_option,
        },
    )
    return contract


@service
def contract_exception_request(
    *,
    actor: Actor,
    contract: Contract,
    months: int,
    reason: str,
    reprocurement_starts_on: date,
    reprocurement_award_by: date,
) -> ExtensionException:
    """Ask to run the contract past its last option; an approver decides."""
    contract = _locked_contract(contract)
    require(actor, "contracts.manage_contract", contract)
    timetable = rules.Reprocurement(reprocurement_starts_on, reprocurement_award_by)
    refusal = rules.exception_refusal(
        contract.facts(), clock.today(), months=months, reason=reason, timetable=timetable
    )
    if refusal:
        raise refusal.error(contract=contract.reference)
    if contract.exceptions.filter(status=ExceptionStatus.REQUESTED).exists():
        raise Conflict(f"{contract.reference} already has an exception waiting for approval")
    exception = ExtensionException.objects.create(
        contract=contract,
        months=months,
        reason=reason.strip(),
        reprocurement_starts_on=reprocurement_starts_on,
        reprocurement_award_by=reprocurement_award_by,
        requested_by=actor.person,
    )
    audit_record(
        actor=actor,
        action="contract.exception_requested",
        obj=exception,
        organisation_id=contract.buyer_id,
        after={
            "contract": contract.reference,
            "months": months,
            "reason": exception.reason,
            "reprocurement": [reprocurement_starts_on, reprocurement_award_by],
        },
    )
    requester = actor.person.full_name if actor.person else "Caremarket"
    notify(
        [p for p in people_with_roles([contract.buyer_id], [Role.APPROVER]) if p != actor.person],
        kind=MessageKind.EXCEPTION_WAITING,
        subject=f"{contract.reference} waits for your approval to run {months_text(months)} longer",
        body=(
            f"{requester} asks to run {contract.title} with {contract.supplier.name} for "
            f"{months_text(months)} past its last extension option (it ends on "
            f"{contract.ends_on.day} {contract.ends_on:%B %Y}).\n\nWhy: {exception.reason}\n\n"
            f"Re-procurement starts on {reprocurement_starts_on.day} {reprocurement_starts_on:%B %Y} "
            f"and the replacement is awarded by {reprocurement_award_by.day} "
            f"{reprocurement_award_by:%B %Y}. Approve or refuse it on the contract's page."
        ),
        link=f"/contracts/{contract.reference}",
        organisation=contract.buyer,
        key=message_key(MessageKind.EXCEPTION_WAITING, str(exception.pk)),
    )
    return exception


@service
def contract_exception_decide(
    *, actor: Actor, exception: ExtensionException, approve: bool, reason: str = ""
) -> ExtensionException:
    """An approver approves (the contract runs on at once) or refuses the exception."""
    exception = ExtensionException.objects.select_for_update().get(pk=exception.pk)
    contract = _locked_contract(exception.contract)
    require(actor, "contracts.approve_exception", contract)
    if exception.status != ExceptionStatus.REQUESTED:
        raise RuleViolation(
            f"This exception was already {exception.get_status_display().lower()}",
            code=ErrorCode.CONTRACT_EXCEPTION_NOT_APPROVED,
        )
    if not approve and not reason.strip():
        raise ValidationFailed.for_field("reason", "Give the reason for refusing the exception")
    before = {"ends_on": contract.ends_on, "exception_months": contract.exception_months}
    if approve:
        refusal = rules.exception_apply_refusal(contract.facts(), clock.today())
        if refusal:
            raise refusal.error(contract=contract.reference)
        contract.exception_months += exception.months
        contract.ends_on = contract.facts().ends_on
        contract.expiry_alerted_on = None
        contract.touch()
        contract.save()
        ContractExtension.objects.create(
            contract=contract,
            months=exception.months,
            old_ends_on=before["ends_on"],
            new_ends_on=contract.ends_on,
            exception=exception,
            taken_at=clock.now(),
            taken_by=actor.person,
        )
    exception.status = ExceptionStatus.APPLIED if approve else ExceptionStatus.REFUSED
    exception.decided_at, exception.decided_by, exception.decision_reason = (
        clock.now(),
        actor.person,
        reason.strip(),
    )
    exception.save()
    audit_record(
        actor=actor,
        action="contract.exception_approved" if approve else "contract.exception_refused",
        obj=contract,
        organisation_id=contract.buyer_id,
        before=before,
        after={
            "ends_on": contract.ends_on,
            "exception_months": contract.exception_months,
            "reason": reason.strip(),
        },
    )
    decider = actor.person.full_name if actor.person else "Caremarket"
    outcome = (
        f"approved: the contract now ends on {contract.ends_on.day} {contract.ends_on:%B %Y}"
        if approve
        else f"refused. Reason: {exception.decision_reason}"
    )
    notify(
        [exception.requested_by] if exception.requested_by else [],
        kind=MessageKind.EXCEPTION_DECIDED,
        subject=f"{contract.reference}: your request to run {months_text(exception.months)} longer was "
        + ("approved" if approve else "refused"),
        body=f"{decider} {outcome}."
        + (f"\n\nReason: {exception.decision_reason}" if approve and exception.decision_reason else ""),
        link=f"/contracts/{contract.reference}",
        organisation=contract.buyer,
        key=message_key(MessageKind.EXCEPTION_DECIDED, str(exception.pk)),
    )
    return exception


@service
def contract_terminate(*, actor: Actor, contract: Contract, reason: str, on: date | None = None) -> Contract:
    contract = _locked_contract(contract)
    require(actor, "contracts.manage_contract", contract)
    refusal = rules.termination_refusal(contract.facts(), clock.today(), reason=reason)
    if refusal:
        raise refusal.error(contract=contract.reference)
    before = contract.status()
    contract.stage = rules.ContractStatus.TERMINATED
    contract.terminated_on, contract.termination_reason = on or clock.today(), reason.strip()
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
    notices.publish_ended(actor=actor, contract=contract)
    return contract
