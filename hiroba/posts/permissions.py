"""Who may read and change posts and comments: the one place that decides, for pages and API alike.

Fetchers raise the same 404 for "does not exist" and "you may not see it".
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from hiroba.accounts.permissions import is_editor, is_member, is_moderator
from hiroba.community.permissions import (
    can_read_community,
    hidden_space_ids,
    is_public_space,
    visible_space_ids,
)
from hiroba.community.selectors import get_community
from hiroba.core.prepared import model_rows
from hiroba.posts.models import Comment, CommentStatus, Kind, Post, Status

MODERATED = (Status.HELD, Status.HIDDEN)


def readable_posts(actor, queryset: QuerySet | None = None) -> QuerySet:
    """Published, not deleted posts in spaces ``actor`` may read, and articles (which have no space)."""
    queryset = Post.objects.all() if queryset is None else queryset
    return queryset.filter(readable_posts_q(actor))


def readable_posts_q(actor, prefix: str = "", *, space: str | None = None) -> Q:
    """readable_posts' rule as a filter on rows that lead to a post through ``prefix``
    ("post__" from a comment, "" on the posts themselves).

    Joined through the relation, the database walks the rows' own index (a member's comments)
    instead of building an IN list of every readable post. ``space`` names the rows' own copy
    of the post's space, where they keep one so that their lists walk their own indexes
    (questions: "space_id"); by default the post's is used.
    """
    if not can_read_community(actor):
        return Q(**{f"{prefix}pk__in": []})  # matches nothing, and costs no query
    rule = Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}deleted_at__isnull": True})
    # Written as "not in the hidden spaces" rather than "in the visible ones or an article":
    # the positive form (an IN list OR'ed with articles) makes SQLite read every matching post
    # and sort them, while this one lets it walk the feed index newest first and stop after a
    # page (see test_query_plans). Posts always have a space; only articles have none.
    hidden = hidden_space_ids(actor)
    if not hidden:
        return rule
    space = space or f"{prefix}space_id"
    return rule & ~Q(**{f"{space}__in": hidden})


def readable_posts_key(actor) -> tuple:
    """Everything readable_posts' filter for ``actor`` is made of: a statement built from it
    may be kept under this key (core.prepared)."""
    if not can_read_community(actor):
        return ("closed",)
    return tuple(sorted(hidden_space_ids(actor)))


def can_read_post(actor, post: Post) -> bool:
    if not can_read_community(actor):
        return False
    if post.space_id is not None and post.space_id not in visible_space_ids(actor):
        return False
    if post.is_visible:
        return True
    # Deleted posts are seen by moderators; held and hidden posts also by their writer, who sees
    # why; drafts and scheduled articles by editors.
    if post.deleted_at is not None:
        return is_moderator(actor)
    if post.status in MODERATED:
        return is_moderator(actor) or is_writer_of(actor, post)
    return is_editor(actor)


def is_public_post(post: Post) -> bool:
    """Whether anyone, logged in or not, may read the post: the only posts whose text may go into
    link previews, feeds and the sitemap. Articles (no space) are public in an open community."""
    return post.is_visible and (
        is_public_space(post.space) if post.space_id is not None else get_community().is_open
    )


def is_writer_of(actor, item) -> bool:
    """The member who wrote a post or comment (also when it shows an official account)."""
    return bool(actor and actor.is_authenticated) and actor.pk in (
        item.created_by_id,
        item.author_id,
    )


def access_post(actor, post_id) -> Post:
    pk = _as_int(post_id)
    # Every post page asks it: one statement per process, with the id put in.
    found = model_rows(
        "post with author and space",
        lambda pk: Post.objects.select_related("author", "space", "created_by").filter(pk=pk),
        pk=pk,
    )
    post = found[0] if found else None
    if post is None or not can_read_post(actor, post):
        raise Http404("No such post")
    return post


def can_edit_post(actor, post: Post) -> bool:
    if not is_member(actor) or post.deleted_at is not None:
        return False
    if post.kind == Kind.ARTICLE:
        return is_editor(actor)
    if post.status == Status.HIDDEN:
        return is_moderator(actor)  # the writer reads the reason, but cannot rewrite it away
    return post.created_by_id == actor.pk or is_moderator(actor)


def can_delete_post(actor, post: Post) -> bool:
    """As editing, except that writers may also delete their own hidden post."""
    if post.status == Status.HIDDEN and is_member(actor) and post.deleted_at is None:
        return post.created_by_id == actor.pk or is_moderator(actor)
    return can_edit_post(actor, post)


def can_pin_post(actor, post: Post) -> bool:
    return is_moderator(actor) or (post.kind == Kind.ARTICLE and is_editor(actor))


def access_post_for_edit(actor, post_id) -> Post:
    post = access_post(actor, post_id)
    if not can_edit_post(actor, post):
        raise Http404("No such post")
    return post


def access_article_for_edit(actor, post_id) -> Post:
    """The article editor opens articles only: a member's post is edited in its own form, and is
    never turned into an article by staff who may edit it."""
    post = access_post_for_edit(actor, post_id)
    if post.kind != Kind.ARTICLE:
        raise Http404("No such article")
    return post


def can_read_comment(actor, comment: Comment) -> bool:
    """A held or hidden comment is seen by its writer and moderators; the post's rules apply."""
    if comment.deleted_at is not None or not can_read_post(actor, comment.post):
        return False
    if comment.status == CommentStatus.PUBLISHED:
        return True
    return is_moderator(actor) or is_writer_of(actor, comment)


def access_comment(actor, comment_id) -> Comment:
    comment = (
        Comment.objects.select_related("post", "author").filter(pk=_as_int(comment_id)).first()
    )
    if comment is None or not can_read_comment(actor, comment):
        raise Http404("No such comment")
    return comment


def can_delete_comment(actor, comment: Comment) -> bool:
    return is_member(actor) and (comment.created_by_id == actor.pk or is_moderator(actor))


def _as_int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such item") from None
