"""Who may see, create and apply to events: the one place that decides.

An event limited to a space is seen by that space's readers only (community.permissions
decides who they are); a draft is seen by event staff only. Fetchers raise the same 404 for
"does not exist" and "you may not see it", so a restricted space's event does not reveal itself.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from hiroba.accounts.permissions import is_editor, require_editor
from hiroba.community.permissions import can_read_community, hidden_space_ids, is_public_space
from hiroba.community.selectors import get_community
from hiroba.core.errors import Refused
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
    """The events ``actor`` may see: not drafts (but for staff), not in a space they cannot read."""
    queryset = Event.objects.all() if queryset is None else queryset
    if not can_read_community(actor):
        return queryset.none()
    if not is_event_staff(actor):
        queryset = queryset.exclude(status=EventStatus.DRAFT)
    hidden = hidden_space_ids(actor)
    if hidden:
        # Written as "not in a hidden space" (a NULL space is the whole community's).
        queryset = queryset.filter(Q(space__isnull=True) | ~Q(space_id__in=hidden))
    return queryset


def can_read_event(actor, event: Event) -> bool:
    if not can_read_community(actor):
        return False
    if event.status == EventStatus.DRAFT and not is_event_staff(actor):
        return False
    return event.space_id is None or event.space_id not in hidden_space_ids(actor)


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


def may_see_online_url(actor, event: Event, application: Application | None) -> bool:
    """The online address is for confirmed participants (and event staff) only."""
    if is_event_staff(actor):
        return True
    return (
        application is not None
        and application.member_id == getattr(actor, "pk", None)
        and application.event_id == event.pk
        and application.state in (ApplicationState.CONFIRMED, ApplicationState.ATTENDED)
    )


# Applications that have a ticket to show: confirmed (first come, or a lottery winner who
# confirmed), and checked in.
TICKETED = (ApplicationState.CONFIRMED, ApplicationState.ATTENDED)


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
