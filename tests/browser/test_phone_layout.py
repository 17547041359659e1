"""The member pages on a 390 px phone, in a real Chromium against the live server.

The home feed with idea cards (their kind, status and vote badges beside the author) must not be
wider than the screen, and a member reaches their notifications and the compose form from the
top bar without opening the menu.

Set HIROBA_SHOTS=/some/dir to save screenshots.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import make_member
from hiroba.community.services import create_space
from hiroba.ideas.models import Status
from hiroba.ideas.services import change_idea_status, submit_idea, vote_idea
from hiroba.posts.services import add_comment, publish_post
from tests.browser.test_member_journey import assert_no_horizontal_overflow, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def idea_feed():
    """The home feed as the demo shows it: ideas in two spaces, with statuses and votes, by
    members with long display names."""
    cm = make_member("manager", role="manager", display_name="やさいのひろば運営")
    ideas_space = create_space(
        actor=cm, slug="ideas", name="アイデア広場", description="提案と投票", allows_ideas=True
    )
    english = create_space(
        actor=cm, slug="english", name="English corner", description="In English", allows_ideas=True
    )
    alice = make_member("alice", display_name="トマト好きの花子さん")
    bob = make_member("bob", display_name="Emily from Vancouver")
    voters = [make_member(f"voter{i}") for i in range(12)]
    first = submit_idea(
        actor=alice,
        space=ideas_space,
        title="野菜ジュースの小さいパックを作ってほしい",
        body="一人暮らしでも飲みきれるサイズがほしいです。",
    )
    second = submit_idea(
        actor=bob,
        space=english,
        title="A smaller pack of Veggie Stock for trying it out",
        body="A box of three sticks would be perfect to try before buying the big bag.",
    )
    for voter in voters:
        vote_idea(actor=voter, idea=first)
    vote_idea(actor=voters[0], idea=second)
    change_idea_status(actor=cm, idea=first, status=Status.UNDER_REVIEW, note="検討を始めました。")
    return {"alice": alice, "bob": bob, "ideas": [first, second]}


def test_idea_cards_in_the_home_feed_fit_a_phone(live_server, phone_page, idea_feed):
    page = phone_page
    for who in (None, idea_feed["alice"]):
        if who is not None:
            log_in(page, live_server, who)
        page.goto(live_server.url + reverse("home"))
        expect(page.locator("article.post-card .idea-votes").first).to_be_visible()
        assert_no_horizontal_overflow(page)
        # Nor does anything stick out of a card (the card itself keeps to the screen).
        wider = page.evaluate(
            "() => [...document.querySelectorAll('article.post-card')]"
            ".filter(card => card.scrollWidth > card.clientWidth).length"
        )
        assert wider == 0, f"{wider} cards are wider inside than outside"
    shoot(page, "home-ideas-phone")


@pytest.fixture
def member_with_news():
    cm = make_member("manager", role="manager")
    recipes = create_space(actor=cm, slug="recipes", name="レシピ", description="料理の写真")
    alice = make_member("alice", display_name="トマト好きの花子さん")
    bob = make_member("bob", display_name="ボブ")
    post = publish_post(actor=alice, space=recipes, title="胡麻豆腐", body="作りました。")
    for text in ("美味しそう!", "レシピを教えてください。"):
        add_comment(actor=bob, post=post, body=text)
    return alice


def test_the_bell_and_the_compose_button_are_in_the_phone_bar(
    live_server, phone_page, member_with_news
):
    page = phone_page
    log_in(page, live_server, member_with_news)
    page.goto(live_server.url + reverse("home"))

    # The menu is closed, and still the unread count and the way to write are on screen.
    expect(page.locator("#nav")).to_be_hidden()
    bell = page.locator("a.notification-bell")
    expect(bell).to_be_visible()
    expect(bell.locator(".badge")).to_have_text("2")
    expect(bell).to_have_attribute("aria-label", re.compile("2"))
    compose = page.locator(".navbar a.navbar-compose")
    expect(compose).to_be_visible()
    expect(compose).to_have_accessible_name(re.compile("新規投稿|New post"))
    for control in (bell, compose, page.locator(".navbar-toggler")):
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        assert box["y"] < 70, box  # in the bar itself, not wrapped onto a second line
    assert_no_horizontal_overflow(page)
    shoot(page, "navbar-phone")

    compose.click()
    page.wait_for_url(live_server.url + reverse("posts:compose"))
    page.goto(live_server.url + reverse("home"))
    page.locator("a.notification-bell").click()
    page.wait_for_url(live_server.url + reverse("notifications:list"))


def test_visitors_see_no_bell_and_no_compose_button(live_server, phone_page, member_with_news):
    page = phone_page
    page.goto(live_server.url + reverse("home"))
    expect(page.locator("a.notification-bell")).to_have_count(0)
    expect(page.locator("a.navbar-compose")).to_have_count(0)
    assert_no_horizontal_overflow(page)
