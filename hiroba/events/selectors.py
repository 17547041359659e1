"""What pages, feeds and the API read of events."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from hiroba.accounts.permissions import is_member
from hiroba.community.permissions import can_read_community
from hiroba.core.generations import Snapshot, bump
from hiroba.core.pagination import Page, keyset_page
from hiroba.events.models import Application, ApplicationState, Event, EventStatus
from hiroba.events.permissions import is_event_staff, readable_among, readable_events

# Events members can still look forward to: published, closed for applications, or drawn.
UPCOMING = (EventStatus.PUBLISHED, EventStatus.CLOSED, EventStatus.DRAWN)
# Events that took place (or were to): what the past list and the calendar show besides those.
PAST = (*UPCOMING, EventStatus.HELD, EventStatus.ARCHIVED)
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
HOME_EVENTS = 3
# A month's calendar shows at most this many events (a community runs a few a week).
CALENDAR_LIMIT = 300


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


def upcoming_events_page(actor, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    """A page of the events ``actor`` may see that have not ended, soonest first."""
    return keyset_page(
        list_upcoming_events(actor),
        order=("starts_at", "id"),
        kinds=(datetime, int),
        cursor=cursor,
        size=size,
    )


def past_events_page(actor, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    """A page of the events ``actor`` may see that have ended, the latest first."""
    queryset = (
        readable_events(actor, Event.objects.filter(status__in=PAST))
        .filter(ends_at__lte=timezone.now())
        .select_related("space")
    )
    return keyset_page(
        queryset, order=("-starts_at", "-id"), kinds=(datetime, int), cursor=cursor, size=size
    )


def my_applications_page(actor, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    """A page of ``actor``'s applications with their events, newest first. An event that has
    since become hidden from them (a space they left) drops out of the list."""
    queryset = my_applications(actor).filter(event__in=readable_events(actor))
    return keyset_page(
        queryset, order=("-created_at", "-id"), kinds=(datetime, int), cursor=cursor, size=size
    )


# The home page's box is read from each process's copy of the soonest events that have not
# ended, for everyone (staff, who also see drafts, ask the database); services that change what
# the box shows or which events it holds call events_written in their transaction.
EVENTS_TOPIC = "events"
SOONEST_KEPT = 100


def _soonest_events() -> tuple[list[Event], bool]:
    """The SOONEST_KEPT soonest upcoming events, and whether there are more."""
    events = list(
        Event.objects.filter(status__in=UPCOMING, ends_at__gt=timezone.now()).order_by(
            "starts_at", "id"
        )[: SOONEST_KEPT + 1]
    )
    return events[:SOONEST_KEPT], len(events) > SOONEST_KEPT


_soonest = Snapshot(_soonest_events, EVENTS_TOPIC)


def events_written() -> None:
    """An event was created, published, edited or called off: call in its transaction."""
    bump(EVENTS_TOPIC)


def upcoming_for_home(actor, *, limit: int = HOME_EVENTS) -> list[Event]:
    """The few soonest events ``actor`` may see, as list_upcoming_events orders them. No query
    but the reader's segments when a kept event is for one; the database is asked when the kept
    events are too few for the reader (more than SOONEST_KEPT ahead, most of them hidden)."""
    if is_event_staff(actor):
        return list(list_upcoming_events(actor)[:limit])
    if not can_read_community(actor):
        return []
    soonest, more = _soonest.get()
    now = timezone.now()
    shown = readable_among(actor, [event for event in soonest if event.ends_at > now])
    if len(shown) < limit and more:
        return list(list_upcoming_events(actor)[:limit])
    return shown[:limit]


def events_between(actor, start: datetime, end: datetime) -> list[Event]:
    """The events ``actor`` may see that take place (at least in part) from ``start`` to
    ``end``, by start; cancelled ones left out. Bounded: a calendar month, not a history."""
    return list(
        readable_events(actor, Event.objects.filter(status__in=PAST))
        .filter(starts_at__lt=end, ends_at__gt=start)
        .select_related("space")
        .order_by("starts_at", "id")[:CALENDAR_LIMIT]
    )


def viewer_application(actor, event: Event) -> Application | None:
    """``actor``'s latest application to ``event``: the live one, else the last cancelled one
    (so the page can say "cancelled" and offer to apply again)."""
    if not is_member(actor):
        return None
    return (
        Application.objects.filter(event=event, member=actor).order_by("-created_at", "-id").first()
    )


def is_live_application(application: Application | None) -> bool:
    return application is not None and application.state != ApplicationState.CANCELLED


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


def event_applications_page(
    event: Event, *, state: str | None = None, cursor: str | None = None, size: int = PAGE_SIZE
) -> Page:
    """An event's applications for its staff, first applied first, optionally in one state."""
    applications = Application.objects.filter(event=event).select_related("member")
    if state:
        applications = applications.filter(state=state)
    return keyset_page(
        applications, order=("created_at", "id"), kinds=(datetime, int), cursor=cursor, size=size
    )
