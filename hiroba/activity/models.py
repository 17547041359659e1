from django.conf import settings
from django.db import models
from django.utils import timezone


class Verb(models.TextChoices):
    SIGNUP = "signup"
    VISIT = "visit"
    POST = "post"
    POST_EDIT = "post_edit"
    POST_DELETE = "post_delete"
    POST_PIN = "post_pin"
    COMMENT = "comment"
    COMMENT_DELETE = "comment_delete"
    REACTION = "reaction"
    REACTION_REMOVE = "reaction_remove"
    ARTICLE_PUBLISH = "article_publish"
    ARTICLE_READ = "article_read"
    SPACE_JOIN = "space_join"
    SPACE_LEAVE = "space_leave"
    PROFILE_EDIT = "profile_edit"
    SETTINGS_EDIT = "settings_edit"
    # Questions and answers (hiroba/qa). The metrics for the console read these rows:
    # QUESTION_ANSWERED carries the seconds to the first answer, QUESTION_SOLVED the seconds to
    # the solution (``first``: the first time it was solved) and whether staff answered it.
    QUESTION_ASK = "question_ask"
    QUESTION_ANSWERED = "question_answered"
    QUESTION_SOLVED = "question_solved"
    QUESTION_UNSOLVED = "question_unsolved"
    # Ideas (hiroba/ideas): IDEA_STATUS carries the old and new status; the realization rate and
    # the funnel are computed from the ideas' own tables, these rows feed engagement.
    IDEA_SUBMIT = "idea_submit"
    IDEA_VOTE = "idea_vote"
    IDEA_UNVOTE = "idea_unvote"
    IDEA_STATUS = "idea_status"
    POLL_VOTE = "poll_vote"
    SURVEY_RESPONSE = "survey_response"


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
