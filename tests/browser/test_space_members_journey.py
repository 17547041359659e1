"""A manager adds a member to a restricted space and removes another, in a real Chromium, on a
desktop and on a phone (no sideways scrolling). HIROBA_SHOTS=/dir saves screenshots."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import make_member
from hiroba.community.models import SpaceMembership, Visibility
from hiroba.community.services import create_space, invite_to_space
from tests.browser.test_member_journey import assert_no_horizontal_overflow, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_manager_adds_and_removes_members_of_a_restricted_space(live_server, page, phone_page):
    cm = make_member("manager", role="manager", display_name="森 さくら")
    alice = make_member("alice", display_name="アリス")
    make_member("charlie", display_name="チャーリー")
    inner = create_space(
        actor=cm, slug="inner", name="アンバサダー", visibility=Visibility.RESTRICTED
    )
    invite_to_space(actor=cm, space=inner, member=alice)
    url = live_server.url + reverse("community:space_edit", args=["inner"])

    log_in(page, live_server, cm)
    page.goto(url)
    page.fill("input[name=handle]", "@charlie")
    page.get_by_role("button", name="追加").click()
    expect(page.locator(".alert")).to_contain_text("チャーリー")
    shoot(page, "space-members-desktop")

    page.get_by_role("button", name="アリスさんをこのスペースから外す").click()
    expect(page.locator(".alert")).to_contain_text("アリスさんをアンバサダーから外しました。")
    assert not SpaceMembership.objects.filter(space=inner, member=alice).exists()
    assert SpaceMembership.objects.filter(space=inner, member__handle="charlie").exists()

    log_in(phone_page, live_server, cm)
    phone_page.goto(url)
    expect(
        phone_page.get_by_role("button", name="チャーリーさんをこのスペースから外す")
    ).to_be_visible()
    assert_no_horizontal_overflow(phone_page)
    shoot(phone_page, "space-members-phone")
