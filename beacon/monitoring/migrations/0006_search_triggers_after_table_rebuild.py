"""The full-text triggers again, after a migration rebuilt the article table on SQLite.

SQLite cannot add a column with a default or an index in place: Django copies the table into a
new one, and the triggers of 0002 that keep the FTS5 index in step are dropped with the old
table (the tone fields of 0004 did this). They are created again here and the index rebuilt
from the articles, so words saved before and after the migration are found. PostgreSQL keeps
its GIN index through such changes and needs nothing.
"""

from django.db import migrations


TRIGGERS = [
    "DROP TRIGGER IF EXISTS monitoring_article_fts_ai",
    "DROP TRIGGER IF EXISTS monitoring_article_fts_ad",
    "DROP TRIGGER IF EXISTS monitoring_article_fts_au",
    """CREATE TRIGGER monitoring_article_fts_ai AFTER INSERT ON monitoring_article BEGIN
        INSERT INTO monitoring_article_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER monitoring_article_fts_ad AFTER DELETE ON monitoring_article BEGIN
        INSERT INTO monitoring_article_fts(monitoring_article_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER monitoring_article_fts_au AFTER UPDATE OF search_text ON monitoring_article
    BEGIN
        INSERT INTO monitoring_article_fts(monitoring_article_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO monitoring_article_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    "INSERT INTO monitoring_article_fts(monitoring_article_fts) VALUES ('rebuild')",
]


def restore_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in TRIGGERS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0005_merge_tone_search_lease")]

    operations = [migrations.RunPython(restore_triggers, migrations.RunPython.noop)]
