"""Defining a contract's KPIs (name, unit, target, direction, period and amber limit) and
reminding suppliers of KPI results due for the last period that ended."""

from datetime import date

from caremarket.audit.services import audit_record
from caremarket.contracts.models import Contract, ContractKpi
from caremarket.contracts.services.contracts import _locked_contract
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.notifications.services import notify, people_with_roles
from caremarket.rules import performance as rules
from caremarket.rules.contracts import IN_FORCE, ContractStatus
from caremarket.rules.notifications import MessageKind, message_key
from caremarket.rules.roles import Role


@service
def kpi_define(
    *,
    actor: Actor,
    contract: Contract,
    name: str,
    unit: str,
    target,
    direction: str = rules.Direction.HIGHER,
    frequency: str = rules.Frequency.MONTHLY,
    domain: str = rules.Domain.SERVICES,
    amber_limit=None,
    code: str = "",
) -> ContractKpi:
    """The buyer's contract managers add a KPI to a contract; its code comes from its name."""
    contract = _locked_contract(contract)
    require(actor, "contracts.define_kpi", contract)
    definition, problems = rules.kpi_definition(
        name=name,
        unit=unit,
        target=target,
        direction=direction,
        frequency=frequency,
        domain=domain,
        amber_limit=amber_limit,
        code=code,
        taken=set(contract.kpis.values_list("code", flat=True)),
    )
    if definition is None:
        raise ValidationFailed(
            next(iter(problems.values())),
            code=ErrorCode.KPI_INVALID,
            details={"fields": {field: [message] for field, message in problems.items()}},
        )
    kpi = ContractKpi.objects.create(
        contract=contract,
        code=definition.code,
        name=definition.name,
        unit=definition.unit,
        target=definition.target,
        direction=definition.direction,
        frequency=definition.frequency,
        domain=definition.domain,
        amber_limit=definition.amber_limit,
        created_by=actor.person,
    )
    audit_record(
        actor=actor,
        action="contract.kpi_defined",
        obj=kpi,
        organisation_id=contract.buyer_id,
        after={
            "contract": contract.reference,
            "code": kpi.code,
            "name": kpi.name,
            "unit": kpi.unit,
            "target": kpi.target,
            "direction": kpi.direction,
            "frequency": kpi.frequency,
            "amber_limit": kpi.amber_limit,
        },
    )
    return kpi


@service
def kpi_reminders_send(
    *, actor: Actor, today: date | None = None
) -> list[tuple[Contract, list[ContractKpi]]]:
    """Tell each signed contract's supplier which KPIs have no result for the last period that
    ended; once per contract and period (safe to run daily from cron)."""
    require(actor, "agreements.import_definitions")  # the platform itself, or its administrators
    today = today or clock.today()
    told = []
    contracts = Contract.objects.filter(stage=ContractStatus.SIGNED, starts_on__lte=today).select_related(
        "supplier"
    )
    for contract in contracts.order_by("reference"):
        if contract.status(today) not in IN_FORCE:
            continue
        missing: dict[date, list[ContractKpi]] = {}
        for kpi in contract.kpis.order_by("code"):
            period = rules.last_ended_period(today, kpi.frequency)
            if rules.period_end(period, kpi.frequency) < contract.starts_on:
                continue
            if not kpi.returns.filter(period=period).exists():
                missing.setdefault(period, []).append(kpi)
        for period, kpis in sorted(missing.items()):
            frequency = kpis[0].frequency
            named = rules.period_name(period, frequency)
            lines = "\n".join(f"- {k.name} (target {k.target_label})" for k in kpis)
            sent = notify(
                people_with_roles([contract.supplier_id], [Role.SUPPLIER_USER]),
                kind=MessageKind.KPI_RETURN_DUE,
                subject=f"KPI results due for {named} on {contract.reference}",
                body=f"{contract.title} ({contract.reference}) has no result yet for {named} on:\n"
                f"{lines}\n\nReport them on the contract's performance page.",
                link=f"/contracts/{contract.reference}/performance",
                organisation=contract.supplier,
                key=message_key(MessageKind.KPI_RETURN_DUE, contract.reference, period.isoformat()),
            )
            if sent:
                told.append((contract, kpis))
                audit_record(
                    actor=actor,
                    action="kpi_return.reminded",
                    obj=contract,
                    organisation_id=contract.supplier_id,
                    after={"period": period, "kpis": [k.code for k in kpis], "people": len(sent)},
                )
    return told
