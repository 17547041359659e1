"""Public posts, articles and tags in the site's sitemap (hiroba.core.sitemaps).

Questions and ideas are posts too, but their own apps (registered kinds: posts.kinds) list them,
each with the last change its page shows (answers, status changes). A tag is listed once one of
its posts is public, with that post's date as its last change.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse

from hiroba.core.sitemaps import latest, register_section
from hiroba.posts.kinds import registered_kinds
from hiroba.posts.models import Post, PostTag, Tag
from hiroba.posts.permissions import readable_posts, readable_posts_q


def register() -> None:
    register_section("posts", highest=_highest_post, rows=post_rows, entry=_post_entry)
    register_section("tags", highest=_highest_tag, rows=tag_rows, entry=_tag_entry)


def _highest_post() -> int | None:
    return Post.objects.aggregate(highest=Max("pk"))["highest"]


def post_rows(start: int, stop: int):
    """Public posts and articles with start <= id < stop: one range scan of the primary key."""
    return (
        readable_posts(AnonymousUser())
        .filter(pk__gte=start, pk__lt=stop)
        # Kinds with pages of their own (questions, ideas) are listed by their apps.
        .exclude(kind__in=[kind.name for kind in registered_kinds() if kind.has_own_page])
        .order_by("pk")
        .values_list("pk", "published_at", "edited_at")
    )


def _post_entry(row):
    post_id, published, edited = row
    return reverse("posts:detail", args=[post_id]), latest(published, edited)


def _highest_tag() -> int | None:
    return Tag.objects.aggregate(highest=Max("pk"))["highest"]


def tag_rows(start: int, stop: int):
    """Tags with start <= id < stop that have a public post, with the newest one's date.

    Per tag, the newest public post is found by walking the tag's own index (tag, published_at)
    newest first, which stops at the first public one.
    """
    newest_public = PostTag.objects.filter(
        readable_posts_q(AnonymousUser(), "post__"), tag=OuterRef("pk"), published_at__isnull=False
    )
    newest = newest_public.order_by("-published_at").values("published_at")[:1]
    return (
        Tag.objects.filter(pk__gte=start, pk__lt=stop)
        .annotate(newest=Subquery(newest))
        .filter(newest__isnull=False)
        .order_by("pk")
        .values_list("name", "newest")
    )


def _tag_entry(row):
    name, newest = row
    return reverse("posts:tag", args=[name]), newest
