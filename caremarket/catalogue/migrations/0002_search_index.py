"""The full-text index, one interface over two engines, kept in step by the database itself:

- SQLite: an FTS5 table over the search documents (external content), filled by triggers on
  every insert, update and delete of a document, so it changes in the same transaction;
- PostgreSQL: a generated tsvector column on the documents with a GIN index.

Both weight the listing's name above its supplier and summary, and those above the rest. The
`tags` column holds filter tokens (za<agreement> zl<lot> zc<category> zr<region>) so the engine
intersects the words with the commonest filters itself; they never count towards relevance.

Also: a locked shortlist, and its entries, never change (the database refuses, as it does
for audit events).
"""

from django.db import migrations

FTS_COLUMNS = "name, supplier_name, summary, body, tags"
NEW = "new.listing_id, new.name, new.supplier_name, new.summary, new.body, new.tags"
OLD = "old.listing_id, old.name, old.supplier_name, old.summary, old.body, old.tags"

SQLITE_UP = [
    f"""CREATE VIRTUAL TABLE catalogue_search_fts USING fts5(
        {FTS_COLUMNS},
        content='catalogue_searchdocument', content_rowid='listing_id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER catalogue_search_ai AFTER INSERT ON catalogue_searchdocument BEGIN
        INSERT INTO catalogue_search_fts(rowid, {FTS_COLUMNS}) VALUES ({NEW});
    END;""",
    f"""CREATE TRIGGER catalogue_search_ad AFTER DELETE ON catalogue_searchdocument BEGIN
        INSERT INTO catalogue_search_fts(catalogue_search_fts, rowid, {FTS_COLUMNS}) VALUES ('delete', {OLD});
    END;""",
    f"""CREATE TRIGGER catalogue_search_au AFTER UPDATE ON catalogue_searchdocument BEGIN
        INSERT INTO catalogue_search_fts(catalogue_search_fts, rowid, {FTS_COLUMNS}) VALUES ('delete', {OLD});
        INSERT INTO catalogue_search_fts(rowid, {FTS_COLUMNS}) VALUES ({NEW});
    END;""",
    """CREATE TRIGGER shortlist_locked_no_update BEFORE UPDATE ON catalogue_shortlist
       WHEN old.status = 'locked'
       BEGIN SELECT RAISE(ABORT, 'a locked shortlist never changes'); END;""",
    """CREATE TRIGGER shortlist_locked_no_delete BEFORE DELETE ON catalogue_shortlist
       WHEN old.status = 'locked'
       BEGIN SELECT RAISE(ABORT, 'a locked shortlist never changes'); END;""",
    """CREATE TRIGGER shortlist_entry_locked_no_insert BEFORE INSERT ON catalogue_shortlistentry
       WHEN (SELECT status FROM catalogue_shortlist WHERE id = new.shortlist_id) = 'locked'
       BEGIN SELECT RAISE(ABORT, 'a locked shortlist never changes'); END;""",
    """CREATE TRIGGER shortlist_entry_locked_no_update BEFORE UPDATE ON catalogue_shortlistentry
       WHEN (SELECT status FROM catalogue_shortlist WHERE id = old.shortlist_id) = 'locked'
       BEGIN SELECT RAISE(ABORT, 'a locked shortlist never changes'); END;""",
    """CREATE TRIGGER shortlist_entry_locked_no_delete BEFORE DELETE ON catalogue_shortlistentry
       WHEN (SELECT status FROM catalogue_shortlist WHERE id = old.shortlist_id) = 'locked'
       BEGIN SELECT RAISE(ABORT, 'a locked shortlist never changes'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS shortlist_entry_locked_no_delete;",
    "DROP TRIGGER IF EXISTS shortlist_entry_locked_no_update;",
    "DROP TRIGGER IF EXISTS shortlist_entry_locked_no_insert;",
    "DROP TRIGGER IF EXISTS shortlist_locked_no_delete;",
    "DROP TRIGGER IF EXISTS shortlist_locked_no_update;",
    "DROP TRIGGER IF EXISTS catalogue_search_au;",
    "DROP TRIGGER IF EXISTS catalogue_search_ad;",
    "DROP TRIGGER IF EXISTS catalogue_search_ai;",
    "DROP TABLE IF EXISTS catalogue_search_fts;",
]
POSTGRES_UP = [
    """ALTER TABLE catalogue_searchdocument ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', name), 'A')
        || setweight(to_tsvector('english', supplier_name), 'B')
        || setweight(to_tsvector('english', summary), 'B')
        || setweight(to_tsvector('english', body), 'D')
        || to_tsvector('simple', tags)
    ) STORED""",
    "CREATE INDEX catalogue_search_document_gin ON catalogue_searchdocument USING GIN (document)",
    """CREATE OR REPLACE FUNCTION shortlist_refuse_change() RETURNS trigger AS $$
       DECLARE target bigint;
       BEGIN
         IF TG_TABLE_NAME = 'catalogue_shortlist' THEN
           IF OLD.status = 'locked' THEN RAISE EXCEPTION 'a locked shortlist never changes'; END IF;
         ELSE
           IF TG_OP = 'INSERT' THEN target := NEW.shortlist_id; ELSE target := OLD.shortlist_id; END IF;
           IF (SELECT status FROM catalogue_shortlist WHERE id = target) = 'locked' THEN
             RAISE EXCEPTION 'a locked shortlist never changes';
           END IF;
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END;
       $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER shortlist_locked_no_change BEFORE UPDATE OR DELETE ON catalogue_shortlist
       FOR EACH ROW EXECUTE FUNCTION shortlist_refuse_change();""",
    """CREATE TRIGGER shortlist_entry_locked_no_change BEFORE INSERT OR UPDATE OR DELETE
       ON catalogue_shortlistentry FOR EACH ROW EXECUTE FUNCTION shortlist_refuse_change();""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS shortlist_entry_locked_no_change ON catalogue_shortlistentry;",
    "DROP TRIGGER IF EXISTS shortlist_locked_no_change ON catalogue_shortlist;",
    "DROP FUNCTION IF EXISTS shortlist_refuse_change();",
    "DROP INDEX IF EXISTS catalogue_search_document_gin;",
    "ALTER TABLE catalogue_searchdocument DROP COLUMN IF EXISTS document;",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
