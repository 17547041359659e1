"""Link previews (hiroba.core.sharing) of posts of every kind, spaces and tags.

Each is built only when the page is public (posts.permissions.is_public_post,
community.permissions.is_public_space, a tag with a public post) and only from what that public
page shows, whoever is looking.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from hiroba.community.models import Space
from hiroba.community.permissions import is_public_space
from hiroba.community.selectors import get_community
from hiroba.core.sharing import Kind, PageMeta, excerpt, page_meta
from hiroba.posts.kinds import post_path
from hiroba.posts.models import Post, Tag
from hiroba.posts.permissions import is_public_post


def post_meta(request, post: Post, photos=()) -> PageMeta | None:
    """The preview of a public post, article, question or idea: its title (or its first words),
    its text, and its cover or first photo."""
    if not is_public_post(post):
        return None
    text = excerpt(post.body_html)
    image = post.cover.url if post.is_article and post.cover else ""
    if not image and photos:
        image = photos[0].display_url
    return page_meta(
        request,
        title=post.title or text or _("A post in %(space)s") % {"space": _space_name(post)},
        description=text or post.title,
        path=post_path(post),
        image_url=image,
        has_own_image=True,
    )


def space_meta(request, space: Space) -> PageMeta | None:
    """The preview of a public space, which also announces the space's Atom feed."""
    if not is_public_space(space):
        return None
    return page_meta(
        request,
        title=space.name,
        description=space.description or get_community().description,
        path=reverse("posts:space", args=[space.slug]),
        kind=Kind.WEBSITE,
        feeds=((space_feed_title(space), reverse("posts:space_feed", args=[space.slug])),),
    )


def tag_meta(request, tag: Tag, *, public: bool) -> PageMeta | None:
    """The preview of a tag page that visitors who are not logged in can open (``public``)."""
    if not public:
        return None
    community = get_community()
    return page_meta(
        request,
        title=f"#{tag.name}",
        description=_("Posts tagged #%(tag)s in %(community)s")
        % {"tag": tag.name, "community": community.name},
        path=reverse("posts:tag", args=[tag.name]),
        kind=Kind.WEBSITE,
    )


def space_feed_title(space: Space) -> str:
    return f"{get_community().name}: {space.name}"


def _space_name(post: Post) -> str:
    return post.space.name if post.space_id else get_community().name
