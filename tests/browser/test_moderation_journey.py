"""Moderation in a real Chromium: a member reports a post from its page (a small form loaded in
place), a moderator hides it from the queue with a reason, and its writer, on a phone, reads
that reason on the post and in an e-mail. Every page is watched for CSP violations and script
errors (see conftest.py).

Set HIROBA_SHOTS=/some/dir to save screenshots (the phone one is the one to look at).
"""

import os
import time
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from conftest import make_member
from hiroba.accounts.models import Role
from hiroba.audit.models import AuditEntry
from hiroba.community.services import create_space
from hiroba.moderation.models import Report
from hiroba.posts.models import Status
from hiroba.posts.services import publish_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("HIROBA_SHOTS", "")
REASON = "商品の宣伝は禁止されています(ガイドライン1)"


def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def log_in(page, live_server, member) -> None:
    client = Client()
    client.force_login(member)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def wait_for_mail(to: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in list(mail.outbox):
            if to in message.to:
                return message
        time.sleep(0.05)
    raise AssertionError(f"no e-mail to {to} within {timeout}s")


@pytest.fixture
def reported_post():
    cm = make_member("manager", role=Role.MANAGER)
    space = create_space(actor=cm, slug="recipes", name="レシピ")
    alice = make_member("alice", display_name="アリス")
    return publish_post(
        actor=alice,
        space=space,
        title="激安サプリのご案内",
        body="このサプリは今だけ半額!詳しくはプロフィールのリンクから。",
    )


def test_member_reports_moderator_hides_writer_reads_why(
    live_server, browser, page, phone_page, reported_post
):
    url = live_server.url
    post_url = f"{url}/p/{reported_post.pk}/"
    bob = make_member("bob", display_name="ボブ")
    mod = make_member("mod", role=Role.MODERATOR, display_name="モデレーター")

    # --- Bob reports the post: the form opens in place, no reload -----------------------------
    log_in(page, live_server, bob)
    page.goto(post_url)
    page.evaluate("() => { window.hirobaNoReload = true; }")
    page.locator("article a.report-link").click()
    form = page.locator("form.report-form")
    expect(form).to_be_visible()
    form.locator("input[name=reason][value=spam]").check()
    form.locator("textarea[name=note]").fill("同じ宣伝が何度も投稿されています")
    shoot(page, "report-form-desktop")
    form.locator("button[type=submit]").click()
    expect(page.locator(".report-slot .alert-success")).to_be_visible()
    assert page.evaluate("() => window.hirobaNoReload === true"), "the page reloaded"
    report = Report.objects.get()
    assert (report.reporter_id, report.reason) == (bob.pk, "spam")

    # --- The moderator hides it from the queue, with a reason --------------------------------
    moderator = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    queue_page = moderator.new_page()
    try:
        log_in(queue_page, live_server, mod)
        queue_page.goto(f"{url}/moderation/")
        item = queue_page.locator(f"#queue-post-{reported_post.pk}")
        expect(item).to_contain_text("激安サプリのご案内")
        expect(item).to_contain_text("同じ宣伝が何度も投稿されています")
        item.locator("input[name=reason]").fill(REASON)
        shoot(queue_page, "queue-desktop")
        item.locator("button[name=action][value=hide]").click()
        expect(queue_page.locator("#queue-empty")).to_be_visible()
    finally:
        moderator.close()
    reported_post.refresh_from_db()
    assert reported_post.status == Status.HIDDEN
    entry = AuditEntry.objects.get(action="post_hide")
    assert (entry.actor_id, entry.reason) == (mod.pk, REASON)

    # --- Others no longer see it --------------------------------------------------------------
    assert page.goto(post_url).status == 404

    # --- The writer, on a phone, reads why ----------------------------------------------------
    message = wait_for_mail("alice@example.com")
    assert REASON in message.body
    alice = reported_post.author
    log_in(phone_page, live_server, alice)
    phone_page.goto(post_url)
    notice = phone_page.locator("#moderation-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(REASON)
    widths = phone_page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1], f"page is {widths[0]}px wide in a {widths[1]}px viewport"
    shoot(phone_page, "hidden-post-phone")
