from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hiroba.community.models import Space
from hiroba.core.text import MAX_TITLE
from hiroba.posts.models import Post
from hiroba.surveys.models import Kind as QuestionKind


class Format(models.TextChoices):
    OFFLINE = "offline", _("At a venue")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("At a venue and online")
    LIVE = "live", _("Live stream")


class Selection(models.TextChoices):
    FIRST_COME = "first_come", _("First come")
    LOTTERY = "lottery", _("Lottery")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Applications closed")
    DRAWN = "drawn", _("Drawn")
    HELD = "held", _("Held")
    ARCHIVED = "archived", _("Archived")
    # Called off by staff; its members are told (notifications).
    CANCELLED = "cancelled", _("Cancelled")


class ApplicationState(models.TextChoices):
    APPLIED = "applied", _("Applied")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    WON = "won", _("Won")
    LOST = "lost", _("Not selected")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")


class Event(models.Model):
    """An event members apply to, first come or by lottery.

    ``confirmed_seats`` (members plus their companions) and ``waitlisted_count`` move with F()
    updates in the services that change an application's state; the check constraint keeps the
    seats within the capacity whatever the database's locking does.
    """

    title = models.CharField(max_length=MAX_TITLE)
    description = models.TextField(blank=True)
    description_html = models.TextField(blank=True)
    format = models.CharField(max_length=8, choices=Format.choices, default=Format.OFFLINE)
    venue = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True)
    # Shown to confirmed participants only.
    online_url = models.URLField(blank=True)
    # The embedded player of a live or hybrid event (YouTube, Vimeo or another allowed host).
    stream_url = models.URLField(blank=True)
    cover = models.ImageField(upload_to="events/", blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    applications_open_at = models.DateTimeField()
    applications_close_at = models.DateTimeField()
    # Members may cancel until then (None: until the event starts).
    cancel_deadline = models.DateTimeField(null=True, blank=True)
    # Lottery winners confirm by then, or their seats go to the next runners-up.
    confirm_deadline = models.DateTimeField(null=True, blank=True)
    capacity = models.PositiveIntegerField()
    # Companions one application may bring; each takes a seat.
    companions_allowed = models.PositiveSmallIntegerField(default=0)
    selection = models.CharField(
        max_length=16, choices=Selection.choices, default=Selection.FIRST_COME
    )
    status = models.CharField(max_length=16, choices=EventStatus.choices, default=EventStatus.DRAFT)
    # Set: only the readers of this space see the event (and may apply).
    space = models.ForeignKey(
        Space, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set: only the members of this saved segment may see and apply. Segments sit above events
    # in the stack, so the id is a plain column and eligibility.py asks the registered checker.
    audience_segment_id = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The day-before reminder went out (once).
    reminded_at = models.DateTimeField(null=True, blank=True)
    confirmed_seats = models.PositiveIntegerField(default=0)
    waitlisted_count = models.PositiveIntegerField(default=0)
    # Counters moved by F() updates: the event page's views and the members checked in.
    view_count = models.PositiveIntegerField(default=0)
    attended_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="event_capacity_positive"),
            models.CheckConstraint(
                condition=Q(confirmed_seats__lte=F("capacity")), name="event_seats_within_capacity"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
        ]
        indexes = [
            # The upcoming list: published events by start.
            models.Index(fields=["status", "starts_at", "id"], name="event_status_start"),
        ]

    def __str__(self) -> str:
        return f"event {self.pk} {self.title!r} ({self.status})"

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.confirmed_seats, 0)


class Application(models.Model):
    """One member's application to an event. A member has at most one that is not cancelled
    (a conditional unique constraint), so they may apply again after cancelling.

    ``waitlist_position`` is given once, when the application joins the waitlist, and never
    reused within the event, so it also records the order in which promotions were due.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="applications")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    companions = models.PositiveSmallIntegerField(default=0)
    state = models.CharField(max_length=16, choices=ApplicationState.choices)
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)
    # The answers to the event's questions, keyed by question id.
    answers = models.JSONField(default=dict, blank=True)
    # The short code on the ticket (and in its QR code), unique within the event.
    ticket_code = models.CharField(max_length=12, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    # The place in the draw's order (1 = first drawn), for lottery events once drawn.
    draw_rank = models.PositiveIntegerField(null=True, blank=True)
    # A lottery winner confirms by then.
    confirm_by = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member"],
                condition=~Q(state=ApplicationState.CANCELLED),
                name="application_one_per_member",
            ),
            models.UniqueConstraint(
                fields=["event", "waitlist_position"],
                condition=Q(waitlist_position__isnull=False),
                name="application_unique_position",
            ),
            models.CheckConstraint(
                condition=Q(companions__gte=0), name="application_companions_not_negative"
            ),
            models.UniqueConstraint(
                fields=["event", "ticket_code"],
                condition=~Q(ticket_code=""),
                name="application_unique_ticket",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "-created_at", "-id"], name="application_member"),
            # Staff's list of an event's applications, first applied first.
            models.Index(fields=["event", "created_at", "id"], name="application_event_list"),
            # The waitlist in order, for promotions.
            models.Index(
                fields=["event", "waitlist_position"],
                name="application_waitlist",
                condition=Q(state=ApplicationState.WAITLISTED),
            ),
        ]

    def __str__(self) -> str:
        return f"application {self.pk} to event {self.event_id} ({self.state})"

    @property
    def seats(self) -> int:
        """The seats this application takes: the member and their companions."""
        return 1 + self.companions


class Draw(models.Model):
    """The one draw of a lottery event (a OneToOne: a second draw cannot be stored).

    With ``entrants`` (the identifiers, as given to core.draws) the stored algorithm, seed and
    seats re-run the draw; ``entrants_hash`` proves the list is the one drawn from.
    """

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="draw")
    algorithm = models.CharField(max_length=32)
    seed = models.CharField(max_length=128)
    entrants_hash = models.CharField(max_length=64)
    entrants = models.JSONField(default=list)
    seats = models.PositiveIntegerField()
    drawn_at = models.DateTimeField(default=timezone.now)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"draw of event {self.event_id} ({self.algorithm})"


class EventReport(models.Model):
    """A member's photo report of an event: a post of the kind "event_report" (posts.kinds),
    1:1 with its post, that names the event it reports on (after.py writes it)."""

    post = models.OneToOneField(
        Post, primary_key=True, on_delete=models.CASCADE, related_name="event_report"
    )
    # No index of its own: event_report_list leads with the event.
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="reports", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # The event page's reports, newest first.
            models.Index(fields=["event", "-post"], name="event_report_list"),
        ]

    def __str__(self) -> str:
        return f"report {self.pk} of event {self.event_id}"


# The live page's models live with the rest of the live page (hiroba/events/live).
from hiroba.events.live.models import LiveComment, LiveCommentStatus, LiveSignal  # noqa: E402, F401, I001


class EventQuestion(models.Model):
    """A question on an event's application form, of one of the survey question kinds.

    The choices of a choice question are stored with the question, each with an id that
    answers name (``[{"id": 1, "text": "..."}]``). The questions are fixed once anyone has
    applied, so that the ids answers hold keep naming the same choices.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(max_length=16, choices=QuestionKind.choices)
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    required = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["event", "position", "id"], name="event_question_order")]

    def __str__(self) -> str:
        return self.text

    @property
    def choice_ids(self) -> dict[int, str]:
        return {c["id"]: c["text"] for c in self.choices}
