import pytest
from django.db import DatabaseError, transaction

from caremarket.audit.models import AuditEvent
from caremarket.audit.services import AuditOutsideTransaction, audit_record
from caremarket.audit.tests.tampering import delete_event, rewrite_event
from caremarket.audit.verify import verify_chain
from caremarket.orgs.factories import make_organisation

pytestmark = pytest.mark.django_db


def _record(system, n=3):
    for i in range(n):
        with transaction.atomic():
            audit_record(
                actor=system,
                action="test.happened",
                object_type="test",
                object_id=str(i),
                after={"i": i, "amount": "12.50"},
            )


def test_events_chain_to_each_other(system):
    _record(system)
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == "0" * 64
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    assert verify_chain().ok
    assert verify_chain().checked == 3


def test_a_service_writes_its_event_in_its_own_transaction(system):
    org = make_organisation(code="QJG")
    event = AuditEvent.objects.get(action="organisation.created")
    assert event.object_id == str(org.pk)
    assert event.after["code"] == "QJG"
    assert event.actor_label == "system:factories"


def test_audit_outside_a_transaction_is_refused(system, monkeypatch):
    # Tests run inside a transaction; pretend this call is outside one.
    monkeypatch.setattr(transaction.get_connection(), "in_atomic_block", False)
    with pytest.raises(AuditOutsideTransaction, match="same transaction"):
        audit_record(actor=system, action="test.outside")


def test_floats_cannot_be_recorded(system):
    with pytest.raises(TypeError, match="Decimal"), transaction.atomic():
        audit_record(actor=system, action="test.float", after={"price": 1.5})


def test_the_database_refuses_updates_and_deletes(system):
    _record(system, 1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(action="test.rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=1).delete()
    assert AuditEvent.objects.get(seq=1).action == "test.happened"


def test_verify_names_the_first_altered_event(system):
    _record(system, 5)
    rewrite_event(3)
    report = verify_chain()
    assert not report.ok
    assert report.broken_seq == 3
    assert report.checked == 2
    assert "altered" in report.reason


def test_verify_names_a_missing_event(system):
    _record(system, 5)
    delete_event(2)
    report = verify_chain()
    assert report.broken_seq == 2
    assert "missing" in report.reason


def test_verify_notices_events_cut_from_the_end(system):
    _record(system, 4)
    delete_event(4)
    report = verify_chain()
    assert not report.ok
    assert "missing from the end" in report.reason
