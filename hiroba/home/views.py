"""The home page and a member's page: each gathers what several apps show, so they sit above
all of them and call them (posts' feed, surveys for the member, the soonest events, and later campaigns)."""

import re

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hiroba.accounts.models import HANDLE_RE
from hiroba.accounts.selectors import get_member_by_handle
from hiroba.community.permissions import can_read_community, visible_space_ids
from hiroba.community.selectors import get_community, list_visible_spaces
from hiroba.events.selectors import upcoming_for_home
from hiroba.home.sharing import member_meta
from hiroba.posts.selectors import list_feed, list_member_posts, list_pinned, popular_tags
from hiroba.posts.views.feeds import render_feed
from hiroba.surveys.selectors import surveys_for_home


@require_GET
def home(request):
    if not can_read_community(request.user):
        return render(request, "community/landing.html", {"community": get_community()})
    order = "popular" if request.GET.get("order") == "popular" else "newest"
    cursor = request.GET.get("cursor")
    page = list_feed(request.user, order=order, cursor=cursor, as_cards=True)
    return render_feed(
        request,
        "home/home.html",
        page,
        {
            "order": order,
            "pinned": list_pinned(request.user) if not cursor else [],
            "spaces": list_visible_spaces(visible_space_ids(request.user)),
            "tags": popular_tags(request.user),
            # One query: open surveys addressed to the member that they have not answered.
            "surveys": surveys_for_home(request.user) if not cursor else [],
            # One query: the few soonest events the visitor may see.
            "events": upcoming_for_home(request.user) if not cursor else [],
        },
    )


@require_GET
def member_profile(request, handle):
    # Check the shape first: a NUL byte or a 2,000-character "handle" never reaches the database.
    if not re.fullmatch(HANDLE_RE.strip("^$"), handle):
        raise Http404
    member = get_member_by_handle(handle)
    if member is None or not can_read_community(request.user):
        raise Http404
    page = list_member_posts(request.user, member, cursor=request.GET.get("cursor"), as_cards=True)
    context = {"profile": member, "page_meta": member_meta(request, member)}
    return render_feed(request, "home/member.html", page, context)
