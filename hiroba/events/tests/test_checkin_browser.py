"""Checking in at a venue whose signal drops, in a real Chromium on a phone-sized screen.

Staff open the check-in page, the connection goes (Playwright's offline mode), they type a
participant's code twice: both wait in the browser and nothing reaches the server. The
connection returns: the queue syncs by itself, the participant is counted once (the second
entry answers "already checked in") and the queue is empty. The participant's ticket page shows
the QR code and the code. Pages are watched for CSP violations and script errors.

Set HIROBA_SHOTS=/some/dir to save screenshots.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_member
from hiroba.activity.models import Activity, Verb
from hiroba.events.models import Application, ApplicationState, Event
from hiroba.events.services import apply_to_event
from hiroba.events.tests.helpers import open_event
from hiroba.events.tickets import display_code
from tests.browser.test_member_journey import assert_no_horizontal_overflow, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gathering():
    cm = make_member("manager", role="manager", display_name="運営スタッフ")
    now = timezone.now()
    event = open_event(
        cm,
        title="トマト農園 収穫体験ツアー",
        venue="カゴメ野菜生活ファーム富士見",
        address="長野県諏訪郡富士見町境 9901",
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=4),
        applications_open_at=now - timedelta(days=3),
        applications_close_at=now + timedelta(minutes=30),
        capacity=20,
        companions_allowed=2,
    )
    alice = make_member("alice", display_name="山田 花子")
    bob = make_member("bob", display_name="佐藤 太郎")
    ticket = apply_to_event(actor=alice, event=event, companions=1)
    apply_to_event(actor=bob, event=event)
    return {"cm": cm, "event": event, "alice": alice, "application": ticket}


def queued(page) -> int:
    return page.evaluate(
        "(key) => JSON.parse(localStorage.getItem(key) || '[]').length",
        f"hiroba:checkin:{page.locator('#checkin').get_attribute('data-event')}",
    )


def test_a_check_in_queued_offline_is_counted_once_when_the_connection_returns(
    live_server, phone_page, gathering
):
    page = phone_page
    event, application = gathering["event"], gathering["application"]
    code = Application.objects.get(pk=application.pk).ticket_code
    log_in(page, live_server, gathering["cm"])
    page.goto(live_server.url + reverse("events:checkin", args=[event.pk]))
    expect(page.locator("#checkin-count")).to_have_text("0")
    assert page.locator("#checkin-scan").is_hidden()  # no BarcodeDetector in desktop Chromium

    # --- The signal drops; the same ticket is typed twice (lower case, with a hyphen) --------
    page.context.set_offline(True)
    for _ in range(2):
        page.fill("#checkin-code", display_code(code).lower())
        page.press("#checkin-code", "Enter")
    rows = page.locator("#checkin-recent li[data-client-id]")
    expect(rows).to_have_count(2)
    expect(page.locator('#checkin-recent li[data-status="queued"]')).to_have_count(2)
    expect(page.locator("#checkin-sync")).to_contain_text("2")
    # The page has tried to send them and failed: they wait in the browser, the server has
    # seen nothing.
    expect(page.locator("#checkin-sync")).to_contain_text(
        page.locator("#checkin").get_attribute("data-msg-offline")
    )
    assert queued(page) == 2
    assert Event.objects.get(pk=event.pk).attended_count == 0
    # A typo is caught on the phone, not queued.
    page.fill("#checkin-code", "ABCD-01OI")
    page.press("#checkin-code", "Enter")
    expect(page.locator("#checkin-last .alert-danger")).to_be_visible()
    assert queued(page) == 2
    shoot(page, "checkin-offline-phone")

    # --- The connection returns: the queue syncs by itself --------------------------------
    page.context.set_offline(False)
    expect(page.locator("#checkin-count")).to_have_text("1")
    expect(page.locator('#checkin-recent li[data-status="checked_in"]')).to_have_count(1)
    expect(page.locator('#checkin-recent li[data-status="already"]')).to_have_count(1)
    expect(page.locator('#checkin-recent li[data-status="checked_in"]')).to_contain_text(
        "山田 花子"
    )
    expect(page.locator("#checkin-sync")).to_have_text(
        page.locator("#checkin").get_attribute("data-msg-synced")
    )
    assert queued(page) == 0
    assert Event.objects.get(pk=event.pk).attended_count == 1
    assert Application.objects.get(pk=application.pk).state == ApplicationState.ATTENDED
    assert Activity.objects.filter(verb=Verb.EVENT_CHECK_IN).count() == 1
    assert_no_horizontal_overflow(page)
    shoot(page, "checkin-synced-phone")

    # --- Typed once more, online: answered "already", still counted once -------------------
    page.fill("#checkin-code", code)
    page.press("#checkin-code", "Enter")
    expect(page.locator('#checkin-recent li[data-status="already"]')).to_have_count(2)
    expect(page.locator("#checkin-count")).to_have_text("1")
    assert Event.objects.get(pk=event.pk).attended_count == 1

    # --- A reload shows the check-in from the server, and an empty queue -------------------
    page.reload()
    expect(page.locator("#checkin-count")).to_have_text("1")
    expect(page.locator("#checkin-recent")).to_contain_text("山田 花子")
    expect(page.locator("#checkin-recent li[data-client-id]")).to_have_count(0)


def test_the_participant_shows_a_ticket_with_its_qr_code_on_a_phone(
    live_server, phone_page, gathering
):
    page = phone_page
    event, application = gathering["event"], gathering["application"]
    code = Application.objects.get(pk=application.pk).ticket_code
    log_in(page, live_server, gathering["alice"])

    page.goto(live_server.url + reverse("events:ticket", args=[event.pk]))

    expect(page.locator("#ticket-code")).to_have_text(display_code(code))
    expect(page.get_by_role("heading", level=1)).to_have_text("トマト農園 収穫体験ツアー")
    qr = page.locator("svg.ticket-qr")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] >= 200 and abs(box["width"] - box["height"]) < 1
    assert_no_horizontal_overflow(page)
    shoot(page, "ticket-phone")


def test_queued_check_ins_survive_a_reload_and_go_when_the_server_answers_again(
    live_server, phone_page, gathering
):
    page = phone_page
    event, application = gathering["event"], gathering["application"]
    code = Application.objects.get(pk=application.pk).ticket_code
    sync_url = reverse("events:checkin_sync", args=[event.pk])
    log_in(page, live_server, gathering["cm"])
    page.goto(live_server.url + reverse("events:checkin", args=[event.pk]))

    # The venue's Wi-Fi lets pages through but the sync requests die on the way.
    page.route(f"**{sync_url}", lambda route: route.abort())
    page.fill("#checkin-code", code)
    page.press("#checkin-code", "Enter")
    expect(page.locator('#checkin-recent li[data-status="queued"]')).to_have_count(1)
    page.reload()
    expect(page.locator('#checkin-recent li[data-status="queued"]')).to_have_count(1)
    assert queued(page) == 1
    assert Event.objects.get(pk=event.pk).attended_count == 0

    page.unroute(f"**{sync_url}")
    page.reload()  # the page sends what waits as soon as it loads
    expect(page.locator("#checkin-count")).to_have_text("1")
    expect(page.locator('#checkin-recent li[data-status="checked_in"]')).to_have_count(1)
    assert queued(page) == 0
    assert Event.objects.get(pk=event.pk).attended_count == 1
