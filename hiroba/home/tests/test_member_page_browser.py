"""A member's page in a real Chromium: their posts, the next ones loaded by htmx in place, the
page fitting a phone, with no CSP violation or script error (the page fixtures watch for them).

Set HIROBA_SHOTS=/some/dir to save screenshots.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import make_member
from hiroba.posts.models import Post
from tests.browser.test_member_journey import (
    assert_no_horizontal_overflow,
    recipes,  # noqa: F401  (a fixture)
    shoot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def alice_with_posts(recipes):  # noqa: F811
    """Alice with more posts than one page holds (written as rows: publishing 25 posts through
    the service would meet its rate limit)."""
    alice = make_member("alice", display_name="アリス")
    for i in range(25):
        post = Post.objects.create(
            space=recipes, author=alice, created_by=alice, body=f"post {i}", body_html=f"<p>{i}</p>"
        )
        Post.objects.filter(pk=post.pk).update(published_at=post.created_at)
    return alice


def test_a_member_page_lists_their_posts_and_loads_more_in_place(
    live_server, page, alice_with_posts
):
    address = live_server.url + reverse("accounts:profile", args=["alice"])
    page.goto(address)
    expect(page.get_by_role("heading", level=1)).to_contain_text("アリス")
    cards = page.locator("#feed article.post-card")
    expect(cards).to_have_count(20)

    page.locator("#feed .load-more a").click()
    expect(cards).to_have_count(25)
    expect(page.locator("#feed .load-more")).to_have_count(0)
    assert page.url == address
    shoot(page, "member-page")


def test_a_member_page_fits_a_phone(live_server, phone_page, alice_with_posts):
    phone_page.goto(live_server.url + reverse("accounts:profile", args=["alice"]))
    expect(phone_page.locator("#feed article.post-card").first).to_be_visible()
    assert_no_horizontal_overflow(phone_page)
    shoot(phone_page, "member-page-phone")
