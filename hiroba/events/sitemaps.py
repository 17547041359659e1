"""Public events in the site's sitemap (hiroba.core.sitemaps).

Public as events.permissions.is_public_event says: not a draft, for the whole community or a
public space, and not limited to a segment. The sitemap is served for an open community only,
so the rows need not ask whether it is open.
"""

from django.db.models import Max, Q
from django.urls import reverse

from hiroba.community.models import Visibility
from hiroba.core.sitemaps import register_section
from hiroba.events.models import Event, EventStatus


def register() -> None:
    register_section("events", highest=_highest, rows=event_rows, entry=_entry)


def _highest() -> int | None:
    return Event.objects.aggregate(highest=Max("pk"))["highest"]


def public_events_q() -> Q:
    """is_public_event as a filter (in an open community)."""
    return (
        ~Q(status=EventStatus.DRAFT)
        & Q(audience_segment_id__isnull=True)
        & (Q(space__isnull=True) | Q(space__visibility=Visibility.PUBLIC))
    )


def event_rows(start: int, stop: int):
    """Public events with start <= id < stop: one range scan of the primary key."""
    return (
        Event.objects.filter(public_events_q(), pk__gte=start, pk__lt=stop)
        .order_by("pk")
        .values_list("pk", "updated_at")
    )


def _entry(row):
    event_id, updated = row
    return reverse("events:detail", args=[event_id]), updated
