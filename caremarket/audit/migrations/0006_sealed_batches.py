"""Sealed batches (ADR 0016): events hashed alone and numbered by the database, the batches that
seal them, and triggers that still refuse any change to an event except its batch, set once."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Every column of an event but its number and batch: none may ever change.
FIXED = (
    "id, occurred_at, actor_id, actor_label, organisation_id, action, object_type, object_id, "
    "object_repr, before, after, prev_hash, hash, nonce, txid"
)
OLD_SQLITE = [
    "DROP TRIGGER IF EXISTS audit_event_no_update;",
    "DROP TRIGGER IF EXISTS audit_event_no_delete;",
]
OLD_POSTGRES = ["DROP TRIGGER IF EXISTS audit_event_no_update ON audit_auditevent;"]
SQLITE_UP = [
    f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE OF {FIXED} ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    """CREATE TRIGGER audit_event_number_once BEFORE UPDATE OF seq ON audit_auditevent
       WHEN OLD.seq IS NOT NULL OR NEW.seq IS NOT OLD.id
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    """CREATE TRIGGER audit_event_sealed_once BEFORE UPDATE OF batch_id ON audit_auditevent
       WHEN OLD.batch_id IS NOT NULL OR NEW.batch_id IS NULL
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    # SQLite numbers a row after its BEFORE triggers have run: number it just after.
    """CREATE TRIGGER audit_event_numbered AFTER INSERT ON audit_auditevent
       WHEN NEW.seq IS NULL
       BEGIN UPDATE audit_auditevent SET seq = NEW.id WHERE id = NEW.id; END;""",
    """CREATE TRIGGER audit_batch_no_update BEFORE UPDATE ON audit_auditbatch
       BEGIN SELECT RAISE(ABORT, 'audit batches are append-only'); END;""",
    """CREATE TRIGGER audit_batch_no_delete BEFORE DELETE ON audit_auditbatch
       BEGIN SELECT RAISE(ABORT, 'audit batches are append-only'); END;""",
]
SQLITE_DOWN = [
    f"DROP TRIGGER IF EXISTS {name};"
    for name in (
        "audit_event_no_update",
        "audit_event_number_once",
        "audit_event_sealed_once",
        "audit_event_no_delete",
        "audit_event_numbered",
        "audit_batch_no_update",
        "audit_batch_no_delete",
    )
]
POSTGRES_UP = [
    """CREATE OR REPLACE FUNCTION audit_event_on_insert() RETURNS trigger AS $$
       BEGIN
         IF NEW.seq IS NULL THEN NEW.seq := NEW.id; END IF;
         NEW.txid := txid_current();
         RETURN NEW;
       END;
       $$ LANGUAGE plpgsql;""",
    """CREATE OR REPLACE FUNCTION audit_event_refuse_change_but_sealing() RETURNS trigger AS $$
       BEGIN
         -- Sealing sets the batch once; every other column must stay as it is. (Compared
         -- column by column: a row's JSON would cost more on every event sealed.)
         IF TG_OP = 'UPDATE' AND OLD.batch_id IS NULL AND NEW.batch_id IS NOT NULL
            AND (NEW.id, NEW.seq, NEW.occurred_at, NEW.actor_id, NEW.actor_label, NEW.organisation_id,
                 NEW.action, NEW.object_type, NEW.object_id, NEW.object_repr, NEW.before::text,
                 NEW.after::text, NEW.prev_hash, NEW.hash, NEW.nonce, NEW.txid)
            IS NOT DISTINCT FROM
                (OLD.id, OLD.seq, OLD.occurred_at, OLD.actor_id, OLD.actor_label, OLD.organisation_id,
                 OLD.action, OLD.object_type, OLD.object_id, OLD.object_repr, OLD.before::text,
                 OLD.after::text, OLD.prev_hash, OLD.hash, OLD.nonce, OLD.txid) THEN
           RETURN NEW;
         END IF;
         RAISE EXCEPTION 'audit events are append-only';
       END;
       $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER audit_event_on_insert BEFORE INSERT ON audit_auditevent
       FOR EACH ROW EXECUTE FUNCTION audit_event_on_insert();""",
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_auditevent
       FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change_but_sealing();""",
    # audit_event_refuse_change() comes from migration 0003.
    """CREATE TRIGGER audit_batch_no_update BEFORE UPDATE OR DELETE ON audit_auditbatch
       FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS audit_event_on_insert ON audit_auditevent;",
    "DROP TRIGGER IF EXISTS audit_event_no_update ON audit_auditevent;",
    "DROP TRIGGER IF EXISTS audit_batch_no_update ON audit_auditbatch;",
    "DROP FUNCTION IF EXISTS audit_event_on_insert();",
    "DROP FUNCTION IF EXISTS audit_event_refuse_change_but_sealing();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_sealed_events_append_only"),
        ("orgs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The old triggers go first: SQLite rebuilds the table to make `seq` nullable.
        migrations.RunPython(
            _run({"sqlite": OLD_SQLITE, "postgresql": OLD_POSTGRES}), migrations.RunPython.noop
        ),
        migrations.CreateModel(
            name="AuditBatch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveBigIntegerField(unique=True)),
                ("count", models.PositiveIntegerField()),
                ("first_event_id", models.PositiveBigIntegerField()),
                ("last_event_id", models.PositiveBigIntegerField()),
                ("root", models.CharField(max_length=64)),
                ("prev_hash", models.CharField(max_length=64)),
                ("hash", models.CharField(max_length=64, unique=True)),
                ("sealed_at", models.DateTimeField()),
            ],
            options={
                "ordering": ["number"],
            },
        ),
        migrations.AddField(
            model_name="auditevent",
            name="nonce",
            field=models.CharField(blank=True, default="", max_length=32),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="txid",
            field=models.BigIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(null=True, unique=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="batch",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="audit.auditbatch",
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                condition=models.Q(("batch__isnull", True), models.Q(("nonce", ""), _negated=True)),
                fields=["id"],
                name="audit_event_unsealed",
            ),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
