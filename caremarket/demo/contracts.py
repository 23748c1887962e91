"""The demo world's contracts: HSCN connectivity for NHS Suffolk and North East Essex from
Northway under RM3825 (live, with last month's order for two sites and its KPI history), a
business intelligence contract expiring soon, an NHS SLA, a lead provider with subcontractors,
an ended contract; management fee returns (one invoiced and paid, one late), a backstop, site
migration in two organisations, a suspension proposal, GP IT allocations and choices, and the
contract that followed the award of the Suffolk public services buying club, whose catalogue
its members order from.

The loader is here; its helpers are in `contracts_supply` (prices, KPIs, orders, the club,
continuity) and `contracts_performance` (Kestrel's service desk, a contract's changes)."""

from datetime import timedelta
from decimal import Decimal

from caremarket.agreements.models import Agreement
from caremarket.contracts import services
from caremarket.contracts.models import SiteDelivery
from caremarket.core import clock
from caremarket.demo.contracts_performance import (  # noqa: F401
    KESTREL_SUPPORT_EMAIL,
    _contract_changes,
    _kestrel,
    _performance_proposal,
)
from caremarket.demo.contracts_supply import (  # noqa: F401
    HSCN_KPIS,
    HSCN_PRICES,
    _backdate,
    _club_contract,
    _club_order,
    _continuity,
    _months_ago,
    _spend_allocation,
)
from caremarket.demo.registry import DemoWorld, demo_loader
from caremarket.orgs.selectors import build_actor
from caremarket.rules.agreements import add_months
from caremarket.rules.fees import month_start


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
