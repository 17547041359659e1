"""Who may read, vote for and review ideas: the one place that decides.

Reading an idea is reading its post (hiroba.posts.permissions); this module adds what is
particular to ideas. Fetchers raise the same 404 for "does not exist" and "you may not see it".
"""

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from hiroba.accounts.permissions import is_editor, is_member, is_moderator, require_writer
from hiroba.community.permissions import can_read_community, hidden_space_ids
from hiroba.community.selectors import get_community
from hiroba.core.errors import Refused
from hiroba.ideas.models import Idea
from hiroba.posts.models import Kind, Post, Status
from hiroba.posts.permissions import access_post


def readable_ideas(actor, queryset: QuerySet | None = None) -> QuerySet:
    """Ideas whose post ``actor`` may read: readable_posts' rule, asked of the idea table, so
    that the board walks this table's own indexes.

    The post's visibility is an EXISTS probe by primary key rather than a condition on the
    joined post: a condition matching the posts' partial feed indexes made SQLite scan every
    published post through one of them and sort the ideas (see test_query_plans).
    """
    queryset = Idea.objects.all() if queryset is None else queryset
    if not can_read_community(actor):
        return queryset.none()
    visible = Post.objects.filter(
        pk=OuterRef("pk"), status=Status.PUBLISHED, deleted_at__isnull=True
    )
    queryset = queryset.filter(Exists(visible))
    hidden = hidden_space_ids(actor)
    return queryset.exclude(space_id__in=hidden) if hidden else queryset


def access_idea(actor, post_id) -> Idea:
    """The idea ``post_id`` with its post if ``actor`` may read it; else 404."""
    post = access_post(actor, post_id)
    if post.kind != Kind.IDEA:
        raise Http404("No such idea")
    idea = Idea.objects.filter(pk=post.pk).select_related("duplicate_of__post").first()
    if idea is None:
        raise Http404("No such idea")
    idea.post = post
    return idea


def unsaved_idea(post: Post) -> Idea:
    submitted = post.published_at or post.created_at
    return Idea(
        post=post,
        space_id=post.space_id,
        author_id=post.created_by_id,
        submitted_at=submitted,
        status_changed_at=submitted,
    )


def is_idea_staff(actor) -> bool:
    """Staff who review ideas: moderators, editors, managers (not read-only viewers)."""
    return is_moderator(actor) or is_editor(actor)


def require_idea_staff(actor) -> None:
    require_writer(actor)
    if not is_idea_staff(actor):
        raise Refused(_("Only staff can change the status of an idea."), code="staff_only")


def can_vote(actor) -> bool:
    return is_member(actor) and not actor.is_write_blocked


def stats_are_public() -> bool:
    return get_community().show_idea_stats


def can_see_stats(actor) -> bool:
    """The realization figures are public unless the community turned them off; staff always
    see them."""
    return stats_are_public() or is_idea_staff(actor)
