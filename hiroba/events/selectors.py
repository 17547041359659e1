"""What pages, feeds and the API read of events."""

from django.db.models import QuerySet
from django.utils import timezone

from hiroba.accounts.permissions import is_member
from hiroba.events.models import Application, ApplicationState, Event, EventStatus
from hiroba.events.permissions import readable_events

# Events members can still look forward to: published, closed for applications, or drawn.
UPCOMING = (EventStatus.PUBLISHED, EventStatus.CLOSED, EventStatus.DRAWN)


def list_upcoming_events(actor) -> QuerySet[Event]:
    """Events ``actor`` may see that have not ended, soonest first."""
    return (
        readable_events(actor, Event.objects.filter(status__in=UPCOMING))
        .filter(ends_at__gt=timezone.now())
        .select_related("space")
        .order_by("starts_at", "id")
    )


def my_applications(actor) -> QuerySet[Application]:
    """``actor``'s applications with their events, newest first (none for visitors)."""
    if not is_member(actor):
        return Application.objects.none()
    return (
        Application.objects.filter(member=actor)
        .select_related("event", "event__space")
        .order_by("-created_at", "-id")
    )


def recent_check_ins(event: Event, *, limit: int = 20) -> list[Application]:
    """The last ``limit`` participants checked in at ``event``, latest first, with members."""
    return list(
        Application.objects.filter(event=event, state=ApplicationState.ATTENDED)
        .select_related("member")
        .order_by("-checked_in_at", "-id")[:limit]
    )


def count_participants(event: Event) -> int:
    """Applications that may be checked in or were: confirmed and attended ones."""
    return Application.objects.filter(
        event=event, state__in=(ApplicationState.CONFIRMED, ApplicationState.ATTENDED)
    ).count()
