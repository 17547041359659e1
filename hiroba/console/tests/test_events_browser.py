"""The console's event pages in a real Chromium, on a desktop and a phone: the list, the form
and an event's page (funnel, participants, message form) fit the screen.

Set HIROBA_SHOTS=/some/dir to save screenshots.
"""

import pytest
from playwright.sync_api import expect

from conftest import make_member
from hiroba.accounts.models import Role
from hiroba.events.models import Event
from hiroba.events.services import apply_to_event, create_event
from hiroba.events.tests.helpers import event_fields, open_event
from tests.browser.test_member_journey import assert_no_horizontal_overflow, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_event_pages_on_desktop_and_phone(live_server, page, phone_page):
    boss = make_member("boss", Role.MANAGER)
    event = open_event(boss, title="春の工場見学ツアー（東京本社）", capacity=4, venue="本社工場")
    create_event(actor=boss, **event_fields(title="秋の試食会"))
    for n in range(6):
        apply_to_event(actor=make_member(f"fan{n}", display_name=f"ファン{n}号"), event=event)
    Event.objects.filter(pk=event.pk).update(view_count=120)
    for screen, name in ((page, "desktop"), (phone_page, "phone")):
        log_in(screen, live_server, boss)
        screen.goto(f"{live_server.url}/console/events/")
        expect(screen.locator("#event-list")).to_contain_text("秋の試食会")
        assert_no_horizontal_overflow(screen)
        shoot(screen, f"console-events-{name}")
        screen.goto(f"{live_server.url}/console/events/{event.pk}/")
        expect(screen.locator('[data-stage="applications"]')).to_contain_text("6")
        assert_no_horizontal_overflow(screen)
        shoot(screen, f"console-event-{name}")
        screen.goto(f"{live_server.url}/console/events/new")
        screen.locator("#event-form button[type=submit]").click()
        expect(screen.locator(".invalid-feedback").first).to_be_visible()
        assert_no_horizontal_overflow(screen)
        shoot(screen, f"console-event-form-{name}")
