"""What the agreement cases need: the matrix buyer runs a live DPS (MX1) and a draft (MX2);
the matrix supplier is admitted to lot 1, has an assessed application waiting on lot 2 and can
apply to lot 3; another supplier is suspended on lot 1; last year's review is open."""

from caremarket.agreements import services
from caremarket.agreements.factories import QUESTIONS, SYSTEM, make_supplier, pdf_file
from caremarket.core import clock

WITHOUT_UPLOAD = [q for q in QUESTIONS if q["type"] != "upload"]
ANSWERS = {"experience": "Matrix experience", "insurance": True, "bankrupt": False}


def _definition(world, reference: str, status: str) -> dict:
    today = clock.today()
    return {
        "reference": reference,
        "title": f"Matrix agreement {reference}",
        "owner": world.buyer.code,
        "kind": "dps",
        "status": status,
        "starts_on": today.replace(year=today.year - 2),
        "ends_on": today.replace(year=today.year + 2),
        "required_standards": ["dspt"],
        "lots": [
            {
                "number": 1,
                "title": "Matrix lot one",
                "procedures": ["further_competition"],
                "questions": QUESTIONS,
            },
            {
                "number": 2,
                "title": "Matrix lot two",
                "procedures": ["further_competition"],
                "questions": QUESTIONS,
            },
            {
                "number": 3,
                "title": "Matrix lot three",
                "procedures": ["further_competition"],
                "questions": WITHOUT_UPLOAD,
            },
        ],
    }


def build(world) -> None:
    services.agreement_import(actor=SYSTEM, definition=_definition(world, "MX1", "live"), source="matrix")
    services.agreement_import(actor=SYSTEM, definition=_definition(world, "MX2", "draft"), source="matrix")
    agreement = world.buyer.agreements.get(reference="MX1")
    admitted, pending = services.application_submit(
        actor=SYSTEM,
        supplier=world.supplier,
        agreement=agreement,
        lots=[1, 2],
        answers=ANSWERS,
        uploads={"plan": [pdf_file()]},
    )
    services.application_assess(actor=SYSTEM, application=admitted, outcome="pass", reasons="Meets all")
    services.application_admit(actor=SYSTEM, application=admitted)
    services.application_assess(actor=SYSTEM, application=pending, outcome="needs_decision", reasons="Check")
    other = make_supplier(code="MXT", name="Matrix Other Supplier Ltd")
    services.lot_supplier_record(
        actor=SYSTEM,
        lot=agreement.lots.get(number=1),
        supplier=other,
        admitted_on=clock.today(),
        status="suspended",
        ground="unpaid_management_fees",
    )
    review = services.review_open(actor=SYSTEM, agreement=agreement, year=clock.today().year - 1)
    for entry in review.entries.all():
        services.review_entry_record(
            actor=SYSTEM,
            entry=entry,
            performance="good",
            data_handling="no_concerns",
            interoperability="meets",
        )
    world.extra.update(
        agreement=agreement,
        application=pending,
        evidence=admitted.evidence.get(),
        review_year=review.year,
        other_supplier=other,
    )
