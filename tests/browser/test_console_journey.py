"""The staff console in a real Chromium: the community manager opens the console from the
Manage menu, reads today's to-do list, the KPIs of a custom period (the charts draw, a wrong
period says what is wrong), and the executive report, which downloads as a PDF. On a phone the
to-do list and the report do not scroll sideways. Pages are watched for CSP violations and
script errors (conftest.py). HIROBA_SHOTS=/dir saves screenshots.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_member
from hiroba.community.services import create_space
from hiroba.insights.rollup import rollup_days
from hiroba.posts.services import add_comment, add_reaction, publish_post
from hiroba.qa.models import Question
from hiroba.qa.services import ask_question
from tests.browser.test_member_journey import assert_no_horizontal_overflow, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def community():
    cm = make_member("manager", role="manager", display_name="森 さくら")
    alice = make_member("alice", display_name="アリス")
    bob = make_member("bob", display_name="ボブ")
    recipes = create_space(actor=cm, slug="recipes", name="レシピ", description="料理の写真")
    post = publish_post(actor=alice, space=recipes, body="トマトの冷製パスタ")
    add_comment(actor=bob, post=post, body="おいしそう!")
    add_reaction(actor=bob, post=post)
    question = ask_question(actor=bob, space=recipes, title="トマトの保存方法は?", body="常温?")
    Question.objects.filter(pk=question.pk).update(asked_at=timezone.now() - timedelta(days=2))
    today = timezone.localdate()
    rollup_days(today - timedelta(days=2), today)
    return cm


def test_the_manager_reads_the_console(live_server, page, phone_page, community):
    url = live_server.url
    log_in(page, live_server, community)
    page.goto(url + "/")
    page.get_by_role("button", name="管理").click()
    page.get_by_role("link", name="コンソール").click()
    expect(page).to_have_url(url + reverse("console:home"))
    questions = page.locator('[data-todo="questions"]')
    expect(questions).to_contain_text("トマトの保存方法は?")
    expect(page.locator('[data-todo="welcome"]')).to_contain_text("アリス")
    shoot(page, "console-todo-desktop")

    # The KPIs of the last three days: the cards and the charts (drawn by Chart.js).
    page.locator(".console-nav").get_by_role("link", name="KPI").click()
    today = timezone.localdate()
    page.select_option("select[name=period]", "custom")
    page.fill("input[name=day]", (today - timedelta(days=2)).isoformat())
    page.fill("input[name=end]", today.isoformat())
    page.locator("form.kpi-period-form button[type=submit]").click()
    expect(page.locator("#kpi-period")).to_contain_text(
        f"{today - timedelta(days=2):%Y/%m/%d}"
    )  # as Japanese pages write a day
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas')].length > 0 && "
        "[...document.querySelectorAll('canvas')].every(c => window.Chart.getChart(c))"
    )
    shoot(page, "console-kpis-desktop")
    # A period that ends before it starts is refused with a message on the form.
    page.fill("input[name=end]", (today - timedelta(days=5)).isoformat())
    page.locator("form.kpi-period-form button[type=submit]").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()

    # The executive report of the same days, then its PDF.
    page.goto(
        url
        + reverse("console:report")
        + f"?period=custom&day={today - timedelta(days=2)}&end={today}"
    )
    expect(page.locator('[data-kpi="posts"] .kpi-value')).to_have_text("2")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.report canvas')].every(c => window.Chart.getChart(c))"
    )
    shoot(page, "console-report-desktop")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # On a phone: the to-do list and the report keep to the screen's width.
    log_in(phone_page, live_server, community)
    for path in (reverse("console:home"), reverse("console:report")):
        phone_page.goto(url + path)
        assert_no_horizontal_overflow(phone_page)
    shoot(phone_page, "console-report-phone")
