"""A suspension in a real Chromium: a member suspended while writing keeps what they typed and
reads why; afterwards the forms tell them before they write. A moderator is offered only the
sanctions they may give, and a banned member who logs in reads the reason.

Set HIROBA_SHOTS=/some/dir to save screenshots (desktop and 390 px phone).
"""

import pytest
from playwright.sync_api import expect

from conftest import make_member
from hiroba.accounts.models import Role
from hiroba.community.services import create_space
from hiroba.moderation.services import sanction_member
from hiroba.posts.models import Comment, Post
from hiroba.posts.services import publish_post
from tests.browser.test_member_journey import assert_no_horizontal_overflow, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "週末の胡麻豆腐"
BODY = "土曜日に二時間かけて胡麻豆腐を作りました。葛粉の割合は…(長い文章)"
COMMENT = "丁寧なレシピをありがとうございます。私も作ってみます"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def world():
    cm = make_member("manager", role=Role.MANAGER)
    space = create_space(actor=cm, slug="recipes", name="レシピ")
    alice = make_member("alice", display_name="アリス")
    post = publish_post(actor=alice, space=space, title="ゆず塩ドレッシング", body="分量です")
    return {
        "cm": cm,
        "mod": make_member("mod", role=Role.MODERATOR, display_name="モデレーター"),
        "bob": make_member("bob", display_name="ボブ"),
        "post": post,
    }


def test_a_member_suspended_while_writing_keeps_the_text_and_is_told_before_writing_again(
    live_server, page, phone_page, world
):
    bob, mod, post = world["bob"], world["mod"], world["post"]
    compose = f"{live_server.url}/s/recipes/new/"

    # --- Bob writes a post; a moderator suspends him before he sends it -----------------------
    log_in(page, live_server, bob)
    page.goto(compose)
    expect(page.locator("#write-blocked")).to_have_count(0)
    page.fill("#id_title", TITLE)
    page.fill("#id_body", BODY)
    sanction_member(actor=mod, member=bob, kind="suspend", reason="荒らし行為", days=3)
    with page.expect_navigation() as sent:
        page.locator("main form button[type=submit]").click()

    assert sent.value.status == 403
    expect(page.locator("#id_title")).to_have_value(TITLE)
    expect(page.locator("#id_body")).to_have_value(BODY)
    expect(page.locator("#id_body")).to_be_enabled()  # he can copy it
    expect(page.locator("main form .alert-danger")).to_contain_text("利用停止")
    assert not Post.objects.filter(author=bob).exists()
    shoot(page, "suspended-post-refused")

    # --- Opening the form again, he is told before writing, and cannot type -------------------
    page.goto(compose)
    expect(page.locator("#write-blocked")).to_contain_text("書き込めません")
    expect(page.locator("#id_body")).to_be_disabled()
    expect(page.locator("main form button[type=submit]")).to_be_disabled()
    shoot(page, "suspended-compose")

    # --- On a post there is no comment box to type into, nor reply boxes ----------------------
    page.goto(f"{live_server.url}/p/{post.pk}/")
    expect(page.locator("#comments #write-blocked")).to_be_visible()
    expect(page.locator("#comment-body-new")).to_have_count(0)
    shoot(page, "suspended-post-detail")

    # --- The same on a phone ------------------------------------------------------------------
    log_in(phone_page, live_server, bob)
    phone_page.goto(compose)
    expect(phone_page.locator("#write-blocked")).to_be_visible()
    assert_no_horizontal_overflow(phone_page)
    shoot(phone_page, "suspended-compose-phone")


def test_a_comment_refused_by_a_suspension_stays_in_its_box(live_server, page, world):
    bob, mod, post = world["bob"], world["mod"], world["post"]
    log_in(page, live_server, bob)
    page.goto(f"{live_server.url}/p/{post.pk}/")
    page.fill("#comment-body-new", COMMENT)
    sanction_member(actor=mod, member=bob, kind="suspend", reason="荒らし行為")

    page.locator("#comments form.comment-form button[type=submit]").click()

    expect(page.locator("#flash")).to_contain_text("利用停止")
    expect(page.locator("#comment-body-new")).to_have_value(COMMENT)
    assert not Comment.objects.exists()
    shoot(page, "suspended-comment-refused")


def test_a_moderator_is_offered_no_ban_and_a_banned_member_reads_why(
    live_server, page, phone_page, world
):
    bob, mod, cm = world["bob"], world["mod"], world["cm"]

    log_in(page, live_server, mod)
    page.goto(f"{live_server.url}/moderation/members/bob/")
    options = page.locator("select[name=kind] option")
    expect(options).to_have_count(2)
    assert [o.get_attribute("value") for o in options.all()] == ["warn", "suspend"]
    shoot(page, "moderator-sanctions")

    sanction_member(actor=cm, member=bob, kind="ban", reason="悪質な宣伝の繰り返し")
    phone_page.goto(f"{live_server.url}/accounts/login/")
    phone_page.fill("input[name=login]", "bob@example.com")
    phone_page.fill("input[name=password]", PASSWORD)
    phone_page.locator("main form button[type=submit]").click()
    expect(phone_page.locator("h1")).to_contain_text("凍結")
    expect(phone_page.locator("#ban-reason")).to_have_text("悪質な宣伝の繰り返し")
    shoot(phone_page, "banned-login-phone")
