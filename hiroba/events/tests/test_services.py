from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from hiroba.activity.models import Activity, Verb
from hiroba.community.selectors import all_spaces
from hiroba.core.errors import Refused
from hiroba.events.models import Application, ApplicationState, Event, EventStatus, Selection
from hiroba.events.permissions import AlreadyApplied, access_event
from hiroba.events.selectors import list_upcoming_events, my_applications
from hiroba.events.services import apply_to_event, cancel_application, create_event, publish_event
from hiroba.events.tests.helpers import event_fields, open_event

pytestmark = pytest.mark.django_db


def fresh(event) -> Event:
    return Event.objects.get(pk=event.pk)


# --- creating and publishing -------------------------------------------------------------------


def test_editor_creates_a_draft_with_rendered_description(editor):
    event = create_event(actor=editor, **event_fields())

    assert event.status == EventStatus.DRAFT
    assert "<strong>工場</strong>" in event.description_html
    assert Activity.objects.filter(verb=Verb.EVENT_CREATE, subject_id=event.pk).count() == 1


@pytest.mark.parametrize("persona", ["alice", "mod"])
def test_members_and_moderators_may_not_create_events(request, persona):
    with pytest.raises(Refused):
        create_event(actor=request.getfixturevalue(persona), **event_fields())
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": timezone.now() + timedelta(days=1)}, "ends_at"),
        ({"applications_close_at": timezone.now() + timedelta(days=3)}, "applications_close_at"),
        (
            {"applications_open_at": timezone.now() + timedelta(days=1, hours=1)},
            "applications_close_at",
        ),
        ({"capacity": 0}, "capacity"),
        ({"companions_allowed": -1}, "companions_allowed"),
        ({"selection": "raffle"}, "selection"),
        ({"title": " "}, "title"),
    ],
)
def test_invalid_events_are_refused_with_the_field(cm, overrides, field):
    with pytest.raises(ValidationError) as raised:
        create_event(actor=cm, **event_fields(**overrides))
    assert field in raised.value.message_dict
    assert not Event.objects.exists()


def test_publish_happens_once(cm):
    event = create_event(actor=cm, **event_fields())
    publish_event(actor=cm, event=event)

    assert fresh(event).status == EventStatus.PUBLISHED
    assert fresh(event).published_at is not None
    with pytest.raises(ValidationError):
        publish_event(actor=cm, event=event)


# --- who sees what -----------------------------------------------------------------------------


def test_draft_is_hidden_from_members_but_not_staff(cm, editor, alice):
    event = create_event(actor=cm, **event_fields())

    with pytest.raises(Http404):
        access_event(alice, event.pk)
    assert access_event(editor, event.pk) == event
    assert list(list_upcoming_events(alice)) == []


def test_restricted_space_event_is_a_404_to_outsiders_like_a_missing_one(
    cm, alice, charlie, anon, inner_circle
):
    event = open_event(cm, space=inner_circle)

    assert access_event(alice, event.pk) == event
    for outsider in (charlie, anon):
        with pytest.raises(Http404):
            access_event(outsider, event.pk)
        assert list(list_upcoming_events(outsider)) == []
    with pytest.raises(Http404):
        access_event(alice, event.pk + 1000)
    with pytest.raises(Http404):
        apply_to_event(actor=charlie, event=event)
    assert not Application.objects.exists()


def test_upcoming_lists_visible_published_events_soonest_first(
    cm, alice, inner_circle, django_assert_max_num_queries
):
    open_event(
        cm,
        title="later",
        starts_at=timezone.now() + timedelta(days=5),
        ends_at=timezone.now() + timedelta(days=5, hours=1),
    )
    open_event(cm, title="sooner")
    open_event(cm, title="inner", space=inner_circle)
    create_event(actor=cm, **event_fields(title="draft"))

    # The spaces are kept in each process (community.selectors.all_spaces): a served process
    # has them already, and reads only their generation's number. Then the member's restricted
    # spaces, which segments events are limited to (see readable_events), and the events.
    all_spaces()
    with django_assert_max_num_queries(4):
        titles = [e.title for e in list_upcoming_events(alice)]
    assert titles[:1] == ["sooner"] and "later" in titles and "inner" in titles
    assert "draft" not in titles


# --- applying ----------------------------------------------------------------------------------


def test_first_come_confirms_then_waitlists(cm, alice, bob, charlie):
    event = open_event(cm, capacity=3, companions_allowed=2)

    first = apply_to_event(actor=alice, event=event, companions=1)
    second = apply_to_event(actor=bob, event=event, companions=1)
    third = apply_to_event(actor=charlie, event=event)

    assert first.state == ApplicationState.CONFIRMED
    assert (second.state, second.waitlist_position) == (ApplicationState.WAITLISTED, 1)
    # The seat left is not enough for Bob's pair, and Charlie does not pass them: anyone who
    # applies while others wait joins the waitlist behind them.
    assert (third.state, third.waitlist_position) == (ApplicationState.WAITLISTED, 2)
    assert (fresh(event).confirmed_seats, fresh(event).waitlisted_count) == (2, 2)
    applied = Activity.objects.filter(verb=Verb.EVENT_APPLY).order_by("id")
    assert [a.data["state"] for a in applied] == ["confirmed", "waitlisted", "waitlisted"]


def test_lottery_applications_wait_for_the_draw(cm, alice):
    event = open_event(cm, selection=Selection.LOTTERY, capacity=1)

    application = apply_to_event(actor=alice, event=event)

    assert application.state == ApplicationState.APPLIED
    assert fresh(event).confirmed_seats == 0


def test_second_application_is_a_409(cm, alice):
    event = open_event(cm)
    apply_to_event(actor=alice, event=event)

    with pytest.raises(AlreadyApplied) as raised:
        apply_to_event(actor=alice, event=event)
    assert raised.value.status == 409
    assert Application.objects.count() == 1
    assert fresh(event).confirmed_seats == 1


def test_too_many_companions_are_refused(cm, alice):
    event = open_event(cm, companions_allowed=1)

    with pytest.raises(ValidationError) as raised:
        apply_to_event(actor=alice, event=event, companions=2)
    assert "companions" in raised.value.message_dict
    assert not Application.objects.exists()


def test_applications_outside_the_window_or_unpublished_are_refused(cm, alice):
    now = timezone.now()
    not_yet = open_event(cm, applications_open_at=now + timedelta(hours=1))
    closed = open_event(
        cm,
        applications_open_at=now - timedelta(days=2),
        applications_close_at=now - timedelta(days=1),
    )
    draft = create_event(actor=cm, **event_fields())

    for event, code in ((not_yet, "not_yet_open"), (closed, "applications_closed")):
        with pytest.raises(Refused) as raised:
            apply_to_event(actor=alice, event=event)
        assert raised.value.code == code
    with pytest.raises(Http404):  # a draft is not even visible to members
        apply_to_event(actor=alice, event=draft)
    with pytest.raises(Refused) as raised:
        apply_to_event(actor=cm, event=draft)
    assert raised.value.code == "not_open"
    assert not Application.objects.exists()


def test_visitors_cannot_apply(cm, anon):
    with pytest.raises(Refused):
        apply_to_event(actor=anon, event=open_event(cm))


# --- cancelling --------------------------------------------------------------------------------


def test_cancel_promotes_waitlist_in_order_while_seats_fit(cm, alice, bob, charlie, mod, editor):
    event = open_event(cm, capacity=2, companions_allowed=2)
    seated = apply_to_event(actor=alice, event=event, companions=1)  # both seats
    first = apply_to_event(actor=bob, event=event)  # position 1
    second = apply_to_event(actor=charlie, event=event)  # position 2
    third = apply_to_event(actor=mod, event=event)  # position 3

    cancel_application(actor=alice, application=seated)

    states = {a.pk: a.state for a in Application.objects.all()}
    assert states[seated.pk] == ApplicationState.CANCELLED
    assert states[first.pk] == states[second.pk] == ApplicationState.CONFIRMED
    assert states[third.pk] == ApplicationState.WAITLISTED
    assert (fresh(event).confirmed_seats, fresh(event).waitlisted_count) == (2, 1)
    promoted = Activity.objects.filter(verb=Verb.EVENT_PROMOTE).order_by("id")
    # Moved up by the system, not by their own doing: no actor, the member in the data.
    assert [(a.actor_id, a.data["member"], a.data["position"]) for a in promoted] == [
        (None, bob.pk, 1),
        (None, charlie.pk, 2),
    ]


def test_a_larger_party_next_in_line_is_not_passed(cm, alice, bob, charlie):
    event = open_event(cm, capacity=2, companions_allowed=1)
    seated = apply_to_event(actor=alice, event=event)
    apply_to_event(actor=bob, event=event)
    party = apply_to_event(actor=charlie, event=event, companions=1)  # position 1, 2 seats
    cancel_application(actor=alice, application=seated)

    assert Application.objects.get(pk=party.pk).state == ApplicationState.WAITLISTED
    assert fresh(event).confirmed_seats == 1


def test_cancelling_a_waitlisted_application_frees_its_place_only(cm, alice, bob):
    event = open_event(cm, capacity=1)
    apply_to_event(actor=alice, event=event)
    waiting = apply_to_event(actor=bob, event=event)

    cancel_application(actor=bob, application=waiting)

    assert (fresh(event).confirmed_seats, fresh(event).waitlisted_count) == (1, 0)
    assert not Activity.objects.filter(verb=Verb.EVENT_PROMOTE).exists()
    again = apply_to_event(actor=bob, event=event)  # may apply again after cancelling
    assert (again.state, again.waitlist_position) == (ApplicationState.WAITLISTED, 2)


def test_only_the_member_or_staff_may_cancel(cm, editor, alice, bob):
    event = open_event(cm)
    application = apply_to_event(actor=alice, event=event)

    with pytest.raises(Http404):
        cancel_application(actor=bob, application=application)
    cancel_application(actor=editor, application=application)
    assert Application.objects.get(pk=application.pk).state == ApplicationState.CANCELLED
    with pytest.raises(ValidationError):
        cancel_application(actor=alice, application=application)
    assert fresh(event).confirmed_seats == 0


def test_my_applications_newest_first(cm, alice, bob, django_assert_max_num_queries):
    one, two = open_event(cm, title="one"), open_event(cm, title="two")
    apply_to_event(actor=alice, event=one)
    apply_to_event(actor=alice, event=two)
    apply_to_event(actor=bob, event=two)

    with django_assert_max_num_queries(1):
        titles = [a.event.title for a in my_applications(alice)]
    assert titles == ["two", "one"]
