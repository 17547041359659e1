"""The engagement pages in a real Chromium: the manager finds a member warming up, opens their
page and the score chart draws (no CSP violation: the data comes from json_script, the scripts
carry the nonce); on a phone neither page scrolls sideways. HIROBA_SHOTS=/dir saves screenshots.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_member
from hiroba.activity.models import MemberHealth, Verb
from hiroba.activity.services import record_activity
from tests.browser.test_member_journey import assert_no_horizontal_overflow, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_manager_finds_a_member_warming_up_and_sees_their_scores(
    live_server,
    page,
    phone_page,
):
    cm = make_member("manager", role="manager", display_name="森 さくら")
    alice = make_member("alice", display_name="アリス")
    MemberHealth.objects.filter(member=alice).delete()
    now = timezone.now()
    alice.date_joined = now - timedelta(days=730)  # a member for two years
    alice.save(update_fields=["date_joined"])
    for days in range(200, 120, -3):  # busy last winter, then silent for months
        record_activity(actor=alice, verb=Verb.POST, at=now - timedelta(days=days))
    record_activity(actor=alice, verb=Verb.COMMENT, at=now - timedelta(hours=2))
    record_activity(actor=alice, verb=Verb.POST, at=now - timedelta(hours=1))

    log_in(page, live_server, cm)
    page.goto(live_server.url + reverse("console:members"))
    warming = page.locator("table.warming-list")
    expect(warming).to_contain_text("アリス")
    shoot(page, "health-members-desktop")
    warming.get_by_role("link", name="アリス").click()
    page.wait_for_url(live_server.url + reverse("console:member", args=["alice"]))
    page.wait_for_function(
        "() => window.Chart && window.Chart.getChart(document.getElementById('health-history'))"
    )
    expect(page.locator(".member-timeline li").nth(9)).to_be_visible()
    shoot(page, "health-member-desktop")

    log_in(phone_page, live_server, cm)
    for name in ("console:members", "console:member"):
        args = ["alice"] if name == "console:member" else []
        phone_page.goto(live_server.url + reverse(name, args=args))
        assert_no_horizontal_overflow(phone_page)
    phone_page.wait_for_function(
        "() => window.Chart && window.Chart.getChart(document.getElementById('health-history'))"
    )
    shoot(phone_page, "health-member-phone")
