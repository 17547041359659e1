"""Read-only pages of posts: space page, spaces list, articles list, tag page; and the feed
rendering the home and member pages (hiroba.home) share."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hiroba.accounts.permissions import require_writer
from hiroba.community.permissions import (
    access_space,
    can_join,
    can_read_community,
    visible_space_ids,
)
from hiroba.community.selectors import has_joined, joined_space_ids, list_visible_spaces
from hiroba.core.errors import Refused
from hiroba.core.text import hashtag_name
from hiroba.posts import selectors
from hiroba.posts.forms import PostForm
from hiroba.posts.kinds import write_links
from hiroba.posts.models import Tag
from hiroba.posts.sharing import space_meta, tag_meta


def _can_write(user) -> bool:
    try:
        require_writer(user)
    except Refused:
        return False
    return True


def render_feed(request, template: str, page, context: dict):
    """Full page, or only the next cards when htmx asks for more. ``page`` and ``pinned`` hold
    Cards (posts.cards), read with ``as_cards``: post_cards loads the posts it must render."""
    shown = [*page.items, *context.get("pinned", [])]
    context |= {"page": page, "liked_ids": selectors.liked_post_ids(request.user, shown)}
    if request.htmx and request.GET.get("cursor"):
        return render(request, "posts/_feed_page.html", context)
    return render(request, template, context)


@require_GET
def space_detail(request, slug):
    space = access_space(request.user, slug)
    page = selectors.list_space_posts(
        request.user, space, cursor=request.GET.get("cursor"), as_cards=True
    )
    is_member = has_joined(request.user, space.pk)
    return render_feed(
        request,
        "posts/space.html",
        page,
        {
            "space": space,
            "pinned": selectors.list_pinned(request.user, space=space)
            if not request.GET.get("cursor")
            else [],
            "is_member": is_member,
            "can_join": can_join(request.user, space),
            "can_write": _can_write(request.user) and not space.is_archived,
            "write_links": write_links(space),
            "form": PostForm(),
            "page_meta": space_meta(request, space),
        },
    )


@require_GET
def space_list(request):
    if not can_read_community(request.user):
        raise Http404
    return render(
        request,
        "posts/spaces.html",
        {
            "spaces": list_visible_spaces(visible_space_ids(request.user)),
            "joined": joined_space_ids(request.user),
        },
    )


@require_GET
def article_list(request):
    if not can_read_community(request.user):
        raise Http404
    page = selectors.list_articles(request.user, cursor=request.GET.get("cursor"), as_cards=True)
    return render_feed(
        request, "posts/articles.html", page, {"drafts": selectors.list_drafts(request.user)}
    )


@require_GET
def tag_detail(request, name):
    if not can_read_community(request.user):
        raise Http404
    # The rule that made the post's tags and its links: only a name it accepts reaches the
    # database (no NUL bytes, no 2,000-character names, no "#123").
    name = hashtag_name(name)
    if name is None:
        raise Http404
    tag = Tag.objects.filter(name=name).first()
    if tag is None:
        raise Http404
    page = selectors.list_tag_posts(
        request.user, tag, cursor=request.GET.get("cursor"), as_cards=True
    )
    if not page.items and not request.GET.get("cursor"):
        raise Http404  # a tag used only where the visitor cannot read does not exist for them
    context = {"tag": tag}
    if not request.htmx:
        context["page_meta"] = tag_meta(request, tag, public=selectors.tag_is_public(tag))
    return render_feed(request, "posts/tag.html", page, context)
