"""Surveys built by staff and answered by their audience; NPS answers kept for later analysis.

A survey is a draft while staff build it (questions and choices change freely), then published
(it opens at ``opens_at`` and closes at ``closes_at`` or when staff close it). Once published only
wording may change, because answers already point at its questions and choices.

Who has answered lives in ``Respondent`` (one row per survey and member, the unique constraint
that refuses a second response even when two arrive at once). The answers live in ``Response`` and
``Answer``; an anonymous survey's responses carry no member, so nothing links a member to what
they answered.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hiroba.community.models import Space


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class AudienceKind(models.TextChoices):
    """The audiences surveys know themselves; each kind is one class in audiences.py.

    Apps above surveys register more kinds there (``register_audience``: the attendees of an
    event), so ``Survey.audience_kind`` takes its choices from that registry, not from here.
    """

    ALL = "all", _("All members")
    SPACE = "space", _("Members of a space")


class Survey(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    # One of the registered audiences (audiences.py): no choices here, since apps above surveys
    # register kinds of their own.
    audience_kind = models.CharField(_("audience"), max_length=16, default=AudienceKind.ALL)
    # The target of a SPACE audience.
    audience_space = models.ForeignKey(
        Space,
        verbose_name=_("space"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The target of a registered audience that names one (an event's id for "attendees of an
    # event"): a plain column, since surveys cannot know the tables of the apps above it.
    audience_target_id = models.PositiveIntegerField(null=True, blank=True)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    allow_edit = models.BooleanField(
        _("members may edit their response until it closes"), default=False
    )
    is_nps_round = models.BooleanField(_("part of the NPS series"), default=False)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    response_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # The members' list and the home box: published surveys, newest opened first.
            models.Index(fields=["status", "-opens_at", "-id"], name="survey_open_list"),
            # The staff list, newest first; the NPS trend reads the series in order.
            models.Index(fields=["-created_at", "-id"], name="survey_staff_list"),
            models.Index(
                fields=["opens_at", "id"],
                condition=Q(is_nps_round=True),
                name="survey_nps_rounds",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience_kind="space") | Q(audience_space__isnull=False),
                name="survey_space_audience_has_space",
            ),
            # Surveys' own kinds name no registered target.
            models.CheckConstraint(
                condition=~Q(audience_kind__in=["all", "space"])
                | Q(audience_target_id__isnull=True),
                name="survey_own_audience_no_target",
            ),
            models.CheckConstraint(
                condition=~Q(is_anonymous=True, allow_edit=True),
                name="survey_anonymous_not_editable",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == Status.PUBLISHED
            and self.opens_at is not None
            and self.opens_at <= now
            and (self.closes_at is None or self.closes_at > now)
        )

    def has_closed(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == Status.CLOSED or (
            self.closes_at is not None and self.closes_at <= now
        )

    @property
    def phase(self) -> str:
        """draft, scheduled, open or closed: what staff and members see as its state now."""
        if self.status == Status.DRAFT:
            return "draft"
        if self.has_closed():
            return "closed"
        return "scheduled" if self.not_yet_open() else "open"

    def not_yet_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == Status.PUBLISHED and self.opens_at is not None and self.opens_at > now


class Kind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale (1–5)")
    NPS = "nps", _("NPS (0–10)")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")


CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE})
NUMBER_KINDS = frozenset({Kind.SCALE, Kind.NPS})
TEXT_KINDS = frozenset({Kind.SHORT_TEXT, Kind.LONG_TEXT})
# The inclusive range of each number kind, and the longest text each text kind keeps.
NUMBER_RANGES = {Kind.SCALE: (1, 5), Kind.NPS: (0, 10)}
TEXT_LIMITS = {Kind.SHORT_TEXT: 200, Kind.LONG_TEXT: 4000}


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("description"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(default=0)
    # A text question that asks why: its answers are listed beside this NPS question's score,
    # grouped by the same respondent's score.
    reason_for = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reasons"
    )

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["survey", "position", "id"], name="survey_question_order")]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def is_number(self) -> bool:
        return self.kind in NUMBER_KINDS

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS

    @property
    def number_range(self) -> tuple[int, int] | None:
        return NUMBER_RANGES.get(self.kind)

    @property
    def max_length(self) -> int | None:
        return TEXT_LIMITS.get(self.kind)


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("choice"), max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Respondent(models.Model):
    """That ``member`` has responded to ``survey``: the guard against a second response.

    Kept apart from Response so that an anonymous survey can refuse a second response without
    any link from the member to the answers.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "survey"], name="survey_respondent_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} answered {self.survey_id}"


class Response(models.Model):
    """One member's answers to one survey; ``member`` is empty on anonymous surveys."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Anonymous responses keep the day only, so the time cannot be matched to a member's
    # activity; identified ones keep the moment.
    submitted_at = models.DateTimeField()
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "member"],
                condition=Q(member__isnull=False),
                name="survey_response_once",
            )
        ]
        indexes = [models.Index(fields=["survey", "id"], name="survey_response_walk")]

    def __str__(self) -> str:
        return f"response {self.pk} to {self.survey_id}"


class Answer(models.Model):
    """One answer: a chosen choice (one row per choice of a multiple choice), a number, or text.

    ``survey`` is copied from the response so that results group one table by question.
    """

    # No single-column indexes on response and question: the composite indexes below lead with
    # them (a second index would only cost writes, and tempt the planner on small tables).
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    choice = models.ForeignKey(
        Choice, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    number = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        indexes = [
            # Results: GROUP BY question, choice / number; "who chose X" filters.
            models.Index(fields=["question", "choice", "response"], name="survey_answer_choice"),
            models.Index(fields=["question", "number", "response"], name="survey_answer_number"),
            # Text listings newest first; a response's answers for the export.
            models.Index(fields=["question", "-id"], name="survey_answer_text"),
            # A response's answers (the export), and one response's NPS answer beside its
            # reason: covering, so the number is read from the index.
            models.Index(
                fields=["response", "question", "number"], name="survey_answer_response_number"
            ),
        ]

    def __str__(self) -> str:
        return f"answer {self.pk} to {self.question_id}"
