"""The one writer of whether a post or comment can be seen.

``Post.status``, ``Post.deleted_at``, ``Comment.status`` and ``Comment.deleted_at`` are written
here and nowhere else, and so are new post and comment rows (a new row's state is its first
visibility). hiroba/moderation/tests/test_audit_coverage.py scans the code base for any other
writer. Every change of state writes an audit entry in the caller's transaction, moves the
counters that count visible rows (space, author, tags, comments, replies) with F() updates, and
retires cached anonymous pages. Inserts are audited when they are not a member simply publishing
their own words: a hold, or an article published or scheduled by staff.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hiroba.accounts.models import Member
from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.audit.services import record_audit
from hiroba.community.models import Space
from hiroba.community.selectors import spaces_written
from hiroba.core.pagecache import pages_changed
from hiroba.posts.models import Comment, CommentStatus, Kind, Post, Status
from hiroba.posts.services.common import sync_tags
from hiroba.posts.signals import comment_added, comment_removed

UNCHANGED = object()


def post_state(post: Post) -> str:
    return "deleted" if post.deleted_at is not None else post.status


def comment_state(comment: Comment) -> str:
    return "deleted" if comment.deleted_at is not None else comment.status


def _comment_counted(comment: Comment) -> bool:
    return comment.status == CommentStatus.PUBLISHED and comment.deleted_at is None


def _move_post_counters(post: Post, step: int) -> None:
    if post.space_id:
        Space.objects.filter(pk=post.space_id).update(post_count=F("post_count") + step)
        spaces_written()
    Member.objects.filter(pk=post.author_id).update(post_count=F("post_count") + step)


def _insert_action(post: Post) -> str | None:
    if post.status == Status.HELD:
        return AuditAction.POST_HOLD
    if post.kind == Kind.ARTICLE and post.status == Status.PUBLISHED:
        return AuditAction.POST_PUBLISH
    if post.kind == Kind.ARTICLE and post.status == Status.SCHEDULED:
        return AuditAction.POST_SCHEDULE
    return None


def insert_post(
    *, actor, status: str, reason: str = "", data: dict | None = None, **fields
) -> Post:
    """Create a post in its first state; published posts are counted at once.

    A held post is audited with the system as its actor (the rule held it, not the writer).
    """
    if status == Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now())
    post = Post(status=status, **fields)
    post.save()
    if post.is_visible:
        _move_post_counters(post, +1)
    sync_tags(post)
    action = _insert_action(post)
    if action is not None:
        record_audit(
            actor=None if action == AuditAction.POST_HOLD else actor,
            action=action,
            target=post,
            reason=reason,
            data={"from": "new", "to": post_state(post)} | (data or {}),
        )
    return post


def change_post(
    *,
    actor,
    post: Post,
    action: str,
    reason: str = "",
    status=UNCHANGED,
    deleted=UNCHANGED,
    published_at=UNCHANGED,
    data: dict | None = None,
) -> tuple[Post, AuditEntry | None]:
    """Move a post to a new state; returns the fresh row and the audit entry (None: no change).

    The row is locked first, so two moderators acting at once change it (and its counters) once.
    """
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        before, was_visible = post_state(locked), locked.is_visible
        fields = []
        if status is not UNCHANGED and status != locked.status:
            locked.status = status
            fields.append("status")
        if deleted is not UNCHANGED and deleted != (locked.deleted_at is not None):
            locked.deleted_at = timezone.now() if deleted else None
            fields.append("deleted_at")
        if not fields:
            return locked, None
        if published_at is not UNCHANGED:
            locked.published_at = published_at
            fields.append("published_at")
        elif locked.is_visible and locked.published_at is None:
            # Visible for the first time (approved, or restored after a hold was hidden): it
            # enters the feeds now; a feed, tag page or cursor cannot place a post without a date.
            locked.published_at = timezone.now()
            fields.append("published_at")
        locked.save(update_fields=fields)
        if locked.is_visible != was_visible:
            _move_post_counters(locked, +1 if locked.is_visible else -1)
        sync_tags(locked)
        pages_changed()
        entry = record_audit(
            actor=actor,
            action=action,
            target=locked,
            reason=reason,
            data={"from": before, "to": post_state(locked)} | (data or {}),
        )
    return locked, entry


def lock_thread(post_id: int) -> dict:
    """Lock a post's row until the transaction ends; returns its current status and deletion time.

    The first lock every change inside a post's thread takes (a comment, a like, a comment's
    deletion or hiding), before any comment's row: with one order for all of them they queue on
    the post instead of deadlocking on PostgreSQL (a like's or reply's foreign key share-locks
    the comment, and upgrading that lock past a deletion waiting for it was a deadlock).
    change_post locks the same row, so a deletion or hide of the post either committed before
    (and the state returned shows it) or waits until this transaction ends. FOR NO KEY UPDATE:
    rows that only point at the post (photos, tags, reports) are not held up by it. SQLite
    serializes writers at BEGIN IMMEDIATE; the state read here is current there too.
    """
    return (
        Post.objects.select_for_update(no_key=True)
        .filter(pk=post_id)
        .values("status", "deleted_at")
        .get()
    )


def lock_post_state(post: Post) -> Post:
    """lock_thread, bringing ``post`` up to date: the copy a door read before the transaction
    opened may predate a deletion or hide."""
    state = lock_thread(post.pk)
    post.status, post.deleted_at = state["status"], state["deleted_at"]
    return post


def _move_comment_counters(comment: Comment, step: int) -> None:
    Post.objects.filter(pk=comment.post_id).update(comment_count=F("comment_count") + step)
    if comment.parent_id:
        Comment.objects.filter(pk=comment.parent_id).update(reply_count=F("reply_count") + step)


def insert_comment(*, actor, status: str, reason: str = "", data: dict | None = None, **fields):
    """Create a comment; a published one is counted and announced, a held one is audited."""
    comment = Comment(status=status, **fields)
    comment.save()
    if _comment_counted(comment):
        _move_comment_counters(comment, +1)
        comment_added.send(sender=Comment, post=comment.post, comment=comment)
    elif comment.status == CommentStatus.HELD:
        record_audit(
            actor=None,
            action=AuditAction.COMMENT_HOLD,
            target=comment,
            reason=reason,
            data={"from": "new", "to": comment_state(comment), "post": comment.post_id}
            | (data or {}),
        )
    return comment


def change_comment(
    *,
    actor,
    comment: Comment,
    action: str,
    reason: str = "",
    status=UNCHANGED,
    deleted=UNCHANGED,
    data: dict | None = None,
) -> tuple[Comment, AuditEntry | None]:
    """Move a comment to a new state; counters, signals and the audit entry follow."""
    with transaction.atomic():
        lock_thread(comment.post_id)
        locked = Comment.objects.select_for_update().select_related("post").get(pk=comment.pk)
        before, was_counted = comment_state(locked), _comment_counted(locked)
        fields = []
        if status is not UNCHANGED and status != locked.status:
            locked.status = status
            fields.append("status")
        if deleted is not UNCHANGED and deleted != (locked.deleted_at is not None):
            locked.deleted_at = timezone.now() if deleted else None
            fields.append("deleted_at")
        if not fields:
            return locked, None
        locked.save(update_fields=fields)
        counted = _comment_counted(locked)
        if counted != was_counted:
            _move_comment_counters(locked, +1 if counted else -1)
            signal = comment_added if counted else comment_removed
            signal.send(sender=Comment, post=locked.post, comment=locked)
        pages_changed()
        entry = record_audit(
            actor=actor,
            action=action,
            target=locked,
            reason=reason,
            data={"from": before, "to": comment_state(locked), "post": locked.post_id}
            | (data or {}),
        )
    return locked, entry


def _refuse_save(*args, **kwargs):
    raise RuntimeError("A comment presented as removed is a view, not a row to save.")


def present_as_removed(comment: Comment) -> Comment:
    """Show a held or hidden comment to a reader who may not see it exactly as a deleted one.

    Read-only: the unsaved instance loses its text and gets a deletion time, so every renderer
    (the page, its fragment cache key, the API schema) shows the placeholder; saving it raises.
    """
    comment.deleted_at = comment.created_at
    comment.body = comment.body_html = ""
    comment.save = _refuse_save
    return comment
