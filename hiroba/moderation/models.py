"""Reports, word rules and sanctions (the audit log they write to: hiroba.audit)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hiroba.community.models import ReportReason
from hiroba.posts.holds import HoldReason
from hiroba.posts.models import Comment, Post
from hiroba.posts.words import WordAction

REASON_CHOICES = [*ReportReason.choices, *HoldReason.choices]


class Resolution(models.TextChoices):
    HIDDEN = "hidden", _("Hidden")
    RESTORED = "restored", _("Restored")
    DELETED = "deleted", _("Deleted")
    APPROVED = "approved", _("Approved")
    DISMISSED = "dismissed", _("Dismissed")
    SANCTIONED = "sanctioned", _("Member sanctioned")


class TargetType(models.TextChoices):
    POST = "post", _("Post")
    COMMENT = "comment", _("Comment")
    MEMBER = "member", _("Member")


class Report(models.Model):
    """A member's report of a post, comment or member, or a hold the system put in the queue.

    ``reporter`` is empty for holds (a word rule, a new member's first posts). A report is open
    until a moderator acts on its target; one reporter has at most one open report per target.
    """

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports_made",
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports_received",
    )
    reason = models.CharField(_("reason"), max_length=32, choices=REASON_CHOICES)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolution = models.CharField(max_length=16, choices=Resolution.choices, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, comment__isnull=True, member__isnull=True)
                | Q(post__isnull=True, comment__isnull=False, member__isnull=True)
                | Q(post__isnull=True, comment__isnull=True, member__isnull=False),
                name="report_one_target",
            ),
            *[
                models.UniqueConstraint(
                    fields=["reporter", field],
                    condition=Q(resolved_at__isnull=True, **{f"{field}__isnull": False}),
                    name=f"report_open_{field}_unique",
                )
                for field in ("post", "comment", "member")
            ],
            # One open hold per target: reporter is NULL there, and NULLs never collide.
            *[
                models.UniqueConstraint(
                    fields=[field],
                    condition=Q(
                        resolved_at__isnull=True,
                        reporter__isnull=True,
                        **{f"{field}__isnull": False},
                    ),
                    name=f"report_open_hold_{field}_unique",
                )
                for field in ("post", "comment")
            ],
        ]
        indexes = [
            # The queue: open reports, newest first.
            models.Index(fields=["-id"], name="report_open", condition=Q(resolved_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"report {self.pk} ({self.reason}) on {self.target_type}:{self.target_id}"

    @property
    def target_type(self) -> str:
        if self.post_id:
            return TargetType.POST
        return TargetType.COMMENT if self.comment_id else TargetType.MEMBER

    @property
    def target_id(self) -> int:
        return self.post_id or self.comment_id or self.member_id


class WordRule(models.Model):
    """A word or phrase staff do not allow, matched after normalization (see posts.words)."""

    phrase = models.CharField(_("word or phrase"), max_length=100)
    folded = models.CharField(max_length=200, unique=True, editable=False)
    action = models.CharField(_("action"), max_length=8, choices=WordAction.choices)
    note = models.CharField(_("note for staff"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["folded"]

    def __str__(self) -> str:
        return f"{self.phrase} ({self.action})"


class SanctionKind(models.TextChoices):
    WARN = "warn", _("Warning")
    SUSPEND = "suspend", _("Suspension")
    BAN = "ban", _("Ban")
    LIFT = "lift", _("Sanction lifted")


class Sanction(models.Model):
    """One sanction on a member (or its lifting), kept as history; the member row holds the state."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sanctions"
    )
    kind = models.CharField(_("sanction"), max_length=8, choices=SanctionKind.choices)
    reason = models.CharField(_("reason"), max_length=1000)
    until = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["member", "-id"], name="sanction_member")]

    def __str__(self) -> str:
        return f"{self.kind} of {self.member_id}"
