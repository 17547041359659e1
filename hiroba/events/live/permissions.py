"""Who may watch, comment on and moderate an event's live page."""

from django.http import Http404

from hiroba.accounts.permissions import is_moderator
from hiroba.events.models import Event, EventStatus, Format
from hiroba.events.permissions import access_event, is_event_staff

LIVE_FORMATS = (Format.LIVE, Format.HYBRID)
# Comments are kept and shown after the event; no new ones on an event that was called off or
# put away.
CLOSED_FOR_COMMENTS = (EventStatus.CANCELLED, EventStatus.ARCHIVED)


def has_live_page(event: Event) -> bool:
    return event.format in LIVE_FORMATS


def access_live_event(actor, event_id) -> Event:
    """The event ``event_id`` if it has a live page and ``actor`` may read it; else 404."""
    event = access_event(actor, event_id)
    if not has_live_page(event):
        raise Http404("No such live page")
    return event


def can_moderate_live(actor) -> bool:
    """Moderators, and the staff who run events, hide and approve live comments."""
    return is_moderator(actor) or is_event_staff(actor)


def accepts_comments(event: Event) -> bool:
    return has_live_page(event) and event.status not in CLOSED_FOR_COMMENTS
