"""The database itself refuses to change the audit log.

PostgreSQL refuses UPDATE and DELETE of a row. SQLite refuses UPDATE; a DELETE trigger there
would also refuse the test runner's table flush (plain DELETE FROM), which PostgreSQL does with
TRUNCATE, so on SQLite deletes are refused by the model and its query set only.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER moderation_audit_no_update BEFORE UPDATE ON moderation_auditentry
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS moderation_audit_no_update"]

POSTGRESQL = [
    """CREATE FUNCTION moderation_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$""",
    """CREATE TRIGGER moderation_audit_append_only BEFORE UPDATE OR DELETE
    ON moderation_auditentry FOR EACH ROW EXECUTE FUNCTION moderation_audit_append_only()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS moderation_audit_append_only ON moderation_auditentry",
    "DROP FUNCTION IF EXISTS moderation_audit_append_only()",
]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
