"""Supplier admission: applying with answers, evidence and certificates; assessing, admitting,
rejecting and withdrawing; and every way an application is refused."""

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from caremarket.agreements import services
from caremarket.agreements.factories import (
    ANSWERS,
    PDF,
    SYSTEM,
    admit,
    apply,
    make_agreement,
    make_supplier,
    pdf_file,
)
from caremarket.agreements.models import Application, Evidence, LotSupplier
from caremarket.audit.models import AuditEvent
from caremarket.core.errors import Conflict, NotFound, PermissionDenied, RuleViolation, ValidationFailed
from caremarket.orgs.factories import actor_for, make_person
from caremarket.orgs.models import Certification
from caremarket.rules.roles import Role

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


class NothingChanges:
    """Asserts that a refused action left no application, evidence, file or audit event."""

    def __enter__(self):
        self.counts = self._counts()
        return self

    def __exit__(self, *exc):
        assert self._counts() == self.counts
        return False

    @staticmethod
    def _counts():
        return (
            Application.objects.count(),
            Evidence.objects.count(),
            Certification.objects.count(),
            AuditEvent.objects.count(),
            len(stored_files()),
        )


def submit(actor, supplier, agreement, lots=(1,), answers=None, uploads=None, **kwargs):
    return services.application_submit(
        actor=actor,
        supplier=supplier,
        agreement=agreement,
        lots=list(lots),
        answers=ANSWERS if answers is None else answers,
        uploads={"plan": [pdf_file()]} if uploads is None else uploads,
        **kwargs,
    )


# --- Applying ----------------------------------------------------------------------------------


def test_a_supplier_applies_to_two_lots_with_evidence(supplier_user, supplier, dps):
    first, second = submit(supplier_user, supplier, dps, lots=(1, 2))
    assert (first.lot.number, second.lot.number) == (1, 2)
    assert first.status == "submitted" and first.rules.version == 1
    evidence = Evidence.objects.get()
    assert first.answers["plan"] == second.answers["plan"] == [evidence.pk]
    assert list(first.evidence.all()) == [evidence]
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (evidence.original_name, evidence.content_type, evidence.size) == (
        "plan.pdf",
        "application/pdf",
        len(PDF),
    )
    assert evidence.file.read() == PDF
    assert first.certifications[0]["scheme"] == "dspt"
    actions = list(AuditEvent.objects.filter(organisation=supplier).values_list("action", flat=True))
    assert actions.count("application.submitted") == 2 and "evidence.uploaded" in actions


def test_evidence_uploaded_earlier_can_be_cited(supplier_user, supplier, dps):
    evidence = services.evidence_upload(actor=supplier_user, supplier=supplier, file=pdf_file("policy.pdf"))
    (application,) = submit(
        supplier_user, supplier, dps, answers={**ANSWERS, "plan": [evidence.pk]}, uploads={}
    )
    assert application.answers["plan"] == [evidence.pk]


def test_evidence_of_another_supplier_cannot_be_cited(supplier_user, supplier, dps):
    other = make_supplier()
    theirs = services.evidence_upload(actor=SYSTEM, supplier=other, file=pdf_file())
    with NothingChanges(), pytest.raises(ValidationFailed) as raised:
        submit(supplier_user, supplier, dps, answers={**ANSWERS, "plan": [theirs.pk]}, uploads={})
    assert raised.value.details["fields"]["answers"] == [
        f"Evidence #{theirs.pk} is not one of Northway Networks Ltd's files"
    ]


# --- Bad input: a clear error, and nothing changes ----------------------------------------------


def test_a_missing_required_answer_is_named(supplier_user, supplier, dps):
    with NothingChanges(), pytest.raises(ValidationFailed) as raised:
        submit(supplier_user, supplier, dps, answers={"insurance": True, "bankrupt": False})
    assert raised.value.code == "application.incomplete"
    assert raised.value.details["fields"] == {
        "answers.experience": ["Enter an answer: Experience"],
    }


def test_a_missing_upload_is_named(supplier_user, supplier, dps):
    with NothingChanges(), pytest.raises(ValidationFailed) as raised:
        submit(supplier_user, supplier, dps, uploads={})
    assert raised.value.details["fields"] == {"answers.plan": ["Upload a file: Service delivery plan"]}


def test_an_oversize_file_is_refused(supplier_user, supplier, dps, settings):
    settings.CAREMARKET_EVIDENCE_MAX_BYTES = 1024
    big = pdf_file("plan.pdf", PDF + b"0" * 2048)
    with NothingChanges(), pytest.raises(ValidationFailed) as raised:
        submit(supplier_user, supplier, dps, uploads={"plan": [big]})
    assert raised.value.code == "evidence.too_large"
    assert raised.value.message == "plan.pdf is 2 KB: files must be 1 KB or smaller"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.exe", b"MZ\x90\x00" * 8, "plan.exe is not a file type we accept"),
        ("plan.pdf", b"MZ\x90\x00" * 8, "plan.pdf is not a real PDF file"),
        ("plan.png", PDF, "plan.png is not a real PNG file"),
        ("plan.docx", b"PK\x03\x04 not really a zip", "plan.docx is not a real DOCX file"),
    ],
)
def test_a_wrong_type_of_file_is_refused(supplier_user, supplier, dps, name, content, message):
    upload = SimpleUploadedFile(name, content)
    with NothingChanges(), pytest.raises(ValidationFailed) as raised:
        submit(supplier_user, supplier, dps, uploads={"plan": [upload]})
    assert raised.value.code == "evidence.type_not_allowed"
    assert raised.value.message.startswith(message)


def test_an_expired_certificate_is_refused(supplier_user, supplier, dps):
    expired = {
        "scheme": "dspt",
        "reference": "DSPT-1",
        "valid_from": date(2025, 1, 1),
        "expires_on": date(2026, 1, 1),
    }
    with NothingChanges(), pytest.raises(ValidationFailed) as raised:
        submit(supplier_user, supplier, dps, certifications=[expired])
    assert raised.value.details["fields"]["certifications.dspt"] == [
        "The Data Security and Protection Toolkit certificate expired on 1 January 2026: "
        "enter one that is in force"
    ]


def test_a_supplier_without_a_required_standard_in_force_cannot_apply(supplier_user, dps):
    castlegate = make_supplier(code="S1004", name="Castlegate Digital Ltd", certifications=[("dspt", -2)])
    castlegate_user = actor_for(make_person(roles=[(castlegate, Role.SUPPLIER_USER)]))
    with NothingChanges(), pytest.raises(ValidationFailed) as raised:
        submit(castlegate_user, castlegate, dps)
    assert raised.value.details["fields"]["certifications.dspt"] == [
        "RM3825 requires Data Security and Protection Toolkit: "
        "Castlegate Digital Ltd's certificate expired on 21 November 2026. Declare the renewed one"
    ]
    # Renewing it with the application puts that right.
    renewal = {"scheme": "dspt", "reference": "DSPT-2", "valid_from": TODAY, "expires_on": date(2027, 11, 22)}
    (application,) = submit(castlegate_user, castlegate, dps, certifications=[renewal])
    assert Certification.objects.filter(organisation=castlegate, reference="DSPT-2").exists()
    assert application.certifications[0]["reference"] == "DSPT-2"


# --- Refusals by the agreement's rules ----------------------------------------------------------


@pytest.mark.parametrize(
    ("definition", "message", "code"),
    [
        (
            {"status": "draft"},
            "RM5000 is not open for applications yet",
            "agreement.not_open_for_applications",
        ),
        (
            {"kind": "framework", "status": "closed_to_new_suppliers"},
            "RM5000 does not accept new suppliers",
            "agreement.closed_to_new_suppliers",
        ),
        (
            {"status": "live", "starts_on": date(2015, 8, 1), "ends_on": date(2019, 7, 31)},
            "RM5000 expired on 31 July 2019",
            "agreement.expired",
        ),
        (
            {
                "kind": "framework",
                "status": "open_for_applications",
                "window": (date(2026, 10, 1), date(2026, 10, 31)),
            },
            "Applications to RM5000 closed on 31 October 2026",
            "agreement.application_window_closed",
        ),
        (
            {
                "kind": "framework",
                "status": "open_for_applications",
                "window": (date(2026, 12, 1), date(2026, 12, 31)),
            },
            "Applications to RM5000 open on 1 December 2026",
            "agreement.application_window_closed",
        ),
    ],
)
def test_applications_follow_the_agreements_rules(owner, supplier_user, supplier, definition, message, code):
    agreement = make_agreement(owner=owner, reference="RM5000", **definition)
    with NothingChanges(), pytest.raises(RuleViolation) as raised:
        submit(supplier_user, supplier, agreement)
    assert (raised.value.message, raised.value.code) == (message, code)


def test_a_framework_accepts_applications_in_its_window(owner, supplier_user, supplier):
    framework = make_agreement(
        owner=owner,
        kind="framework",
        status="open_for_applications",
        window=(date(2026, 11, 1), date(2026, 12, 1)),
    )
    assert submit(supplier_user, supplier, framework)[0].status == "submitted"


def test_a_lot_closed_to_new_suppliers_refuses(manager, supplier_user, supplier, dps):
    lot = dps.lots.get(number=2)
    services.lot_rules_update(
        actor=manager, lot=lot, procedures=["further_competition"], takes_new_suppliers=False
    )
    with (
        NothingChanges(),
        pytest.raises(RuleViolation, match="Lot 2 of RM3825 does not accept new suppliers"),
    ):
        submit(supplier_user, supplier, dps, lots=(1, 2))


def test_one_application_at_a_time_per_lot(supplier_user, supplier, dps):
    submit(supplier_user, supplier, dps)
    with pytest.raises(
        Conflict, match="already has an application to lot 1 of RM3825 waiting for a decision"
    ):
        submit(supplier_user, supplier, dps)


def test_a_supplier_already_on_the_lot_cannot_apply_again(supplier_user, supplier, dps):
    admit(apply(supplier, dps)[0])
    with pytest.raises(
        Conflict, match="Northway Networks Ltd is already admitted on lot 1 of RM3825"
    ) as raised:
        submit(supplier_user, supplier, dps)
    assert raised.value.code == "application.already_on_lot"


def test_an_unknown_lot_is_not_found(supplier_user, supplier, dps):
    with pytest.raises(NotFound, match="RM3825 has no lot 7"):
        submit(supplier_user, supplier, dps, lots=(7,))


def test_only_the_suppliers_own_users_apply(buyer, supplier, dps):
    with NothingChanges(), pytest.raises(PermissionDenied):
        submit(buyer, supplier, dps)


# --- Assessing and deciding ---------------------------------------------------------------------


@pytest.fixture
def application(supplier, dps):
    return apply(supplier, dps)[0]


def test_the_manager_assesses_then_admits(manager, application):
    with pytest.raises(RuleViolation, match="Assess the application before deciding it"):
        services.application_admit(actor=manager, application=application)
    services.application_assess(actor=manager, application=application, outcome="pass", reasons="All met")
    place = services.application_admit(actor=manager, application=application, reason="Welcome")
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == ("admitted", "Welcome")
    assert (place.status, place.application_id, place.admitted_on) == ("admitted", application.pk, TODAY)
    assert place.changes.get().to_status == "admitted"
    assert AuditEvent.objects.filter(action="lot_supplier.admitted").exists()


@pytest.mark.parametrize(
    ("outcome", "decision", "message"),
    [
        ("fail", "admit", "The application was assessed as a fail"),
        ("pass", "reject", "The application was assessed as a pass"),
    ],
)
def test_a_decision_follows_the_latest_assessment(manager, application, outcome, decision, message):
    services.application_assess(actor=manager, application=application, outcome=outcome, reasons="Checked")
    decide = services.application_admit if decision == "admit" else services.application_reject
    with pytest.raises(RuleViolation, match=message):
        decide(actor=manager, application=application, reason="x")
    # Revising the assessment lets the decision through.
    revised = "pass" if decision == "admit" else "fail"
    services.application_assess(actor=manager, application=application, outcome=revised, reasons="Revised")
    decide(actor=manager, application=application, reason="Decided")
    application.refresh_from_db()
    assert application.status == ("admitted" if decision == "admit" else "rejected")
    assert application.assessments.count() == 2


def test_needs_decision_can_go_either_way_and_rejection_needs_a_reason(manager, application):
    services.application_assess(
        actor=manager, application=application, outcome="needs_decision", reasons="Bankrupt?"
    )
    with pytest.raises(ValidationFailed, match="Give the reason for rejecting the application"):
        services.application_reject(actor=manager, application=application, reason=" ")
    services.application_reject(actor=manager, application=application, reason="Insolvency not explained")
    assert not LotSupplier.objects.exists()
    with pytest.raises(RuleViolation, match="An application cannot move from rejected to assessed"):
        services.application_assess(actor=manager, application=application, outcome="pass", reasons="x")


def test_an_assessment_needs_an_outcome_and_reasons(manager, application):
    with pytest.raises(ValidationFailed) as raised:
        services.application_assess(actor=manager, application=application, outcome="maybe", reasons="")
    assert set(raised.value.details["fields"]) == {"outcome", "reasons"}


def test_only_the_agreements_managers_assess(supplier_user, buyer, application):
    for actor in (supplier_user, buyer):
        with pytest.raises(PermissionDenied):
            services.application_assess(actor=actor, application=application, outcome="pass", reasons="x")


def test_the_supplier_withdraws_a_pending_application(supplier_user, manager, application):
    services.application_withdraw(actor=supplier_user, application=application)
    application.refresh_from_db()
    assert application.status == "withdrawn"
    with pytest.raises(RuleViolation, match="An application cannot move from withdrawn to withdrawn"):
        services.application_withdraw(actor=supplier_user, application=application)
    with pytest.raises(PermissionDenied):
        services.application_withdraw(actor=manager, application=application)


def test_a_removed_supplier_comes_back_only_through_a_new_application(manager, supplier, dps):
    place = admit(apply(supplier, dps)[0])
    services.lot_supplier_remove(
        actor=manager, place=place, ground="poor_performance", reason="Missed every KPI"
    )
    second = apply(supplier, dps)[0]
    place = admit(second)
    assert place.status == "admitted"
    assert [c.to_status for c in place.changes.order_by("changed_at", "id")] == [
        "admitted",
        "removed",
        "admitted",
    ]
