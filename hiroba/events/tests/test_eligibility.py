"""Events limited to a saved segment: seen and applied to by that segment's members (and staff)
only, through a real segment whose conditions decide who is in it now.

The segment here is "lives in Osaka": alice does, bob lives in Tokyo, charlie gave no region.
"""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from hiroba.accounts.services import update_profile
from hiroba.events import eligibility
from hiroba.events.models import Application, ApplicationState, Event
from hiroba.events.permissions import access_event, can_read_event, readable_events
from hiroba.events.selectors import list_upcoming_events
from hiroba.events.services import apply_to_event, create_event, update_event
from hiroba.events.tests.helpers import event_fields, open_event
from hiroba.segments.services import create_segment, delete_segment, update_segment

OSAKA, TOKYO = "27", "13"


@pytest.fixture
def osaka(cm, alice, bob):
    update_profile(actor=alice, member=alice, region=OSAKA)
    update_profile(actor=bob, member=bob, region=TOKYO)
    return create_segment(
        actor=cm, name="大阪の会員", rules=[{"type": "region", "regions": [OSAKA]}]
    )


@pytest.fixture
def osaka_event(cm, osaka):
    return open_event(cm, title="大阪ミートアップ", audience_segment_id=osaka.pk)


def test_segments_register_their_checker():
    from hiroba.segments.eligibility import SegmentEligibility

    assert isinstance(eligibility._checker, SegmentEligibility)


def test_only_the_segments_members_see_the_event(
    osaka_event, cm, editor, alice, bob, charlie, anon
):
    everyone = open_event(cm, title="全員向け")

    assert can_read_event(alice, osaka_event)
    assert not can_read_event(bob, osaka_event)
    assert not can_read_event(charlie, osaka_event)
    assert not can_read_event(anon, osaka_event)
    # Staff are never in a segment, and see every event they run.
    assert can_read_event(cm, osaka_event) and can_read_event(editor, osaka_event)

    assert set(readable_events(alice)) == {osaka_event, everyone}
    assert set(readable_events(bob)) == {everyone}
    assert set(readable_events(anon)) == {everyone}
    assert set(readable_events(cm)) == {osaka_event, everyone}
    assert [e.title for e in list_upcoming_events(bob)] == ["全員向け"]


def test_outsiders_get_the_same_404_as_for_a_missing_event(osaka_event, alice, bob):
    assert access_event(alice, osaka_event.pk) == osaka_event
    with pytest.raises(Http404):
        access_event(bob, osaka_event.pk)
    with pytest.raises(Http404):
        access_event(bob, osaka_event.pk + 1000)


def test_membership_follows_the_segment_as_members_change(osaka_event, alice, bob):
    update_profile(actor=bob, member=bob, region=OSAKA)
    update_profile(actor=alice, member=alice, region=TOKYO)

    assert can_read_event(bob, osaka_event)
    assert not can_read_event(alice, osaka_event)
    assert list(readable_events(alice)) == []


def test_only_members_of_the_segment_may_apply(osaka_event, alice, bob):
    with pytest.raises(Http404):
        apply_to_event(actor=bob, event=osaka_event)
    assert not Application.objects.filter(member=bob).exists()

    application = apply_to_event(actor=alice, event=osaka_event)
    assert application.state == ApplicationState.CONFIRMED


def test_a_deleted_segment_leaves_its_event_to_staff(osaka_event, osaka, cm, alice):
    delete_segment(actor=cm, segment=osaka)

    assert not can_read_event(alice, osaka_event)
    assert list(readable_events(alice)) == []
    assert can_read_event(cm, osaka_event)


def test_a_segment_whose_conditions_no_longer_read_includes_nobody(osaka_event, osaka, alice):
    # A stored condition that no longer parses (as after a survey it names went away).
    type(osaka).objects.filter(pk=osaka.pk).update(rules=[{"type": "no_such_condition"}])

    assert not can_read_event(alice, osaka_event)


def test_several_segments_are_checked_in_one_query(
    cm, alice, osaka, osaka_event, django_assert_num_queries
):
    everyone = create_segment(actor=cm, name="全員", rules=[])
    tokyo = create_segment(actor=cm, name="東京", rules=[{"type": "region", "regions": [TOKYO]}])
    open_event(cm, title="全員の会", audience_segment_id=everyone.pk)
    open_event(cm, title="東京の会", audience_segment_id=tokyo.pk)

    # The segments' rows, and one row of alice with an EXISTS per segment.
    with django_assert_num_queries(2):
        assert eligibility.member_segment_ids(alice, [osaka.pk, everyone.pk, tokyo.pk]) == {
            osaka.pk,
            everyone.pk,
        }
    titles = {e.title for e in readable_events(alice)}
    assert titles == {"大阪ミートアップ", "全員の会"}


def test_the_segment_must_exist_on_create_and_update(cm, osaka):
    with pytest.raises(ValidationError) as refused:
        create_event(actor=cm, **event_fields(audience_segment_id=osaka.pk + 99))
    assert "audience_segment_id" in refused.value.message_dict
    assert not Event.objects.exists()

    event = create_event(actor=cm, **event_fields())
    with pytest.raises(ValidationError) as refused:
        update_event(actor=cm, event=event, audience_segment_id=osaka.pk + 99)
    assert "audience_segment_id" in refused.value.message_dict

    updated, changed = update_event(actor=cm, event=event, audience_segment_id=osaka.pk)
    assert changed == {"audience_segment_id"}
    assert Event.objects.get(pk=event.pk).audience_segment_id == osaka.pk


def test_an_event_keeps_a_segment_deleted_since_through_other_changes(cm, osaka, osaka_event):
    delete_segment(actor=cm, segment=osaka)

    _event, changed = update_event(actor=cm, event=osaka_event, title="大阪ミートアップ2")
    assert changed == {"title"}


def test_a_renamed_segment_keeps_its_members(cm, osaka, osaka_event, alice):
    update_segment(
        actor=cm, segment=osaka, name="関西", rules=[{"type": "region", "regions": [OSAKA]}]
    )
    assert can_read_event(alice, osaka_event)


def test_a_space_audience_means_the_readers_of_that_space(cm, inner_circle, alice, charlie):
    event = open_event(cm, title="アンバサダー会", space=inner_circle)

    assert can_read_event(alice, event)
    assert not can_read_event(charlie, event)
    with pytest.raises(Http404):
        apply_to_event(actor=charlie, event=event)


def test_without_a_checker_segment_events_are_for_staff_only(osaka_event, cm, alice):
    checker = eligibility._checker
    eligibility.set_segment_checker(None)
    try:
        assert not can_read_event(alice, osaka_event)
        assert can_read_event(cm, osaka_event)
        with pytest.raises(ValidationError):
            create_event(actor=cm, **event_fields(audience_segment_id=1))
    finally:
        eligibility.set_segment_checker(checker)
