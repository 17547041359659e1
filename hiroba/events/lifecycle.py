"""An event's way through time: applications close, the event is held, then archived; staff may
call it off; members are reminded the day before.

The periodic jobs (schedules.py) call the functions here. Each moves events with one
conditional UPDATE on the status it expects, so two runs at once (or a run and a staff action)
move an event once. Automatic moves record no Activity: nobody did them.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.core.text import clean_text
from hiroba.events import notify
from hiroba.events.models import Application, ApplicationState, Event, EventStatus
from hiroba.events.permissions import require_event_staff
from hiroba.events.selectors import events_written
from hiroba.events.services import _lock_event

# Held events are archived this long after they end.
ARCHIVE_AFTER = timedelta(days=30)
# The reminder goes out once the event is less than this far away.
REMIND_BEFORE = timedelta(days=1)
# Statuses of an event that has not taken place yet.
AHEAD = (EventStatus.PUBLISHED, EventStatus.CLOSED, EventStatus.DRAWN)
MAX_REASON = 1000
# Statuses of an event that can no longer be called off (it is off, or it has taken place).
NOT_CANCELLABLE = (EventStatus.CANCELLED, EventStatus.HELD, EventStatus.ARCHIVED)
# Applications a called-off event cancels (LOST ones stay as they are, and are told too).
CANCELLABLE = (
    ApplicationState.APPLIED,
    ApplicationState.CONFIRMED,
    ApplicationState.WAITLISTED,
    ApplicationState.WON,
)


def close_applications(*, now: datetime | None = None) -> int:
    """Published events whose applications have closed become CLOSED; returns how many."""
    now = now or timezone.now()
    return Event.objects.filter(
        status=EventStatus.PUBLISHED, applications_close_at__lte=now
    ).update(status=EventStatus.CLOSED, updated_at=now)


def mark_held(*, now: datetime | None = None) -> int:
    """Events that have ended become HELD (a lottery never drawn too: it has passed)."""
    now = now or timezone.now()
    return Event.objects.filter(status__in=AHEAD, ends_at__lte=now).update(
        status=EventStatus.HELD, updated_at=now
    )


def archive_held(*, now: datetime | None = None) -> int:
    """Held events ARCHIVE_AFTER past their end become ARCHIVED."""
    now = now or timezone.now()
    return Event.objects.filter(status=EventStatus.HELD, ends_at__lte=now - ARCHIVE_AFTER).update(
        status=EventStatus.ARCHIVED, updated_at=now
    )


def send_reminders(*, now: datetime | None = None) -> int:
    """Remind the confirmed members of events starting within REMIND_BEFORE, once per event
    (``reminded_at`` is set conditionally before anyone is told). Returns the events reminded."""
    now = now or timezone.now()
    due = Event.objects.filter(
        status__in=AHEAD,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMIND_BEFORE,
    ).values_list("pk", flat=True)
    reminded = 0
    for event_id in list(due):
        with transaction.atomic():
            claimed = Event.objects.filter(pk=event_id, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            event = Event.objects.get(pk=event_id)
            member_ids = list(
                Application.objects.filter(event=event, state=ApplicationState.CONFIRMED)
                .values_list("member_id", flat=True)
                .order_by("member_id")
            )
            notify.reminder(event, member_ids)
            reminded += 1
    return reminded


@transaction.atomic
def cancel_event(*, actor: Member, event: Event, reason: str = "") -> Event:
    """Call an event off (event staff): CANCELLED, every live application cancelled, its seats
    and waitlist emptied, and every member who applied told, with ``reason``."""
    require_event_staff(actor)
    reason = clean_text(reason or "", field="reason", max_length=MAX_REASON, required=False)
    locked = _lock_event(event.pk)
    now = timezone.now()
    moved = (
        Event.objects.filter(pk=locked.pk)
        .exclude(status__in=NOT_CANCELLABLE)
        .update(
            status=EventStatus.CANCELLED,
            cancelled_at=now,
            updated_at=now,
            confirmed_seats=0,
            waitlisted_count=0,
        )
    )
    if not moved:
        raise ValidationError(_("This event can no longer be cancelled."), code="not_cancellable")
    events_written()
    told = list(
        Application.objects.filter(event=locked, state__in=(*CANCELLABLE, ApplicationState.LOST))
        .values_list("member_id", flat=True)
        .order_by("member_id")
    )
    cancelled = Application.objects.filter(event=locked, state__in=CANCELLABLE).update(
        state=ApplicationState.CANCELLED, cancelled_at=now
    )
    locked.refresh_from_db()
    record_activity(
        actor=actor,
        verb=Verb.EVENT_CALL_OFF,
        subject=locked,
        space_id=locked.space_id,
        data={"applications": cancelled, "reason": reason},
    )
    notify.event_cancelled(locked, told, actor=actor, reason=reason)
    return locked
