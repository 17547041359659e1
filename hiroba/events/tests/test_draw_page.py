"""The draw's audit page (public to the event's readers, names for staff only), staff drawing
from it, and winners confirming or declining."""

import pytest
from django.urls import reverse

from hiroba.events.lottery import draw_event
from hiroba.events.models import Application, ApplicationState, Draw
from hiroba.events.services import apply_to_event
from hiroba.events.tests.helpers import open_event
from hiroba.events.tests.lottery_helpers import close_now, closed_lottery, entrants

pytestmark = pytest.mark.django_db


def drawn_with(cm, members, **fields):
    event = closed_lottery(cm, members, **fields)
    return event, draw_event(actor=cm, event=event)


@pytest.fixture
def client(client):
    """The pages in English, which these tests read."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_readers_see_the_values_and_the_order_without_names(client, cm, alice):
    members = entrants(5)
    event, stored = drawn_with(cm, [alice, *members], capacity=2)
    client.force_login(alice)

    page = client.get(reverse("events:draw", args=[event.pk])).content.decode()

    for value in (stored.algorithm, stored.seed, stored.entrants_hash):
        assert value in page
    for name in stored.entrants:
        assert f"<code>{name}</code>" in page
    for member in members:
        assert f"@{member.handle}" not in page and member.display_name not in page
    mine = Application.objects.get(event=event, member=alice)
    assert 'id="my-result"' in page and f"Application {mine.pk}" in page


def test_staff_see_who_each_entrant_is(client, cm):
    members = entrants(3)
    event, _ = drawn_with(cm, members, capacity=1)
    client.force_login(cm)

    page = client.get(reverse("events:draw", args=[event.pk])).content.decode()

    assert all(f"@{m.handle}" in page for m in members)


def test_outsiders_of_a_restricted_space_get_404(client, cm, alice, charlie, inner_circle):
    event, _ = drawn_with(cm, [alice], capacity=1, space=inner_circle)
    client.force_login(charlie)
    assert client.get(reverse("events:draw", args=[event.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("events:draw", args=[event.pk])).status_code == 404


def test_staff_draw_once_from_the_page(client, cm, alice, bob):
    event = closed_lottery(cm, [alice, bob], capacity=1)
    client.force_login(cm)
    before = client.get(reverse("events:draw", args=[event.pk])).content.decode()
    assert 'id="not-drawn"' in before and reverse("events:run_draw", args=[event.pk]) in before

    response = client.post(reverse("events:run_draw", args=[event.pk]), follow=True)
    again = client.post(reverse("events:run_draw", args=[event.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("events:draw", args=[event.pk])
    assert Draw.objects.filter(event=event).count() == 1
    assert "already been drawn" in again.content.decode()


def test_members_cannot_draw(client, cm, alice):
    event = open_event(cm, selection="lottery")
    apply_to_event(actor=alice, event=event)
    event = close_now(cm, event)
    client.force_login(alice)
    assert client.post(reverse("events:run_draw", args=[event.pk])).status_code == 404
    assert client.get(reverse("events:run_draw", args=[event.pk])).status_code in (404, 405)
    assert not Draw.objects.exists()


def test_a_winner_confirms_from_the_page_and_nobody_else_can(client, cm, alice, bob):
    event, _ = drawn_with(cm, [alice, bob], capacity=2)
    mine = Application.objects.get(event=event, member=alice)
    theirs = Application.objects.get(event=event, member=bob)
    client.force_login(alice)

    assert client.post(reverse("events:confirm_win", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("events:decline_win", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("events:confirm_win", args=[mine.pk]))

    assert response.status_code == 302
    assert Application.objects.get(pk=mine.pk).state == ApplicationState.CONFIRMED
    assert Application.objects.get(pk=theirs.pk).state == ApplicationState.WON


def test_declining_from_the_page_offers_the_seat_on(client, cm):
    members = entrants(3)
    event, _ = drawn_with(cm, members, capacity=1)
    winner = Application.objects.get(event=event, state=ApplicationState.WON)
    client.force_login(winner.member)

    client.post(reverse("events:decline_win", args=[winner.pk]))

    assert Application.objects.get(pk=winner.pk).state == ApplicationState.CANCELLED
    runner_up = Application.objects.get(event=event, draw_rank=2)
    assert runner_up.state == ApplicationState.WON


def test_a_first_come_event_has_no_draw_page(client, cm, alice):
    event = open_event(cm)
    client.force_login(alice)
    assert client.get(reverse("events:draw", args=[event.pk])).status_code == 404
