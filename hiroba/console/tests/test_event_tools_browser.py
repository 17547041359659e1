"""An event's questions editor and staff tools in a real Chromium, on a desktop and a phone.

Set HIROBA_SHOTS=/some/dir to save screenshots.
"""

import pytest
from playwright.sync_api import expect

from conftest import make_member
from hiroba.accounts.models import Role
from hiroba.events.models import Selection
from hiroba.events.services import set_event_questions
from hiroba.events.tests.helpers import open_event
from tests.browser.test_member_journey import assert_no_horizontal_overflow, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_questions_editor_on_desktop_and_phone(live_server, page, phone_page):
    boss = make_member("boss", Role.MANAGER)
    event = open_event(boss, title="春の工場見学ツアー（東京本社）", selection=Selection.LOTTERY)
    set_event_questions(
        actor=boss,
        event=event,
        questions=[
            {"kind": "single", "text": "参加経験はありますか", "required": True,
             "choices": ["はじめて", "2回目以上"]},
            {"kind": "short_text", "text": "アレルギーがあれば教えてください",
             "help_text": "当日の試食の準備に使います"},
        ],
    )  # fmt: skip
    url = f"{live_server.url}/console/events/{event.pk}/questions"
    for screen, name in ((page, "desktop"), (phone_page, "phone")):
        log_in(screen, live_server, boss)
        screen.goto(f"{live_server.url}/console/events/{event.pk}/")
        expect(screen.locator("#event-tools")).to_be_visible()
        assert_no_horizontal_overflow(screen)
        shoot(screen, f"console-event-tools-{name}")
        screen.goto(url)
        expect(screen.locator("#id_q-0-text")).to_have_value("参加経験はありますか")
        # A new choice question with one choice: the service's message comes back beside it.
        screen.locator("#id_q-2-text").fill("希望の回")
        screen.locator("#id_q-2-choices").fill("午前の回")
        screen.locator("#questions-form button[type=submit]").click()
        expect(screen.locator("#id_q-2-choices_error")).to_be_visible()
        assert_no_horizontal_overflow(screen)
        shoot(screen, f"console-event-questions-{name}")
