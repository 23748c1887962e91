"""The demo contracts' performance and changes: Kestrel Service Desk (admitted to RM3825 lot 1),
its service desk contract with red KPI months, a suspension proposal and an improvement plan,
and a contract with an extension taken and a variation. Called by the `contracts` loader in
`caremarket.demo.contracts`."""

from datetime import timedelta

from caremarket.agreements import services as agreement_services
from caremarket.agreements.models import Agreement
from caremarket.contracts import services
from caremarket.core import clock
from caremarket.demo.contracts_supply import _months_ago
from caremarket.demo.registry import DEMO_PASSWORD, DemoWorld, SignIn
from caremarket.orgs import services as org_services
from caremarket.orgs.choices import CertificationScheme, OrganisationType, Region
from caremarket.orgs.selectors import build_actor
from caremarket.rules.agreements import add_months
from caremarket.rules.fees import month_start
from caremarket.rules.performance import last_ended_period
from caremarket.rules.roles import ROLE_LABELS, Role, Sector

KESTREL_SUPPORT_EMAIL = "support@kestrel.example"


def _contract_changes(world: DemoWorld, lead) -> None:
    """A contract whose history shows what happened: its first extension option taken, a
    variation of its value and notice period, and one option still to take (the browser
    journey takes it, after the confirmation page)."""
    today = clock.today()
    equipment = services.contract_record(
        actor=lead,
        buyer=world.orgs["QJG"],
        supplier=world.orgs["S1006"],
        origin="existing",
        reference="CT-QJG-EQUIP",
        title="Community equipment service",
        value="2400000",
        starts_on=month_start(add_months(today, -30)),
        term="3+1+1",
        notice_months=6,
        payment_mechanism="Monthly in arrears per item delivered",
    )
    services.contract_sign(actor=lead, contract=equipment, signed_on=equipment.starts_on)
    services.contract_extend(actor=lead, contract=equipment)
    services.contract_vary(
        actor=lead,
        contract=equipment,
        summary="Two more community hubs join the service; a shorter notice period agreed",
        changes={"value": "£2,550,000.00", "notice_months": "3"},
    )
    world.say(f"  {equipment.reference}: one option taken, varied to £2,550,000.00, one option left")


def _kestrel(world: DemoWorld):
    """Kestrel Service Desk Ltd: an SME admitted to RM3825 lot 1, compliant and trading."""
    today = clock.today()
    kestrel = org_services.organisation_create(
        actor=world.actor,
        code="S1009",
        name="Kestrel Service Desk Ltd",
        sector=Sector.SUPPLIER,
        org_type=OrganisationType.PRIVATE,
        region=Region.EAST,
        is_sme=True,
    )
    world.orgs["kestrel"] = world.orgs["S1009"] = kestrel
    for number, (scheme, months) in enumerate(
        [(CertificationScheme.HSCN_COMPLIANCE, 14), (CertificationScheme.DSPT, 9)], start=1
    ):
        expires = today + timedelta(days=30 * months)
        org_services.certification_declare(
            actor=world.actor,
            organisation=kestrel,
            scheme=scheme,
            reference=f"S1009-{scheme.upper()}-{number:02d}",
            valid_from=expires - timedelta(days=365),
            expires_on=expires,
        )
    lot = Agreement.objects.get(reference="RM3825").lots.get(number=1)
    agreement_services.lot_supplier_record(
        actor=world.actor,
        lot=lot,
        supplier=kestrel,
        admitted_on=max(lot.agreement.starts_on, today - timedelta(days=365)),
        reason="Admitted at award, before the agreement came to Caremarket",
    )
    return kestrel


def _performance_proposal(world: DemoWorld) -> None:
    """Kestrel's service desk contract under RM3825 lot 1: KPIs with units (one quarterly, one
    with an amber limit), three red months of calls answered that raised a suspension proposal
    waiting for the category manager, an improvement plan with progress, and feedback.
    Kestrel is admitted to the lot and trades there (unlike Albion, already suspended for its
    fees), so a suspension decision takes it off the lot's invitable list."""
    lead = build_actor(world.people["lead"], world.orgs["QJG"].pk)
    buyer = build_actor(world.people["buyer"], world.orgs["QJG"].pk)
    kestrel = _kestrel(world)
    person = org_services.person_register(
        actor=world.actor,
        email=KESTREL_SUPPORT_EMAIL,
        full_name="Priya Nair",
        job_title="Service delivery manager",
        password=DEMO_PASSWORD,
    )
    org_services.membership_grant(
        actor=world.actor,
        organisation=kestrel,
        email=KESTREL_SUPPORT_EMAIL,
        role=Role.SUPPLIER_USER,
        invite=False,
    )
    world.people["kestrel"] = person
    world.sign_ins.append(
        SignIn(
            ROLE_LABELS[Role.SUPPLIER_USER],
            KESTREL_SUPPORT_EMAIL,
            kestrel.name,
            "reports the service desk KPIs",
        )
    )
    today = clock.today()
    lot1 = Agreement.objects.get(reference="RM3825").lots.get(number=1)
    desk = services.contract_record(
        actor=lead,
        buyer=world.orgs["QJG"],
        supplier=kestrel,
        origin="existing",
        lot=lot1,
        reference="CT-QJG-DESK",
        title="HSCN service desk and monitoring",
        value="320000",
        starts_on=month_start(add_months(today, -10)),
        term="2+1",
        kpis=[
            {
                "code": "calls-answered",
                "name": "Calls answered within 30 seconds",
                "target": "90",
                "amber_limit": "85",
                "unit": "%",
                "domain": "customer",
            },
            {
                "code": "p1-response",
                "name": "Response to a priority 1 incident",
                "target": "15",
                "amber_limit": "20",
                "unit": "minutes",
                "direction": "lower_is_better",
                "domain": "services",
            },
            {
                "code": "staff-trained",
                "name": "Desk staff trained on HSCN changes",
                "target": "100",
                "unit": "%",
                "frequency": "quarterly",
                "domain": "staff_and_resources",
            },
        ],
    )
    services.contract_sign(actor=lead, contract=desk, signed_on=desk.starts_on)
    supplier = build_actor(person, kestrel.pk)
    history = {
        "calls-answered": ["92", "88", "91", "80", "78", "76"],
        "p1-response": ["12", "14", "18", "13", "16", "22"],
    }
    for code, values in history.items():
        kpi = desk.kpis.get(code=code)
        for i, value in enumerate(values):
            services.kpi_return_submit(actor=supplier, kpi=kpi, period=_months_ago(6 - i), actual=value)
    quarter = last_ended_period(today, "quarterly")
    trained = desk.kpis.get(code="staff-trained")
    services.kpi_return_submit(actor=supplier, kpi=trained, period=quarter, actual="96")
    services.feedback_give(
        actor=buyer,
        contract=desk,
        domain="customer",
        stars=2,
        comment="Long waits on the phone since the summer",
    )
    plan = services.improvement_plan_open(
        actor=lead,
        contract=desk,
        title="Answer calls within 30 seconds again",
        actions="Two more agents on the morning shift; a call-back option when the queue is long.",
        due_on=today + timedelta(days=45),
        kpi=desk.kpis.get(code="calls-answered"),
        form_key="demo-desk-plan",
    )
    services.plan_progress_record(
        actor=supplier, plan=plan, progress="One agent hired; the second starts next month."
    )
    world.say(f"  {desk.reference}: three red months of calls answered, a suspension proposal waiting")
