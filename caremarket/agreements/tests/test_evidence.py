"""Evidence files and certificate renewals on their own (outside an application)."""

import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from caremarket.agreements import services
from caremarket.agreements.factories import PNG
from caremarket.core.errors import PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_evidence_upload_records_the_hash(supplier_user, supplier):
    evidence = services.evidence_upload(
        actor=supplier_user, supplier=supplier, file=SimpleUploadedFile("logo.png", PNG), description="Logo"
    )
    assert evidence.sha256 == hashlib.sha256(PNG).hexdigest()
    assert evidence.content_type == "image/png"
    assert evidence.file.name.startswith("evidence/S1001/") and evidence.file.name.endswith(".png")


def test_a_renewal_must_be_in_force(supplier_user, supplier):
    with pytest.raises(ValidationFailed) as raised:
        services.certification_renew(
            actor=supplier_user,
            supplier=supplier,
            scheme="dspt",
            valid_from=TODAY - timedelta(days=400),
            expires_on=TODAY - timedelta(days=1),
        )
    assert raised.value.code == "certification.not_in_force"
    assert "expires_on" in raised.value.details["fields"]
    cert = services.certification_renew(
        actor=supplier_user, supplier=supplier, scheme="dspt", valid_from=TODAY, expires_on=date(2027, 11, 22)
    )
    assert cert.status() == "valid"


def test_only_the_suppliers_own_users_upload_or_renew(buyer, supplier):
    with pytest.raises(PermissionDenied):
        services.evidence_upload(actor=buyer, supplier=supplier, file=SimpleUploadedFile("logo.png", PNG))
    with pytest.raises(PermissionDenied):
        services.certification_renew(
            actor=buyer, supplier=supplier, scheme="dspt", valid_from=TODAY, expires_on=date(2027, 11, 22)
        )
