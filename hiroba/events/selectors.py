"""What pages, feeds and the API read of events."""

from datetime import datetime

from django.db.models import Case, QuerySet, When
from django.utils import timezone

from hiroba.accounts.permissions import is_member
from hiroba.core.pagination import Page, keyset_page
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


PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Events that took place (or were to): everything members saw, but drafts and called-off ones.
PAST = (EventStatus.PUBLISHED, EventStatus.CLOSED, EventStatus.DRAWN, EventStatus.HELD,
        EventStatus.ARCHIVED)  # fmt: skip


def upcoming_page(actor, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    """A page of the upcoming events, soonest first (keyset on start, id)."""
    return keyset_page(
        list_upcoming_events(actor),
        order=("starts_at", "id"),
        kinds=(datetime, int),
        cursor=cursor,
        size=size,
    )


def past_page(actor, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    """A page of the events that have ended, latest first."""
    events = (
        readable_events(actor, Event.objects.filter(status__in=PAST))
        .filter(ends_at__lte=timezone.now())
        .select_related("space")
    )
    return keyset_page(
        events, order=("-starts_at", "-id"), kinds=(datetime, int), cursor=cursor, size=size
    )


def my_application_for(actor, event: Event) -> Application | None:
    """``actor``'s live application to ``event`` (not cancelled), or their latest one."""
    if not is_member(actor):
        return None
    return (
        Application.objects.filter(event=event, member=actor)
        .order_by(
            # The live one first: there is at most one.
            Case(When(state=ApplicationState.CANCELLED, then=1), default=0),
            "-created_at",
            "-id",
        )
        .first()
    )


def my_applications_page(actor, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    return keyset_page(
        my_applications(actor),
        order=("-created_at", "-id"),
        kinds=(datetime, int),
        cursor=cursor,
        size=size,
    )


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
