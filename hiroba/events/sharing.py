"""The link preview (hiroba.core.sharing) of an event's page, for LINE, X and search engines.

Built only for a public event (events.permissions.is_public_event) and only from what its public
page shows: the title, when and where, the start of the description, and the cover. Members-only,
restricted and segment events get none, whoever is looking.
"""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from hiroba.core.sharing import PageMeta, excerpt, page_meta
from hiroba.events.models import Event
from hiroba.events.permissions import is_public_event


def event_meta(request, event: Event) -> PageMeta | None:
    if not is_public_event(event):
        return None
    when = date_format(localtime(event.starts_at), "DATETIME_FORMAT")
    where = event.venue or event.get_format_display()
    text = excerpt(event.description_html)
    return page_meta(
        request,
        title=event.title,
        description=" · ".join(part for part in (when, where, text) if part),
        path=reverse("events:detail", args=[event.pk]),
        image_url=event.cover.url if event.cover else "",
        has_own_image=True,
    )
