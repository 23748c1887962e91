"""A national catalogue at scale, for demonstrations and benchmarks: `caremarket generate
--services N --suppliers M`.

Suppliers, their certifications, their places on the lots of the agreements that can be bought
through today, and live listings with price lists and search documents, written in bulk in one
transaction with a single audit event (writing a hundred thousand services one by one through
the services would take an hour). The agreement definitions are loaded first if they are not.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.db import transaction

from caremarket.agreements.management.commands.import_framework import load
from caremarket.agreements.models import Agreement, Lot, LotSupplier
from caremarket.audit.services import audit_record
from caremarket.catalogue.choices import regions_mask
from caremarket.catalogue.generate.content import REGIONS, listing_content
from caremarket.catalogue.generate.vocabulary import LOT_CATEGORIES, SPECS
from caremarket.catalogue.models import Listing, ListingVersion, PriceRow, SearchDocument, SearchPrice
from caremarket.catalogue.search.tags import document_tags
from caremarket.catalogue.services.index import index_moved
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.permissions import require
from caremarket.orgs import services as orgs
from caremarket.orgs.choices import OrganisationType as T
from caremarket.orgs.models import Certification, Organisation
from caremarket.rules.agreements import call_off_refusal
from caremarket.rules.catalogue import category_label, headline_prices
from caremarket.rules.catalogue_stats import tie_break_key
from caremarket.rules.roles import Sector

FIXTURES = Path(__file__).parents[2] / "agreements" / "fixtures"
OWNERS = [("CCS", "Crown Commercial Service"), ("X24", "NHS England"), ("X26", "NHS Digital")]
BATCH = 2000
PLACES = [
    "Anglia",
    "Pennine",
    "Mercia",
    "Wessex",
    "Thames",
    "Solent",
    "Humber",
    "Cheviot",
    "Severn",
    "Fenland",
    "Chiltern",
    "Tyne",
    "Mersey",
    "Wolds",
    "Cotswold",
    "Peak",
    "Medway",
    "Trent",
    "Avon",
    "Dales",
    "Wear",
    "Kennet",
    "Tamar",
    "Ribble",
    "Lune",
    "Ouse",
    "Derwent",
    "Pendle",
    "Quantock",
    "Mendip",
]
CORES = [
    "Health",
    "Care",
    "Digital",
    "Networks",
    "Analytics",
    "Consulting",
    "Data",
    "Connect",
    "Clinical Systems",
    "Partners",
    "Insight",
    "Informatics",
    "Telecom",
    "Cyber",
    "Commissioning",
    "Support Services",
]
KINDS = [  # type, weight, name ending, SME share, VCSE
    (T.PRIVATE, 70, "Ltd", 0.6, False),
    (T.VCSE, 10, "CIC", 1.0, True),
    (T.NHS_PROVIDER, 8, "NHS Foundation Trust", 0.0, False),
    (T.LA_PROVIDER, 6, "Shared Services", 0.0, False),
    (T.CSU, 6, "Commissioning Support Unit", 0.0, False),
]


@dataclass
class Generated:
    suppliers: int
    services: int
    visible_lots: int


def _agreements(actor: Actor) -> list[Lot]:
    """The lots of agreements that can be bought through today, loading the definitions first."""
    if not Agreement.objects.exists():
        for code, name in OWNERS:
            if not Organisation.objects.filter(code=code).exists():
                orgs.organisation_create(
                    actor=actor,
                    code=code,
                    name=name,
                    sector=Sector.BUYER,
                    org_type=T.OTHER_PUBLIC,
                    region="national",
                )
        load(FIXTURES, actor)
    today = clock.today()
    lots = []
    for lot in Lot.objects.select_related("agreement", "current_rules").order_by(
        "agreement__reference", "number"
    ):
        if call_off_refusal(lot.agreement.facts(lot_count=1), today) is None and lot.code in LOT_CATEGORIES:
            lots.append(lot)
    return lots


def _suppliers(rng: random.Random, count: int, start: int) -> list[Organisation]:
    weights = [k[1] for k in KINDS]
    made = []
    for number in range(start, start + count):
        org_type, _, ending, sme, vcse = rng.choices(KINDS, weights=weights)[0]
        place, core = PLACES[number % len(PLACES)], CORES[(number // len(PLACES)) % len(CORES)]
        name = f"{place} {core} {ending}" + (
            f" ({number // (len(PLACES) * len(CORES)) + 1})" if number >= len(PLACES) * len(CORES) else ""
        )
        made.append(
            Organisation(
                code=f"G{number:05d}",
                name=name,
                sector=Sector.SUPPLIER,
                org_type=org_type,
                region=rng.choice([*REGIONS, "national"]),
                is_sme=rng.random() < sme,
                is_vcse=vcse,
            )
        )
    return Organisation.objects.bulk_create(made, batch_size=BATCH)


def _certifications(rng: random.Random, suppliers: list[Organisation], lots: list[Lot]) -> None:
    today = clock.today()
    schemes = sorted(
        {s for lot in lots for s in lot.agreement.required_standards} | {"cyber_essentials_plus"}
    )
    certs = []
    for org in suppliers:
        for scheme in schemes:
            # Nearly everyone holds what the agreements require; a few have let one lapse.
            if rng.random() < 0.97:
                expires = today + timedelta(days=rng.randint(20, 900))
            elif rng.random() < 0.5:
                expires = today - timedelta(days=rng.randint(1, 200))
            else:
                continue
            certs.append(
                Certification(
                    organisation=org,
                    scheme=scheme,
                    reference=f"{org.code}-{scheme.upper()}",
                    valid_from=min(expires - timedelta(days=365), today - timedelta(days=30)),
                    expires_on=expires,
                )
            )
    Certification.objects.bulk_create(certs, batch_size=BATCH)


def generate_catalogue(
    *,
    actor: Actor,
    services: int,
    suppliers: int,
    seed: int = 2017,
    progress: Callable[[str, int, int], None] | None = None,
) -> Generated:
    require(actor, "catalogue.rebuild_index")
    # The agreements load first, each through its own service (a durable transaction); the
    # generated suppliers and services are then written all or nothing.
    lots = _agreements(actor)
    with transaction.atomic(durable=True):
        return _generate(actor, lots, services, suppliers, seed, progress or (lambda *a: None))


def _generate(actor, lots, services, suppliers, seed, progress) -> Generated:
    rng = random.Random(seed)
    if not lots:
        raise RuntimeError("No agreement can be bought through today: nothing to list services under")
    start = Organisation.objects.filter(code__startswith="G").count() + 1
    orgs_made = _suppliers(rng, suppliers, start)
    progress("suppliers", len(orgs_made), len(orgs_made))
    _certifications(rng, orgs_made, lots)
    today = clock.today()
    places, on_lots = [], {}
    for org in orgs_made:
        chosen = rng.sample(lots, k=min(len(lots), rng.choice([1, 1, 2, 2, 3])))
        on_lots[org.pk] = chosen
        for lot in chosen:
            status = "suspended" if rng.random() < 0.02 else "admitted"
            places.append(
                LotSupplier(
                    lot=lot,
                    supplier=org,
                    status=status,
                    ground="poor_performance" if status == "suspended" else "",
                    admitted_on=max(lot.agreement.starts_on, today - timedelta(days=rng.randint(30, 2000))),
                )
            )
    LotSupplier.objects.bulk_create(places, batch_size=BATCH)
    # Some suppliers list many services, most a few.
    weights = [rng.paretovariate(1.3) for _ in orgs_made]
    owners = list(orgs_made) + rng.choices(orgs_made, weights=weights, k=max(0, services - len(orgs_made)))
    owners = owners[:services]
    made = 0
    for offset in range(0, len(owners), BATCH):
        batch = owners[offset : offset + BATCH]
        made += _write_batch(rng, batch, on_lots)
        progress("services", made, len(owners))
    index_moved()
    audit_record(
        actor=actor,
        action="catalogue.generated",
        object_type="catalogue.listing",
        after={"suppliers": len(orgs_made), "services": made, "seed": seed},
    )
    return Generated(len(orgs_made), made, len(lots))


def _write_batch(rng: random.Random, owners: list[Organisation], on_lots: dict) -> int:
    now = clock.now()
    rows = []
    for org in owners:
        lot = rng.choice(on_lots[org.pk])
        category = rng.choice([c for c in LOT_CATEGORIES[lot.code] if c in SPECS])
        units = list(lot.current_rules.price_units) if lot.current_rules else []
        rows.append((org, lot, listing_content(rng, category, org.region or "national", units)))
    listings = Listing.objects.bulk_create(
        [Listing(supplier=org, lot=lot, created_at=now, updated_at=now) for org, lot, _ in rows],
        batch_size=BATCH,
    )
    versions = ListingVersion.objects.bulk_create(
        [
            ListingVersion(
                listing=listing,
                number=1,
                status="live",
                created_at=now,
                submitted_at=now,
                decided_at=now,
                live_from=now,
                **{k: v for k, v in content.items() if k != "price_lines"},
            )
            for listing, (_, _, content) in zip(listings, rows, strict=True)
        ],
        batch_size=BATCH,
    )
    prices, documents, headline = [], [], []
    for listing, version, (org, lot, content) in zip(listings, versions, rows, strict=True):
        listing.live_version = version
        lines = content["price_lines"]
        for position, line in enumerate(lines, start=1):
            prices += [
                PriceRow(
                    version=version,
                    position=position,
                    item=line.item,
                    unit=line.unit,
                    charge=line.charge,
                    from_quantity=t.from_quantity,
                    to_quantity=t.to_quantity,
                    unit_price=t.unit_price,
                )
                for t in line.tiers
            ]
        documents.append(
            SearchDocument(
                listing=listing,
                version=version,
                supplier=org,
                lot=lot,
                agreement_id=lot.agreement_id,
                category=content["category"],
                regions=regions_mask(content["regions"]),
                tie=tie_break_key(listing.pk),
                primary_unit=lines[0].unit,
                name=content["name"],
                supplier_name=org.name,
                summary=content["summary"],
                body="\n".join(
                    [
                        content["description"],
                        *content["features"],
                        content["capacity"],
                        category_label(content["category"]),
                        f"{lot.agreement.reference} {lot.title}",
                        ", ".join(dict.fromkeys(line.item for line in lines)),
                    ]
                ),
                tags=document_tags(lot.agreement_id, lot.pk, content["category"], content["regions"]),
            )
        )
        headline += [
            SearchPrice(document_id=listing.pk, unit=unit, basis=basis, pence=int(price * 100))
            for unit, (basis, price) in headline_prices(lines).items()
        ]
    Listing.objects.bulk_update(listings, ["live_version"], batch_size=BATCH)
    PriceRow.objects.bulk_create(prices, batch_size=BATCH)
    SearchDocument.objects.bulk_create(documents, batch_size=BATCH)
    SearchPrice.objects.bulk_create(headline, batch_size=BATCH)
    return len(listings)
