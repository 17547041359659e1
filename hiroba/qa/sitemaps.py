"""Public questions in the site's sitemap (hiroba.core.sitemaps), cut into ranges of post ids.

A question's last change counts its answers and acceptance (Question.changed_at) as well as
edits of its text. The files this app used to serve under /questions/ now send crawlers to the
site's own.
"""

from django.db.models import Max
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from hiroba.core.sitemaps import MAX_PART, latest, register_section
from hiroba.qa.models import Question
from hiroba.qa.permissions import indexable_questions

SECTION = "questions"


def register() -> None:
    register_section(SECTION, highest=_highest, rows=_rows, entry=_entry)


def _highest() -> int | None:
    return Question.objects.aggregate(highest=Max("post_id"))["highest"]


def _rows(start: int, stop: int):
    return (
        indexable_questions()
        .filter(post_id__gte=start, post_id__lt=stop)
        .order_by("post_id")
        .values_list("post_id", "changed_at", "post__edited_at")
    )


def _entry(row):
    post_id, changed, edited = row
    return reverse("qa:detail", args=[post_id]), latest(changed, edited)


@require_GET
def sitemap_index(request):
    return redirect("sitemap", permanent=True)


@require_GET
def sitemap_part(request, part: int):
    if part > MAX_PART:
        raise Http404("No such sitemap file")
    return redirect("sitemap_part", section=SECTION, part=part, permanent=True)
