"""Live comments, and the embedded broker's signal log (hiroba/events/live/broker.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_LIVE_COMMENT = 500


class LiveCommentStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    # A word rule asked for review: its writer and moderators see it until it is approved.
    HELD = "held", _("Held for review")
    HIDDEN = "hidden", _("Hidden by a moderator")


class LiveComment(models.Model):
    """A comment on an event's live page. Plain text, screened by the word rules as a post's
    comments are; kept after the event, so the page reads as the event's record."""

    # By name: hiroba/events/models.py imports this module (one direction, no loop).
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="live_comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.CharField(max_length=MAX_LIVE_COMMENT)
    status = models.CharField(
        max_length=16, choices=LiveCommentStatus.choices, default=LiveCommentStatus.PUBLISHED
    )
    # The words a rule held it for (shown to moderators).
    held_note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            # The page's list and the stream's catch-up (id > Last-Event-ID): by event, in order.
            models.Index(
                fields=["event", "id"],
                name="livecomment_shown",
                condition=Q(status="published"),
            ),
            # Held comments, for the moderators on the page.
            models.Index(
                fields=["event", "id"], name="livecomment_held", condition=Q(status="held")
            ),
        ]

    def __str__(self) -> str:
        return f"live comment {self.pk} on event {self.event_id} ({self.status})"


class LiveSignal(models.Model):
    """One message the embedded broker passes between web processes: appended on publish, read
    by every process's poller (``id > last seen``), pruned after a few minutes. Not used when
    Redis carries the messages."""

    event_id = models.BigIntegerField()
    payload = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"live signal {self.pk} for event {self.event_id}"
