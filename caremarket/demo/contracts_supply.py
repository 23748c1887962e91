"""The demo contracts' supply: the HSCN price list and KPIs the contracts share, backdated
orders, spending the ICB's GP IT allocation, the Suffolk public services club's contract and
the council's order from it, and continuity of supply (backstops and a handover). Called by
the `contracts` loader in `caremarket.demo.contracts`."""

from datetime import timedelta
from decimal import Decimal

from caremarket.agreements.models import Agreement
from caremarket.contracts import services
from caremarket.contracts.models import Order, OrderLine, SiteDelivery
from caremarket.core import clock
from caremarket.demo.registry import DemoWorld
from caremarket.orgs.selectors import build_actor
from caremarket.rules.agreements import add_months
from caremarket.rules.fees import month_start

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
