"""The demo world's catalogue: services from the demo suppliers on the demo lots (HSCN
connectivity by bandwidth and overlay services, commissioning support in its seven categories,
GP IT), some changes awaiting the manager's approval, a locked shortlist, and advisors.

Everything goes through the catalogue's services, so the audit log tells the story. Suppliers
that cannot trade today (Albion, suspended; Castlegate, whose DSPT lapsed) list nothing: the
manager could not approve it.
"""

import random
from decimal import Decimal as D

from caremarket.agreements.models import Lot, LotSupplier
from caremarket.agreements.services import ensure_supplier_can_trade
from caremarket.catalogue import services
from caremarket.catalogue.generate.content import listing_content
from caremarket.catalogue.generate.vocabulary import LOT_CATEGORIES
from caremarket.catalogue.search import SearchQuery
from caremarket.core.errors import RuleViolation
from caremarket.demo.registry import DemoWorld, demo_loader
from caremarket.orgs import services as orgs
from caremarket.orgs.selectors import build_actor
from caremarket.rules.admission import SupplierStatus
from caremarket.rules.catalogue import PriceLine, Tier
from caremarket.rules.roles import Role

SERVICES_PER_PLACE = 3
ADVISORS = [
    # email, name, title, organisation code, headline, specialisms, regions
    (
        "ruth.mensah@advisors.example",
        "Ruth Mensah",
        "Procurement adviser",
        "X24",
        "Procurement mentor for ICBs buying commissioning support",
        ["procurement", "legal", "market_engagement"],
        ["east", "london"],
    ),
    (
        "owen.price@advisors.example",
        "Owen Price",
        "Digital commissioning adviser",
        "X26",
        "HSCN and GP IT commissioning: requirements, routes and migration",
        ["digital", "information_governance"],
        ["national"],
    ),
    (
        "farah.iqbal@advisors.example",
        "Farah Iqbal",
        "Clinical commissioning adviser",
        "QJG",
        "Clinical engagement and pathway redesign for commissioners",
        ["clinical_engagement", "commissioning_strategy"],
        ["east", "midlands"],
    ),
    (
        "mike.dunn@advisors.example",
        "Mike Dunn",
        "Finance adviser",
        "X24",
        "Benchmarking commissioning support costs against the market",
        ["finance", "contract_management"],
        ["north_west", "north_east"],
    ),
]


@demo_loader(order=30)
def catalogue(world: DemoWorld) -> None:
    rng = random.Random(2013)
    listings = _listings(world, rng)
    world.say(f"  {len(listings)} services listed")
    _changes_awaiting_approval(world, listings)
    _shortlist(world)
    _advisors(world)


def _listings(world: DemoWorld, rng: random.Random) -> list:
    actor = world.actor
    places = (
        LotSupplier.objects.filter(lot__code__in=list(LOT_CATEGORIES))
        .exclude(status=SupplierStatus.REMOVED)
        .select_related("lot__agreement", "lot__current_rules", "supplier")
        .order_by("lot__agreement__reference", "lot__number", "supplier__code")
    )
    made = []
    for place in places:
        lot, supplier = place.lot, place.supplier
        try:
            ensure_supplier_can_trade(lot, supplier)
        except RuleViolation:
            continue  # suspended, non-compliant, or an agreement nothing can be bought through
        units = list(lot.current_rules.price_units) if lot.current_rules else []
        for number in range(SERVICES_PER_PLACE):
            categories = LOT_CATEGORIES[lot.code]
            content = listing_content(
                rng, categories[number % len(categories)], supplier.region or "national", units
            )
            listing = services.listing_create(actor=actor, supplier=supplier, lot=lot, **content)
            services.listing_submit(actor=actor, listing=listing)
            services.listing_approve(actor=actor, listing=listing)
            made.append(listing)
    made.append(_northway_flagship(world))
    return made


def tiers(*bands) -> tuple[Tier, ...]:
    return tuple(Tier(low, high, price) for low, high, price in bands)


def _northway_flagship(world: DemoWorld):
    """The demo supplier's own service, priced per connection by bandwidth."""
    lot = Lot.objects.get(agreement__reference="RM3825", number=1)
    lines = [
        PriceLine("Broadband 80 Mbit/s", "per_connection", "one_off", tiers((1, None, D("250.00")))),
        PriceLine(
            "Broadband 80 Mbit/s",
            "per_connection",
            "monthly",
            tiers((1, 9, D("65.00")), (10, None, D("58.00"))),
        ),
        PriceLine("Ethernet 100 Mbit/s", "per_connection", "one_off", tiers((1, None, D("1450.00")))),
        PriceLine(
            "Ethernet 100 Mbit/s",
            "per_connection",
            "monthly",
            tiers((1, 9, D("289.00")), (10, 49, D("259.00")), (50, None, D("239.00"))),
        ),
        PriceLine("Ethernet 1 Gbit/s", "per_connection", "one_off", tiers((1, None, D("2400.00")))),
        PriceLine(
            "Ethernet 1 Gbit/s",
            "per_connection",
            "monthly",
            tiers((1, 9, D("649.00")), (10, None, D("599.00"))),
        ),
    ]
    supplier_actor = build_actor(world.people["supplier"])
    listing = services.listing_create(
        actor=supplier_actor,
        supplier=world.orgs["S1001"],
        lot=lot,
        name="Northway HSCN Ethernet",
        summary=(
            "HSCN connectivity for GP practices, clinics and hospitals, from broadband to 1 Gbit/s Ethernet"
        ),
        description=(
            "HSCN compliant connections for every kind of site, monitored around the clock from our network "
            "operations centre in Leeds.\n\nWe survey each site, install the circuit and migrate it from the "
            "Transition Network with no break in service. Hospitals "
            "and hubs can take a resilient option over "
            "two diverse routes."
        ),
        category="hscn_connectivity",
        regions=["national"],
        capacity="Up to 60 new sites a month",
        features=[
            "24/7 network monitoring",
            "Four-hour fix on Ethernet",
            "Migration from the Transition Network",
            "Site survey included",
            "Service credits when we miss the target",
        ],
        price_lines=lines,
    )
    services.listing_submit(actor=supplier_actor, listing=listing)
    services.listing_approve(actor=build_actor(world.people["manager"]), listing=listing)
    listing.refresh_from_db()
    return listing


def _changes_awaiting_approval(world: DemoWorld, listings: list) -> None:
    supplier_actor = build_actor(world.people["supplier"])
    northway = [listing for listing in listings if listing.supplier.code == "S1001"]
    flagship = northway[-1]
    services.listing_draft_update(
        actor=supplier_actor,
        listing=flagship,
        summary=(
            "HSCN connectivity for practices, clinics and hospitals, from broadband to 10 Gbit/s Ethernet"
        ),
        features=[*flagship.live_version.features, "10 Gbit/s Ethernet for data centres"],
    )
    services.listing_submit(actor=supplier_actor, listing=flagship)
    lot = Lot.objects.get(agreement__reference="RM3825", number=1)
    new = services.listing_create(
        actor=supplier_actor,
        supplier=world.orgs["S1001"],
        lot=lot,
        name="Northway HSCN broadband for small sites",
        summary="HSCN broadband for branch surgeries, pharmacies and care homes",
        category="hscn_connectivity",
        regions=["north_east", "north_west"],
        price_lines=[
            PriceLine("Broadband 80 Mbit/s", "per_connection", "monthly", tiers((1, None, D("55.00"))))
        ],
    )
    services.listing_submit(actor=supplier_actor, listing=new)
    # A draft the supplier has not finished.
    services.listing_draft_update(
        actor=supplier_actor, listing=northway[0], capacity="Up to 25 new sites a month"
    )


def _shortlist(world: DemoWorld) -> None:
    lead = build_actor(world.people["lead"], world.orgs["QJG"].pk)
    query = SearchQuery(text="ethernet", regions=("east",), categories=("hscn_connectivity",))
    shortlist = services.shortlist_save(
        actor=lead,
        organisation=world.orgs["QJG"],
        name="HSCN Ethernet for Suffolk practices",
        purpose="Options for 12 practice connections; the evidence for the call-off route chosen.",
        query=query,
        quantity=12,
        term_months=36,
    )
    services.shortlist_lock(actor=lead, shortlist=shortlist)


def _advisors(world: DemoWorld) -> None:
    for email, name, title, code, headline, specialisms, regions in ADVISORS:
        person = orgs.person_register(
            actor=world.actor, email=email, full_name=name, job_title=title, password=None
        )
        orgs.membership_grant(
            actor=world.actor, organisation=world.orgs[code], email=email, role=Role.BUYER, invite=False
        )
        services.advisor_nominate(
            actor=build_actor(person, world.orgs[code].pk),
            headline=headline,
            specialisms=specialisms,
            regions=regions,
            contact_email=email,
        )
