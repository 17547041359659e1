"""Likes on posts and comments: one per member per target, counters exact under concurrency.

The unique constraints decide who wins a race; the counter moves only for the request whose row
was really inserted or deleted, with an F() update. A like never lands on a post or comment deleted
or hidden meanwhile: both are read again under the thread's lock (lock_thread) before it is written.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404

from hiroba.accounts.models import Member
from hiroba.accounts.permissions import require_writer
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.core.ratelimit import check_rate
from hiroba.posts.models import Comment, Post, Reaction
from hiroba.posts.permissions import can_read_comment, can_read_post
from hiroba.posts.services.visibility import lock_post_state


def _target(post: Post | None, comment: Comment | None) -> tuple[dict, type, int, Post]:
    if (post is None) == (comment is None):
        raise ValueError("React to exactly one post or comment")
    if comment is not None:
        return {"comment": comment}, Comment, comment.pk, comment.post
    return {"post": post}, Post, post.pk, post


def _check_readable(actor, post: Post, comment: Comment | None) -> None:
    if not can_read_post(actor, post) or not post.is_visible:
        raise Http404("No such post")
    if comment is not None and comment.deleted_at is not None:
        raise Http404("No such comment")


def _lock_and_check(actor, post: Post, comment: Comment | None) -> None:
    """The door's copies may be stale: lock the thread, then read the post and comment again."""
    lock_post_state(post)
    if comment is not None:
        comment.refresh_from_db(fields=["status", "deleted_at"])
        if not can_read_comment(actor, comment):
            raise Http404("No such comment")
    _check_readable(actor, post, comment)


def _insert_once(**fields) -> bool:
    """Insert the reaction unless it exists; True if this call inserted it.

    On PostgreSQL a like can collide with a row that a concurrent unlike deletes before
    get_or_create looks it up again (IntegrityError, then nothing to get): look once more.
    """
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Reaction.objects.get_or_create(**fields)[1]
        except IntegrityError:
            continue
    raise IntegrityError("reaction kept colliding with concurrent changes")


@transaction.atomic
def add_reaction(
    *, actor: Member, post: Post | None = None, comment: Comment | None = None
) -> bool:
    """Like a post or comment; True if this call added the like, False if it was already there."""
    require_writer(actor)
    target, model, pk, thread = _target(post, comment)
    _lock_and_check(actor, thread, comment)
    check_rate(actor=actor, action="reaction")
    created = _insert_once(member=actor, **target)
    if created:
        model.objects.filter(pk=pk).update(reaction_count=F("reaction_count") + 1)
        record_activity(
            actor=actor,
            verb=Verb.REACTION,
            subject=comment or post,
            space_id=thread.space_id,
            data={"post": thread.pk, "owner": (comment or post).author_id},
        )
    return created


@transaction.atomic
def remove_reaction(
    *, actor: Member, post: Post | None = None, comment: Comment | None = None
) -> bool:
    """Take a like back; True if this call removed it."""
    require_writer(actor)
    target, model, pk, thread = _target(post, comment)
    _lock_and_check(actor, thread, comment)
    deleted, _rows = Reaction.objects.filter(member=actor, **target).delete()
    if deleted:
        model.objects.filter(pk=pk).update(reaction_count=F("reaction_count") - 1)
        record_activity(
            actor=actor,
            verb=Verb.REACTION_REMOVE,
            subject=comment or post,
            space_id=thread.space_id,
        )
    return bool(deleted)
