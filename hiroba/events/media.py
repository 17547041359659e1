"""Who may see an event's cover where the application serves uploads (the embedded default):
whoever may see the event, so a restricted space's or a segment's event keeps its cover too."""

from hiroba.events.models import Event
from hiroba.events.permissions import can_read_event
from hiroba.posts.views.media import register_media

FOLDER = "events/"


def may_read_cover(user, path: str) -> bool:
    event = Event.objects.filter(cover=path).select_related("space").first()
    return event is not None and can_read_event(user, event)


def register() -> None:
    register_media(FOLDER, may_read_cover)
