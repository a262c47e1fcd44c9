"""Full-text index of the folded article text: FTS5 on SQLite, a GIN index on PostgreSQL."""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE monitoring_article_fts USING fts5(
        search_text, content='monitoring_article', content_rowid='id',
        tokenize="unicode61 remove_diacritics 2")""",
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
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS monitoring_article_fts_au",
    "DROP TRIGGER IF EXISTS monitoring_article_fts_ad",
    "DROP TRIGGER IF EXISTS monitoring_article_fts_ai",
    "DROP TABLE IF EXISTS monitoring_article_fts",
]
POSTGRES = [
    "CREATE INDEX monitoring_article_search ON monitoring_article "
    "USING GIN (to_tsvector('simple', search_text))"
]
POSTGRES_REVERSE = ["DROP INDEX IF EXISTS monitoring_article_search"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
