"""Who may see, create and apply to events: the one place that decides.

An event limited to a space is seen by that space's readers only (community.permissions
decides who they are); one limited to a saved segment by the members that segment includes now
(eligibility.py asks segments); a draft is seen by event staff only, and staff see every event.
Seeing an event is what applying needs. Fetchers raise the same 404 for "does not exist" and
"you may not see it", so a restricted space's or a segment's event does not reveal itself.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from hiroba.accounts.permissions import is_editor, is_member, require_editor
from hiroba.community.permissions import can_read_community, hidden_space_ids, is_public_space
from hiroba.community.selectors import get_community
from hiroba.core.errors import Refused
from hiroba.events.eligibility import in_segment, member_segment_ids
from hiroba.events.models import Application, ApplicationState, Event, EventStatus


class AlreadyApplied(Refused):
    """A second live application of one member: 409, so that API clients can tell it from a
    permission problem."""

    status = 409

    def __init__(self):
        super().__init__(_("You have already applied to this event."), code="already_applied")


def is_event_staff(actor) -> bool:
    """Editors and managers create, edit and run events."""
    return is_editor(actor)


def require_event_staff(actor) -> None:
    require_editor(actor)


def readable_events(actor, queryset: QuerySet | None = None) -> QuerySet:
    """The events ``actor`` may see: not drafts (but for staff), not in a space they cannot read,
    not for a segment they are outside of (staff see them all)."""
    queryset = Event.objects.all() if queryset is None else queryset
    if not can_read_community(actor):
        return queryset.none()
    staff = is_event_staff(actor)
    if not staff:
        queryset = queryset.exclude(status=EventStatus.DRAFT)
    # Event staff run every event, a restricted space's included (the console lists them all).
    hidden = set() if staff else hidden_space_ids(actor)
    if hidden:
        # Written as "not in a hidden space" (a NULL space is the whole community's).
        queryset = queryset.filter(Q(space__isnull=True) | ~Q(space_id__in=hidden))
    if not staff and not is_member(actor):
        # A visitor is in no segment: no need to ask which segments events use.
        queryset = queryset.filter(audience_segment_id__isnull=True)
    elif not staff:
        outside = _segments_outside(actor)
        if outside:
            queryset = queryset.filter(
                Q(audience_segment_id__isnull=True) | ~Q(audience_segment_id__in=outside)
            )
    return queryset


def readable_among(actor, events: list[Event]) -> list[Event]:
    """Those of ``events`` ``actor`` may see, in their order: readable_events' rule applied to
    rows already loaded. At most one query, for the reader's segments when an event is for one."""
    if not can_read_community(actor):
        return []
    if is_event_staff(actor):
        return list(events)
    hidden = hidden_space_ids(actor)
    shown = [
        event
        for event in events
        if event.status != EventStatus.DRAFT
        and (event.space_id is None or event.space_id not in hidden)
    ]
    used = {event.audience_segment_id for event in shown} - {None}
    if not used:
        return shown
    inside = member_segment_ids(actor, used) if is_member(actor) else set()
    return [
        event
        for event in shown
        if event.audience_segment_id is None or event.audience_segment_id in inside
    ]


def _segments_outside(actor) -> set[int]:
    """The segments events are limited to that do not include ``actor``: a community has a few,
    so this is two short queries (which segments events use, and which of them hold ``actor``)."""
    used = set(
        Event.objects.filter(audience_segment_id__isnull=False)
        .exclude(status=EventStatus.DRAFT)
        .values_list("audience_segment_id", flat=True)
        .distinct()
    )
    return used - member_segment_ids(actor, used) if used else set()


def can_read_event(actor, event: Event) -> bool:
    if not can_read_community(actor):
        return False
    staff = is_event_staff(actor)
    if event.status == EventStatus.DRAFT and not staff:
        return False
    if not staff and event.space_id is not None and event.space_id in hidden_space_ids(actor):
        return False
    return (
        staff or event.audience_segment_id is None or in_segment(actor, event.audience_segment_id)
    )


def readers_among(event: Event, member_ids) -> list[int]:
    """Those of ``member_ids`` who may see ``event`` now, in their order: the only members a
    notice about it may name it to. An applicant who has since left the event's space, or its
    segment, hears no more of it (not its new title, nor its reminder). An event for everyone
    costs no query; a space's or a segment's a few per member (events have hundreds of
    applicants, not more)."""
    ids = list(dict.fromkeys(pk for pk in member_ids if pk is not None))
    if not ids:
        return []
    if (
        event.status != EventStatus.DRAFT
        and event.space_id is None
        and event.audience_segment_id is None
    ):
        return ids
    members = get_user_model().objects.in_bulk(ids)
    return [pk for pk in ids if pk in members and can_read_event(members[pk], event)]


def access_event(actor, event_id) -> Event:
    """The event ``event_id`` if ``actor`` may see it; else 404, whether it exists or not."""
    try:
        pk = int(event_id)
    except (TypeError, ValueError):
        raise Http404("No such event") from None
    event = Event.objects.filter(pk=pk).select_related("space").first()
    if event is None or not can_read_event(actor, event):
        raise Http404("No such event")
    return event


def access_application(actor, application_id) -> Application:
    """An application ``actor`` may manage (their own; anyone's for staff), with its event; else
    404, whether it exists or not. One's own application to an event one no longer sees (a
    space one left, a segment one is out of) is the same 404: it must not reveal the event."""
    try:
        pk = int(application_id)
    except (TypeError, ValueError):
        raise Http404("No such application") from None
    application = (
        Application.objects.filter(pk=pk).select_related("event", "event__space", "member").first()
    )
    if (
        application is None
        or not can_manage_application(actor, application)
        or not can_read_event(actor, application.event)
    ):
        raise Http404("No such application")
    return application


def can_manage_application(actor, application: Application) -> bool:
    """A member manages their own application; event staff manage anyone's."""
    return (
        actor is not None and actor.is_authenticated and application.member_id == actor.pk
    ) or is_event_staff(actor)


def access_own_application(actor, application_id) -> Application:
    """``actor``'s own application ``application_id`` to an event they may see; else 404,
    whether it exists, is someone else's, or its event is hidden from them."""
    try:
        pk = int(application_id)
    except (TypeError, ValueError):
        raise Http404("No such application") from None
    if actor is None or not actor.is_authenticated:
        raise Http404("No such application")
    application = (
        Application.objects.filter(pk=pk, member=actor)
        .select_related("event", "event__space")
        .first()
    )
    if application is None or not can_read_event(actor, application.event):
        raise Http404("No such application")
    return application


def is_public_event(event: Event) -> bool:
    """Whether anyone, logged in or not, may see the event: the only events a link preview may
    describe. Not a draft, in an open community, for the whole community or a public space, and
    not limited to a segment."""
    if event.status == EventStatus.DRAFT or event.audience_segment_id is not None:
        return False
    if event.space_id is not None:
        return is_public_space(event.space)
    return get_community().is_open


# The applications whose member may read the online address: those holding a seat.
SEES_ONLINE_URL = (ApplicationState.CONFIRMED, ApplicationState.ATTENDED)


def may_see_online_url(actor, event: Event, application: Application | None) -> bool:
    """The online address is for confirmed participants (and event staff) only."""
    if is_event_staff(actor):
        return True
    return (
        application is not None
        and application.member_id == getattr(actor, "pk", None)
        and application.event_id == event.pk
        and application.state in SEES_ONLINE_URL
    )


# Applications that have a ticket to show: those holding a seat (confirmed: first come, or a
# lottery winner who confirmed) and those checked in, the online address's readers.
TICKETED = SEES_ONLINE_URL


def access_ticket(actor, event_id) -> Application:
    """``actor``'s own confirmed (or checked-in) application to the event, with the event;
    else 404, the same whether the event, the application or the right to see it is missing."""
    event = access_event(actor, event_id)
    if actor is None or not actor.is_authenticated:
        raise Http404("No such ticket")
    application = Application.objects.filter(
        event=event, member_id=actor.pk, state__in=TICKETED
    ).first()
    if application is None:
        raise Http404("No such ticket")
    application.event = event
    application.member = actor
    return application
