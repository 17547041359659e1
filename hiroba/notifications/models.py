from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Notification(models.Model):
    """One thing a member is told about: who did what to which of the member's things.

    The text is not stored: ``verb`` names a message registered by the app that sends it
    (hiroba.notifications.messages), filled at read time from ``params`` in the reader's
    language. ``event_key`` names the event, so delivering it twice leaves one row per member.
    """

    # No index of its own: notif_recipient_feed (recipient, -id) serves every lookup by recipient.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    verb = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The thing it is about, named by type and id as Activity names its subjects.
    subject_type = models.CharField(max_length=32, blank=True)
    subject_id = models.BigIntegerField(null=True, blank=True)
    url = models.CharField(max_length=500)
    params = models.JSONField(default=dict, blank=True)
    event_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # When the e-mail copy was claimed for sending (a second run of the job sends none).
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event_key"], name="notif_once_per_event")
        ]
        indexes = [
            # The list, newest first, and its keyset pagination.
            models.Index(fields=["recipient", "-id"], name="notif_recipient_feed"),
            # The unread badge counts here and "mark all read" walks it: only unread rows.
            models.Index(
                fields=["recipient", "-id"],
                name="notif_unread",
                condition=Q(read_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.verb} {self.subject_type}:{self.subject_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationSettings(models.Model):
    """A member's choices: which categories also come by e-mail. Made when first saved;
    a member without a row has the defaults (messages.EMAIL_DEFAULTS)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    # {category: bool}; a category missing here follows its default.
    email = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"notification settings of {self.member_id}"
