"""Public spaces in the site's sitemap (hiroba.core.sitemaps)."""

from django.db.models import Max
from django.urls import reverse

from hiroba.community.models import Space, Visibility
from hiroba.core.sitemaps import register_section


def register() -> None:
    register_section("spaces", highest=_highest, rows=space_rows, entry=_entry)


def _highest() -> int | None:
    return Space.objects.aggregate(highest=Max("pk"))["highest"]


def space_rows(start: int, stop: int):
    return (
        Space.objects.filter(pk__gte=start, pk__lt=stop, visibility=Visibility.PUBLIC)
        .order_by("pk")
        .values_list("slug", flat=True)
    )


def _entry(slug):
    return reverse("posts:space", args=[slug]), None
