"""The audit log (ADR 0016): events hashed alone and numbered by the database, sealed into
batches whose checkpoints chain; the database refuses changes; verify names the first event or
batch that does not hold, and any event left unsealed past the interval."""

from datetime import timedelta

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction

from caremarket.audit.chain import hash_of
from caremarket.audit.models import GENESIS_HASH, AuditBatch, AuditChainHead, AuditEvent
from caremarket.audit.sealer import seal_pending
from caremarket.audit.services import AuditOutsideTransaction, audit_record
from caremarket.audit.tests.tampering import delete_batch, delete_event, rewrite_event
from caremarket.audit.verify import verify_chain, verify_now
from caremarket.core import clock
from caremarket.orgs.factories import make_organisation
from caremarket.rules.audit_seal import checkpoint_hash, merkle_root

pytestmark = pytest.mark.django_db


def _record(system, n=3, start=0):
    for i in range(start, start + n):
        with transaction.atomic():
            audit_record(
                actor=system,
                action="test.happened",
                object_type="test",
                object_id=str(i),
                after={"i": i, "amount": "12.50"},
            )


def test_events_are_numbered_by_the_database_and_hashed_alone(system):
    _record(system)
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == [e.pk for e in events]
    assert all(e.prev_hash == "" and len(e.nonce) == 32 and hash_of(e) == e.hash for e in events)
    # Two events alike in every field still hash apart.
    assert len({e.nonce for e in events}) == 3


def test_sealing_puts_committed_events_in_a_batch_that_chains_to_the_head(system):
    _record(system, 3)
    (batch,) = seal_pending()
    events = list(AuditEvent.objects.order_by("id"))
    assert batch.number == 1 and batch.count == 3 and batch.prev_hash == GENESIS_HASH
    assert batch.root == merkle_root([e.hash for e in events])
    assert batch.hash == checkpoint_hash(GENESIS_HASH, 1, batch.root, 3)
    assert {e.batch_id for e in events} == {batch.pk}
    _record(system, 2, start=3)
    (second,) = seal_pending()
    assert second.number == 2 and second.prev_hash == batch.hash and second.count == 2
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash) == (2, second.hash)
    assert seal_pending() == []  # nothing left: sealing twice seals nothing twice
    report = verify_chain()
    assert report.ok and report.checked == 5


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
    seq = AuditEvent.objects.get().seq
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=seq).update(action="test.rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=seq).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=seq).update(seq=seq + 100)
    (batch,) = seal_pending()
    # Sealed once: its batch cannot be changed, nor the batch itself.
    other = AuditBatch.objects.create(
        number=99,
        count=0,
        first_event_id=0,
        last_event_id=0,
        root="a",
        prev_hash="b",
        hash="c",
        sealed_at=clock.now(),
    )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=seq).update(batch=other)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditBatch.objects.filter(pk=batch.pk).update(root="0" * 64)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditbatch WHERE id = %s", [batch.pk])
    assert AuditEvent.objects.get(seq=seq).action == "test.happened"


def test_verify_names_an_altered_event(system):
    _record(system, 5)
    seal_pending()
    third = AuditEvent.objects.order_by("seq")[2].seq
    rewrite_event(third)
    report = verify_chain()
    assert not report.ok
    assert report.broken_seq == third
    assert "altered" in report.reason


def test_verify_names_a_batch_missing_an_event(system):
    _record(system, 5)
    seal_pending()
    delete_event(AuditEvent.objects.order_by("seq")[1].seq)
    report = verify_chain()
    assert not report.ok and "sealed 5 events but holds 4" in report.reason


def test_verify_notices_a_batch_removed_from_the_middle_or_the_end(system):
    for start in (0, 2, 4):
        _record(system, 2, start=start)
        seal_pending()
    delete_batch(2)
    assert "batch #2 is missing" in verify_chain().reason
    delete_batch(3)
    delete_batch(1)
    report = verify_chain()
    assert not report.ok and "missing from the end" in report.reason


def test_an_event_waits_for_its_batch_until_the_interval_has_passed(system, settings):
    settings.CAREMARKET_AUDIT_SEAL_INTERVAL_SECONDS = 60
    with time_machine.travel(clock.now(), tick=False) as traveller:
        _record(system, 1)
        assert verify_chain().ok  # waiting for the next batch is not a fault
        traveller.shift(timedelta(seconds=61))
        report = verify_chain()
        assert not report.ok and "is not sealed after 60 seconds" in report.reason
        # The command, the page and the API seal first, so nothing is left waiting.
        assert verify_now().ok
