"""Checking participants in at the venue (event staff), by the code on their ticket.

A check-in is one conditional UPDATE of the application (confirmed → attended), and the event's
``attended_count`` moves only when that UPDATE changed a row. So a check-in that is repeated,
replayed by a phone's offline queue, or sent by two phones at once counts once: the second one
finds the application attended and answers "already checked in" without counting.

The check-in window: from ``CHECKIN_OPENS_BEFORE`` before the start until the end of the day
(in the community's time zone) on which the event ends, and never less than
``CHECKIN_CLOSES_AFTER`` after its end, so an evening event can still check in latecomers. A
check-in is judged by the moment it was scanned (``at``), so a queue that syncs later still
counts what was scanned in time.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import NoReturn

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.core.errors import Refused
from hiroba.events.models import Application, ApplicationState, Event, EventStatus
from hiroba.events.permissions import require_event_staff
from hiroba.events.tickets import is_well_formed, normalize_code

CHECKIN_OPENS_BEFORE = timedelta(hours=3)
CHECKIN_CLOSES_AFTER = timedelta(hours=3)
# Events whose participants may be checked in (in the window).
CHECKIN_STATUSES = (EventStatus.PUBLISHED, EventStatus.CLOSED, EventStatus.DRAWN, EventStatus.HELD)


class CheckInRefused(Refused):
    """A code that does not check anyone in; ``code`` says why (the page and the JSON show it).
    422: the request was understood, the ticket is not good for this event now."""

    status = 422


@dataclass(frozen=True)
class CheckIn:
    """The application checked in, and whether this call counted it (False: it already was)."""

    application: Application
    counted: bool


def checkin_window(event: Event) -> tuple[datetime, datetime]:
    """When participants of ``event`` may be checked in: [opens, closes)."""
    opens = event.starts_at - CHECKIN_OPENS_BEFORE
    last_day = timezone.localtime(event.ends_at).date()
    end_of_day = timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))
    return opens, max(end_of_day, event.ends_at + CHECKIN_CLOSES_AFTER)


@transaction.atomic
def check_in(*, actor: Member, event: Event, code: str, at: datetime | None = None) -> CheckIn:
    """Check in the confirmed participant whose ticket of ``event`` has ``code`` (event staff).

    ``at`` is when the code was scanned (a synced offline queue sends it; default now; a moment
    in the future is taken as now). Raises CheckInRefused with a code for an unknown code, a
    code of another event, an application that is not confirmed, and a time outside the window.
    """
    require_event_staff(actor)
    now = timezone.now()
    at = now if at is None or at > now else at
    _require_checkin_open(event, at)
    code = normalize_code(code)
    application = (
        Application.objects.filter(event_id=event.pk, ticket_code=code)
        .select_related("member")
        .first()
        if is_well_formed(code)
        else None
    )
    if application is None:
        _refuse_unknown(code)
    if application.state == ApplicationState.ATTENDED:
        return CheckIn(application, counted=False)
    _require_confirmed(application.state)
    moved = Application.objects.filter(pk=application.pk, state=ApplicationState.CONFIRMED).update(
        state=ApplicationState.ATTENDED, checked_in_at=at
    )
    if not moved:
        # Changed since it was read: by a check-in on another phone (already counted there),
        # or by a cancellation.
        application.refresh_from_db(fields=["state", "checked_in_at"])
        if application.state == ApplicationState.ATTENDED:
            return CheckIn(application, counted=False)
        _require_confirmed(application.state)
    Event.objects.filter(pk=event.pk).update(attended_count=F("attended_count") + 1)
    application.state, application.checked_in_at = ApplicationState.ATTENDED, at
    record_activity(
        actor=application.member,
        verb=Verb.EVENT_CHECK_IN,
        subject=event,
        space_id=event.space_id,
        data={"application": application.pk, "by": actor.pk, "scanned_at": at.isoformat()},
        # Dated when scanned: a queue synced after midnight still counts the event's day.
        at=at,
    )
    return CheckIn(application, counted=True)


def _require_checkin_open(event: Event, at: datetime) -> None:
    if event.status == EventStatus.CANCELLED:
        raise CheckInRefused(_("This event was cancelled."), code="event_cancelled")
    if event.status not in CHECKIN_STATUSES:
        raise CheckInRefused(
            _("Participants of this event cannot be checked in."), code="checkin_closed"
        )
    opens, closes = checkin_window(event)
    if at < opens:
        raise CheckInRefused(
            _("Check-in opens at %(time)s.") % {"time": _iso_local(opens)},
            code="checkin_not_open",
        )
    if at >= closes:
        raise CheckInRefused(
            _("Check-in closed at %(time)s.") % {"time": _iso_local(closes)},
            code="checkin_closed",
        )


def _refuse_unknown(code: str) -> NoReturn:
    # Codes are unique within an event only, so this looks at other events only after the
    # code was not found in this one; a refusal, not the common path, pays for the scan.
    if is_well_formed(code) and Application.objects.filter(ticket_code=code).exists():
        raise CheckInRefused(_("This ticket is for another event."), code="other_event")
    raise CheckInRefused(
        _("No ticket of this event has this code. Check the 8 characters."),
        code="unknown_code",
    )


def _require_confirmed(state: str) -> None:
    if state == ApplicationState.CONFIRMED:
        return
    if state == ApplicationState.CANCELLED:
        raise CheckInRefused(_("This application was cancelled."), code="cancelled")
    if state == ApplicationState.WAITLISTED:
        raise CheckInRefused(_("This member is on the waitlist, not confirmed."), code="waitlisted")
    if state == ApplicationState.LOST:
        raise CheckInRefused(_("This member was not selected in the lottery."), code="not_selected")
    raise CheckInRefused(_("This application is not confirmed yet."), code="not_confirmed")


def _iso_local(moment: datetime) -> str:
    # Refusals that name their bounds write them the ISO way, in the community's time zone.
    return format_date(timezone.localtime(moment), "Y-m-d H:i")
