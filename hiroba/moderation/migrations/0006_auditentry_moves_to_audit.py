"""AuditEntry moved to the audit app (hiroba.audit, audit 0001): it leaves moderation's state
only; the table ``moderation_auditentry`` and its rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0005_audit_community_spaces"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEntry")],
            database_operations=[],
        ),
    ]
