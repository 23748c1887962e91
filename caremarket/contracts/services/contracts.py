"""Contracts: recorded by hand (existing contracts, NHS SLAs, direct awards, Most Capable
Provider gateway decisions), signed, extended by the next option, run on by an approved
exception, varied by numbered amendments, terminated; KPIs and subcontractors; expiry alerts."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from caremarket.agreements.models import Lot
from caremarket.agreements.services import ensure_call_off_allowed, ensure_supplier_can_trade
from caremarket.audit.services import audit_record
from caremarket.contracts.choices import ExceptionStatus
from caremarket.contracts.models import Contract, ContractKpi, ExtensionException, Subcontract, Variation
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, RuleViolation, ValidationFailed
from caremarket.core.money import to_money
from caremarket.core.permissions import require
from caremarket.core.validation import FieldProblems
from caremarket.orgs.models import Membership, Organisation
from caremarket.rules import contracts as rules
from caremarket.rules.performance import Direction, Domain
from caremarket.rules.roles import Role, Sector

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


def _snapshot(contract: Contract) -> dict:
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
            price = to_money(Decimal(str(row.get("unit_price", "")).replace("£", "").replace(",", "")))
        except (InvalidOperation, TypeError):
            price = None
        if not item or price is None or price < 0:
            problems.add("price_list", f"Price list line {number} needs an item and a unit price in pounds")
            continue
        cleaned.append({"item": item[:200], "unit": str(row.get("unit", ""))[:40], "unit_price": str(price)})
    if len({r["item"] for r in cleaned}) != len(cleaned):
        problems.add("price_list", "Each item appears once in the price list")
    return cleaned


def _kpi_problems(kpis: list[dict], problems: FieldProblems) -> list[dict]:
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
    try:
        amount = to_money(Decimal(str(value).replace("£", "").replace(",", "")))
    except (InvalidOperation, TypeError):
        amount = Decimal("-1")
    problems.check(amount > 0, "value", "Enter the contract's value in pounds, more than £0.00")
    try:
        term_ = _term(term)
    except ValidationFailed as exc:
        problems.add("term", exc.message)
        term_ = None
    problems.check(0 <= int(notice_months) <= 36, "notice_months", "Enter a notice period of 0 to 36 months")
    days = rules.DEFAULT_EXPIRING_DAYS if expiring_days is None else int(expiring_days)
    problems.check(1 <= days <= 730, "expiring_days", "Alert from 1 to 730 days before the end")
    prices = _price_list(price_list, problems)
    kpi_rows = _kpi_problems(kpis, problems)
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
    ContractKpi.objects.bulk_create(ContractKpi(contract=contract, **k) for k in kpi_rows)
    audit_record(
        actor=actor,
        action="contract.created",
        obj=contract,
        organisation_id=buyer.pk,
        after={
            **_snapshot(contract),
            "origin": origin,
            "buyer": buyer.code,
            "supplier": supplier.code,
            "term": term_.label(),
            "agreement": agreement.reference if agreement else None,
            "kpis": [k["code"] for k in kpi_rows],
        },
    )
    return contract


@transaction.atomic
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
            value=to_money(Decimal(str(fields.get("value", "0")))),
            term_months=term.total_months,
        )
        ensure_supplier_can_trade(lot, supplier)
    return _create(actor=actor, buyer=buyer, supplier=supplier, origin=origin, lot=lot, **fields)


def _locked(contract: Contract) -> Contract:
    return (
        Contract.objects.select_for_update(of=("self",))
        .select_related("buyer", "supplier")
        .get(pk=contract.pk)
    )


@transaction.atomic
def contract_sign(*, actor: Actor, contract: Contract, signed_on: date | None = None) -> Contract:
    contract = _locked(contract)
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


@transaction.atomic
def contract_extend(*, actor: Actor, contract: Contract) -> Contract:
    """Take the next extension option, before the current end date."""
    contract = _locked(contract)
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


@transaction.atomic
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
    contract = _locked(contract)
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


@transaction.atomic
def contract_exception_decide(
    *, actor: Actor, exception: ExtensionException, approve: bool, reason: str = ""
) -> ExtensionException:
    """An approver approves (the contract runs on at once) or refuses the exception."""
    exception = ExtensionException.objects.select_for_update().get(pk=exception.pk)
    contract = _locked(exception.contract)
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


def _typed(field: str, value):
    if field == "value":
        try:
            amount = to_money(Decimal(str(value).replace("£", "").replace(",", "")))
        except InvalidOperation:
            raise ValidationFailed.for_field("value", "Enter the value in pounds") from None
        if amount <= 0:
            raise ValidationFailed.for_field("value", "The value must be more than £0.00")
        return amount
    if field == "notice_months":
        try:
            months = int(value)
        except (TypeError, ValueError):
            raise ValidationFailed.for_field("notice_months", "Enter the notice period in months") from None
        if not 0 <= months <= 36:
            raise ValidationFailed.for_field("notice_months", "Enter a notice period of 0 to 36 months")
        return months
    return str(value).strip()


@transaction.atomic
def contract_vary(
    *, actor: Actor, contract: Contract, summary: str, changes: dict, agreed_on: date | None = None
) -> Variation:
    """Record a numbered amendment: each changed term before and after."""
    contract = _locked(contract)
    require(actor, "contracts.manage_contract", contract)
    if not summary.strip():
        raise ValidationFailed.for_field("summary", "Describe the variation")
    typed = {
        field: _typed(field, value) for field, value in changes.items() if field in rules.VARIABLE_FIELDS
    }
    unknown = {f: ("", "") for f in changes if f not in rules.VARIABLE_FIELDS}
    pairs = {f: (str(getattr(contract, f)), str(v)) for f, v in typed.items()} | unknown
    refusal = rules.variation_refusal(contract.facts(), clock.today(), pairs)
    if refusal:
        raise refusal.error(contract=contract.reference)
    if "value" in typed:
        from caremarket.contracts.services.orders import _committed

        committed = _committed(contract)
        if typed["value"] < committed:
            raise RuleViolation(
                f"Orders worth £{committed:,.2f} are already placed: the value cannot go below that",
                code=ErrorCode.VARIATION_INVALID,
            )
    recorded = {
        f: {"before": str(getattr(contract, f)), "after": str(v)}
        for f, v in typed.items()
        if str(getattr(contract, f)) != str(v)
    }
    for field, value in typed.items():
        setattr(contract, field, value)
    contract.touch()
    contract.save()
    number = (contract.variations.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    variation = Variation.objects.create(
        contract=contract,
        number=number,
        summary=summary.strip(),
        changes=recorded,
        agreed_on=agreed_on or clock.today(),
        recorded_by=actor.person,
    )
    audit_record(
        actor=actor,
        action="contract.varied",
        obj=contract,
        organisation_id=contract.buyer_id,
        before={f: c["before"] for f, c in recorded.items()},
        after={**{f: c["after"] for f, c in recorded.items()}, "variation": number},
    )
    return variation


@transaction.atomic
def contract_terminate(*, actor: Actor, contract: Contract, reason: str, on: date | None = None) -> Contract:
    contract = _locked(contract)
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


@transaction.atomic
def kpi_add(
    *,
    actor: Actor,
    contract: Contract,
    code: str,
    name: str,
    target,
    domain: str = Domain.SERVICES,
    direction: str = Direction.HIGHER,
    unit: str = "",
) -> ContractKpi:
    contract = _locked(contract)
    require(actor, "contracts.manage_contract", contract)
    problems = FieldProblems()
    rows = _kpi_problems(
        [
            {
                "code": code,
                "name": name,
                "target": target,
                "domain": domain,
                "direction": direction,
                "unit": unit,
            }
        ],
        problems,
    )
    problems.raise_if_any()
    if contract.kpis.filter(code=rows[0]["code"]).exists():
        raise Conflict(
            f"{contract.reference} already has a KPI {rows[0]['code']}", code=ErrorCode.KPI_INVALID
        )
    kpi = ContractKpi.objects.create(contract=contract, **rows[0])
    audit_record(
        actor=actor,
        action="contract.kpi_added",
        obj=kpi,
        organisation_id=contract.buyer_id,
        after={"contract": contract.reference, **rows[0]},
    )
    return kpi


@transaction.atomic
def subcontract_add(
    *, actor: Actor, contract: Contract, subcontractor: Organisation, share_percent, services: str = ""
) -> Subcontract:
    """Name a subcontractor under the contract's lead provider, with its share of the contract."""
    contract = _locked(contract)
    require(actor, "contracts.manage_contract", contract)
    if subcontractor.sector != Sector.SUPPLIER:
        raise ValidationFailed.for_field("subcontractor", f"{subcontractor.name} is not a supplier")
    try:
        share = Decimal(str(share_percent)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValidationFailed.for_field(
            "share_percent", "Enter the share as a percentage, like 25"
        ) from None
    existing = [
        rules.SubcontractFacts(s.subcontractor.code, s.share_percent)
        for s in contract.subcontracts.select_related("subcontractor")
    ]
    refusal = rules.subcontract_refusal(
        contract.supplier.code, existing, rules.SubcontractFacts(subcontractor.code, share)
    )
    if refusal:
        raise refusal.error(contract=contract.reference)
    sub = Subcontract.objects.create(
        contract=contract, subcontractor=subcontractor, share_percent=share, services=services.strip()[:255]
    )
    audit_record(
        actor=actor,
        action="contract.subcontractor_added",
        obj=sub,
        organisation_id=contract.buyer_id,
        after={"contract": contract.reference, "subcontractor": subcontractor.code, "share_percent": share},
    )
    return sub


def _contract_people(organisation_id: int) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(
                organisation_id=organisation_id, role__in=[Role.PROCUREMENT_LEAD, Role.APPROVER]
            ).values_list("person__email", flat=True)
        )
    )


@transaction.atomic
def contracts_send_expiry_alerts(*, actor: Actor, today: date | None = None) -> list[Contract]:
    """Email the buyer's procurement leads and approvers about each contract that has entered
    its expiring window, once per window (an extension resets it)."""
    require(actor, "agreements.import_definitions")  # the platform itself, or its administrators
    today = today or clock.today()
    due = []
    candidates = Contract.objects.select_for_update().filter(
        stage=rules.ContractStatus.SIGNED, expiry_alerted_on__isnull=True, ends_on__gte=today
    )
    for contract in candidates.select_related("buyer", "supplier"):
        if contract.status(today) != rules.ContractStatus.EXPIRING:
            continue
        contract.expiry_alerted_on = today
        contract.save(update_fields=["expiry_alerted_on"])
        due.append(contract)
        recipients = _contract_people(contract.buyer_id)
        options = contract.options_left
        subject = f"{contract.reference} ends on {contract.ends_on:%d %B %Y}"
        body = (
            f"{contract.title} with {contract.supplier.name} ends on {contract.ends_on:%d %B %Y}.\n\n"
            + (
                f"It has an extension option of {options[0]} months left."
                if options
                else "It has no extension options left: plan its re-procurement now."
            )
            + f"\n\nSee it on Caremarket: /contracts/{contract.reference}\n"
        )
        if recipients:
            transaction.on_commit(
                lambda s=subject, b=body, r=recipients: send_mail(s, b, None, r, fail_silently=False)
            )
        audit_record(
            actor=actor,
            action="contract.expiry_alerted",
            obj=contract,
            organisation_id=contract.buyer_id,
            after={"ends_on": contract.ends_on, "recipients": len(recipients)},
        )
    return due
