"""Sharing a public post in a real Chromium: "copy link" puts the page's canonical address on the
clipboard without leaving the page, the LINE and X buttons are plain links to their share pages,
and the share row fits a phone. Pages are watched for CSP violations and script errors.

Set HIROBA_SHOTS=/some/dir to save screenshots (desktop and phone).
"""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from conftest import image_bytes, make_member
from hiroba.posts.services import publish_post
from tests.browser.test_member_journey import (
    assert_no_horizontal_overflow,
    recipes,  # noqa: F401  (a fixture)
    shoot,
    wait_for_images,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shared_post(recipes):  # noqa: F811
    alice = make_member("alice", display_name="アリス")
    return publish_post(
        actor=alice,
        space=recipes,
        title="夏野菜のラタトゥイユ",
        body="トマトをたっぷり使いました。 #ラタトゥイユ",
        photos=[SimpleUploadedFile("photo.jpg", image_bytes(), content_type="image/jpeg")],
    )


def test_copy_link_copies_the_address_and_stays_on_the_page(page, live_server, shared_post):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    address = f"{live_server.url}/p/{shared_post.pk}/"
    page.goto(address)
    share = page.get_by_role("group", name="共有")
    encoded = quote(address, safe="")
    expect(share.get_by_role("link", name="LINEで送る")).to_have_attribute(
        "href", f"https://social-plugins.line.me/lineit/share?url={encoded}"
    )
    title = quote("夏野菜のラタトゥイユ", safe="")
    expect(share.get_by_role("link", name="Xでポスト")).to_have_attribute(
        "href", f"https://x.com/intent/tweet?text={title}&url={encoded}"
    )
    wait_for_images(page, ".photo-grid img")
    shoot(page, "share-post")

    share.get_by_role("link", name="リンクをコピー").click()
    expect(share.get_by_role("link", name="リンクをコピーしました")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert page.url == address
    expect(page.locator("#live-status")).to_have_text("リンクをコピーしました")


def test_the_share_row_fits_a_phone(phone_page, live_server, shared_post):
    phone_page.goto(f"{live_server.url}/p/{shared_post.pk}/")
    expect(phone_page.get_by_role("group", name="共有")).to_be_visible()
    wait_for_images(phone_page, ".photo-grid img")
    assert_no_horizontal_overflow(phone_page)
    shoot(phone_page, "share-post-phone")
    for path, name in (("/s/recipes/", "space"), (f"/tags/{quote('ラタトゥイユ')}/", "tag")):
        phone_page.goto(live_server.url + path)
        expect(phone_page.get_by_role("group", name="共有")).to_be_visible()
        assert_no_horizontal_overflow(phone_page)
        shoot(phone_page, f"share-{name}-phone")
    expect(phone_page.get_by_role("link", name="Atomフィード")).to_have_count(0)  # a tag has none
    phone_page.goto(live_server.url + "/s/recipes/")
    expect(phone_page.get_by_role("link", name="Atomフィード")).to_have_attribute(
        "href", "/s/recipes/feed/"
    )
