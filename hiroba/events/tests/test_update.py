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
