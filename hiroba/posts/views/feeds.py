"""Read-only pages: home feed, space page, articles list, tag page."""

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
from hiroba.community.selectors import get_community, joined_space_ids, list_visible_spaces
from hiroba.core.errors import Refused
from hiroba.core.text import hashtag_name
from hiroba.posts import selectors
from hiroba.posts.forms import PostForm
from hiroba.posts.models import Tag
from hiroba.posts.sharing import space_meta, tag_meta
from hiroba.surveys.selectors import surveys_for_home


def _can_write(user) -> bool:
    try:
        require_writer(user)
    except Refused:
        return False
    return True


def _feed_response(request, template: str, page, context: dict):
    """Full page, or only the next cards when htmx asks for more."""
    shown = [*page.items, *context.get("pinned", [])]
    context |= {"page": page, "liked_ids": selectors.liked_post_ids(request.user, shown)}
    if request.htmx and request.GET.get("cursor"):
        return render(request, "posts/_feed_page.html", context)
    return render(request, template, context)


@require_GET
def home(request):
    if not can_read_community(request.user):
        return render(request, "community/landing.html", {"community": get_community()})
    order = "popular" if request.GET.get("order") == "popular" else "newest"
    page = selectors.list_feed(request.user, order=order, cursor=request.GET.get("cursor"))
    return _feed_response(
        request,
        "posts/home.html",
        page,
        {
            "order": order,
            "pinned": selectors.list_pinned(request.user) if not request.GET.get("cursor") else [],
            "spaces": list_visible_spaces(visible_space_ids(request.user)),
            "tags": selectors.popular_tags(request.user),
            # One query: open surveys addressed to the member that they have not answered.
            "surveys": surveys_for_home(request.user) if not request.GET.get("cursor") else [],
        },
    )


@require_GET
def space_detail(request, slug):
    space = access_space(request.user, slug)
    page = selectors.list_space_posts(request.user, space, cursor=request.GET.get("cursor"))
    is_member = space.pk in joined_space_ids(request.user)
    return _feed_response(
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
    page = selectors.list_articles(request.user, cursor=request.GET.get("cursor"))
    return _feed_response(
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
    page = selectors.list_tag_posts(request.user, tag, cursor=request.GET.get("cursor"))
    if not page.items and not request.GET.get("cursor"):
        raise Http404  # a tag used only where the visitor cannot read does not exist for them
    context = {"tag": tag}
    if not request.htmx:
        context["page_meta"] = tag_meta(request, tag, public=selectors.tag_is_public(tag))
    return _feed_response(request, "posts/tag.html", page, context)
