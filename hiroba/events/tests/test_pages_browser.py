"""The members' event pages in a real Chromium: a member applies from the event's page and sees
their place confirmed; the list, the calendar and the event's page fit a phone. The page
fixtures fail the test on any CSP violation or script error.

Set HIROBA_SHOTS=/some/dir to save screenshots.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_member
from hiroba.events.models import Application, ApplicationState, Format
from hiroba.events.services import apply_to_event
from hiroba.events.tests.helpers import open_event
from tests.browser.test_member_journey import assert_no_horizontal_overflow, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def events_setup():
    cm = make_member("manager", role="manager", display_name="やさいのひろば運営")
    alice = make_member("alice", display_name="トマト好きの花子さん")
    now = timezone.now()
    main = open_event(
        cm,
        title="秋の収穫体験ツアー〜農園で野菜を収穫して、そのままランチで味わう一日〜",
        description=(
            "## 当日の流れ\n\n1. 農園に集合\n2. 収穫体験\n3. とれたて野菜のランチ\n\n"
            "**持ち物**: 軍手、帽子、飲み物。雨天決行です。"
        ),
        format=Format.HYBRID,
        venue="やさいのひろば農園（神奈川県相模原市）",
        address="神奈川県相模原市緑区長竹1234-5 やさいのひろば農園 第二駐車場横の集合テント",
        online_url="https://meet.example.com/harvest-2026",
        capacity=20,
        companions_allowed=2,
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=5),
    )
    for i, (title, fmt) in enumerate(
        [
            ("オンライン料理教室：野菜スープの基本", Format.ONLINE),
            ("新商品発表会ライブ配信", Format.LIVE),
            ("ファンミーティング in 大阪", Format.OFFLINE),
        ]
    ):
        open_event(
            cm,
            title=title,
            format=fmt,
            venue="" if fmt != Format.OFFLINE else "大阪本社 3階ホール",
            capacity=2 + i,
            starts_at=now + timedelta(days=2 + i * 2, hours=i),
            ends_at=now + timedelta(days=2 + i * 2, hours=i + 2),
        )
    return {"cm": cm, "alice": alice, "event": main}


def test_a_member_applies_from_the_event_page(live_server, page, events_setup):
    alice, event = events_setup["alice"], events_setup["event"]
    log_in(page, live_server, alice)
    page.goto(live_server.url + reverse("events:list"))
    page.get_by_role("link", name=event.title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("秋の収穫体験ツアー")
    expect(page.locator(".online-url")).not_to_contain_text("meet.example.com")
    shoot(page, "event-detail")

    page.locator("select[name=companions]").select_option("1")
    page.locator(".apply-form button[type=submit]").click()

    expect(page.locator("#flash .alert-success")).to_be_visible()
    expect(page.locator(".my-application [data-state=confirmed]")).to_be_visible()
    expect(page.locator(".online-url a")).to_have_attribute(
        "href", "https://meet.example.com/harvest-2026"
    )
    application = Application.objects.get(event=event, member=alice)
    assert (application.state, application.companions) == (ApplicationState.CONFIRMED, 1)
    shoot(page, "event-detail-applied")

    page.goto(live_server.url + reverse("events:list") + "?tab=mine")
    expect(page.locator(".application-row")).to_have_count(1)
    shoot(page, "event-list-mine")


def test_the_list_and_calendar_on_a_wide_screen(live_server, page, events_setup):
    log_in(page, live_server, events_setup["alice"])
    page.goto(live_server.url + reverse("events:list"))
    expect(page.locator(".event-card")).to_have_count(4)
    shoot(page, "event-list")
    month = f"{timezone.localtime(events_setup['event'].starts_at):%Y-%m}"
    page.goto(live_server.url + reverse("events:calendar") + f"?month={month}")
    expect(page.locator(".calendar-event").first).to_be_visible()
    shoot(page, "event-calendar")
    page.goto(live_server.url + reverse("home"))
    expect(page.locator("#home-events .home-event")).to_have_count(3)


def test_the_event_pages_fit_a_phone(live_server, phone_page, events_setup):
    page = phone_page
    alice, event = events_setup["alice"], events_setup["event"]
    apply_to_event(actor=alice, event=event, companions=2)
    log_in(page, live_server, alice)
    month = f"{timezone.localtime(event.starts_at):%Y-%m}"
    for name, path in [
        ("event-list-phone", reverse("events:list")),
        ("event-calendar-phone", reverse("events:calendar") + f"?month={month}"),
        ("event-detail-phone", reverse("events:detail", args=[event.pk])),
    ]:
        page.goto(live_server.url + path)
        expect(page.locator("main h1")).to_be_visible()
        assert_no_horizontal_overflow(page)
        shoot(page, name)
    # On a phone the calendar is a list of the days that have events.
    page.goto(live_server.url + reverse("events:calendar") + f"?month={month}")
    expect(page.locator(".calendar-head")).to_be_hidden()
    expect(page.locator(".calendar-day.no-events").first).to_be_hidden()
