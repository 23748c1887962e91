"""Change audit rows as someone with direct database access would, past the triggers."""

import importlib
from contextlib import contextmanager

from django.db import connection

_triggers = importlib.import_module("caremarket.audit.migrations.0003_append_only_triggers")


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
