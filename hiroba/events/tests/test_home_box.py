"""The home page's "Upcoming events" box, read from each process's copy of the soonest events
(events.selectors.upcoming_for_home): the same events, in the same order, as the database would
give each reader, and it follows every change at once."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hiroba.accounts.services import update_profile
from hiroba.events import selectors
from hiroba.events.lifecycle import cancel_event
from hiroba.events.selectors import list_upcoming_events, upcoming_for_home
from hiroba.events.services import create_event, update_event
from hiroba.events.tests.helpers import event_fields, open_event
from hiroba.segments.services import create_segment

OSAKA = "27"


def in_days(days: float, **overrides) -> dict:
    starts = timezone.now() + timedelta(days=days)
    return {
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "applications_close_at": starts - timedelta(hours=12),
        **overrides,
    }


def box(member) -> list[str]:
    client = Client()
    if member is not None:
        client.force_login(member)
    html = client.get(reverse("home")).content.decode()
    if 'id="home-events"' not in html:
        return []
    section = html[
        html.index('id="home-events"') : html.index("</section>", html.index('id="home-events"'))
    ]
    return re.findall(r'<span class="d-block text-break">([^<]+)</span>', section)


@pytest.fixture
def many_kinds(cm, alice, bob, inner_circle):
    """Events of every kind a reader may or may not see, interleaved in time."""
    update_profile(actor=alice, member=alice, region=OSAKA)
    osaka = create_segment(
        actor=cm, name="大阪の会員", rules=[{"type": "region", "regions": [OSAKA]}]
    )
    open_event(cm, title="全員 1", **in_days(1))
    open_event(cm, title="内輪", space=inner_circle, **in_days(1.5))
    open_event(cm, title="大阪", audience_segment_id=osaka.pk, **in_days(2))
    create_event(actor=cm, **event_fields(title="下書き", **in_days(2.5)))
    cancel_event(actor=cm, event=open_event(cm, title="中止", **in_days(3)))
    open_event(cm, title="全員 2", **in_days(4))
    open_event(cm, title="全員 3", **in_days(5))


def test_every_reader_gets_what_the_database_would_give_them(
    many_kinds, alice, bob, charlie, cm, editor, anon
):
    for reader in (alice, bob, charlie, cm, editor, anon):
        expected = [e.title for e in list_upcoming_events(reader)[:10]]
        assert [e.title for e in upcoming_for_home(reader, limit=10)] == expected

    assert [e.title for e in upcoming_for_home(alice)] == ["全員 1", "内輪", "大阪"]
    assert [e.title for e in upcoming_for_home(bob)] == ["全員 1", "内輪", "全員 2"]
    assert [e.title for e in upcoming_for_home(charlie)] == ["全員 1", "全員 2", "全員 3"]


def test_the_box_follows_publishing_editing_and_calling_off(cm, alice):
    first = open_event(cm, title="収穫体験", **in_days(2))
    assert box(alice) == ["収穫体験"]

    second = open_event(cm, title="試食会", **in_days(1))
    assert box(alice) == ["試食会", "収穫体験"]

    update_event(actor=cm, event=first, title="収穫体験 (雨天決行)")
    assert box(alice) == ["試食会", "収穫体験 (雨天決行)"]

    starts = second.starts_at + timedelta(days=3)
    update_event(actor=cm, event=second, starts_at=starts, ends_at=starts + timedelta(hours=2))
    assert box(alice) == ["収穫体験 (雨天決行)", "試食会"]

    cancel_event(actor=cm, event=first)
    assert box(alice) == ["試食会"]


def test_a_reader_who_joins_or_enters_a_segment_sees_its_events_at_once(
    cm, alice, charlie, inner_circle
):
    from hiroba.community.services import invite_to_space

    open_event(cm, title="内輪", space=inner_circle, **in_days(1))
    osaka = create_segment(
        actor=cm, name="大阪の会員", rules=[{"type": "region", "regions": [OSAKA]}]
    )
    open_event(cm, title="大阪", audience_segment_id=osaka.pk, **in_days(2))
    assert box(charlie) == []

    invite_to_space(actor=cm, space=inner_circle, member=charlie)
    assert box(charlie) == ["内輪"]
    update_profile(actor=charlie, member=charlie, region=OSAKA)
    assert box(charlie) == ["内輪", "大阪"]


def test_an_event_that_has_ended_leaves_the_box_without_being_told(cm, alice, monkeypatch):
    open_event(cm, title="すぐ終わる会", **in_days(0.5))
    open_event(cm, title="来週の会", **in_days(7))
    assert box(alice) == ["すぐ終わる会", "来週の会"]

    later = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(selectors.timezone, "now", lambda: later)
    assert [e.title for e in upcoming_for_home(alice)] == ["来週の会"]


def test_when_the_kept_events_are_too_few_for_a_reader_the_database_is_asked(
    cm, alice, charlie, inner_circle, monkeypatch
):
    monkeypatch.setattr(selectors, "SOONEST_KEPT", 2)
    selectors._soonest.forget()
    for day in (1, 2, 3):
        open_event(cm, title=f"内輪 {day}", space=inner_circle, **in_days(day))
    open_event(cm, title="全員", **in_days(4))

    assert [e.title for e in upcoming_for_home(alice)] == ["内輪 1", "内輪 2", "内輪 3"]
    assert [e.title for e in upcoming_for_home(charlie)] == ["全員"]
