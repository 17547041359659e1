"""Polls in a real Chromium against the live server.

The writer opens "Add a poll" while composing, adds a fifth answer with the button, publishes →
a member votes (htmx swaps the block for the results: bars, percentages, their pick marked) →
changes their vote → the results move. Then the post page on a phone: no sideways scrolling.
Pages are watched for CSP violations and script errors (conftest.py).

Set HIROBA_SHOTS=/some/dir to save screenshots.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import make_member
from hiroba.community.services import create_space
from hiroba.polls.models import Poll, PollVote
from tests.browser.test_member_journey import assert_no_horizontal_overflow, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people():
    cm = make_member("manager", role="manager")
    create_space(actor=cm, slug="recipes", name="レシピ", description="料理の写真とレシピ")
    return {
        "alice": make_member("alice", display_name="アリス"),
        "bob": make_member("bob", display_name="ボブ"),
    }


def test_write_a_poll_vote_see_results_and_change_the_vote(live_server, page, phone_page, people):
    url = live_server.url
    alice, bob = people["alice"], people["bob"]

    # --- The writer adds a poll while composing --------------------------------------------
    log_in(page, live_server, alice)
    page.goto(url + reverse("posts:compose_in_space", args=["recipes"]))
    page.fill("#id_title", "好きなトマト料理は?")
    page.fill("#id_body", "ひとつ選んでください🍅")
    page.locator("details.poll-compose > summary").click()
    rows = page.locator(".poll-choice-rows input")
    expect(rows).to_have_count(4)
    for i, text in enumerate(["カプレーゼ", "ミネストローネ", "トマトすき焼き", "冷やしトマト"]):
        rows.nth(i).fill(text)
    page.locator(".poll-add-row").click()  # compose.js: a fifth row, focused
    expect(rows).to_have_count(5)
    page.keyboard.type("ガスパチョ")
    shoot(page, "poll-compose-desktop")
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/p/\d+/$"))
    poll = Poll.objects.get()
    assert [c.text for c in poll.choices.all()][-1] == "ガスパチョ"

    # --- A member votes; htmx swaps in the results -----------------------------------------
    page.context.clear_cookies()
    log_in(page, live_server, bob)
    page.goto(url + reverse("posts:detail", args=[poll.pk]))
    block = page.locator(f"#poll-{poll.pk}")
    expect(block).to_contain_text("0")
    block.get_by_role("radio", name="冷やしトマト").check()
    block.locator("button[type=submit]").click()
    results = page.locator(f"#poll-{poll.pk} .poll-results")
    expect(results).to_be_visible()
    mine = results.locator(".poll-mine")
    expect(mine).to_contain_text("冷やしトマト")
    expect(mine).to_contain_text("100%")
    expect(results.locator("progress")).to_have_count(5)
    assert page.url.endswith(f"/p/{poll.pk}/")  # swapped in place, no reload
    shoot(page, "poll-results-desktop")

    # --- Changing the vote: the form comes back with the pick checked ----------------------
    page.locator(f"#poll-{poll.pk}").get_by_role("link", name=re.compile("Change|変更")).click()
    changed = page.locator(f"#poll-{poll.pk}")
    expect(changed.locator("form.poll-form")).to_be_visible()
    expect(changed.get_by_role("radio", name="冷やしトマト")).to_be_checked()
    changed.get_by_role("radio", name="ミネストローネ").check()
    changed.locator("button[type=submit]").click()
    expect(page.locator(f"#poll-{poll.pk} .poll-mine")).to_contain_text("ミネストローネ")
    assert PollVote.objects.get(member=bob).choice.text == "ミネストローネ"
    assert Poll.objects.get(pk=poll.pk).voter_count == 1

    # --- On a phone ------------------------------------------------------------------------
    log_in(phone_page, live_server, bob)
    phone_page.goto(url + reverse("posts:detail", args=[poll.pk]))
    expect(phone_page.locator(f"#poll-{poll.pk} .poll-results")).to_be_visible()
    assert_no_horizontal_overflow(phone_page)
    shoot(phone_page, "poll-results-phone")
