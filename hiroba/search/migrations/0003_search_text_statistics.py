"""PostgreSQL: a finer sample of the folded texts, so the planner's estimate for LIKE '%word%'
follows how common the word is (857 rows estimated for 1,048 found in four buckets, where the
default sample said 119 for the whole table, whatever the word). With it, the planner keeps the
bucket condition in the trigram index scan for a word in one post in a hundred (5 ms), instead of
rechecking all 18,000 matches in the table (110 ms)."""

from django.db import migrations

from hiroba.search import index

STATISTICS = 300  # 1,000 estimates a little closer and costs each plan ~0.7 ms more


def sample_more(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for source in index.SOURCES:
        schema_editor.execute(
            f"ALTER TABLE {source.table} ALTER COLUMN {source.column} SET STATISTICS {STATISTICS}"
        )
        # A database with rows gets the new sample at once; an empty one (a new install, the
        # test database) is left unanalyzed, as a fresh table is, until autovacuum sees rows.
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {source.table})")
            has_rows = cursor.fetchone()[0]
        if has_rows:
            schema_editor.execute(f"ANALYZE {source.table} ({source.column})")


def sample_as_before(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for source in index.SOURCES:
        schema_editor.execute(
            f"ALTER TABLE {source.table} ALTER COLUMN {source.column} SET STATISTICS -1"
        )


class Migration(migrations.Migration):
    atomic = False  # ANALYZE of a large table should not hold a migration transaction open

    dependencies = [
        ("search", "0002_bucketed_trigram_index"),
    ]

    operations = [
        migrations.RunPython(sample_more, sample_as_before),
    ]
