"""Questions and answers in a real Chromium against the live server.

A member starts asking → a similar question shows under the title while typing (htmx) → posts
the question → another member answers → the asker accepts that answer → a better answer comes →
the asker changes the acceptance: the accepted answer moves first. Then the question page on a
phone: no sideways scrolling. Pages are watched for CSP violations and script errors
(conftest.py); the JSON-LD block must not cause any.

Set HIROBA_SHOTS=/some/dir to save screenshots (desktop and phone).
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import make_member
from hiroba.community.services import create_space
from hiroba.posts.services import add_comment
from hiroba.qa.models import Question, State
from hiroba.qa.services import ask_question
from tests.browser.test_member_journey import assert_no_horizontal_overflow, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people():
    cm = make_member("manager", role="manager")
    create_space(
        actor=cm, slug="reviews", name="商品の感想", description="商品の感想、リクエスト、質問"
    )
    return {
        "alice": make_member("alice", display_name="アリス"),
        "bob": make_member("bob", display_name="ボブ"),
        "chika": make_member("chika", display_name="千夏"),
        "mod": make_member("mod", role="moderator", display_name="やさいのひろば運営"),
    }


@pytest.fixture
def earlier_question(people):
    from hiroba.community.models import Space

    space = Space.objects.get(slug="reviews")
    question = ask_question(
        actor=people["bob"],
        space=space,
        title="ゆず塩ドレッシングの賞味期限は開封後どのくらい?",
        body="冷蔵庫で保存しています。",
    )
    add_comment(actor=people["mod"], post=question.post, body="開封後は冷蔵で一か月が目安です。")
    return question


def switch_to(page, live_server, member) -> None:
    page.context.clear_cookies()
    log_in(page, live_server, member)


def test_ask_see_similar_answer_accept_and_change(
    live_server, page, phone_page, people, earlier_question
):
    url = live_server.url
    alice, bob, chika = people["alice"], people["bob"], people["chika"]

    # --- Asking: a similar question shows while the title is typed ---------------------------
    log_in(page, live_server, alice)
    page.goto(url + reverse("qa:list"))
    page.locator("main").get_by_role("link", name=re.compile("質問する|Ask a question")).click()
    page.wait_for_url(url + reverse("qa:ask"))
    page.select_option("#id_space", "reviews")
    page.locator("#id_title").press_sequentially("ドレッシングの保存期間", delay=40)
    similar = page.locator("#similar-questions .similar-question")
    expect(similar.first).to_contain_text("ゆず塩ドレッシングの賞味期限")
    link = similar.first.locator("a")
    expect(link).to_have_attribute("target", "_blank")
    shoot(page, "qa-ask-similar-desktop")

    # Not quite the same question: alice asks hers.
    page.locator("#id_title").fill("ドレッシングの保存期間は開封前と後でちがいますか?")
    page.fill("#id_body", "未開封のものは常温で置いていますが、開封後は冷蔵庫ですか?")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/questions/\d+/$"))
    expect(page.locator("h1")).to_contain_text("ドレッシングの保存期間は開封前と後で")
    expect(page.locator("#answers")).to_contain_text(
        re.compile("まだ回答がありません|No answers yet")
    )
    question = Question.objects.get(asker=alice)
    question_url = url + reverse("qa:detail", args=[question.pk])

    # --- Bob answers ------------------------------------------------------------------------
    switch_to(page, live_server, bob)
    page.goto(question_url)
    page.fill("#id_body", "未開封は常温でOK、開封後は冷蔵庫で保存して一か月以内がおすすめです。")
    page.locator("#answer-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/questions/\d+/#comment-\d+$"))
    expect(page.locator(".answer")).to_have_count(1)
    expect(page.locator(".accept-button")).to_have_count(0)  # bob did not ask

    # --- Alice accepts bob's answer -----------------------------------------------------------
    switch_to(page, live_server, alice)
    page.goto(question_url)
    bob_answer = page.locator(".answer", has_text="未開封は常温でOK")
    bob_answer.locator(".accept-button").click()
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    expect(page.locator(".answer").first).to_have_class(re.compile("accepted-answer"))
    expect(page.locator(".answer").first).to_contain_text("未開封は常温でOK")
    expect(page.locator(".accepted-mark")).to_have_count(1)
    assert Question.objects.get(pk=question.pk).state == State.SOLVED

    # --- A better answer arrives; alice changes the acceptance ---------------------------------
    switch_to(page, live_server, chika)
    page.goto(question_url)
    page.fill(
        "#id_body", "ラベルに「開封後は冷蔵」とあります。開封前も直射日光は避けてくださいね。"
    )
    page.locator("#answer-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"#comment-\d+$"))

    switch_to(page, live_server, alice)
    page.goto(question_url)
    answers = page.locator(".answer")
    expect(answers).to_have_count(2)
    expect(answers.first).to_contain_text("未開封は常温でOK")  # the accepted one first
    chika_answer = page.locator(".answer", has_text="ラベルに")
    chika_answer.locator(".accept-button").click()
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    expect(answers.first).to_contain_text("ラベルに")
    expect(answers.first).to_have_class(re.compile("accepted-answer"))
    expect(answers.nth(1)).not_to_have_class(re.compile("accepted-answer"))
    expect(answers.nth(1).locator(".accept-button")).to_be_visible()
    row = Question.objects.get(pk=question.pk)
    assert row.accepted_answer.author == chika and row.answer_count == 2
    shoot(page, "qa-question-desktop")

    # --- The lists: the question is solved ----------------------------------------------------
    page.goto(url + reverse("qa:list") + "?tab=solved")
    expect(page.locator(".question-row")).to_contain_text(["ドレッシングの保存期間は開封前と後"])

    # --- On a phone: the question page and the ask page hold their layout -----------------------
    log_in(phone_page, live_server, alice)
    phone_page.goto(question_url)
    expect(phone_page.locator(".accepted-answer")).to_contain_text("ラベルに")
    assert_no_horizontal_overflow(phone_page)
    shoot(phone_page, "qa-question-phone")
    phone_page.goto(url + reverse("qa:ask"))
    phone_page.locator("#id_title").press_sequentially("ドレッシング 保存", delay=30)
    expect(phone_page.locator("#similar-questions .similar-question").first).to_be_visible()
    assert_no_horizontal_overflow(phone_page)
    shoot(phone_page, "qa-ask-phone")
    phone_page.goto(url + reverse("qa:list"))
    assert_no_horizontal_overflow(phone_page)
    shoot(phone_page, "qa-list-phone")


def test_a_visitor_sees_the_public_question_with_its_structured_data(
    live_server, page, earlier_question
):
    page.goto(live_server.url + reverse("qa:detail", args=[earlier_question.pk]))
    data = page.locator('script[type="application/ld+json"]')
    expect(data).to_have_count(1)
    assert '"QAPage"' in data.text_content()
    expect(page.locator(".official-mark")).to_have_count(1)
    expect(
        page.get_by_role("link", name=re.compile("ログインして回答|Log in to answer"))
    ).to_be_visible()
