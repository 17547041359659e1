"""Moderators act on reported or held content: hide, restore, delete, approve, or dismiss.

Every action names a reason (the writer reads it on the item and in an e-mail), closes the
target's open reports, and is audited in the same transaction (the visibility service writes
the entry; dismissals write their own).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.accounts.permissions import require_moderator
from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.audit.services import record_audit
from hiroba.core.errors import Refused
from hiroba.moderation import jobs
from hiroba.moderation.models import Report, Resolution
from hiroba.posts.models import Comment, CommentStatus, Kind, Post, Status
from hiroba.posts.services.visibility import change_comment, change_post, lock_thread

ACTIONS = ("hide", "restore", "delete", "approve", "dismiss")
MAX_REASON = 1000

# action → (states it applies to, new status, deleted, audit action, report resolution)
POST_MOVES = {
    "hide": ({Status.PUBLISHED, Status.HELD}, Status.HIDDEN, False, AuditAction.POST_HIDE),
    "restore": ({Status.HIDDEN}, Status.PUBLISHED, False, AuditAction.POST_RESTORE),
    "approve": ({Status.HELD}, Status.PUBLISHED, False, AuditAction.POST_APPROVE),
    "delete": (
        {Status.PUBLISHED, Status.HELD, Status.HIDDEN},
        None,
        True,
        AuditAction.POST_DELETE,
    ),
}
COMMENT_MOVES = {
    "hide": (
        {CommentStatus.PUBLISHED, CommentStatus.HELD},
        CommentStatus.HIDDEN,
        False,
        AuditAction.COMMENT_HIDE,
    ),
    "restore": (
        {CommentStatus.HIDDEN},
        CommentStatus.PUBLISHED,
        False,
        AuditAction.COMMENT_RESTORE,
    ),
    "approve": (
        {CommentStatus.HELD},
        CommentStatus.PUBLISHED,
        False,
        AuditAction.COMMENT_APPROVE,
    ),
    "delete": (
        {CommentStatus.PUBLISHED, CommentStatus.HELD, CommentStatus.HIDDEN},
        None,
        True,
        AuditAction.COMMENT_DELETE,
    ),
}
RESOLUTIONS = {
    "hide": Resolution.HIDDEN,
    "restore": Resolution.RESTORED,
    "approve": Resolution.APPROVED,
    "delete": Resolution.DELETED,
    "dismiss": Resolution.DISMISSED,
}
REASON_REQUIRED = {"hide", "delete"}


def _clean_reason(action: str, reason: str) -> str:
    reason = (reason or "").strip()
    if action not in ACTIONS:
        raise ValidationError({"action": _("Unknown moderation action.")}, code="invalid_action")
    if action in REASON_REQUIRED and not reason:
        raise ValidationError(
            {"reason": _("Give a reason: the writer is shown it.")}, code="reason_required"
        )
    if len(reason) > MAX_REASON or "\x00" in reason:
        raise ValidationError(
            {"reason": _("Please keep the reason under %(max)d characters.") % {"max": MAX_REASON}},
            code="too_long",
        )
    return reason


def _not_applicable() -> Refused:
    return Refused(_("This action does not apply to the item in its current state."), code="state")


def resolve_reports(*, actor, resolution: str, **target) -> int:
    """Close the open reports (and holds) on one target; returns how many were open."""
    return Report.objects.filter(resolved_at__isnull=True, **target).update(
        resolved_at=timezone.now(), resolved_by=actor, resolution=resolution
    )


def _tell_writer(entry: AuditEntry | None) -> None:
    if entry is not None:
        transaction.on_commit(lambda: jobs.notify_outcome(entry.pk))


def _dismiss(*, actor, reason: str, target_type: str, target_id: int, **target) -> AuditEntry:
    closed = resolve_reports(actor=actor, resolution=Resolution.DISMISSED, **target)
    if not closed:
        raise Refused(_("There are no open reports on this item."), code="no_reports")
    return record_audit(
        actor=actor,
        action=AuditAction.REPORTS_DISMISS,
        target_type=target_type,
        target_id=target_id,
        reason=reason,
        data={"reports": closed},
    )


@transaction.atomic
def moderate_post(*, actor: Member, post: Post, action: str, reason: str = "") -> AuditEntry:
    """Hide, restore, delete, approve (a held post) or dismiss the reports on a post."""
    require_moderator(actor)
    reason = _clean_reason(action, reason)
    if post.kind == Kind.ARTICLE:
        raise Refused(_("Articles are managed by editors."), code="article")
    post = Post.objects.select_for_update().get(pk=post.pk)
    if action == "dismiss":
        if post.status == Status.HELD and post.deleted_at is None:
            raise Refused(_("Approve or hide held content instead."), code="held")
        return _dismiss(
            actor=actor, reason=reason, target_type="post", target_id=post.pk, post=post
        )
    states, status, deleted, audit_action = POST_MOVES[action]
    if post.deleted_at is not None or post.status not in states:
        raise _not_applicable()
    moves = {"deleted": True} if deleted else {"status": status}
    post, entry = change_post(actor=actor, post=post, action=audit_action, reason=reason, **moves)
    resolve_reports(actor=actor, resolution=RESOLUTIONS[action], post=post)
    _tell_writer(entry)
    return entry


@transaction.atomic
def moderate_comment(
    *, actor: Member, comment: Comment, action: str, reason: str = ""
) -> AuditEntry:
    """The same actions for a comment (an answer to a question is a comment too)."""
    require_moderator(actor)
    reason = _clean_reason(action, reason)
    lock_thread(comment.post_id)  # the post before the comment, as every change in a thread
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if action == "dismiss":
        if comment.status == CommentStatus.HELD and comment.deleted_at is None:
            raise Refused(_("Approve or hide held content instead."), code="held")
        return _dismiss(
            actor=actor, reason=reason, target_type="comment", target_id=comment.pk, comment=comment
        )
    states, status, deleted, audit_action = COMMENT_MOVES[action]
    if comment.deleted_at is not None or comment.status not in states:
        raise _not_applicable()
    moves = {"deleted": True} if deleted else {"status": status}
    comment, entry = change_comment(
        actor=actor, comment=comment, action=audit_action, reason=reason, **moves
    )
    resolve_reports(actor=actor, resolution=RESOLUTIONS[action], comment=comment)
    _tell_writer(entry)
    return entry


@transaction.atomic
def dismiss_member_reports(*, actor: Member, member: Member, reason: str = "") -> AuditEntry:
    require_moderator(actor)
    reason = _clean_reason("dismiss", reason)
    return _dismiss(
        actor=actor, reason=reason, target_type="member", target_id=member.pk, member=member
    )
