"""The audit log's entries and what they record.

The table keeps the name it had when the log lived in the moderation app
(``moderation_auditentry``): the model moved, its rows and the triggers that refuse to change
them (moderation migration 0002) did not.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    POST_PUBLISH = "post_publish", _("Published")
    POST_UNPUBLISH = "post_unpublish", _("Unpublished")
    POST_SCHEDULE = "post_schedule", _("Scheduled")
    POST_HOLD = "post_hold", _("Post held for review")
    POST_APPROVE = "post_approve", _("Post approved")
    POST_HIDE = "post_hide", _("Post hidden")
    POST_RESTORE = "post_restore", _("Post restored")
    POST_DELETE = "post_delete", _("Post deleted")
    COMMENT_HOLD = "comment_hold", _("Comment held for review")
    COMMENT_APPROVE = "comment_approve", _("Comment approved")
    COMMENT_HIDE = "comment_hide", _("Comment hidden")
    COMMENT_RESTORE = "comment_restore", _("Comment restored")
    COMMENT_DELETE = "comment_delete", _("Comment deleted")
    REPORTS_DISMISS = "reports_dismiss", _("Reports dismissed")
    WORD_RULE_ADD = "word_rule_add", _("Word rule added")
    WORD_RULE_CHANGE = "word_rule_change", _("Word rule changed")
    WORD_RULE_REMOVE = "word_rule_remove", _("Word rule removed")
    MEMBER_WARN = "member_warn", _("Member warned")
    MEMBER_SUSPEND = "member_suspend", _("Member suspended")
    MEMBER_BAN = "member_ban", _("Member banned")
    MEMBER_LIFT = "member_lift", _("Sanction lifted")
    MEMBER_ROLE = "member_role", _("Role changed")
    SETTINGS = "settings", _("Moderation settings changed")
    IDEA_STATUS = "idea_status", _("Idea status changed")
    IDEA_DUPLICATE = "idea_duplicate", _("Idea merged as a duplicate")
    SURVEY_PUBLISH = "survey_publish", _("Survey published")
    SURVEY_CHANGE = "survey_change", _("Survey changed")
    SURVEY_CLOSE = "survey_close", _("Survey closed")
    SURVEY_EXPORT = "survey_export", _("Survey responses exported")
    SEGMENT_CREATE = "segment_create", _("Segment created")
    SEGMENT_CHANGE = "segment_change", _("Segment changed")
    SEGMENT_DELETE = "segment_delete", _("Segment deleted")
    SEGMENT_EXPORT = "segment_export", _("Segment members exported")
    KPI_EXPORT = "kpi_export", _("KPI data exported")
    HEALTH_SETTINGS = "health_settings", _("Health score settings changed")
    COMMUNITY_OPEN = "community_open", _("Community opened")
    COMMUNITY_CLOSE = "community_close", _("Community closed")
    COMMUNITY_SETTINGS = "community_settings", _("Community settings changed")
    SPACE_CHANGE = "space_change", _("Space changed")
    SPACE_INVITE = "space_invite", _("Member added to a space")
    SPACE_REMOVE = "space_remove", _("Member removed from a space")
    EVENT_EXPORT = "event_export", _("Event participants exported")
    EVENT_MESSAGE = "event_message", _("Message sent to event participants")


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk updates and deletes are refused: the audit log is never edited."""

    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionError("The audit log is append-only.")

    _raw_delete = delete


class AuditEntry(models.Model):
    """Who did what to which target, why, and when. Appended, never changed.

    The model refuses updates and deletes, and a database trigger refuses them too (see the
    migration), so neither a stray ``save()`` nor raw SQL can rewrite history.
    ``actor`` is empty for the system (a scheduled job, a word rule).
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(max_length=32, choices=AuditAction.choices)
    target_type = models.CharField(max_length=16)
    target_id = models.BigIntegerField(null=True)
    reason = models.CharField(max_length=1000, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        db_table = "moderation_auditentry"  # see the module's docstring
        indexes = [
            models.Index(fields=["actor", "-id"], name="audit_actor"),
            models.Index(fields=["action", "-id"], name="audit_action"),
            models.Index(fields=["target_type", "target_id", "-id"], name="audit_target"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id or 'system'} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise PermissionError("The audit log is append-only.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")
