"""The demo world's commercial agreements: the definitions in caremarket/agreements/fixtures
(RM3825, RM1045, HSSF, GP IT Futures, the DCS catalogue, the ACS and STP development partner
framework and the commissioning support lead provider framework), G-Cloud 12 and DOS5 from
the shared reference data when it is there, and the suppliers on them: admitted, applying,
under review, one suspended and one non-compliant (Castlegate, whose DSPT has lapsed).

The definitions' end dates move on with the demo's calendar (caremarket/demo/story.py), so the
agreements in force in the story stay in force whenever the demo is loaded; RM1045 stays the
framework that ended in July 2019."""

from datetime import date, timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from caremarket.agreements import services
from caremarket.agreements.management.commands.import_framework import definitions_in, load
from caremarket.agreements.models import Agreement, Lot
from caremarket.agreements.services.definitions import read_definition
from caremarket.core import clock
from caremarket.demo import story
from caremarket.demo.registry import DemoWorld, demo_loader
from caremarket.orgs.selectors import build_actor
from caremarket.rules.fees import DEFAULT_PAYMENT_DAYS, month_end, month_start

FIXTURES = Path(__file__).parents[1] / "agreements" / "fixtures"

# Places won before the agreements came to Caremarket: (reference, lot, supplier codes, years ago).
PLACES = [
    ("RM3825", 1, ["S1001", "S1003", "S1004", "S1005"], 3),
    ("RM3825", 2, ["S1003"], 2),
    ("RM1045", 1, ["S1001", "S1003"], 9),
    ("RM1045", 2, ["S1003"], 9),
    ("HSSF", 1, ["0AN", "0PN", "L3001"], 6),
    ("HSSF", 2, ["0AN", "S1008"], 6),
    ("HSSF", 3, ["0AN", "0PN"], 6),
    ("HSSF", 4, ["0AN", "L3001"], 6),
    ("GPIT-FUTURES", 1, ["S1008"], 5),
    ("GPIT-FUTURES", 3, ["S1008"], 5),
    ("ACS-STP-DPF", 1, ["S1006"], 7),
    ("ACS-STP-DPF", 2, ["S1007"], 7),
    ("ACS-STP-DPF", 4, ["S1008"], 7),
    ("ACS-STP-DPF", 5, ["S1008", "S1001"], 7),
    ("ACS-STP-DPF", 6, ["S1006", "0AN"], 7),
    ("ACS-STP-DPF", 7, ["0PN"], 7),
    ("ACS-STP-DPF", 8, ["V2002"], 7),
    ("CS-LPF", 1, ["0AN", "0PN", "V2001"], 8),
    ("CS-LPF", 2, ["0AN", "0PN", "S1006"], 8),
    ("CS-LPF", 3, ["0AN", "S1007"], 8),
    ("CS-LPF", 4, ["V2001", "0PN"], 8),
    ("CS-LPF", 5, ["0AN", "0PN", "S1007"], 8),
    ("CS-LPF", 6, ["0AN", "0PN"], 8),
    ("CS-LPF", 7, ["L3001", "0AN"], 8),
]


def demo_pdf(title: str) -> bytes:
    """A small one-page PDF saying what the document is."""
    text = title.replace("\\", "").replace("(", "[").replace(")", "]")
    stream = (
        f"BT /F1 16 Tf 72 760 Td ({text}) Tj 0 -24 Td /F1 11 Tf (Caremarket demo document) Tj ET".encode()
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf(name: str, title: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_pdf(title), content_type="application/pdf")


@demo_loader(order=20)
def commercial_agreements(world: DemoWorld) -> None:
    for path, _kind in definitions_in(FIXTURES):
        result = services.agreement_import(actor=world.actor, **_in_the_story(path))
        world.say(f"  {path.name}: {result.reference}, {result.questions} questions")
    marketplace = world.reference_dir / "frameworks" / "digitalmarketplace"
    if marketplace.is_dir():
        for path, result in load(marketplace, world.actor):
            world.say(
                f"  {path.name}: {result.reference}, {result.lots_added} lots, {result.questions} questions"
            )
    _publish_the_dcs_catalogue(world)
    _record_places(world)
    _applications(world)
    _reviews_and_a_suspension(world)


def _in_the_story(path: Path) -> dict:
    """A fixture's definition with its end date where the demo's calendar puts it today; the
    import's source says when it was moved."""
    definition, source = read_definition(path), f"file:{path.name}"
    written = definition.get("ends_on")
    if isinstance(written, date) and (moved := story.agreement_ends_on(written)) != written:
        definition = {**definition, "ends_on": moved}
        source += f" (the demo moved its end date on from {written.isoformat()})"
    return {"definition": definition, "source": source}


def _agreement(reference: str) -> Agreement:
    return Agreement.objects.get(reference=reference)


def _publish_the_dcs_catalogue(world: DemoWorld) -> None:
    today = clock.today()
    services.agreement_transition(
        actor=world.actor,
        agreement=_agreement("DCS"),
        to="open_for_applications",
        applications_open_on=today - timedelta(days=14),
        applications_close_on=today + timedelta(days=42),
    )


def _record_places(world: DemoWorld) -> None:
    today = clock.today()
    for reference, number, codes, years in PLACES:
        lot = Lot.objects.get(agreement__reference=reference, number=number)
        for code in codes:
            services.lot_supplier_record(
                actor=world.actor,
                lot=lot,
                supplier=world.orgs[code],
                admitted_on=max(lot.agreement.starts_on, today - timedelta(days=365 * years)),
                reason="Admitted at award, before the agreement came to Caremarket",
            )


def _applications(world: DemoWorld) -> None:
    manager = build_actor(world.people["manager"])
    brightline = world.orgs["S1002"]
    administration = clock.today().year - 2  # within the question's past three years
    first, _second = services.application_submit(
        actor=world.actor,
        supplier=brightline,
        agreement=_agreement("RM3825"),
        lots=[1, 2],
        answers={
            "hscnObligations": True,
            "mandatoryExclusion": False,
            "insolvency": True,
            "insolvencyDetails": f"A subsidiary entered administration in {administration}; "
            "the group is solvent (accounts attached).",
            "managementInformation": True,
            "bandwidths": ["broadband", "ethernet-100", "ethernet-1000"],
            "coverage": "Every postcode in the South West within 30 working days; "
            "the rest of England within 60.",
            "overlayServices": ["security", "monitoring"],
            "overlayDescription": "Managed firewalls and 24/7 network monitoring over any HSCN connection.",
        },
        uploads={
            "hscnCertificate": [
                pdf("brightline-hscn-certificate.pdf", "Brightline Connect Ltd: HSCN compliance")
            ]
        },
    )
    services.application_assess(
        actor=manager,
        application=first,
        outcome="needs_decision",
        reasons=f"Declared a subsidiary's administration in {administration}. "
        "Ask for the last two years' audited accounts.",
    )
    services.application_submit(
        actor=world.actor,
        supplier=world.orgs["S1008"],
        agreement=_agreement("DCS"),
        lots=[1, 2],
        answers={
            "mandatoryExclusion": False,
            "supportedSoftware": True,
            "solutionSummary": "Greenfield Practice: an accredited GP clinical system, and its patient app.",
        },
        uploads={
            "safetyCase": [pdf("greenfield-safety-case.pdf", "Greenfield: DCB0129 clinical safety case")]
        },
    )


def _reviews_and_a_suspension(world: DemoWorld) -> None:
    manager = build_actor(world.people["manager"])
    today = clock.today()
    acs = services.review_open(actor=world.actor, agreement=_agreement("ACS-STP-DPF"), year=today.year - 1)
    for entry in acs.entries.all():
        services.review_entry_record(actor=world.actor, entry=entry, **GOOD)
    services.review_complete(
        actor=world.actor, review=acs, summary="Every supplier performed well and paid its fees. No changes."
    )
    _acs_stp_review(world)

    rm3825 = _agreement("RM3825")
    review = services.review_open(actor=manager, agreement=rm3825)
    entries = {e.supplier.code: e for e in review.entries.select_related("supplier")}
    services.review_entry_record(
        actor=manager,
        entry=entries["S1003"],
        **GOOD,
        performance_notes="All connections delivered on time; no service credits.",
    )
    # Albion's unpaid fees are two invoices on the fee ledger, so the review and the fees page
    # both read £4,250.00 from them (contracts.selectors.fee_records).
    _unpaid_fee_invoices(world, manager, rm3825, "S1005", [(5, "212500.00"), (4, "212500.00")])
    services.review_entry_record(
        actor=manager,
        entry=entries["S1005"],
        performance="requires_improvement",
        data_handling="no_concerns",
        interoperability="meets",
        performance_notes="Two migrations late in the Midlands buying club.",
        notes="Management fees for two months unpaid after two reminders.",
    )
    place = rm3825.lots.get(number=1).suppliers.get(supplier=world.orgs["S1005"])
    services.lot_supplier_suspend(
        actor=manager,
        place=place,
        ground="unpaid_management_fees",
        reason="Management fees for Q2 and Q3 unpaid after two reminders (£4,250.00). Reinstated once paid.",
    )


GOOD = {"performance": "good", "data_handling": "no_concerns", "interoperability": "meets"}


def _months_ago(n: int) -> date:
    month = month_start(clock.today())
    for _ in range(n):
        month = month_start(month - timedelta(days=1))
    return month


def _fee_invoices(world, manager, agreement, code: str, months: list[tuple[int, str]], paid: bool):
    """A supplier's returns for these months (sales bought off the platform), each invoiced;
    the invoices were issued when the month's return came in, so the unpaid ones are overdue."""
    from caremarket.contracts import services as fee_services
    from caremarket.contracts.models import FeeInvoice

    for n, value in months:
        period = _months_ago(n)
        content = (
            "order_reference,customer_code,invoice_date,description,value\n"
            f",QJG,{period + timedelta(days=14)},Programme support,{value}\n"
        ).encode()
        fee_return = fee_services.fee_return_submit(
            actor=world.actor,
            supplier=world.orgs[code],
            agreement=agreement,
            period=period,
            file_name="return.csv",
            content=content,
        )
        invoice = fee_services.fee_invoice_issue(actor=manager, fee_return=fee_return)
        issued = month_end(period) + timedelta(days=10)
        FeeInvoice.objects.filter(pk=invoice.pk).update(
            issued_on=issued, due_on=issued + timedelta(days=DEFAULT_PAYMENT_DAYS)
        )
        if paid:
            invoice.refresh_from_db()
            fee_services.fee_invoice_record_payment(
                actor=manager, invoice=invoice, amount=invoice.amount, paid_on=issued + timedelta(days=20)
            )


def _unpaid_fee_invoices(world, manager, agreement, code: str, months: list[tuple[int, str]]) -> None:
    _fee_invoices(world, manager, agreement, code, months, paid=False)


def _acs_stp_review(world: DemoWorld) -> None:
    """This year's annual review of the ACS and STP framework, run by NHS England: every
    supplier's evidence recorded, Harbour's fees paid, Fenwick's two invoices unpaid and
    overdue (the non-payer the manager removes before completing the review)."""
    england = build_actor(world.people["england_manager"])
    acs = _agreement("ACS-STP-DPF")
    _fee_invoices(world, england, acs, "S1006", [(4, "96000.00"), (3, "104000.00")], paid=True)
    _unpaid_fee_invoices(world, england, acs, "S1007", [(4, "187500.00"), (3, "180000.00")])
    review = services.review_open(actor=england, agreement=acs)
    entries = {e.supplier.code: e for e in review.entries.select_related("supplier")}
    evidence = {
        "S1007": {
            "performance": "requires_improvement",
            "performance_notes": "Two programme reports late; the STP board asked for a recovery plan.",
        },
        "S1008": {"performance_notes": "GP system migrations on time across the ACS."},
        "0AN": {"interoperability": "not_applicable"},
        "0PN": {"interoperability": "not_applicable"},
        "V2002": {"interoperability": "not_applicable"},
    }
    for code, entry in sorted(entries.items()):
        services.review_entry_record(actor=england, entry=entry, **{**GOOD, **evidence.get(code, {})})
