"""Change audit rows as someone with direct database access would, past the triggers."""

import importlib
from contextlib import contextmanager

from django.db import connection

_triggers = importlib.import_module("caremarket.audit.migrations.0006_sealed_batches")


@contextmanager
def triggers_disabled():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A superuser can switch ordinary triggers off for the session.
            cursor.execute("SET session_replication_role = replica")
            yield cursor
            cursor.execute("SET session_replication_role = DEFAULT")
        else:
            for statement in _triggers.SQLITE_DOWN:
                cursor.execute(statement)
            yield cursor
            for statement in _triggers.SQLITE_UP:
                cursor.execute(statement)


def rewrite_event(seq: int, action: str = "tampered.action") -> None:
    with triggers_disabled() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = %s WHERE seq = %s", [action, seq])


def delete_event(seq: int) -> None:
    with triggers_disabled() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = %s", [seq])


def delete_batch(number: int) -> None:
    """Remove a batch and the events it sealed, as if they had never been written."""
    with triggers_disabled() as cursor:
        cursor.execute("SELECT id FROM audit_auditbatch WHERE number = %s", [number])
        (batch_id,) = cursor.fetchone()
        cursor.execute("DELETE FROM audit_auditevent WHERE batch_id = %s", [batch_id])
        cursor.execute("DELETE FROM audit_auditbatch WHERE id = %s", [batch_id])
