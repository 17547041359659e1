from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from hiroba.activity.models import Activity, Verb
from hiroba.events.models import Event
from hiroba.events.services import apply_to_event, update_event
from hiroba.events.tests.helpers import open_event


@pytest.mark.django_db
def test_update_reports_what_changed_and_renders_the_description(cm):
    event = open_event(cm)
    event, changed = update_event(
        actor=cm, event=event, title="工場見学（追加回）", description="*new*", venue="本社"
    )
    assert changed == {"title", "description", "venue"}
    stored = Event.objects.get(pk=event.pk)
    assert stored.title == "工場見学（追加回）"
    assert "<em>new</em>" in stored.description_html
    entry = Activity.objects.get(verb=Verb.EVENT_UPDATE)
    assert entry.data == {"fields": ["description", "title", "venue"]}


@pytest.mark.django_db
def test_unchanged_values_change_nothing(cm):
    event = open_event(cm)
    _, changed = update_event(actor=cm, event=event, title=event.title)
    assert changed == set()
    assert not Activity.objects.filter(verb=Verb.EVENT_UPDATE).exists()


@pytest.mark.django_db
def test_capacity_cannot_fall_below_confirmed_seats(cm, alice, bob):
    event = open_event(cm, capacity=5)
    apply_to_event(actor=alice, event=event)
    apply_to_event(actor=bob, event=event)
    with pytest.raises(ValidationError) as caught:
        update_event(actor=cm, event=event, capacity=1)
    assert "capacity" in caught.value.message_dict
    assert Event.objects.get(pk=event.pk).capacity == 5


@pytest.mark.django_db
def test_selection_and_unknown_fields_are_not_editable(cm):
    event = open_event(cm)
    with pytest.raises(ValidationError) as caught:
        update_event(actor=cm, event=event, selection="lottery")
    assert caught.value.code == "not_editable"


@pytest.mark.django_db
def test_deadlines_must_fit_the_schedule(cm):
    event = open_event(cm)
    with pytest.raises(ValidationError) as caught:
        update_event(actor=cm, event=event, cancel_deadline=event.starts_at + timedelta(hours=1))
    assert "cancel_deadline" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        update_event(
            actor=cm, event=event, confirm_deadline=event.applications_close_at - timedelta(hours=1)
        )
    assert "confirm_deadline" in caught.value.message_dict


@pytest.mark.django_db
def test_members_may_not_update(cm, alice):
    from django.core.exceptions import PermissionDenied

    event = open_event(cm)
    with pytest.raises(PermissionDenied):
        update_event(actor=alice, event=event, title="x")


@pytest.mark.django_db
def test_more_seats_go_to_the_waitlist_in_order(cm, alice, bob, charlie):
    from hiroba.events.models import Application, ApplicationState

    event = open_event(cm, capacity=1)
    apply_to_event(actor=alice, event=event)
    waiting = [apply_to_event(actor=m, event=event) for m in (bob, charlie)]
    assert [a.state for a in waiting] == [ApplicationState.WAITLISTED] * 2

    update_event(actor=cm, event=event, capacity=2)

    states = dict(Application.objects.filter(event=event).values_list("member_id", "state"))
    assert states[bob.pk] == ApplicationState.CONFIRMED
    assert states[charlie.pk] == ApplicationState.WAITLISTED
    stored = Event.objects.get(pk=event.pk)
    assert (stored.confirmed_seats, stored.waitlisted_count) == (2, 1)


@pytest.mark.django_db
def test_a_newcomer_waits_behind_a_party_that_does_not_fit(cm, alice, bob, charlie):
    from hiroba.events.models import ApplicationState
    from hiroba.events.services import cancel_application

    event = open_event(cm, capacity=2, companions_allowed=2)
    first = apply_to_event(actor=alice, event=event, companions=1)  # both seats
    party = apply_to_event(actor=bob, event=event, companions=2)  # three: waits
    cancel_application(actor=alice, application=first)  # two seats free, the party needs three

    newcomer = apply_to_event(actor=charlie, event=event)

    assert newcomer.state == ApplicationState.WAITLISTED
    assert newcomer.waitlist_position > party.waitlist_position


@pytest.mark.django_db
def test_nobody_moves_up_once_the_event_has_started(cm, alice, bob):
    from django.utils import timezone

    from hiroba.events.models import Application, ApplicationState
    from hiroba.events.services import cancel_application

    event = open_event(cm, capacity=1)
    seated = apply_to_event(actor=alice, event=event)
    apply_to_event(actor=bob, event=event)
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(minutes=5))

    cancel_application(actor=cm, application=seated)

    assert Application.objects.get(member=bob).state == ApplicationState.WAITLISTED
