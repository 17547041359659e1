"""Seats are exact when many members apply or cancel at once (the issue's "done when").

Real threads with their own database connections (transactional test mode): SQLite serializes
writers with IMMEDIATE transactions, PostgreSQL with the event row's lock; the conditional
counter update and the check constraint hold the capacity either way.
"""

import time
from functools import partial

import pytest
from django.core.exceptions import ValidationError

from conftest import make_member, run_in_threads
from hiroba.accounts.models import Role
from hiroba.activity.models import Activity, Verb
from hiroba.core.errors import Refused
from hiroba.events.models import Application, ApplicationState, Event
from hiroba.events.services import apply_to_event, cancel_application
from hiroba.events.tests.helpers import open_event

pytestmark = pytest.mark.django_db(transaction=True)

APPLICANTS = 200
SEATS = 30
CANCELLATIONS = 50
WORKERS = 8

_run_in_threads = partial(run_in_threads, workers=WORKERS, returning=(Refused, ValidationError))


def fans(count: int) -> list:
    return [make_member(f"fan{i:03d}") for i in range(count)]


def fresh(event) -> Event:
    return Event.objects.get(pk=event.pk)


def test_200_applications_to_30_seats_confirm_30_and_waitlist_170_in_unique_positions():
    cm = make_member("manager", Role.MANAGER)
    members = fans(APPLICANTS)
    event = open_event(cm, capacity=SEATS)

    outcomes = _run_in_threads([lambda m=m: apply_to_event(actor=m, event=event) for m in members])

    assert not [o for o in outcomes if isinstance(o, Exception)]
    confirmed = Application.objects.filter(event=event, state=ApplicationState.CONFIRMED)
    waitlisted = Application.objects.filter(event=event, state=ApplicationState.WAITLISTED)
    assert confirmed.count() == SEATS
    positions = sorted(waitlisted.values_list("waitlist_position", flat=True))
    assert positions == list(range(1, APPLICANTS - SEATS + 1))
    assert (fresh(event).confirmed_seats, fresh(event).waitlisted_count) == (
        SEATS,
        APPLICANTS - SEATS,
    )


def test_50_cancellations_at_once_promote_the_50_lowest_positions_in_order():
    cm = make_member("manager", Role.MANAGER)
    members = fans(SEATS + CANCELLATIONS + 20)
    event = open_event(cm, capacity=SEATS)
    for member in members:  # one by one: positions follow the members' order
        apply_to_event(actor=member, event=event)
    seated = list(Application.objects.filter(event=event, state=ApplicationState.CONFIRMED))
    assert len(seated) == SEATS
    # Every seated member cancels, then 20 of the first promoted ones cancel too while the
    # others are still at it: 50 cancellations of confirmed applications in all.
    by_position = dict(
        Application.objects.filter(event=event, state=ApplicationState.WAITLISTED).values_list(
            "waitlist_position", "pk"
        )
    )
    first_promoted = [Application(pk=by_position[p]) for p in range(1, 21)]

    def cancel_when_confirmed(application):
        # Each of these holds a thread of its own (workers below), so waiting blocks no one.
        deadline = time.monotonic() + 30
        current = Application.objects.get(pk=application.pk)
        while current.state != ApplicationState.CONFIRMED:
            assert time.monotonic() < deadline, "never promoted"
            time.sleep(0.01)
            current = Application.objects.get(pk=application.pk)
        return cancel_application(actor=current.member, application=current)

    outcomes = _run_in_threads(
        [lambda a=a: cancel_application(actor=a.member, application=a) for a in seated]
        + [lambda a=a: cancel_when_confirmed(a) for a in first_promoted],
        workers=WORKERS + 20,
    )

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    promoted = Activity.objects.filter(verb=Verb.EVENT_PROMOTE).order_by("id")
    positions = [a.data["position"] for a in promoted]
    assert positions == list(range(1, CANCELLATIONS + 1))
    still_confirmed = Application.objects.filter(event=event, state=ApplicationState.CONFIRMED)
    assert sorted(still_confirmed.values_list("waitlist_position", flat=True)) == list(
        range(21, CANCELLATIONS + 1)
    )
    waiting = Application.objects.filter(event=event, state=ApplicationState.WAITLISTED)
    assert sorted(waiting.values_list("waitlist_position", flat=True)) == list(
        range(CANCELLATIONS + 1, CANCELLATIONS + 21)
    )
    assert (fresh(event).confirmed_seats, fresh(event).waitlisted_count) == (SEATS, 20)
