"""An event's cover is served (embedded default) to whoever may see the event, and is a 404 like
a missing file to the others."""

import pytest
from django.test import Client

from hiroba.events.staff import clean_cover, set_event_cover
from hiroba.events.tests.helpers import open_event

pytestmark = pytest.mark.django_db


def with_cover(event, actor, upload):
    return set_event_cover(actor=actor, event=event, image=clean_cover(upload))


def test_a_public_events_cover_is_served_to_anyone(cm, jpeg_upload):
    event = with_cover(open_event(cm), cm, jpeg_upload())

    response = Client().get(event.cover.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


def test_a_restricted_events_cover_is_404_to_outsiders(
    cm, alice, charlie, inner_circle, jpeg_upload
):
    event = with_cover(open_event(cm, space=inner_circle), cm, jpeg_upload())
    outsider, insider = Client(), Client()
    outsider.force_login(charlie)
    insider.force_login(alice)

    assert outsider.get(event.cover.url).status_code == 404
    assert Client().get(event.cover.url).status_code == 404
    assert insider.get(event.cover.url).status_code == 200


def test_an_unknown_file_in_the_events_folder_is_404(cm):
    assert Client().get("/media/events/event-nothing.jpg").status_code == 404
