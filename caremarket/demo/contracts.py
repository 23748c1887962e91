"""The demo world's contracts: HSCN connectivity for NHS Suffolk and North East Essex from
Northway under RM3825 (live, with last month's order for two sites and its KPI history), a
business intelligence contract expiring soon, an NHS SLA, a lead provider with subcontractors,
an ended contract; management fee returns (one invoiced and paid, one late), a backstop, site
migration in two organisations, a suspension proposal, GP IT allocations and choices, and the
contract that followed the award of the Suffolk public services buying club, whose catalogue
its members order from."""

from datetime import timedelta
from decimal import Decimal

from caremarket.agreements import services as agreement_services
from caremarket.agreements.models import Agreement
from caremarket.contracts import services
from caremarket.contracts.models import Order, OrderLine, SiteDelivery
from caremarket.core import clock
from caremarket.demo.registry import DEMO_PASSWORD, DemoWorld, SignIn, demo_loader
from caremarket.orgs import services as org_services
from caremarket.orgs.choices import CertificationScheme, OrganisationType, Region
from caremarket.orgs.selectors import build_actor
from caremarket.rules.agreements import add_months
from caremarket.rules.fees import month_start
from caremarket.rules.performance import last_ended_period
from caremarket.rules.roles import ROLE_LABELS, Role, Sector

HSCN_PRICES = [
    {"item": "HSCN connection 100 Mbit/s", "unit": "per_connection", "unit_price": "289.00"},
    {"item": "HSCN connection 1 Gbit/s", "unit": "per_connection", "unit_price": "695.00"},
    {"item": "Installation", "unit": "per_connection", "unit_price": "1450.00"},
    {"item": "Managed router", "unit": "per_device", "unit_price": "120.00"},
]
HSCN_KPIS = [
    {
        "code": "availability",
        "name": "Service availability",
        "target": "99.5",
        "unit": "%",
        "domain": "services",
    },
    {
        "code": "fix-time",
        "name": "Time to fix a priority 1 fault",
        "target": "4",
        "unit": "hours",
        "direction": "lower_is_better",
        "domain": "customer",
    },
    {
        "code": "install-on-time",
        "name": "Sites installed by the date agreed",
        "target": "95",
        "unit": "%",
        "domain": "business",
    },
    {
        "code": "engineers",
        "name": "Engineers vetted and trained",
        "target": "100",
        "unit": "%",
        "domain": "staff_and_resources",
    },
]


def _months_ago(n: int):
    month = month_start(clock.today())
    for _ in range(n):
        month = month_start(month - timedelta(days=1))
    return month


def _backdate(order: Order, day, required_by: dict | None = None) -> None:
    """Demo history: an order placed on an earlier day, its sites needed by the dates given."""
    Order.objects.filter(pk=order.pk).update(placed_on=day)
    for code, needed in (required_by or {}).items():
        SiteDelivery.objects.filter(order=order, site__code=code).update(required_by=needed)
        OrderLine.objects.filter(order=order, site__code=code).update(delivery_date=needed)


@demo_loader(order=60)
def contracts(world: DemoWorld) -> None:
    lead = build_actor(world.people["lead"], world.orgs["QJG"].pk)
    today = clock.today()
    rm3825 = Agreement.objects.get(reference="RM3825")
    lot1 = rm3825.lots.get(number=1)
    system = world.actor

    hscn = services.contract_record(
        actor=lead,
        buyer=world.orgs["QJG"],
        supplier=world.orgs["S1001"],
        origin="existing",
        lot=lot1,
        reference="CT-QJG-HSCN",
        title="HSCN connectivity for Suffolk and North East Essex",
        value="2400000",
        starts_on=month_start(add_months(today, -12)),
        term="3+1+1",
        notice_months=6,
        service_specification="Managed HSCN connections, routers and support for every site of the ICB.",
        payment_mechanism="Monthly in arrears per connection",
        has_dpa=True,
        price_list=HSCN_PRICES,
        kpis=HSCN_KPIS,
    )
    services.contract_sign(actor=lead, contract=hscn, signed_on=hscn.starts_on)
    buyer = build_actor(world.people["buyer"], world.orgs["QJG"].pk)
    last = _months_ago(1)
    order = services.order_place(
        actor=buyer,
        buyer=world.orgs["QJG"],
        contract=hscn,
        title="Connections for the two main offices",
        lines=[
            {
                "item": "HSCN connection 1 Gbit/s",
                "quantity": 1,
                "site": "QJG-END",
                "delivery_date": today,
            },
            {
                "item": "HSCN connection 100 Mbit/s",
                "quantity": 1,
                "site": "QJG-WSH",
                "delivery_date": today + timedelta(days=40),
            },
            {"item": "Installation", "quantity": 2},
        ],
    )
    _backdate(order, last + timedelta(days=9), {"QJG-END": today - timedelta(days=10)})
    supplier = build_actor(world.people["supplier"], world.orgs["S1001"].pk)
    end = order.deliveries.get(site__code="QJG-END")
    for stage in ("installed", "live"):
        services.site_delivery_advance(actor=supplier, delivery=end, stage=stage)
    world.say(f"  {hscn.reference}: live, order {order.revision_id} for two sites")

    # KPI history: six months, availability dipping once; a plan to fix faster.
    results = {
        "availability": ["99.8", "99.7", "99.2", "99.9", "99.6", "99.8"],
        "fix-time": ["3.5", "4.1", "5.5", "3.8", "3.2", "3.0"],
        "install-on-time": ["100", "96", "90", "97", "100", "100"],
        "engineers": ["100", "100", "100", "100", "100", "100"],
    }
    for code, values in results.items():
        kpi = hscn.kpis.get(code=code)
        for i, value in enumerate(values):
            services.kpi_return_submit(actor=supplier, kpi=kpi, period=_months_ago(6 - i), actual=value)
    services.feedback_give(actor=buyer, contract=hscn, domain="customer", stars=4, comment="Quick to respond")
    services.feedback_give(
        actor=buyer, contract=hscn, domain="services", stars=5, comment="No outages at all"
    )
    services.self_assessment_submit(
        actor=supplier,
        contract=hscn,
        period=last,
        scores={"customer": 4, "business": 4, "staff_and_resources": 5, "services": 4},
    )
    services.improvement_plan_open(
        actor=lead,
        contract=hscn,
        title="Faster priority 1 fixes",
        actions="A second engineer on call in the east; spares held at Ipswich.",
        due_on=today + timedelta(days=60),
        kpi=hscn.kpis.get(code="fix-time"),
    )

    # Management fees on RM3825: Northway's return two months ago invoiced and paid; the
    # return for last month is still to make.
    manager = build_actor(world.people["manager"])
    earlier = services.order_place(
        actor=buyer,
        buyer=world.orgs["QJG"],
        contract=hscn,
        title="Router refresh",
        lines=[{"item": "Managed router", "quantity": 3, "site": "QJG-ROW"}],
    )
    _backdate(earlier, _months_ago(2) + timedelta(days=4))
    SiteDelivery.objects.filter(order=earlier).update(
        stage="migrated", installed_on=today, live_on=today, migrated_on=today
    )
    content = (
        "order_reference,customer_code,invoice_date,description,value\n"
        f"{earlier.reference},QJG,{_months_ago(2) + timedelta(days=20)},Managed routers,360.00\n"
        f",RGR,{_months_ago(2) + timedelta(days=22)},HSCN connection bought off the platform,289.00\n"
    ).encode()
    paid = services.fee_return_submit(
        actor=supplier,
        supplier=world.orgs["S1001"],
        agreement=rm3825,
        period=_months_ago(2),
        file_name="return.csv",
        content=content,
    )
    invoice = services.fee_invoice_issue(actor=manager, fee_return=paid)
    services.fee_invoice_record_payment(actor=manager, invoice=invoice, amount=invoice.amount)

    # A second connectivity contract, for the hospital trust, with Brightline (S1003).
    trust_lead = build_actor(world.people["lead"], world.orgs["RGR"].pk)
    trust = services.contract_record(
        actor=system,
        buyer=world.orgs["RGR"],
        supplier=world.orgs["S1003"],
        origin="existing",
        lot=lot1,
        reference="CT-RGR-HSCN",
        title="HSCN connectivity for West Suffolk hospitals",
        value="600000",
        starts_on=month_start(today - timedelta(days=200)),
        term="2+1",
        price_list=HSCN_PRICES,
        kpis=HSCN_KPIS[:2],
    )
    services.contract_sign(actor=system, contract=trust, signed_on=trust.starts_on)
    trust_order = services.order_place(
        actor=trust_lead,
        buyer=world.orgs["RGR"],
        contract=trust,
        title="Both hospitals",
        lines=[
            {
                "item": "HSCN connection 1 Gbit/s",
                "quantity": 1,
                "site": "RGR01",
                "delivery_date": today,
            },
            {
                "item": "HSCN connection 100 Mbit/s",
                "quantity": 1,
                "site": "RGR02",
                "delivery_date": today,
            },
        ],
    )
    _backdate(
        trust_order,
        _months_ago(3) + timedelta(days=2),
        {"RGR01": today - timedelta(days=30), "RGR02": today - timedelta(days=5)},
    )
    SiteDelivery.objects.filter(order=trust_order, site__code="RGR01").update(
        stage="migrated", migrated_on=today
    )
    # Brightline's return for two months ago came in late; none came for last month.
    late = services.fee_return_submit(
        actor=system, supplier=world.orgs["S1003"], agreement=rm3825, period=_months_ago(2), nil=True
    )
    from caremarket.contracts.models import FeeReturn

    FeeReturn.objects.filter(pk=late.pk).update(submitted_at=clock.now() - timedelta(days=1))
    flags = services.fee_flags_raise(actor=manager, agreement=rm3825, months_back=3)
    world.say(f"  RM3825 fees: invoice {invoice.number} paid; {len(flags)} flags for the review")

    # Commissioning support for business intelligence, expiring within three months.
    bi = services.contract_record(
        actor=lead,
        buyer=world.orgs["QJG"],
        supplier=world.orgs["S1006"],
        origin="existing",
        reference="CT-QJG-BI",
        title="Business intelligence and population health analytics",
        value="180000",
        starts_on=add_months(today, -36) + timedelta(days=60),
        term="3",
        notice_months=3,
        kpis=[
            {
                "code": "reports-on-time",
                "name": "Monthly reports on time",
                "target": "100",
                "unit": "%",
                "domain": "customer",
            }
        ],
    )
    services.contract_sign(actor=lead, contract=bi, signed_on=bi.starts_on)
    kpi = bi.kpis.get()
    for months, value in ((3, "80"), (2, "75"), (1, "70")):
        services.kpi_return_submit(actor=system, kpi=kpi, period=_months_ago(months), actual=value)
    services.contract_exception_request(
        actor=lead,
        contract=bi,
        months=6,
        reason="The re-procurement through the ACS and STP development partners framework starts next month",
        reprocurement_starts_on=today + timedelta(days=30),
        reprocurement_award_by=bi.ends_on + timedelta(days=120),
    )

    # An NHS SLA for back-office services, and a lead provider with two subcontractors.
    sla = services.contract_record(
        actor=lead,
        buyer=world.orgs["QJG"],
        supplier=world.orgs["L3001"],
        origin="nhs_sla",
        reference="SLA-QJG-BSS",
        title="Payroll and finance back-office SLA",
        value="95000",
        starts_on=month_start(today - timedelta(days=90)),
        term="1+1",
        payment_mechanism="Quarterly in advance",
    )
    services.contract_sign(actor=lead, contract=sla, signed_on=sla.starts_on)
    alliance = services.contract_record(
        actor=lead,
        buyer=world.orgs["QJG"],
        supplier=world.orgs["S1007"],
        origin="mcp_gateway",
        reference="CT-QJG-REDESIGN",
        title="Support for redesign of community services",
        value="420000",
        starts_on=month_start(today - timedelta(days=30)),
        term="2+1",
        risk_share="50:50 beyond 5% of the target cost",
        tupe=True,
    )
    services.contract_sign(actor=lead, contract=alliance, signed_on=alliance.starts_on)
    services.subcontract_add(
        actor=lead,
        contract=alliance,
        subcontractor=world.orgs["V2001"],
        share_percent="20",
        services="Public engagement",
    )
    services.subcontract_add(
        actor=lead,
        contract=alliance,
        subcontractor=world.orgs["S1006"],
        share_percent="15",
        services="Demand modelling",
    )
    ended = services.contract_record(
        actor=system,
        buyer=world.orgs["QJG"],
        supplier=world.orgs["S1003"],
        origin="existing",
        reference="CT-QJG-N3",
        title="N3 legacy network services",
        value="300000",
        starts_on=add_months(today, -60),
        term="4",
    )
    services.contract_sign(actor=system, contract=ended, signed_on=ended.starts_on)

    # Continuity of supply: a backstop for HSCN connectivity.
    services.backstop_create(
        actor=lead,
        owner=world.orgs["QJG"],
        category="hscn_connectivity",
        title="HSCN connectivity backstop",
        suppliers=[world.orgs["S1004"], world.orgs["S1003"]],
    )
    _continuity(world, lead, lot1)

    # GP IT: allocations on GP IT Futures, accredited solutions, a practice's choice and request.
    gpit = Agreement.objects.get(reference="GPIT-FUTURES")
    year = today.year if today.month >= 4 else today.year - 1
    allocation = services.allocation_set(
        actor=system, agreement=gpit, commissioner=world.orgs["QJG"], financial_year=year, amount="1250000"
    )
    _spend_allocation(world, allocation)
    greenfield = world.orgs["S1008"]
    for name, foundation, accredited, supported in (
        ("Greenfield Clinical Foundation", True, True, True),
        ("Greenfield Appointments", False, True, True),
        ("Orchard PAS 4", True, False, True),
        ("LegacyLab 2", False, False, False),
    ):
        services.solution_record(
            actor=system,
            name=name,
            supplier=greenfield,
            is_foundation=foundation,
            accredited=accredited,
            supported=supported,
        )
    practice = world.orgs["D83012"]
    from caremarket.contracts.models import GpitSolution

    services.foundation_choose(
        actor=system,
        practice=practice,
        solution=GpitSolution.objects.get(name="Greenfield Clinical Foundation"),
    )
    services.own_system_request(
        actor=system,
        practice=practice,
        commissioner=world.orgs["QJG"],
        system_name="Dermatology imaging viewer",
        purpose="Send images with referrals from the practice",
    )
    world.say(
        f"  contracts: HSCN worth £{Decimal(hscn.value):,.0f}, BI expiring, an SLA, a lead provider, GP IT"
    )
    _club_contract(world)
    _performance_proposal(world)
    _contract_changes(world, lead)


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


def _spend_allocation(world: DemoWorld, allocation) -> None:
    """The ICB has spent most of its GP IT allocation: foundation solutions for its practices
    (Orchard House Surgery among them) and training, from Greenfield's GP IT Futures catalogue."""
    from caremarket.contracts.pricing import lot_book

    buyer = build_actor(world.people["buyer"], world.orgs["QJG"].pk)
    supplier = world.orgs["S1008"]
    plans = (
        (
            1,
            "per_head_of_population",
            "Foundation solution for Suffolk and North East Essex practices",
            "0.85",
        ),
        (3, "day_rate", "Clinical system training for practice staff", "0.01"),
    )
    for number, unit, title, share in plans:
        lot = allocation.agreement.lots.get(number=number)
        entries = list(lot_book(lot, supplier).entries.values())
        entries.sort(key=lambda e: e.first.unit != unit)  # the unit wanted first, if it is sold
        if not entries:
            continue
        item, price = entries[0].key, entries[0].first.unit_price
        lines = []
        if number == 1:  # the practice's own population first, delivered to its site
            lines.append({"item": item, "quantity": 12400, "recipient": "D83012", "site": "D83012"})
        budget = allocation.amount * Decimal(share) - sum(price * li["quantity"] for li in lines)
        while budget >= price and len(lines) < 6:
            quantity = min(100_000, int(budget / price))
            lines.append({"item": item, "quantity": quantity})
            budget -= price * quantity
        if lines:
            services.order_place(
                actor=buyer,
                buyer=world.orgs["QJG"],
                lot=lot,
                supplier=supplier,
                procedure="direct_award",
                allocation=allocation,
                title=title,
                lines=lines,
            )


def _club_contract(world: DemoWorld) -> None:
    """The contract after the Suffolk public services award (standstill long over), signed."""
    from caremarket.competitions.models import Competition
    from caremarket.demo.competitions import CLUB_TITLE

    competition = Competition.objects.filter(title=CLUB_TITLE, stage="awarded").first()
    if competition is None:
        return
    lead = build_actor(world.people["clubs"], world.orgs["X26"].pk)
    contract = services.contract_create_from_award(
        actor=lead,
        competition=competition,
        starts_on=month_start(clock.today()),
        reference="CT-X26-SUFFOLK-PS",
        notice_months=6,
        service_specification="HSCN connections for the club's members, ordered from its catalogue.",
        payment_mechanism="Monthly in arrears per connection, invoiced to each member",
        has_dpa=True,
    )
    services.contract_sign(actor=lead, contract=contract, signed_on=contract.starts_on)
    world.say(f"  {contract.reference}: from {competition.reference}; the club's members order from it")
    _club_order(world, competition.buying_club)


def _club_order(world: DemoWorld, club) -> None:
    """The county council orders three of its sites from the club's catalogue; Northway has
    migrated two of them off the legacy network and brought the third live."""
    council = world.orgs["E10000029"]
    sites = list(council.sites.order_by("code").values_list("code", flat=True))[3:6]
    if len(sites) < 3:
        return
    order = services.order_place(
        actor=build_actor(world.people["council_buyer"], council.pk),
        buyer=council,
        club=club,
        title="HSCN connections for three council offices",
        lines=[
            {"item": "per_connection (100 Mbps)", "quantity": 1, "site": code, "delivery_date": clock.today()}
            for code in sites
        ],
    )
    northway = build_actor(world.people["supplier"], world.orgs["S1001"].pk)
    deliveries = list(SiteDelivery.objects.filter(order=order).order_by("site__code"))
    for delivery, last in zip(deliveries, ("migrated", "migrated", "live"), strict=True):
        for stage in ("installed", "live", "migrated")[: ("installed", "live", "migrated").index(last) + 1]:
            services.site_delivery_advance(actor=northway, delivery=delivery, stage=stage)
    world.say(f"  {order.reference}: {council.name} ordered 3 sites from {club.name}; 2 migrated")


def _continuity(world: DemoWorld, lead, lot1) -> None:
    """Continuity of supply: RM3825 lot 1's backstops (the East of England's, and every
    region's, two suppliers each in order of call), two more Northway HSCN contracts of the ICB,
    and a handover under way on one of them (Northway is leaving; Meridian takes it on, with
    two checklist items done). The other, CT-QJG-HSCN-WSH, is left for a buyer to call on."""
    manager = build_actor(world.people["manager"])
    lot1.agreement = Agreement.objects.get(pk=lot1.agreement_id)
    services.lot_backstop_create(
        actor=manager,
        lot=lot1,
        region="east",
        title="HSCN connectivity backstop, East of England",
        suppliers=[world.orgs["S1003"], world.orgs["S1004"]],
    )
    services.lot_backstop_create(
        actor=manager,
        lot=lot1,
        region="",
        title="HSCN connectivity backstop, every region",
        suppliers=[world.orgs["S1004"], world.orgs["S1003"]],
    )
    today = clock.today()
    contracts = {}
    for reference, site in (("CT-QJG-HSCN-ROW", "Rowan House"), ("CT-QJG-HSCN-WSH", "West Suffolk House")):
        contract = services.contract_record(
            actor=lead,
            buyer=world.orgs["QJG"],
            supplier=world.orgs["S1001"],
            origin="existing",
            lot=lot1,
            reference=reference,
            title=f"HSCN connectivity for {site}",
            value="180000",
            starts_on=month_start(add_months(today, -6)),
            term="3",
            notice_months=3,
            service_specification=f"A managed HSCN connection and router for {site}, with support.",
            payment_mechanism="Monthly in arrears per connection",
            has_dpa=True,
            price_list=HSCN_PRICES,
            kpis=HSCN_KPIS,
        )
        contracts[reference] = services.contract_sign(
            actor=lead, contract=contract, signed_on=contract.starts_on
        )
    backstop = lot1.backstops.get(region="east")
    handover = services.backstop_trigger(
        actor=lead,
        backstop=backstop,
        contract=contracts["CT-QJG-HSCN-ROW"],
        reason="supplier_exit",
        details="Northway Networks has told the ICB it is leaving the HSCN market in the East of England.",
    )
    items = list(handover.items.order_by("position"))
    services.handover_item_complete(
        actor=build_actor(world.people["supplier"], world.orgs["S1001"].pk),
        item=items[0],
        note="Site records and circuit IDs sent to Meridian by secure transfer",
    )
    services.handover_item_complete(
        actor=build_actor(world.people["meridian_bids"], world.orgs["S1003"].pk),
        item=items[3],
        note="New router credentials issued; old ones revoked",
    )
