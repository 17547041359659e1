from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hiroba.posts.models import Post

MIN_CHOICES = 2
MAX_CHOICES = 10
MAX_QUESTION = 200
MAX_CHOICE_TEXT = 120


class Results(models.TextChoices):
    """When members who have not voted see the counts."""

    AFTER_VOTE = "after_vote", _("After voting")
    AFTER_CLOSE = "after_close", _("Only after the poll closes")


class Poll(models.Model):
    """A poll attached to a post or an article, 1:1 with its Post.

    ``vote_count`` counts PollVote rows (one per member and choice), ``voter_count`` the members
    who voted: the two differ only in a multiple-choice poll. Both, and each choice's
    ``vote_count``, move with F() updates in the service that inserts or deletes the rows, under
    the poll row's lock, so they stay equal to the rows.
    """

    post = models.OneToOneField(
        Post, primary_key=True, on_delete=models.CASCADE, related_name="poll"
    )
    # Empty: the post's title is the question.
    question = models.CharField(_("question"), max_length=MAX_QUESTION, blank=True)
    allows_multiple = models.BooleanField(_("members may pick several answers"), default=False)
    # Only for multiple choice: at most this many answers (empty: as many as there are).
    max_choices = models.PositiveSmallIntegerField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    results = models.CharField(max_length=16, choices=Results.choices, default=Results.AFTER_VOTE)
    vote_count = models.PositiveIntegerField(default=0)
    voter_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(max_choices__isnull=True) | Q(allows_multiple=True, max_choices__gte=1),
                name="poll_max_choices_multiple_only",
            ),
        ]

    def __str__(self) -> str:
        return f"poll {self.pk}"

    @property
    def text(self) -> str:
        """The question members read: its own, or the post's title."""
        return self.question or self.post.title

    def is_closed(self, now=None) -> bool:
        return self.closes_at is not None and self.closes_at <= (now or timezone.now())

    @property
    def limit(self) -> int:
        """How many answers one member may pick."""
        if not self.allows_multiple:
            return 1
        return self.max_choices or MAX_CHOICES


class PollChoice(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=MAX_CHOICE_TEXT)
    vote_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="poll_choice_position"),
        ]

    def __str__(self) -> str:
        return self.text


class PollVote(models.Model):
    """One member's pick of one choice.

    ``single`` copies the poll's "one answer" rule onto the row so that the database itself keeps
    a single-choice poll at one row per member; every poll keeps one row per member and choice.
    """

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    choice = models.ForeignKey(PollChoice, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    single = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "member", "choice"], name="poll_vote_member_choice"
            ),
            models.UniqueConstraint(
                fields=["poll", "member"], condition=Q(single=True), name="poll_vote_single"
            ),
        ]
        indexes = [models.Index(fields=["member", "created_at"], name="poll_vote_member_time")]

    def __str__(self) -> str:
        return f"vote by {self.member_id} for {self.choice_id}"
