import pytest
from django.core.management import call_command

from caremarket.audit.models import AuditEvent
from caremarket.audit.tests.tampering import rewrite_event
from caremarket.orgs.factories import make_organisation

pytestmark = pytest.mark.django_db


def test_audit_verify_reports_a_clean_chain(capsys):
    make_organisation()
    make_organisation()
    call_command("audit", "verify")
    assert (
        "The audit chain is intact: 2 events checked, and 0 in the sealed streams" in capsys.readouterr().out
    )


def test_audit_verify_names_the_broken_link_and_fails(capsys):
    for _ in range(4):
        make_organisation()
    second = AuditEvent.objects.order_by("seq")[1].seq
    rewrite_event(second)
    with pytest.raises(SystemExit) as exited:
        call_command("audit", "verify")
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert f"The audit chain is broken at event #{second}" in err
    assert "1 events before it are intact" in err


def test_audit_seal_seals_what_is_committed(capsys):
    from caremarket.audit.models import AuditBatch

    for _ in range(3):
        make_organisation()
    call_command("audit", "seal")
    assert "Sealed 3 events." in capsys.readouterr().out
    assert not AuditEvent.objects.filter(batch__isnull=True).exclude(nonce="").exists()
    assert AuditBatch.objects.count() == 1
    call_command("audit", "seal")  # nothing new: nothing sealed twice
    assert "Sealed 0 events." in capsys.readouterr().out
