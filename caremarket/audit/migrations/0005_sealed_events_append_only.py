"""The database refuses to change or delete a sealed event, as it does a main-log event."""

from django.db import migrations

SQLITE_UP = [
    """CREATE TRIGGER audit_sealed_event_no_update BEFORE UPDATE ON audit_sealedevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    """CREATE TRIGGER audit_sealed_event_no_delete BEFORE DELETE ON audit_sealedevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_sealed_event_no_update;",
    "DROP TRIGGER IF EXISTS audit_sealed_event_no_delete;",
]
POSTGRES_UP = [
    # audit_event_refuse_change() comes from migration 0003.
    """CREATE TRIGGER audit_sealed_event_no_update BEFORE UPDATE OR DELETE ON audit_sealedevent
       FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();""",
]
POSTGRES_DOWN = ["DROP TRIGGER IF EXISTS audit_sealed_event_no_update ON audit_sealedevent;"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_sealed_streams")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
