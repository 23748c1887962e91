"""Contracts: recorded by hand (existing contracts, NHS SLAs, direct awards, Most Capable
Provider gateway decisions), signed, extended by the next option, run on by an approved
exception, terminated. Amendments, KPIs and subcontractors are in `contract_terms`; expiry
alerts in `contract_alerts`."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction

from caremarket.agreements.models import Lot
from caremarket.agreements.services import ensure_call_off_allowed, ensure_supplier_can_trade
from caremarket.audit.services import audit_record
from caremarket.contracts.choices import ExceptionStatus
from caremarket.contracts.models import Contract, ContractKpi, ExtensionException
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, RuleViolation, ValidationFailed
from caremarket.core.money import MoneyError, parse_money, read_money
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.core.validation import FieldProblems
from caremarket.orgs.models import Organisation
from caremarket.rules import contracts as rules
from caremarket.rules.performance import Direction, Domain
from caremarket.rules.roles import Sector

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
    cleaned = []
    for number, kpi in enumerate(kpis or [], start=1):
        try:
            target = Decimal(str(kpi.get("target")))
        except (InvalidOperation, TypeError):
            target = None
        code = str(kpi.get("code", "")).strip().lower()
        if not code or not kpi.get("name") or target is None or not target.is_finite():
            problems.add("kpis", f"KPI {number} needs a code, a name and a numeric target")
            continue
        if kpi.get("domain", Domain.SERVICES) not in set(Domain) or kpi.get(
            "direction", Direction.HIGHER
        ) not in set(Direction):
            problems.add("kpis", f"KPI {number} has an unknown domain or direction")
            continue
        cleaned.append(
            {
                "code": code[:40],
                "name": str(kpi["name"])[:200],
                "target": target,
                "domain": kpi.get("domain", Domain.SERVICES),
                "direction": kpi.get("direction", Direction.HIGHER),
                "unit": str(kpi.get("unit", ""))[:30],
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
    return contract
