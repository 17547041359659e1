"""A visitor becomes a member and takes part, in a real Chromium against the live server.

Sign up → verification e-mail → confirm → post with a photo in a public space → see the photo →
comment (htmx, no reload) → like (htmx, 0 → 1). Then the same pages on a phone: no sideways
scrolling. Every page is watched for CSP violations and script errors (see conftest.py).

Set HIROBA_SHOTS=/some/dir to also save screenshots of each page (desktop and phone).
"""

import os
import re
import time
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from conftest import image_bytes, make_member
from hiroba.community.services import create_space
from hiroba.posts.services import add_comment, add_reaction, publish_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("HIROBA_SHOTS", "")
PASSWORD = "広場-correct-horse-42"
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def wait_for_mail(to: str, timeout: float = 10.0):
    """The message is sent from the live server's thread after its transaction commits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in list(mail.outbox):
            if to in message.to:
                return message
        time.sleep(0.05)
    raise AssertionError(f"no e-mail to {to} within {timeout}s: {[m.to for m in mail.outbox]}")


def assert_no_horizontal_overflow(page) -> None:
    # Against the screen the context was given, not window.innerWidth: a phone browser widens
    # its layout viewport to fit content that overflows, so innerWidth grows with the page.
    screen = page.viewport_size["width"]
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= screen, f"page is {width}px wide on a {screen}px screen"


def wait_for_images(page, selector: str) -> None:
    """Every matching image has loaded and decoded (not a broken-image icon)."""
    page.locator(selector).first.wait_for()
    page.wait_for_function(
        "(sel) => [...document.querySelectorAll(sel)].every(i => i.complete && i.naturalWidth > 0)",
        arg=selector,
    )


def log_in(page, live_server, member) -> None:
    """Give the browser a logged-in session without going through the form again."""
    client = Client()
    client.force_login(member)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.fixture
def recipes():
    cm = make_member("manager", role="manager")
    return create_space(
        actor=cm, slug="recipes", name="レシピ", description="料理の写真とレシピを見せ合う広場"
    )


def test_visitor_signs_up_posts_a_photo_comments_and_likes(live_server, page, recipes, jpeg_file):
    url = live_server.url

    # --- Sign up ---------------------------------------------------------------------------
    page.goto(url + reverse("account_signup"))
    shoot(page, "signup-desktop")
    page.fill("#id_email", "hanako@example.com")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_display_name", "山田花子")
    page.fill("#id_handle", "hanako")
    page.check("#id_accept_guidelines")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    shoot(page, "verification-sent-desktop")

    # --- Confirm the e-mail address ----------------------------------------------------------
    message = wait_for_mail("hanako@example.com")
    link = CONFIRM_LINK.search(message.body)
    assert link, message.body
    page.goto(link.group(0))
    shoot(page, "confirm-email-desktop")
    page.locator("main form button[type=submit]").click()
    # Confirming logs the new member in and takes them home.
    page.wait_for_url(url + reverse("home"))
    expect(page.locator("#nav")).to_contain_text("山田花子")

    # --- Post with a photo in a public space --------------------------------------------------
    page.goto(url + reverse("posts:space", args=["recipes"]))
    page.locator("main").get_by_role("link", name=re.compile("投稿|Write a post")).click()
    page.wait_for_url(url + reverse("posts:compose_in_space", args=["recipes"]))
    shoot(page, "compose-desktop")
    page.fill("#id_title", "初めての胡麻豆腐")
    page.fill("#id_body", "週末に胡麻豆腐を作りました。#ごま料理")
    page.set_input_files("#id_photos", str(jpeg_file("gomadofu.jpg")))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/p/\d+/$"))
    expect(page.locator("h1")).to_have_text("初めての胡麻豆腐")

    # --- The photo shows on the post page -----------------------------------------------------
    wait_for_images(page, ".photo-grid img")
    assert page.locator(".photo-grid img").count() == 1

    # --- Comment through htmx: the comment appears, the page does not reload ------------------
    page.evaluate("() => { window.hirobaNoReload = true; }")
    comments = page.locator("#comment-list .comment")
    expect(comments).to_have_count(0)
    page.fill("#comment-body-new", "とても美味しそう!")
    page.locator("#comments form.comment-form button[type=submit]").click()
    expect(comments).to_have_count(1)
    expect(comments.first).to_contain_text("とても美味しそう!")
    expect(page.locator("#comment-body-new")).to_have_value("")
    assert page.evaluate("() => window.hirobaNoReload === true"), "the page reloaded"

    expect(page.locator("#live-status")).not_to_be_empty()

    # --- Reply from the keyboard: the box opens with the cursor in it, closes when sent -------
    reply_toggle = comments.first.locator("details.reply-toggle")
    reply_toggle.locator("summary").focus()
    page.keyboard.press("Enter")
    reply_box = reply_toggle.locator("textarea")
    expect(reply_box).to_be_focused()
    page.keyboard.type("ありがとうございます。")
    reply_toggle.locator("button[type=submit]").click()
    expect(comments.first.locator(".replies .comment")).to_contain_text("ありがとうございます。")
    expect(reply_toggle).not_to_have_attribute("open", "")
    expect(reply_toggle.locator("summary")).to_be_focused()

    # --- Like through htmx: 0 → 1, aria-pressed true, focus stays on the button ---------------
    like = page.locator("article .like-button")
    expect(like).to_have_attribute("aria-pressed", "false")
    expect(like.locator(".like-count")).to_have_text("0")
    like.focus()
    page.keyboard.press("Enter")
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like.locator(".like-count")).to_have_text("1")
    expect(like).to_be_focused()
    assert page.evaluate("() => window.hirobaNoReload === true"), "the page reloaded"
    shoot(page, "post-desktop")

    # The like is stored, not only drawn: a fresh load shows it.
    page.reload()
    expect(page.locator("article .like-button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("article .like-count")).to_have_text("1")


@pytest.fixture
def busy_space(recipes):
    """A space with a few posts, photos, comments and a long unbroken word."""
    alice = make_member("alice", display_name="アリス")
    bob = make_member("bob", display_name="ボブ・とても長い表示名のメンバーさん")
    photos = [
        SimpleUploadedFile(f"p{i}.jpg", image_bytes(size=size, color=color), "image/jpeg")
        for i, (size, color) in enumerate(
            [
                ((1600, 1200), (200, 80, 40)),
                ((600, 900), (40, 140, 90)),
                ((900, 900), (60, 90, 200)),
            ]
        )
    ]
    post = publish_post(
        actor=alice,
        space=recipes,
        title="胡麻豆腐の作り方(くず粉と練りごまだけで作る、なめらかな食感のレシピ)",
        body=(
            "週末に**胡麻豆腐**を作りました。くず粉を使うと、もちもちになります。\n\n"
            "1. 練りごまと水をよく混ぜる\n2. くず粉を加えて火にかける\n3. 冷やして固める\n\n"
            "#ごま料理 #週末ごはん https://example.com/"
            "a-very-long-link-without-any-break-points-that-could-overflow-a-phone-screen"
        ),
        photos=photos,
    )
    first = add_comment(actor=bob, post=post, body="美味しそう!レシピありがとうございます。")
    add_comment(actor=alice, post=post, body="ぜひ作ってみてください。", parent=first)
    add_reaction(actor=bob, post=post)
    publish_post(actor=bob, space=recipes, body="今日のお弁当です。" * 8)
    return post


PHONE_PAGES = [
    ("home", lambda post: reverse("home")),
    ("space", lambda post: reverse("posts:space", args=["recipes"])),
    ("post", lambda post: reverse("posts:detail", args=[post.pk])),
    ("signup", lambda post: reverse("account_signup")),
]


def test_pages_fit_a_phone_without_csp_violations(live_server, phone_page, busy_space):
    page = phone_page
    for name, path in PHONE_PAGES:
        page.goto(live_server.url + path(busy_space))
        if name in {"home", "space", "post"}:
            wait_for_images(page, "main img")
        assert_no_horizontal_overflow(page)
        shoot(page, f"{name}-phone")

    # A visitor's like button is a way to log in, not a dead, unfocusable control.
    page.goto(live_server.url + reverse("posts:detail", args=[busy_space.pk]))
    anonymous_like = page.locator("article .like-button")
    expect(anonymous_like).to_have_attribute("href", re.compile(r"/accounts/login/\?next="))

    # The menu opens and closes on a phone (Bootstrap's collapse, no inline script).
    toggler = page.locator(".navbar-toggler")
    toggler.click()
    expect(page.locator("#nav")).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")

    # A member's pages: the compose form and the post with their own edit buttons.
    log_in(page, live_server, busy_space.author)
    for name, path in [
        ("compose", reverse("posts:compose_in_space", args=["recipes"])),
        ("compose-any", reverse("posts:compose")),
        ("post-member", reverse("posts:detail", args=[busy_space.pk])),
    ]:
        page.goto(live_server.url + path)
        assert_no_horizontal_overflow(page)
        shoot(page, f"{name}-phone")


def test_desktop_pages_have_no_csp_violations(live_server, page, busy_space):
    log_in(page, live_server, busy_space.author)
    for name, path in [
        ("home", reverse("home")),
        ("space", reverse("posts:space", args=["recipes"])),
        ("post-member", reverse("posts:detail", args=[busy_space.pk])),
        ("compose-any", reverse("posts:compose")),
    ]:
        page.goto(live_server.url + path)
        if name != "compose-any":
            wait_for_images(page, "main img")
        shoot(page, f"{name}-desktop")
