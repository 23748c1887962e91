"""Test data for agreements, built through the services so every record has its audit trail."""

import itertools
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from caremarket.agreements import services
from caremarket.agreements.models import Agreement, Application, LotSupplier
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.orgs.choices import CertificationScheme
from caremarket.orgs.factories import make_certification, make_organisation
from caremarket.orgs.models import Organisation
from caremarket.rules.roles import Sector

SYSTEM = Actor.system("factories")
_numbers = itertools.count(1)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

QUESTIONS = [
    {
        "id": "experience",
        "type": "textbox",
        "text": "Describe a similar contract you delivered in the last three years",
        "title": "Experience",
        "section": "Capability",
    },
    {
        "id": "plan",
        "type": "upload",
        "text": "Upload your service delivery plan",
        "title": "Service delivery plan",
        "section": "Capability",
    },
    {
        "id": "insurance",
        "kind": "declaration",
        "type": "boolean",
        "text": "Do you hold professional indemnity insurance of at least £1 million?",
        "title": "Insurance",
        "section": "Declarations",
        "pass_if": [True],
    },
    {
        "id": "bankrupt",
        "kind": "declaration",
        "type": "boolean",
        "text": "In the past three years, has your organisation been bankrupt or insolvent?",
        "title": "Bankruptcy",
        "section": "Declarations",
        "pass_if": [False],
        "discretionary": True,
    },
]
ANSWERS = {"experience": "Connected 40 GP practices for an ICB", "insurance": True, "bankrupt": False}


def pdf_file(name: str = "plan.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_agreement(
    *,
    owner: Organisation | None = None,
    reference: str = "",
    kind: str = "dps",
    status: str = "live",
    lots: int = 2,
    procedures: tuple[str, ...] = ("further_competition",),
    required_standards: tuple[str, ...] = (CertificationScheme.DSPT,),
    questions: list[dict] | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    window: tuple[date, date] | None = None,
    **extra,
) -> Agreement:
    """An agreement recorded as it stands (any status), with `lots` lots sharing `questions`."""
    number = next(_numbers)
    owner = owner or make_organisation(Sector.BUYER)
    today = clock.today()
    definition = {
        "reference": reference or f"RM{9000 + number}",
        "title": f"Test agreement {number}",
        "owner": owner.code,
        "kind": kind,
        "status": status,
        "starts_on": starts_on or today - timedelta(days=365),
        "ends_on": ends_on or today + timedelta(days=3 * 365),
        "required_standards": list(required_standards),
        "lots": [
            {
                "number": n,
                "title": f"Lot {n} services",
                "procedures": list(procedures),
                "questions": QUESTIONS if questions is None else questions,
                "price_units": ["per_connection"],
            }
            for n in range(1, lots + 1)
        ],
        **extra,
    }
    if window:
        definition["applications"] = {"opens_on": window[0], "closes_on": window[1]}
    result = services.agreement_import(actor=SYSTEM, definition=definition, source="factories")
    return Agreement.objects.get(reference=result.reference)


def make_supplier(
    *, code: str = "", certifications=((CertificationScheme.DSPT, 200),), **fields
) -> Organisation:
    supplier = make_organisation(Sector.SUPPLIER, code=code, **fields)
    for scheme, days_left in certifications:
        make_certification(supplier, scheme, days_left=days_left)
    return supplier


def apply(
    supplier: Organisation,
    agreement: Agreement,
    lots: tuple[int, ...] = (1,),
    *,
    actor: Actor = SYSTEM,
    answers: dict | None = None,
    with_plan: bool = True,
    **kwargs,
) -> list[Application]:
    return services.application_submit(
        actor=actor,
        supplier=supplier,
        agreement=agreement,
        lots=list(lots),
        answers=ANSWERS if answers is None else answers,
        uploads={"plan": [pdf_file()]} if with_plan else None,
        **kwargs,
    )


def admit(application: Application, *, actor: Actor = SYSTEM) -> LotSupplier:
    services.application_assess(
        actor=actor, application=application, outcome="pass", reasons="Meets every criterion"
    )
    return services.application_admit(actor=actor, application=application)


def admitted_supplier(agreement: Agreement, lot: int = 1, **supplier_fields) -> LotSupplier:
    supplier = make_supplier(**supplier_fields)
    return admit(apply(supplier, agreement, (lot,))[0])
