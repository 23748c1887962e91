"""`caremarket generate releases`: published notices at scale, for benchmarks and load tests.

Each procurement process is a run of UK notices as Find a Tender publishes them: a tender notice
(UK4) with lots and CPV-classified items, a contract award notice (UK6) naming the suppliers of
each lot, contract details notices (UK7), then contract change notices (UK10) and, for some, a
contract termination notice (UK11). Each notice is built by the same release builder publishing
uses and its process's record is compiled from its releases, so every release is valid against
the patched schema; the rows are written in bulk (no services per notice). One audit event
records the generation, and every release anchors the audit log's head after it.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction

from caremarket.audit.selectors import audit_head
from caremarket.audit.services import audit_record
from caremarket.core.actor import Actor
from caremarket.orgs.models import Organisation
from caremarket.rules.notices import notice_type
from caremarket.rules.roles import Sector
from caremarket.transparency.facets import facets_of
from caremarket.transparency.models import Notice, NoticeStatus, Record, Release
from caremarket.transparency.ocds import fastmerge, records
from caremarket.transparency.ocds.builder import Party, build_release, ocds_value, ocid_for, release_id_for
from caremarket.transparency.services import AUDIT_ANCHOR_FIELD

BATCH = 2_000
BUYERS = 120
SUPPLIERS = 2_000
# The Procurement Act's notices apply from 24 February 2025; every generated date is between then
# and the summer of 2026, so notices published now follow them in date order.
FIRST_DAY = datetime(2025, 2, 24, 9, 0, tzinfo=UTC)

SERVICES = [
    ("85312000", "Home care", "Domiciliary care for adults in their own homes"),
    ("85311000", "Residential care", "Care home places for older people"),
    ("85311200", "Supported living", "Supported living for adults with a learning disability"),
    ("85323000", "Community health", "Community nursing and therapy services"),
    ("85121270", "Mental health", "Community mental health and wellbeing support"),
    ("85312400", "Reablement", "Short-term reablement after a hospital stay"),
    ("85140000", "Health services", "Diagnostic services in the community"),
    ("85312300", "Advice and guidance", "Carers' advice, guidance and respite"),
    ("48000000", "Care software", "Care management software and support"),
    ("72000000", "Digital services", "Digital shared care record services"),
]
PLACES = ["East of England", "Essex", "Norfolk", "Suffolk", "Hertfordshire", "Bedfordshire", "Cambridgeshire"]
REGIONS = ["UKH1", "UKH2", "UKH3", "UKH4", "UKH5", "UKH6"]
BUYER_NAMES = ["Integrated Care Board", "County Council", "City Council", "NHS Foundation Trust"]
SUPPLIER_WORDS = ["Brightwater", "Oakfield", "Riverside", "Meadow", "Harbour", "Beacon", "Willow", "Kestrel"]
SUPPLIER_KINDS = ["Home Care Ltd", "Care Services Ltd", "Health CIC", "Support Ltd", "Care Group plc"]
RATIONALES = [
    "More packages of care a week, within the original scope.",
    "The contract is extended by twelve months, as its terms allow.",
    "A price review under the contract's indexation clause.",
    "A new locality is added to the service area.",
]


@dataclass(frozen=True)
class Generated:
    processes: int
    releases: int


def _moment(day: datetime) -> str:
    return day.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low, high)) * 100 + Decimal(rng.choice([0, 0, 0, 50, 99])) / 100


def _supplier(rng: random.Random) -> dict[str, Any]:
    number = rng.randrange(SUPPLIERS)
    name = f"{SUPPLIER_WORDS[number % 8]} {SUPPLIER_KINDS[number % 5]} {number}"
    company = f"{10_000_000 + number:08d}"
    return {
        "id": f"GB-COH-{company}",
        "name": name,
        "identifier": {"scheme": "GB-COH", "id": company, "legalName": name},
        "address": {"locality": rng.choice(PLACES), "countryName": "United Kingdom"},
        "roles": ["supplier"],
        "details": {"scale": rng.choice(["sme", "large"])},
    }


class _Process:
    """The notices of one process, in order, each as (code, date, content)."""

    def __init__(self, rng: random.Random, number: int, count: int):
        self.rng = rng
        self.number = number
        self.start = FIRST_DAY + timedelta(days=rng.randrange(0, 120), minutes=rng.randrange(0, 480))
        self.code, self.title, self.description = rng.choice(SERVICES)
        self.place = rng.choice(PLACES)
        self.lots = [f"{n}" for n in range(1, rng.randint(1, 4) + 1)]
        self.lot_values = {lot: _money(rng, 500, 20_000) for lot in self.lots}
        self.suppliers = {lot: _supplier(rng) for lot in self.lots}
        self.count = count

    def notices(self) -> list[tuple[str, datetime, dict[str, Any]]]:
        rng = self.rng
        out: list[tuple[str, datetime, dict[str, Any]]] = [("UK4", self.start, self._tender())]
        day = self.start + timedelta(days=rng.randint(40, 70), minutes=rng.randrange(60))
        out.append(("UK6", day, self._award(day)))
        signed = day + timedelta(days=rng.randint(10, 20))
        if self.count >= 3:
            out.append(("UK7", signed, self._contracts(signed)))
        changes = self.count - len(out)
        terminate = changes >= 2 and rng.random() < 0.3
        if terminate:
            changes -= 1
        day = signed
        for change in range(1, changes + 1):
            day = day + timedelta(days=rng.randint(7, 30), minutes=rng.randrange(60))
            out.append(("UK10", day, self._change(day, change)))
        if terminate:
            day = day + timedelta(days=rng.randint(30, 60))
            out.append(("UK11", day, self._termination(day)))
        return out

    def _tender(self) -> dict[str, Any]:
        rng = self.rng
        total = sum(self.lot_values.values())
        return {
            "tender": {
                "title": f"{self.title}, {self.place}",
                "description": f"{self.description} across {self.place}, in {len(self.lots)} lot(s).",
                "status": "active",
                "procurementMethod": rng.choice(["open", "selective"]),
                "procurementMethodDetails": rng.choice(["Open procedure", "Competitive flexible procedure"]),
                "mainProcurementCategory": "services",
                "value": ocds_value(total),
                "tenderPeriod": {
                    "startDate": _moment(self.start),
                    "endDate": _moment(self.start + timedelta(days=rng.randint(25, 40))),
                },
                "contractPeriod": {
                    "startDate": _moment(self.start + timedelta(days=90)),
                    "endDate": _moment(self.start + timedelta(days=90 + 365 * rng.randint(2, 5))),
                },
                "items": [
                    {
                        "id": lot,
                        "description": f"{self.title}, lot {lot}",
                        "classification": {"scheme": "CPV", "id": self.code, "description": self.title},
                        "relatedLot": lot,
                        "deliveryAddresses": [
                            {"region": rng.choice(REGIONS), "countryName": "United Kingdom"}
                        ],
                    }
                    for lot in self.lots
                ],
                "lots": [
                    {
                        "id": lot,
                        "title": f"{self.title}, lot {lot}",
                        "status": "active",
                        "value": ocds_value(self.lot_values[lot]),
                    }
                    for lot in self.lots
                ],
                "submissionMethod": ["electronicSubmission"],
            },
        }

    def _award(self, day: datetime) -> dict[str, Any]:
        return {
            "tender": {"title": f"{self.title}, {self.place}", "status": "complete"},
            "awards": [
                {
                    "id": f"A{lot}",
                    "title": f"{self.title}, lot {lot}",
                    "status": "active",
                    "date": _moment(day),
                    "suppliers": [{"id": self.suppliers[lot]["id"], "name": self.suppliers[lot]["name"]}],
                    "value": ocds_value(self.lot_values[lot]),
                    "relatedLots": [lot],
                }
                for lot in self.lots
            ],
            "parties": list({self.suppliers[lot]["id"]: self.suppliers[lot] for lot in self.lots}.values()),
        }

    def _contracts(self, day: datetime) -> dict[str, Any]:
        rng = self.rng
        return {
            "contracts": [
                {
                    "id": f"C{lot}",
                    "awardID": f"A{lot}",
                    "title": f"{self.title}, lot {lot}",
                    "status": "active",
                    "dateSigned": _moment(day),
                    "value": ocds_value(self.lot_values[lot]),
                    "period": {
                        "startDate": _moment(day + timedelta(days=30)),
                        "endDate": _moment(day + timedelta(days=30 + 365 * rng.randint(2, 5))),
                    },
                }
                for lot in self.lots
            ]
        }

    def _change(self, day: datetime, number: int) -> dict[str, Any]:
        rng = self.rng
        lot = rng.choice(self.lots)
        self.lot_values[lot] = self.lot_values[lot] * Decimal("1.05")
        return {
            "contracts": [
                {
                    "id": f"C{lot}",
                    "awardID": f"A{lot}",
                    "value": ocds_value(self.lot_values[lot]),
                    "amendments": [
                        {
                            "id": str(number),
                            "date": _moment(day),
                            "rationale": rng.choice(RATIONALES),
                            "description": f"Change {number} to the contract for lot {lot}",
                        }
                    ],
                }
            ]
        }

    def _termination(self, day: datetime) -> dict[str, Any]:
        lot = self.rng.choice(self.lots)
        return {
            "contracts": [
                {
                    "id": f"C{lot}",
                    "awardID": f"A{lot}",
                    "status": "terminated",
                    "statusDetails": "Ended early by agreement of both parties.",
                    "period": {"endDate": _moment(day)},
                }
            ]
        }


def _counts(rng: random.Random, processes: int, releases: int) -> list[int]:
    """How many notices each process has: at least two (a tender and its award), `releases` in
    all, spread around the mean."""
    mean = releases / processes
    counts = [max(2, min(12, round(rng.gauss(mean, 1.2)))) for _ in range(processes)]
    difference = releases - sum(counts)
    while difference:
        index = rng.randrange(processes)
        step = 1 if difference > 0 else -1
        if 2 <= counts[index] + step <= 12:
            counts[index] += step
            difference -= step
    return counts


def _buyers() -> list[Organisation]:
    existing = list(Organisation.objects.filter(code__startswith="GENB").order_by("code"))
    if len(existing) >= BUYERS:
        return existing
    have = {o.code for o in existing}
    Organisation.objects.bulk_create(
        Organisation(
            code=f"GENB{n:03d}",
            name=f"{PLACES[n % len(PLACES)]} {BUYER_NAMES[n % len(BUYER_NAMES)]} {n}",
            sector=Sector.BUYER,
            org_type="icb",
        )
        for n in range(BUYERS)
        if f"GENB{n:03d}" not in have
    )
    return list(Organisation.objects.filter(code__startswith="GENB").order_by("code"))


def _next_pk(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def generate_releases(
    *,
    actor: Actor,
    processes: int,
    releases: int,
    seed: int = 2017,
    progress: Callable[[str, int, int], None] | None = None,
) -> Generated:
    """Write `releases` published notices in `processes` processes (their releases and records)."""
    if processes < 1 or releases < 2 * processes:
        raise ValueError("Ask for at least one process and at least two releases a process")
    rng = random.Random(seed)
    counts = _counts(rng, processes, releases)
    with transaction.atomic():
        buyers = _buyers()
        audit_record(
            actor=actor,
            action="transparency.releases_generated",
            object_type="transparency.release",
            object_repr=f"{releases:,} generated releases in {processes:,} processes",
            after={"processes": processes, "releases": releases, "seed": seed},
        )
        audit_seq, audit_hash = audit_head()
    anchor = {"sequence": audit_seq, "hash": audit_hash}
    kinds = {code: notice_type(code, FIRST_DAY.date()) for code in ("UK4", "UK6", "UK7", "UK10", "UK11")}
    base_url = settings.CAREMARKET_BASE_URL
    rules, plan = records.merge_rules(), records.merge_plan()
    notice_pk, release_pk, record_pk = _next_pk(Notice), _next_pk(Release), _next_pk(Record)
    first_process = Record.objects.filter(ocid__startswith=ocid_for("GEN-")).count()
    notices: list[Notice] = []
    release_rows: list[Release] = []
    record_rows: list[Record] = []
    written = 0

    def flush(final: bool = False) -> None:
        nonlocal written
        if not final and len(release_rows) < BATCH:
            return
        with transaction.atomic():
            Notice.objects.bulk_create(notices, batch_size=500)
            Release.objects.bulk_create(release_rows, batch_size=500)
            Record.objects.bulk_create(record_rows, batch_size=500)
        written += len(release_rows)
        notices.clear()
        release_rows.clear()
        record_rows.clear()
        if progress:
            progress("releases", written, releases)

    for offset, count in enumerate(counts):
        process = _Process(rng, first_process + offset, count)
        ocid = ocid_for(f"GEN-{process.number:06d}")
        publisher = buyers[rng.randrange(len(buyers))]
        buyer = Party(code=publisher.code, name=publisher.name)
        compiler = fastmerge.Compiler(rules, plan)
        when = process.start
        for code, when, content in process.notices():
            kind = kinds[code]
            release_id = release_id_for(code, notice_pk)
            data = build_release(
                ocid=ocid,
                release_id=release_id,
                published=when,
                kind=kind,
                content=content,
                buyer=buyer,
                notice_url=f"{base_url}/notices/{notice_pk}",
            )
            data[AUDIT_ANCHOR_FIELD] = anchor
            compiler.append(data)
            facets = facets_of(compiler.compiled)
            notices.append(
                Notice(
                    pk=notice_pk,
                    notice_type=code,
                    type_version=kind.version,
                    regime=str(kind.regime),
                    ocid=ocid,
                    legal_basis=kind.citation,
                    title=facets.title[:300],
                    content=content,
                    status=NoticeStatus.PUBLISHED,
                    publisher=publisher,
                    published_at=when,
                    created_at=when,
                    updated_at=when,
                    **facets.as_fields(),
                )
            )
            release_rows.append(
                Release(
                    pk=release_pk,
                    ocid=ocid,
                    release_id=release_id,
                    date=when,
                    tags=data["tag"],
                    data=data,
                    notice_id=notice_pk,
                    stored_at=when,
                    audit_seq=audit_seq,
                    audit_hash=audit_hash,
                )
            )
            notice_pk += 1
            release_pk += 1
        record_rows.append(
            Record(
                pk=record_pk,
                ocid=ocid,
                compiled_release=compiler.compiled,
                release_count=count,
                updated_at=when,
            )
        )
        record_pk += 1
        flush()
    flush(final=True)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Notice, Release, Record]):
            cursor.execute(sql)
    return Generated(processes=processes, releases=written)
