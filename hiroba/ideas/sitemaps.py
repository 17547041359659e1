"""Public ideas in the site's sitemap (hiroba.core.sitemaps): an idea's page changes with its
status as well as its text."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Max
from django.urls import reverse

from hiroba.core.sitemaps import latest, register_section
from hiroba.ideas.models import Idea
from hiroba.ideas.permissions import readable_ideas


def register() -> None:
    register_section("ideas", highest=_highest, rows=idea_rows, entry=_entry)


def _highest() -> int | None:
    return Idea.objects.aggregate(highest=Max("post_id"))["highest"]


def idea_rows(start: int, stop: int):
    return (
        readable_ideas(AnonymousUser())
        .filter(post_id__gte=start, post_id__lt=stop)
        .order_by("post_id")
        .values_list("post_id", "status_changed_at", "post__edited_at")
    )


def _entry(row):
    post_id, changed, edited = row
    return reverse("ideas:detail", args=[post_id]), latest(changed, edited)
