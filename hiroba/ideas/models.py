from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hiroba.community.models import Space
from hiroba.posts.models import Post


class Status(models.TextChoices):
    """The fixed meanings of an idea's status; labels, colors and order are configurable
    (StatusStyle), the meanings are not: the realization rate and the funnel read them."""

    NEW = "new", _("New")
    UNDER_REVIEW = "under_review", _("Under review")
    PLANNED = "planned", _("Planned")
    REALIZED = "realized", _("Realized")
    DECLINED = "declined", _("Declined")
    DUPLICATE = "duplicate", _("Duplicate")


class Color(models.TextChoices):
    """Badge colors: Bootstrap's own classes, so that no inline style needs a CSP exception."""

    SECONDARY = "secondary", _("Gray")
    INFO = "info", _("Light blue")
    PRIMARY = "primary", _("Blue")
    SUCCESS = "success", _("Green")
    WARNING = "warning", _("Yellow")
    DANGER = "danger", _("Red")
    DARK = "dark", _("Black")
    LIGHT = "light", _("White")


DEFAULT_COLORS = {
    Status.NEW: Color.SECONDARY,
    Status.UNDER_REVIEW: Color.INFO,
    Status.PLANNED: Color.PRIMARY,
    Status.REALIZED: Color.SUCCESS,
    Status.DECLINED: Color.DARK,
    Status.DUPLICATE: Color.LIGHT,
}


class Idea(models.Model):
    """An idea's own state, 1:1 with its Post (kind = idea).

    ``space``, ``author`` and ``submitted_at`` copy the post's so that each board list (a status,
    a space, a sort) walks one index of this table and stops after a page. The dates below are
    what the funnel and the response time read: each is set once, when it first happens.
    """

    post = models.OneToOneField(
        Post, primary_key=True, on_delete=models.CASCADE, related_name="idea"
    )
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    vote_count = models.PositiveIntegerField(default=0)
    # The last status change (submission until then): the "recently changed" sort.
    status_changed_at = models.DateTimeField()
    # The first time the idea left "new" ("reviewed" in the funnel).
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # The first time it was planned or realized ("planned" in the funnel).
    planned_at = models.DateTimeField(null=True, blank=True)
    # When it became realized; empty while it is not realized.
    realized_at = models.DateTimeField(null=True, blank=True)
    # The first staff response: the first status change or the first comment by staff.
    first_response_at = models.DateTimeField(null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A parked idea comes back to the review queue on this date.
    revisit_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The board: three sorts, each for every idea, one status, one space, a space's status.
            models.Index(fields=["-submitted_at", "-post"], name="idea_new"),
            models.Index(fields=["status", "-submitted_at", "-post"], name="idea_status_new"),
            models.Index(fields=["space", "-submitted_at", "-post"], name="idea_space_new"),
            models.Index(
                fields=["space", "status", "-submitted_at", "-post"], name="idea_space_status_new"
            ),
            models.Index(fields=["-vote_count", "-post"], name="idea_votes"),
            models.Index(fields=["status", "-vote_count", "-post"], name="idea_status_votes"),
            models.Index(fields=["space", "-vote_count", "-post"], name="idea_space_votes"),
            models.Index(
                fields=["space", "status", "-vote_count", "-post"], name="idea_space_status_votes"
            ),
            models.Index(fields=["-status_changed_at", "-post"], name="idea_changed"),
            models.Index(
                fields=["status", "-status_changed_at", "-post"], name="idea_status_changed"
            ),
            models.Index(
                fields=["space", "-status_changed_at", "-post"], name="idea_space_changed"
            ),
            models.Index(
                fields=["space", "status", "-status_changed_at", "-post"],
                name="idea_space_status_changed",
            ),
            # The review queue's parked ideas, soonest first; few ideas are parked at a time.
            models.Index(
                fields=["revisit_at", "post"],
                name="idea_parked",
                condition=Q(revisit_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"idea {self.post_id} ({self.status})"


class Vote(models.Model):
    """One member's vote for one idea (the unique constraint keeps it one under concurrency)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "member"], name="idea_vote_unique"),
        ]
        indexes = [models.Index(fields=["member", "-id"], name="idea_vote_member")]

    def __str__(self) -> str:
        return f"vote of {self.member_id} for {self.idea_id}"


class Follow(models.Model):
    """A member who wants to hear of an idea's status changes without voting for it."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="follows")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "member"], name="idea_follow_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} follows {self.idea_id}"


class StatusChange(models.Model):
    """One status change with the staff note members see: the idea's public history."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="history")
    old_status = models.CharField(max_length=16, choices=Status.choices)
    new_status = models.CharField(max_length=16, choices=Status.choices)
    note = models.TextField()
    note_html = models.TextField(editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    duplicate_of = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revisit_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["idea", "created_at", "id"], name="idea_history")]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.old_status} -> {self.new_status}"


class StatusStyle(models.Model):
    """The community's label, color and order for one status. No row: the defaults (translated
    labels, DEFAULT_COLORS, the order of Status). An empty label is the translated default."""

    status = models.CharField(max_length=16, choices=Status.choices, unique=True)
    label = models.CharField(_("label"), max_length=40, blank=True)
    color = models.CharField(_("color"), max_length=16, choices=Color.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    def __str__(self) -> str:
        return f"{self.status}: {self.label or '-'}"
