"""The search page: posts and articles the visitor may read, newest first."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hiroba.community.permissions import can_read_community, visible_space_ids
from hiroba.community.selectors import list_visible_spaces
from hiroba.posts.models import Kind
from hiroba.search import selectors


@require_GET
def search(request):
    if not can_read_community(request.user):
        raise Http404
    query = request.GET.get("q", "").strip()[:200]
    spaces = list_visible_spaces(visible_space_ids(request.user))
    space = next((s for s in spaces if s.slug == request.GET.get("space")), None)
    kind = request.GET.get("kind") if request.GET.get("kind") in Kind.values else None
    page = selectors.search_posts(
        request.user, query, space=space, kind=kind, cursor=request.GET.get("cursor")
    )
    context = {"query": query, "page": page, "spaces": spaces, "space": space, "kind": kind}
    if request.htmx and request.GET.get("cursor"):
        return render(request, "search/_results.html", context)
    return render(request, "search/search.html", context)
