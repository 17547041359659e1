from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hiroba.community.models import Space
from hiroba.posts.models import Comment, Post


class State(models.TextChoices):
    """Where a question stands; each list tab is one state (or the asker's questions)."""

    UNANSWERED = "unanswered", _("Unanswered")
    ANSWERED = "answered", _("Answered, not solved")
    SOLVED = "solved", _("Solved")


class Question(models.Model):
    """A question's own state, 1:1 with its Post (kind = question).

    ``space``, ``asker`` and ``asked_at`` copy the post's so that each list (a state, a space,
    a space's state, an asker's questions) walks one index of this table newest first and stops
    after a page, instead of walking every question of the community through the posts' kind
    index. The list of every question walks that kind index (post_kind_feed) itself.
    """

    post = models.OneToOneField(
        Post, primary_key=True, on_delete=models.CASCADE, related_name="question"
    )
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="+")
    asker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.UNANSWERED)
    # Visible top-level comments: an answer is a top-level comment, a reply is a comment on one.
    answer_count = models.PositiveIntegerField(default=0)
    first_answer_at = models.DateTimeField(null=True, blank=True)
    accepted_answer = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    # When the question was solved the first time: "time to solution" does not move when the
    # acceptance later changes.
    first_solved_at = models.DateTimeField(null=True, blank=True)
    # Whether the accepted answer is by staff or an official account (null while unsolved).
    solved_by_staff = models.BooleanField(null=True, blank=True)
    # The last new answer, removed answer or acceptance change: the sitemap's lastmod.
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["state", "-asked_at", "-post"], name="qa_state_feed"),
            models.Index(fields=["space", "-asked_at", "-post"], name="qa_space_feed"),
            models.Index(
                fields=["space", "state", "-asked_at", "-post"], name="qa_space_state_feed"
            ),
            models.Index(fields=["asker", "-asked_at", "-post"], name="qa_asker_feed"),
        ]

    def __str__(self) -> str:
        return f"question {self.post_id} ({self.state})"

    @property
    def is_solved(self) -> bool:
        return self.state == State.SOLVED
