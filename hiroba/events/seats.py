"""Seats: taking them within the capacity, and giving a lottery's freed seats to its runners-up.

Below both services.py (applying, cancelling) and lottery.py (the draw, confirming and
declining a win), which both free seats; neither imports the other for it.
"""

from datetime import datetime, timedelta

from django.db.models import F
from django.utils import timezone

from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.events import notify
from hiroba.events.models import Application, ApplicationState, Event, EventStatus

# A runner-up offered a seat late gets at least this long to confirm (never past the start).
OFFER_WINDOW = timedelta(days=2)
OFFER_BATCH = 20


def take_seats(event: Event, seats: int, *, from_waitlist: bool = False) -> bool:
    """Take ``seats`` if they remain; the condition keeps the count within the capacity even
    where no lock serializes the callers."""
    changes = {"confirmed_seats": F("confirmed_seats") + seats}
    if from_waitlist:
        changes["waitlisted_count"] = F("waitlisted_count") - 1
    return bool(
        Event.objects.filter(pk=event.pk, confirmed_seats__lte=F("capacity") - seats).update(
            **changes
        )
    )


def give_back_seats(event: Event, seats: int) -> None:
    Event.objects.filter(pk=event.pk).update(confirmed_seats=F("confirmed_seats") - seats)


def offer_deadline(event: Event, now: datetime) -> datetime:
    """When a runner-up offered a seat now must confirm: the event's confirm deadline, but at
    least OFFER_WINDOW from now, and never after the event starts."""
    deadline = max(event.confirm_deadline or now, now + OFFER_WINDOW)
    return min(deadline, event.starts_at)


def offer_to_runners_up(event: Event, *, now: datetime | None = None) -> list[Application]:
    """Give free seats to the runners-up, in the draw's order, while their parties fit.

    Call with the event row locked. The order is strict, as the waitlist's: when the next
    runner-up's party does not fit, no later one passes it. A runner-up is offered a seat once
    (``confirm_by`` set marks it), so one whose offer lapsed is never asked again. Offers stop
    when the event has started or is no longer drawn.
    """
    now = now or timezone.now()
    current = Event.objects.filter(pk=event.pk).values("status", "starts_at").first()
    if current is None or current["status"] != EventStatus.DRAWN or current["starts_at"] <= now:
        return []
    offered = []
    after = 0
    while True:
        batch = list(
            Application.objects.filter(
                event=event,
                state=ApplicationState.LOST,
                confirm_by__isnull=True,
                draw_rank__gt=after,
            )
            .select_related("member")
            .order_by("draw_rank")[:OFFER_BATCH]
        )
        if not batch:
            return offered
        for candidate in batch:
            after = candidate.draw_rank
            if not take_seats(event, candidate.seats):
                return offered
            confirm_by = offer_deadline(event, now)
            moved = Application.objects.filter(
                pk=candidate.pk, state=ApplicationState.LOST, confirm_by__isnull=True
            ).update(state=ApplicationState.WON, confirm_by=confirm_by, decided_at=now)
            if not moved:
                give_back_seats(event, candidate.seats)
                continue
            candidate.state, candidate.confirm_by, candidate.decided_at = (
                ApplicationState.WON,
                confirm_by,
                now,
            )
            record_activity(
                actor=None,
                verb=Verb.EVENT_OFFER,
                subject=event,
                space_id=event.space_id,
                data={
                    "application": candidate.pk,
                    "member": candidate.member_id,
                    "rank": candidate.draw_rank,
                },
            )
            notify.offered(candidate, event)
            offered.append(candidate)
