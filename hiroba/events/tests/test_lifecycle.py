"""An event's way through time (closed, held, archived), staff calling it off, and the
members' cancel deadline."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hiroba.activity.models import Activity, Verb
from hiroba.core.errors import Refused
from hiroba.events.lifecycle import archive_held, cancel_event, close_applications, mark_held
from hiroba.events.lottery import draw_event
from hiroba.events.models import Application, ApplicationState, Event, EventStatus, Selection
from hiroba.events.schedules import move_events_along
from hiroba.events.services import apply_to_event, cancel_application, update_event
from hiroba.events.tests.helpers import open_event
from hiroba.events.tests.lottery_helpers import entrants

pytestmark = pytest.mark.django_db


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def test_applications_close_when_their_time_has_come(cm):
    event = open_event(cm, selection=Selection.LOTTERY)
    other = open_event(cm)

    assert close_applications(now=event.applications_close_at - timedelta(seconds=1)) == 0
    assert close_applications(now=other.applications_close_at) == 2
    assert close_applications(now=other.applications_close_at) == 0

    assert fresh(event).status == fresh(other).status == EventStatus.CLOSED
    with pytest.raises(Refused):  # nothing more can apply to a closed event
        apply_to_event(actor=entrants(1)[0], event=event)


def test_a_closed_lottery_is_drawn(cm, alice):
    event = open_event(cm, selection=Selection.LOTTERY)
    apply_to_event(actor=alice, event=event)
    # Move the close into the past, then let the job close it.
    event, _ = update_event(
        actor=cm, event=event, applications_close_at=timezone.now() - timedelta(seconds=1)
    )
    close_applications()
    assert fresh(event).status == EventStatus.CLOSED

    draw_event(actor=cm, event=event)

    assert fresh(event).status == EventStatus.DRAWN


def test_ended_events_are_held_then_archived_after_30_days(cm):
    event = open_event(cm)
    draft_start = open_event(cm, title="later")
    Event.objects.filter(pk=draft_start.pk).update(status=EventStatus.DRAFT)

    assert mark_held(now=event.ends_at - timedelta(seconds=1)) == 0
    assert mark_held(now=event.ends_at) == 1
    assert fresh(event).status == EventStatus.HELD
    assert fresh(draft_start).status == EventStatus.DRAFT  # a draft was never held

    assert archive_held(now=event.ends_at + timedelta(days=29)) == 0
    assert archive_held(now=event.ends_at + timedelta(days=30)) == 1
    assert fresh(event).status == EventStatus.ARCHIVED


def test_staff_call_an_event_off_and_every_live_application_is_cancelled(cm, alice, bob, charlie):
    event = open_event(cm, capacity=1)
    apply_to_event(actor=alice, event=event)
    apply_to_event(actor=bob, event=event)
    gone = apply_to_event(actor=charlie, event=event)
    cancel_application(actor=charlie, application=gone)
    assert (fresh(event).confirmed_seats, fresh(event).waitlisted_count) == (1, 1)

    cancelled = cancel_event(actor=cm, event=event, reason="  会場の都合  ")

    assert cancelled.status == EventStatus.CANCELLED and cancelled.cancelled_at is not None
    assert (cancelled.confirmed_seats, cancelled.waitlisted_count) == (0, 0)
    assert set(Application.objects.filter(event=event).values_list("state", flat=True)) == {
        ApplicationState.CANCELLED
    }
    entry = Activity.objects.get(verb=Verb.EVENT_CALL_OFF)
    assert entry.data == {"applications": 2, "reason": "会場の都合"}
    with pytest.raises(ValidationError):
        cancel_event(actor=cm, event=event)


def test_a_drawn_lotterys_runners_up_stay_not_selected_when_it_is_called_off(cm):
    members = entrants(3)
    event = open_event(cm, selection=Selection.LOTTERY, capacity=1)
    for member in members:
        apply_to_event(actor=member, event=event)
    event, _ = update_event(
        actor=cm, event=event, applications_close_at=timezone.now() - timedelta(seconds=1)
    )
    draw_event(actor=cm, event=event)

    cancel_event(actor=cm, event=event)

    states = sorted(Application.objects.filter(event=event).values_list("state", flat=True))
    assert states == [ApplicationState.CANCELLED, ApplicationState.LOST, ApplicationState.LOST]
    assert fresh(event).confirmed_seats == 0


@pytest.mark.parametrize("persona", ["alice", "mod"])
def test_members_may_not_call_events_off(request, cm, persona):
    event = open_event(cm)
    with pytest.raises(Refused):
        cancel_event(actor=request.getfixturevalue(persona), event=event)
    assert fresh(event).status == EventStatus.PUBLISHED


def test_held_events_cannot_be_called_off(cm):
    event = open_event(cm)
    mark_held(now=event.ends_at)
    with pytest.raises(ValidationError):
        cancel_event(actor=cm, event=event)


# --- the members' cancel deadline --------------------------------------------------------------


def test_members_cannot_cancel_after_the_cancel_deadline_but_staff_can(cm, alice, bob):
    event = open_event(cm)
    mine = apply_to_event(actor=alice, event=event)
    theirs = apply_to_event(actor=bob, event=event)
    update_event(actor=cm, event=event, cancel_deadline=timezone.now() - timedelta(seconds=1))

    with pytest.raises(Refused) as refused:
        cancel_application(actor=alice, application=mine)

    assert refused.value.code == "cancel_closed"
    assert fresh(mine).state == ApplicationState.CONFIRMED
    assert cancel_application(actor=cm, application=theirs).state == ApplicationState.CANCELLED


def test_members_cancel_until_the_deadline(cm, alice):
    event = open_event(cm)
    mine = apply_to_event(actor=alice, event=event)
    update_event(actor=cm, event=event, cancel_deadline=timezone.now() + timedelta(hours=1))

    assert cancel_application(actor=alice, application=mine).state == ApplicationState.CANCELLED


def test_without_a_deadline_members_cancel_until_the_start(cm, alice):
    event = open_event(cm)
    mine = apply_to_event(actor=alice, event=event)
    now = timezone.now()
    update_event(
        actor=cm,
        event=event,
        applications_open_at=now - timedelta(hours=3),
        applications_close_at=now - timedelta(hours=2),
        starts_at=now - timedelta(minutes=1),
        ends_at=now + timedelta(hours=1),
    )

    with pytest.raises(Refused) as refused:
        cancel_application(actor=alice, application=mine)
    assert refused.value.code == "cancel_closed"


def test_the_periodic_job_closes_lapses_and_holds(cm):
    closing = open_event(cm, selection=Selection.LOTTERY)
    ended = open_event(cm)
    now = timezone.now()
    Event.objects.filter(pk=closing.pk).update(applications_close_at=now - timedelta(seconds=1))
    Event.objects.filter(pk=ended.pk).update(
        applications_open_at=now - timedelta(hours=4),
        applications_close_at=now - timedelta(hours=3),
        starts_at=now - timedelta(hours=2),
        ends_at=now - timedelta(hours=1),
    )

    move_events_along.call_local()

    assert fresh(closing).status == EventStatus.CLOSED
    assert fresh(ended).status == EventStatus.HELD
