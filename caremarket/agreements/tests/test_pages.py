"""The agreement pages and API as people use them: bad input shows a clear error and changes
nothing; the public G-Cloud and DOS lots and questions are there to read."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from caremarket.agreements.factories import PDF, apply, make_agreement, make_supplier, pdf_file
from caremarket.agreements.models import Application, Evidence
from caremarket.audit.models import AuditEvent
from caremarket.orgs import services as org_services
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.orgs.models import Certification
from caremarket.rules.roles import Role, Sector

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
MARKETPLACE = Path(settings.SHARED_REFERENCE_DIR) / "frameworks" / "digitalmarketplace"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def supplier_person(supplier):
    return make_person(email="dan@northway.example", roles=[(supplier, Role.SUPPLIER_USER)])


@pytest.fixture
def as_supplier(supplier_person):
    client = Client()
    client.force_login(supplier_person)
    return client


def counts():
    return (
        Application.objects.count(),
        Evidence.objects.count(),
        Certification.objects.count(),
        AuditEvent.objects.count(),
    )


FORM = {"lots": "1", "q-experience": "Connected 40 practices", "q-insurance": "yes", "q-bankrupt": "no"}


def test_a_supplier_applies_on_the_page(as_supplier, dps):
    response = as_supplier.post("/agreements/RM3825/apply", {**FORM, "q-plan": pdf_file()})
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.lot.number, application.answers["insurance"]) == (1, True)
    assert application.evidence.get().original_name == "plan.pdf"


def test_a_missing_answer_is_shown_in_the_error_summary(as_supplier, dps):
    before = counts()
    response = as_supplier.post(
        "/agreements/RM3825/apply", {**FORM, "q-experience": "", "q-plan": pdf_file()}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "nhsuk-error-summary" in page
    assert 'href="#q-experience"' in page and "Enter an answer: Experience" in page
    assert counts() == before


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("plan.exe", b"MZ\x90\x00" * 10), "plan.exe is not a file type we accept"),
        (SimpleUploadedFile("plan.pdf", b"not a pdf at all"), "plan.pdf is not a real PDF file"),
    ],
)
def test_a_wrong_type_of_file_is_refused_on_the_page(as_supplier, dps, upload, message):
    before = counts()
    response = as_supplier.post("/agreements/RM3825/apply", {**FORM, "q-plan": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'href="#q-plan"' in response.content.decode()
    assert counts() == before


def test_an_oversize_file_is_refused_on_the_page(as_supplier, dps, settings):
    settings.CAREMARKET_EVIDENCE_MAX_BYTES = 1024
    before = counts()
    response = as_supplier.post(
        "/agreements/RM3825/apply", {**FORM, "q-plan": pdf_file(content=PDF + b"0" * 4096)}
    )
    assert response.status_code == 400
    assert "plan.pdf is 4 KB: files must be 1 KB or smaller" in response.content.decode()
    assert counts() == before


def test_an_expired_certificate_is_refused_on_the_page(as_supplier, dps):
    before = counts()
    response = as_supplier.post(
        "/agreements/RM3825/apply",
        {
            **FORM,
            "q-plan": pdf_file(),
            "cert-dspt-reference": "DSPT-OLD",
            "cert-dspt-valid_from": "01/01/2025",
            "cert-dspt-expires_on": "01/01/2026",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "certificate expired on 1 January 2026: enter one that is in force" in page
    assert 'href="#cert-dspt"' in page
    assert counts() == before


def test_the_page_says_why_an_agreement_takes_no_applications(as_supplier, owner):
    make_agreement(
        owner=owner,
        reference="RM1045",
        kind="framework",
        status="closed_to_new_suppliers",
        starts_on=NOW.date() - timedelta(days=4000),
        ends_on=datetime(2019, 7, 31).date(),
    )
    response = as_supplier.get("/agreements/RM1045/apply")
    assert response.status_code == 200
    assert "RM1045 does not accept new suppliers" in response.content.decode()
    assert "Submit application" not in response.content.decode()


def test_the_api_names_missing_answers_then_takes_evidence_by_id(supplier_person, supplier, dps):
    _, secret = org_services.api_token_create(actor=actor_for(supplier_person), name="t")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.post(
        "/api/v1/agreements/RM3825/applications",
        {"supplier_code": supplier.code, "lots": [1], "answers": {"insurance": True, "bankrupt": False}},
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "application.incomplete"
    assert set(body["details"]["fields"]) == {"answers.experience", "answers.plan"}
    upload = client.post(
        f"/api/v1/suppliers/{supplier.code}/evidence", {"file": pdf_file(), "description": "Plan"}
    )
    assert upload.status_code == 201
    evidence = upload.json()
    assert evidence["sha256"] == Evidence.objects.get().sha256
    response = client.post(
        "/api/v1/agreements/RM3825/applications",
        {
            "supplier_code": supplier.code,
            "lots": [1, 2],
            "answers": {
                "experience": "Forty practices",
                "insurance": True,
                "bankrupt": False,
                "plan": [evidence["id"]],
            },
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert [a["lot"] for a in response.json()] == [1, 2]
    content = client.get(evidence["content_url"])
    assert content.status_code == 200
    assert b"".join(content.streaming_content) == PDF
    assert content["Content-Type"] == "application/pdf"
    rival = make_person(roles=[(make_supplier(), Role.SUPPLIER_USER)])
    _, rival_secret = org_services.api_token_create(actor=actor_for(rival), name="t")
    refused = Client(HTTP_AUTHORIZATION=f"Bearer {rival_secret}").get(evidence["content_url"])
    assert refused.status_code == 404


def test_evidence_downloads_only_for_the_supplier_the_manager_and_auditors(
    supplier, supplier_person, dps, owner
):
    application = apply(supplier, dps)[0]
    evidence = application.evidence.get()
    manager = make_person(roles=[(owner, Role.AGREEMENT_MANAGER)])
    auditor = make_person(roles=[(make_organisation(Sector.PLATFORM), Role.AUDITOR)])
    buyer = make_person(roles=[(make_organisation(Sector.BUYER), Role.BUYER)])
    rival = make_person(roles=[(make_supplier(), Role.SUPPLIER_USER)])
    for person, status in [
        (supplier_person, 200),
        (manager, 200),
        (auditor, 200),
        (buyer, 404),
        (rival, 404),
    ]:
        client = Client()
        client.force_login(person)
        response = client.get(f"/agreements/evidence/{evidence.pk}")
        assert response.status_code == status, person
        if status == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
            assert response["Content-Type"] == "application/pdf"


@pytest.mark.skipif(not MARKETPLACE.is_dir(), reason="the shared reference frameworks are not here")
def test_g_cloud_and_dos_lots_and_questions_are_shown(buyer):
    make_organisation(Sector.BUYER, code="CCS")
    call_command("import_framework", str(MARKETPLACE))
    client = Client()
    client.force_login(buyer.person)
    listing = client.get("/agreements?q=G-Cloud").content.decode()
    assert "RM1557.12" in listing and "G-Cloud 12" in listing
    agreement = client.get("/agreements/RM1043.7").content.decode()
    for title in (
        "Digital outcomes",
        "Digital specialists",
        "User research studios",
        "User research participants",
    ):
        assert title in agreement
    lot = client.get("/agreements/RM1557.12/lots/3").content.decode()
    assert "Lot 3: Cloud support" in lot
    assert "What’s your service called?" in lot  # a service question
    assert "Grounds for mandatory exclusion" in lot  # a declaration section
    assert "RM1557.12 expired on 27 September 2022" in lot
    api = client.get("/api/v1/agreements/RM1557.12/lots/1").json()
    assert api["code"] == "cloud-hosting"
    assert any(q["id"] == "serviceName" for q in api["rules"]["questions"])
