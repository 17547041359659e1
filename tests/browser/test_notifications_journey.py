"""Notifications in a real Chromium against the live server.

Bob comments on Alice's post → Alice sees the bell's count on the home page → opens her
notifications (the unread one is marked) → clicks it and lands on the comment → the bell has
no count any more. Then the notifications and settings pages on a phone: the bell is in the
menu with its label, nothing scrolls sideways, and a choice of e-mail is saved. Pages are
watched for CSP violations and script errors (conftest.py).

Set HIROBA_SHOTS=/some/dir to save screenshots.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import make_member
from hiroba.notifications.models import NotificationSettings
from hiroba.posts.services import add_comment, publish_post
from tests.browser.test_member_journey import assert_no_horizontal_overflow, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story():
    from hiroba.community.services import create_space

    cm = make_member("manager", role="manager")
    space = create_space(actor=cm, slug="recipes", name="レシピ", description="料理の写真")
    alice = make_member("alice", display_name="アリス")
    bob = make_member("bob", display_name="ボブ")
    post = publish_post(actor=alice, space=space, title="ゆず胡椒のパスタ", body="作りました")
    comment = add_comment(actor=bob, post=post, body="おいしそう!")
    return {"alice": alice, "post": post, "comment": comment}


def test_a_comment_reaches_the_writer_through_the_bell(page, live_server, story):
    log_in(page, live_server, story["alice"])
    page.goto(live_server.url + reverse("home"))
    bell = page.locator("a.notification-bell")
    expect(bell.locator("#unread-badge")).to_have_text("1")
    expect(bell).to_have_attribute("aria-label", re.compile("1"))

    bell.click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    item = page.locator("a.notification.unread")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("ボブ")
    expect(item).to_contain_text("ゆず胡椒のパスタ")
    shoot(page, "notifications-desktop")

    item.click()
    post_path = reverse("posts:detail", args=[story["post"].pk])
    expect(page).to_have_url(re.compile(re.escape(f"{post_path}#comment-{story['comment'].pk}")))
    expect(page.locator(f"#comment-{story['comment'].pk}")).to_be_visible()
    expect(page.locator("#unread-badge")).to_have_count(0)


def test_notifications_and_settings_on_a_phone(phone_page, live_server, story):
    page = phone_page
    log_in(page, live_server, story["alice"])
    page.goto(live_server.url + reverse("notifications:list"))
    assert_no_horizontal_overflow(page)
    page.locator(".navbar-toggler").click()
    expect(page.locator("a.notification-bell")).to_be_visible()
    shoot(page, "notifications-phone")

    page.goto(live_server.url + reverse("notifications:settings"))
    assert_no_horizontal_overflow(page)
    page.locator("input[name=following]").check()
    page.locator("form.stacked-form button[type=submit]").click()
    expect(page.locator("#flash .alert-success")).to_be_visible()
    expect(page.locator("input[name=following]")).to_be_checked()
    saved = NotificationSettings.objects.get(member=story["alice"])
    assert saved.email == {"own": True, "following": True}
    shoot(page, "notification-settings-phone")
