"""Who may vote in a poll, see its results and change it: the one place that decides.

Reading a poll is reading its post (hiroba.posts.permissions); a restricted space's poll is a 404
to outsiders, as its post is. Fetchers raise the same 404 for "does not exist" and "you may not
see it".
"""

from django.http import Http404

from hiroba.accounts.permissions import is_editor, is_member, is_moderator
from hiroba.polls.models import Poll, Results
from hiroba.posts.models import Kind, Post
from hiroba.posts.permissions import access_post, can_read_post

POLL_KINDS = (Kind.POST, Kind.ARTICLE)


def access_poll(actor, poll_id) -> Poll:
    """The poll ``poll_id`` (its post's id) with its post, if ``actor`` may read the post."""
    post = access_post(actor, poll_id)
    poll = Poll.objects.filter(pk=post.pk).first()
    if poll is None:
        raise Http404("No such poll")
    poll.post = post
    return poll


def require_open_post(actor, post: Post) -> None:
    """Votes go only to polls on visible posts: a deleted, hidden or held post's poll is a 404."""
    if not post.is_visible or not can_read_post(actor, post):
        raise Http404("No such poll")


def is_poll_staff(actor) -> bool:
    """Staff who may read every poll's results before members can: moderators and editors."""
    return is_moderator(actor) or is_editor(actor)


def can_manage_poll(actor, post: Post) -> bool:
    """The member who wrote the post, or editors for an article, may add or change its poll."""
    if not is_member(actor) or actor.is_write_blocked or post.deleted_at is not None:
        return False
    if post.kind == Kind.ARTICLE:
        return is_editor(actor)
    return post.kind in POLL_KINDS and post.created_by_id == actor.pk


def can_vote(actor, poll: Poll, *, now=None) -> bool:
    return (
        is_member(actor)
        and not actor.is_write_blocked
        and poll.post.is_visible
        and not poll.is_closed(now)
    )


def can_see_results(actor, poll: Poll, *, voted: bool, now=None) -> bool:
    """Everyone once the poll is closed; before that, voters of an "after voting" poll, and the
    poll's writer and staff (who are told that members do not see them yet)."""
    if poll.is_closed(now):
        return True
    if voted and poll.results == Results.AFTER_VOTE:
        return True
    return is_member(actor) and (
        actor.pk in (poll.post.created_by_id, poll.created_by_id) or is_poll_staff(actor)
    )
