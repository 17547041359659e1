from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    SIGNUP = "signup", _("Signed up")
    VISIT = "visit", _("Visited")
    POST = "post", _("Posted")
    POST_EDIT = "post_edit", _("Edited a post")
    POST_DELETE = "post_delete", _("Deleted a post")
    POST_PIN = "post_pin", _("Pinned a post")
    COMMENT = "comment", _("Commented")
    COMMENT_DELETE = "comment_delete", _("Deleted a comment")
    REACTION = "reaction", _("Liked")
    REACTION_REMOVE = "reaction_remove", _("Took back a like")
    ARTICLE_PUBLISH = "article_publish", _("Published an article")
    ARTICLE_READ = "article_read", _("Read an article")
    SPACE_JOIN = "space_join", _("Joined a space")
    SPACE_LEAVE = "space_leave", _("Left a space")
    PROFILE_EDIT = "profile_edit", _("Edited a profile")
    SETTINGS_EDIT = "settings_edit", _("Changed settings")
    # Questions and answers (hiroba/qa). The metrics for the console read these rows:
    # QUESTION_ANSWERED carries the seconds to the first answer, QUESTION_SOLVED the seconds to
    # the solution (``first``: the first time it was solved) and whether staff answered it.
    QUESTION_ASK = "question_ask", _("Asked a question")
    QUESTION_ANSWERED = "question_answered", _("Answered a question first")
    QUESTION_SOLVED = "question_solved", _("Accepted an answer")
    QUESTION_UNSOLVED = "question_unsolved", _("Withdrew an accepted answer")
    # Ideas (hiroba/ideas): IDEA_STATUS carries the old and new status; the realization rate and
    # the funnel are computed from the ideas' own tables, these rows feed engagement.
    IDEA_SUBMIT = "idea_submit", _("Submitted an idea")
    IDEA_VOTE = "idea_vote", _("Voted for an idea")
    IDEA_UNVOTE = "idea_unvote", _("Withdrew an idea vote")
    IDEA_STATUS = "idea_status", _("Changed an idea's status")
    POLL_VOTE = "poll_vote", _("Voted in a poll")
    SURVEY_RESPONSE = "survey_response", _("Answered a survey")
    # Events (hiroba/events): EVENT_APPLY carries the state the application got (confirmed,
    # waitlisted, applied for a lottery); EVENT_PROMOTE has no actor (the system moved the
    # member in ``data`` up: not something they did, so not an active day for them).
    EVENT_CREATE = "event_create", _("Created an event")
    EVENT_PUBLISH = "event_publish", _("Published an event")
    EVENT_UPDATE = "event_update", _("Changed an event")
    EVENT_APPLY = "event_apply", _("Applied to an event")
    EVENT_CANCEL = "event_cancel", _("Cancelled an event application")
    EVENT_PROMOTE = "event_promote", _("Moved up from an event's waitlist")
    # The member was checked in at the venue (actor: the member; ``by``: the staff member).
    EVENT_CHECK_IN = "event_check_in", _("Checked in at an event")
    # The lottery (hiroba/events/lottery.py): EVENT_DRAW's actor is the staff member who drew;
    # EVENT_OFFER (a runner-up given a freed seat) and EVENT_WIN_EXPIRE (a winner who did not
    # confirm in time) have no actor, the member is in ``data``. EVENT_CALL_OFF: staff cancelled
    # the whole event.
    EVENT_DRAW = "event_draw", _("Drew an event's lottery")
    EVENT_WIN_CONFIRM = "event_win_confirm", _("Confirmed a place won in a lottery")
    EVENT_WIN_DECLINE = "event_win_decline", _("Declined a place won in a lottery")
    EVENT_OFFER = "event_offer", _("Was offered a freed place as a runner-up")
    EVENT_WIN_EXPIRE = "event_win_expire", _("Did not confirm a place won in time")
    EVENT_CALL_OFF = "event_call_off", _("Cancelled an event")


class Activity(models.Model):
    """One fact of engagement: who did what, to what, when. Appended, never updated.

    The subject is named by type and id rather than a foreign key, so later apps (ideas, events,
    points) add verbs and subjects without touching this table.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=32)
    subject_type = models.CharField(max_length=32, blank=True)
    subject_id = models.BigIntegerField(null=True)
    space_id = models.BigIntegerField(null=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["actor", "created_at"], name="activity_actor_time"),
            models.Index(fields=["verb", "created_at"], name="activity_verb_time"),
            models.Index(fields=["created_at"], name="activity_time"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.verb} {self.subject_type}:{self.subject_id}"

    @property
    def verb_label(self) -> str:
        """The verb in words, for timelines (a verb some app added without a label: as is)."""
        return Verb(self.verb).label if self.verb in Verb.values else self.verb


class Level(models.TextChoices):
    """Activity levels, from the long-term health score (thresholds: HIROBA_HEALTH_LEVELS)."""

    CORE = "core", _("Core")
    LIGHT = "light", _("Light")
    LOW = "low", _("Low involvement")
    DORMANT = "dormant", _("Dormant")


class MemberHealth(models.Model):
    """A member's engagement "now": two exponentially decayed sums of weighted activity.

    Each sum is kept as its natural logarithm measured at a fixed epoch E
    (``hiroba.activity.health.maths.EPOCH``): ``short_ln = ln Σ wᵢ·e^((tᵢ − E)/τ)`` with
    τ = half-life / ln 2. The score at time t is ``e^(short_ln − (t − E)/τ)``, so nothing
    decays in the table: time moves the threshold instead, "score ≥ x now" is the index range
    ``short_ln ≥ ln x + (now − E)/τ``, and one activity is one upsert (a log-sum-exp) in
    ``record_activity``. Logarithms never overflow, so the epoch never has to move. NULL: no
    weighted activity at all (score 0). See docs/health.md.
    """

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="health",
    )
    short_ln = models.FloatField(null=True)
    long_ln = models.FloatField(null=True)
    # Last activity of any kind, weightless ones (visits with weight 0) included.
    last_active_at = models.DateTimeField(null=True)
    # Start of the member's tenure: the earlier of sign-up and first activity (imports can hold
    # activity older than the account). "Warming up" compares each sum with what the tenure
    # allows it to have built up (queries._warming_filter).
    since = models.DateTimeField(null=True)
    # The level as of the last batch recompute (the live level is a range query on long_ln):
    # kept so that changes of level ("dropped from core this week") can be listed.
    level = models.CharField(max_length=8, choices=Level.choices, default=Level.DORMANT)
    previous_level = models.CharField(max_length=8, choices=Level.choices, blank=True)
    level_since = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["long_ln"], name="health_long"),
            models.Index(fields=["short_ln"], name="health_short"),
            models.Index(fields=["level", "level_since"], name="health_level_since"),
        ]

    def __str__(self) -> str:
        return f"health of {self.member_id}"


class HealthState(models.Model):
    """One row: which weights and half-lives the stored sums were built with, and when the batch
    jobs last ran. A rebuild from Activity is due when the configuration changed since."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    fingerprint = models.CharField(max_length=64, blank=True)
    rebuilt_at = models.DateTimeField(null=True)
    recomputed_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"health state {self.fingerprint[:8]}"


class LevelSnapshot(models.Model):
    """Members per level on a day (the community's day), written by the batch recompute."""

    day = models.DateField(unique=True)
    core = models.PositiveIntegerField(default=0)
    light = models.PositiveIntegerField(default=0)
    low = models.PositiveIntegerField(default=0)
    dormant = models.PositiveIntegerField(default=0)
    warming = models.PositiveIntegerField(default=0)
    taken_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"levels on {self.day}"


class HealthSettings(models.Model):
    """One row: the level thresholds and the warming-up rule the community manager chose in the
    console (no row: the HIROBA_HEALTH_* settings). Half-lives and weights stay settings-only,
    because changing them means rebuilding every sum from Activity."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    core = models.FloatField()  # lowest long-term score of each level
    light = models.FloatField()
    low = models.FloatField()
    warming_min = models.FloatField()  # lowest short-term score of a member warming up
    warming_ratio = models.FloatField()  # short-term pace ≥ ratio × long-term pace
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"health settings {self.core}/{self.light}/{self.low}"
