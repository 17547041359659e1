"""PostgreSQL: the trigram index also keys each row's bucket (key / BUCKET, through btree_gin), so
search can ask it for the matches in the newest buckets only. SQLite's FTS5 tables are unchanged."""

from django.db import migrations

from hiroba.search import index


def rebuild_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for source in index.SOURCES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {source.gin}")
        index.create_index(schema_editor, source)


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(rebuild_trigram_indexes, migrations.RunPython.noop),
    ]
