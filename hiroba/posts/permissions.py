"""Who may read and change posts and comments: the one place that decides, for pages and API alike.

Fetchers raise the same 404 for "does not exist" and "you may not see it".
"""

from django.db.models import QuerySet
from django.http import Http404

from hiroba.accounts.permissions import is_editor, is_member, is_moderator
from hiroba.community.permissions import can_read_community, hidden_space_ids, visible_space_ids
from hiroba.posts.models import Comment, Kind, Post, Status


def readable_posts(actor, queryset: QuerySet | None = None) -> QuerySet:
    """Published, not deleted posts in spaces ``actor`` may read, and articles (which have no space)."""
    queryset = Post.objects.all() if queryset is None else queryset
    if not can_read_community(actor):
        return queryset.none()
    queryset = queryset.filter(status=Status.PUBLISHED, deleted_at__isnull=True)
    # Written as "not in the hidden spaces" rather than "in the visible ones or an article":
    # the positive form (an IN list OR'ed with articles) makes SQLite read every matching post
    # and sort them, while this one lets it walk the feed index newest first and stop after a
    # page (see test_query_plans). Posts always have a space; only articles have none.
    hidden = hidden_space_ids(actor)
    return queryset.exclude(space_id__in=hidden) if hidden else queryset


def can_read_post(actor, post: Post) -> bool:
    if not can_read_community(actor):
        return False
    if post.space_id is not None and post.space_id not in visible_space_ids(actor):
        return False
    if post.is_visible:
        return True
    # Drafts and scheduled articles are seen by editors; deleted posts by moderators.
    if post.deleted_at is not None:
        return is_moderator(actor)
    return is_editor(actor)


def access_post(actor, post_id) -> Post:
    post = (
        Post.objects.select_related("author", "space", "created_by")
        .filter(pk=_as_int(post_id))
        .first()
    )
    if post is None or not can_read_post(actor, post):
        raise Http404("No such post")
    return post


def can_edit_post(actor, post: Post) -> bool:
    if not is_member(actor) or post.deleted_at is not None:
        return False
    if post.kind == Kind.ARTICLE:
        return is_editor(actor)
    return post.created_by_id == actor.pk or is_moderator(actor)


def can_delete_post(actor, post: Post) -> bool:
    return can_edit_post(actor, post)


def can_pin_post(actor, post: Post) -> bool:
    return is_moderator(actor) or (post.kind == Kind.ARTICLE and is_editor(actor))


def access_post_for_edit(actor, post_id) -> Post:
    post = access_post(actor, post_id)
    if not can_edit_post(actor, post):
        raise Http404("No such post")
    return post


def access_comment(actor, comment_id) -> Comment:
    comment = (
        Comment.objects.select_related("post", "author").filter(pk=_as_int(comment_id)).first()
    )
    if comment is None or comment.deleted_at is not None or not can_read_post(actor, comment.post):
        raise Http404("No such comment")
    return comment


def can_delete_comment(actor, comment: Comment) -> bool:
    return is_member(actor) and (comment.created_by_id == actor.pk or is_moderator(actor))


def _as_int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such item") from None
