"""Ideas in a real Chromium against the live server.

A member proposes an idea from the space page → another member votes for it on the board (htmx,
no reload) and withdraws it again → votes again → staff change its status from the staff panel
with a note → the note shows in the public history; then the idea page on a phone: no sideways
scrolling. Pages are watched for CSP violations and script errors (conftest.py).

Set HIROBA_SHOTS=/some/dir to save screenshots (desktop and phone).
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import make_member
from hiroba.community.services import create_space
from hiroba.ideas.models import Idea, Status
from tests.browser.test_member_journey import assert_no_horizontal_overflow, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people():
    cm = make_member("manager", role="manager")
    create_space(
        actor=cm, slug="ideas", name="アイデア広場", description="提案と投票", allows_ideas=True
    )
    return {
        "alice": make_member("alice", display_name="アリス"),
        "bob": make_member("bob", display_name="ボブ"),
        "mod": make_member("mod", role="moderator", display_name="やさいのひろば運営"),
    }


def switch_to(page, live_server, member) -> None:
    page.context.clear_cookies()
    log_in(page, live_server, member)


def test_propose_vote_and_review_an_idea(live_server, page, phone_page, people):
    url = live_server.url

    # --- Proposing from the space page --------------------------------------------------------
    log_in(page, live_server, people["alice"])
    page.goto(url + reverse("posts:space", args=["ideas"]))
    page.get_by_role("link", name=re.compile("アイデアを提案|Propose an idea")).click()
    page.wait_for_url(url + reverse("ideas:submit_in_space", args=["ideas"]))
    page.fill("#id_title", "ゆず塩ドレッシングの小さいボトル")
    page.fill("#id_body", "一人暮らしでも使い切れるサイズがほしいです。")
    page.locator("form.stacked-form button[type=submit]").click()
    idea = Idea.objects.get()
    page.wait_for_url(url + reverse("ideas:detail", args=[idea.pk]))
    expect(page.locator("#idea-title")).to_have_text("ゆず塩ドレッシングの小さいボトル")
    shoot(page, "ideas-proposed-desktop")

    # --- Voting on the board with htmx ------------------------------------------------------------
    switch_to(page, live_server, people["bob"])
    page.goto(url + reverse("ideas:board"))
    vote = page.locator(f"#idea-vote-{idea.pk}")
    page.locator(f"#vote-button-{idea.pk}").click()
    expect(vote.locator(".vote-count")).to_have_text("1")
    expect(page.locator(f"#vote-button-{idea.pk}")).to_have_attribute("aria-pressed", "true")
    page.locator(f"#vote-button-{idea.pk}").click()
    expect(vote.locator(".vote-count")).to_have_text("0")
    page.locator(f"#vote-button-{idea.pk}").click()
    expect(vote.locator(".vote-count")).to_have_text("1")
    assert Idea.objects.get(pk=idea.pk).vote_count == 1
    shoot(page, "ideas-board-desktop")

    # --- Staff change the status with a note -----------------------------------------------------
    switch_to(page, live_server, people["mod"])
    page.goto(url + reverse("ideas:detail", args=[idea.pk]))
    page.select_option("#id_status", "planned")
    page.fill("#id_note", "**来春の発売**に向けて準備中です。")
    page.locator("form.status-form button[type=submit]").click()
    page.wait_for_url(url + reverse("ideas:detail", args=[idea.pk]))
    history = page.locator(".status-history")
    expect(history.locator(".status-change")).to_have_count(1)
    expect(history.locator(".status-note strong")).to_have_text("来春の発売")
    assert Idea.objects.get(pk=idea.pk).status == Status.PLANNED

    # --- The idea page on a phone, as the voter -------------------------------------------------
    log_in(phone_page, live_server, people["bob"])
    phone_page.goto(url + reverse("ideas:detail", args=[idea.pk]))
    expect(phone_page.locator(".current-status .idea-status-planned")).to_be_visible()
    expect(phone_page.locator(".staff-panel")).to_have_count(0)
    assert_no_horizontal_overflow(phone_page)
    shoot(phone_page, "ideas-detail-phone")
