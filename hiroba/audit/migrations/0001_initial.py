"""AuditEntry moves here from the moderation app, table and rows unchanged.

The table ``moderation_auditentry`` already exists (moderation 0001, with its append-only
triggers from moderation 0002): this migration only tells Django's state that the model is now
audit's; moderation 0006 removes it from moderation's state once this one has run.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("moderation", "0005_audit_community_spaces"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AuditEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(choices=[('post_publish', 'Published'), ('post_unpublish', 'Unpublished'), ('post_schedule', 'Scheduled'), ('post_hold', 'Post held for review'), ('post_approve', 'Post approved'), ('post_hide', 'Post hidden'), ('post_restore', 'Post restored'), ('post_delete', 'Post deleted'), ('comment_hold', 'Comment held for review'), ('comment_approve', 'Comment approved'), ('comment_hide', 'Comment hidden'), ('comment_restore', 'Comment restored'), ('comment_delete', 'Comment deleted'), ('reports_dismiss', 'Reports dismissed'), ('word_rule_add', 'Word rule added'), ('word_rule_change', 'Word rule changed'), ('word_rule_remove', 'Word rule removed'), ('member_warn', 'Member warned'), ('member_suspend', 'Member suspended'), ('member_ban', 'Member banned'), ('member_lift', 'Sanction lifted'), ('member_role', 'Role changed'), ('settings', 'Moderation settings changed'), ('idea_status', 'Idea status changed'), ('idea_duplicate', 'Idea merged as a duplicate'), ('survey_publish', 'Survey published'), ('survey_change', 'Survey changed'), ('survey_close', 'Survey closed'), ('survey_export', 'Survey responses exported'), ('segment_create', 'Segment created'), ('segment_change', 'Segment changed'), ('segment_delete', 'Segment deleted'), ('segment_export', 'Segment members exported'), ('kpi_export', 'KPI data exported'), ('health_settings', 'Health score settings changed'), ('community_open', 'Community opened'), ('community_close', 'Community closed'), ('community_settings', 'Community settings changed'), ('space_change', 'Space changed'), ('space_invite', 'Member added to a space'), ('space_remove', 'Member removed from a space')], max_length=32)),
                        ('target_type', models.CharField(max_length=16)),
                        ('target_id', models.BigIntegerField(null=True)),
                        ('reason', models.CharField(blank=True, max_length=1000)),
                        ('data', models.JSONField(blank=True, default=dict)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'moderation_auditentry',
                        'indexes': [models.Index(fields=['actor', '-id'], name='audit_actor'), models.Index(fields=['action', '-id'], name='audit_action'), models.Index(fields=['target_type', 'target_id', '-id'], name='audit_target')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
