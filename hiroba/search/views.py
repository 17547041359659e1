"""The search page: posts, articles and questions the visitor may read, and members."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from hiroba.community.permissions import can_read_community, visible_space_ids
from hiroba.community.selectors import list_visible_spaces
from hiroba.search import selectors

MEMBERS = "members"
MEMBERS_BESIDE_POSTS = 5
KINDS = {"post": _("Posts"), "article": _("Articles"), "question": _("Questions"),
         MEMBERS: _("Members")}  # fmt: skip
PERIODS = {"day": _("Past day"), "week": _("Past week"), "month": _("Past month"),
           "year": _("Past year")}  # fmt: skip


@require_GET
def search(request):
    if not can_read_community(request.user):
        raise Http404
    query = request.GET.get("q", "").strip()[:200]
    spaces = list_visible_spaces(visible_space_ids(request.user))
    space = next((s for s in spaces if s.slug == request.GET.get("space")), None)
    kind = request.GET.get("kind")
    kind = kind if kind in KINDS else ""
    period = request.GET.get("period")
    period = period if period in PERIODS else ""
    order = request.GET.get("order")
    order = order if order in selectors.ORDERS else selectors.ORDERS[0]
    cursor = request.GET.get("cursor")
    context = {
        "query": query,
        "spaces": spaces,
        "space": space,
        "kind": kind,
        "period": period,
        "order": order,
        "kinds": KINDS.items(),
        "periods": PERIODS.items(),
        "members": [],
    }
    if kind == MEMBERS:
        context["member_page"] = selectors.search_members(request.user, query, cursor=cursor)
        template = "search/_member_results.html"
    else:
        context["page"] = selectors.search_posts(
            request.user,
            query,
            space=space,
            kind=kind or None,
            period=period or None,
            order=order,
            cursor=cursor,
        )
        if query and not (cursor or space or kind):
            members = selectors.search_members(request.user, query, size=MEMBERS_BESIDE_POSTS)
            context["members"] = members.items
            context["more_members"] = bool(members.next_cursor)
        template = "search/_results.html"
    if request.htmx and cursor:
        return render(request, template, context)
    return render(request, "search/search.html", context)
