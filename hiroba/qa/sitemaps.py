"""The sitemap of public questions, for search engines.

Keyed, not counted: the questions are cut into ranges of post ids (each file lists the public
questions whose id falls in its range), so the index costs one query (the highest id) and each
file one range scan of the question table, however many questions there are. Django's sitemap
framework pages with COUNT and OFFSET, which read every earlier question at mineo scale.
Sitemaps under /questions/ may only list addresses under /questions/, which these are.
"""

from django.db.models import Max
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from hiroba.community.selectors import get_community
from hiroba.qa.models import Question
from hiroba.qa.permissions import indexable_questions

IDS_PER_FILE = 10_000
MAX_PART = (2**63 - 1) // IDS_PER_FILE  # beyond it a file's first id overflows the column


@require_GET
def sitemap_index(request):
    if not get_community().is_open:
        raise Http404("No sitemap")
    highest = Question.objects.aggregate(highest=Max("post_id"))["highest"] or 0
    files = [
        request.build_absolute_uri(reverse("qa:sitemap_part", args=[part]))
        for part in range(highest // IDS_PER_FILE + 1)
    ]
    return render(request, "qa/sitemap_index.xml", {"files": files}, content_type="application/xml")


@require_GET
def sitemap_part(request, part: int):
    if not get_community().is_open:
        raise Http404("No sitemap")
    if part > MAX_PART:
        raise Http404("No such sitemap file")
    start = part * IDS_PER_FILE
    rows = (
        indexable_questions()
        .filter(post_id__gte=start, post_id__lt=start + IDS_PER_FILE)
        .order_by("post_id")
        .values_list("post_id", "changed_at", "post__edited_at")
    )
    urls = [
        {
            "loc": request.build_absolute_uri(reverse("qa:detail", args=[post_id])),
            "lastmod": max(changed, edited) if edited else changed,
        }
        for post_id, changed, edited in rows
    ]
    return render(request, "qa/sitemap.xml", {"urls": urls}, content_type="application/xml")
