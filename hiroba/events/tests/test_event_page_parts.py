"""The event page brings the slices together: the application form asks the event's questions,
a lottery winner confirms from the page, reports show once the event has taken place, and staff
find their tools (check-in, the draw) there."""

import pytest
from django.test import Client
from django.urls import reverse

from hiroba.events.after import publish_event_report
from hiroba.events.lottery import draw_event
from hiroba.events.models import Application, ApplicationState
from hiroba.events.tests.helpers import ask_how_and_allergies, open_event
from hiroba.events.tests.lottery_helpers import closed_lottery
from hiroba.events.tests.test_after import hold

pytestmark = pytest.mark.django_db


def client_for(member) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(member)
    return client


def page(event) -> str:
    return reverse("events:detail", args=[event.pk])


def test_the_application_form_asks_the_events_questions_and_keeps_the_answers(cm, alice):
    event = open_event(cm, capacity=10)
    how, note = ask_how_and_allergies(cm, event)
    client = client_for(alice)
    assert "参加方法" in client.get(page(event)).content.decode()

    missing = client.post(reverse("events:apply", args=[event.pk]), {"companions": 0})
    assert missing.status_code == 422
    assert missing.context["form"].errors[f"q{how.pk}"]
    assert not Application.objects.filter(member=alice).exists()

    online = how.choices[1]["id"]
    answered = client.post(
        reverse("events:apply", args=[event.pk]),
        {"companions": 0, f"q{how.pk}": online, f"q{note.pk}": "そば"},
    )
    assert answered.status_code == 302
    assert Application.objects.get(member=alice).answers == {
        str(how.pk): online,
        str(note.pk): "そば",
    }


def test_a_winner_confirms_from_the_event_page(cm, alice):
    event = closed_lottery(cm, [alice], capacity=5)
    draw_event(actor=cm, event=event)
    won = Application.objects.get(member=alice)
    assert won.state == ApplicationState.WON
    client = client_for(alice)
    body = client.get(page(event)).content.decode()
    assert reverse("events:confirm_win", args=[won.pk]) in body
    assert reverse("events:draw", args=[event.pk]) in body

    client.post(reverse("events:confirm_win", args=[won.pk]))

    assert Application.objects.get(pk=won.pk).state == ApplicationState.CONFIRMED
    assert reverse("events:ticket", args=[event.pk]) in client.get(page(event)).content.decode()


def test_staff_draw_from_the_event_page_once_applications_close(cm, alice):
    event = closed_lottery(cm, [alice], capacity=5)
    run = reverse("events:run_draw", args=[event.pk])
    assert run in client_for(cm).get(page(event)).content.decode()
    member_view = client_for(alice).get(page(event)).content.decode()
    assert run not in member_view
    assert reverse("events:checkin", args=[event.pk]) not in member_view

    client_for(cm).post(run)

    after = client_for(cm).get(page(event)).content.decode()
    assert run not in after
    assert reverse("events:checkin", args=[event.pk]) in after
    # The console registers its screens for the organizers' box (events names no console URL).
    assert reverse("console:event", args=[event.pk]) in after
    assert reverse("console:event", args=[event.pk]) not in member_view


def test_photo_reports_show_once_the_event_took_place(cm, alice, bob, recipes):
    event = hold(open_event(cm, title="畑ツアー"), attended=[alice])
    publish_event_report(actor=alice, event=event, space=recipes, title="収穫", body="楽しかった")

    body = client_for(bob).get(page(event)).content.decode()

    assert "Photo reports" in body and "収穫" in body
    assert (
        reverse("events:report_new", args=[event.pk])
        in client_for(alice).get(page(event)).content.decode()
    )


def test_an_upcoming_event_shows_no_reports_section(cm, alice):
    event = open_event(cm)
    assert "Photo reports" not in client_for(alice).get(page(event)).content.decode()


def test_event_staff_run_a_restricted_spaces_event_they_have_not_joined(
    cm, editor, charlie, inner_circle
):
    """The console lists every event to editors; the event's own pages (check-in, the draw)
    must open for them too, while members outside the space still get the 404."""
    event = open_event(cm, space=inner_circle)
    staff = client_for(editor)
    assert staff.get(page(event)).status_code == 200
    assert staff.get(reverse("events:checkin", args=[event.pk])).status_code == 200
    assert client_for(charlie).get(page(event)).status_code == 404
