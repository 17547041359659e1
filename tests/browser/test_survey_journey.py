"""A member answers a survey in a real Chromium; staff read the results with their charts.

Home page → "Surveys for you" → the answer page: a required question left blank is named on the
page, then the answers are sent (NPS buttons, choices, text) and the page thanks the member. On a
phone the 0–10 buttons wrap without sideways scrolling. The manager's results page draws the
Chart.js charts (no CSP violations: the data comes from json_script, the scripts carry the
nonce). Set HIROBA_SHOTS=/some/dir to save screenshots (desktop and phone).
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import make_member
from hiroba.surveys.models import Response
from hiroba.surveys.services import submit_response
from hiroba.surveys.tests.helpers import answers_for, build_survey
from tests.browser.test_member_journey import assert_no_horizontal_overflow, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people():
    return {
        "cm": make_member("manager", role="manager", display_name="森 さくら"),
        "alice": make_member("alice", display_name="アリス"),
        "fans": [make_member(f"fan{i:02d}") for i in range(12)],
    }


def test_a_member_answers_a_survey_and_staff_see_the_charts(live_server, page, phone_page, people):
    url = live_server.url
    built = build_survey(people["cm"], is_nps_round=True)
    for i, fan in enumerate(people["fans"]):
        score = [10, 9, 9, 8, 7, 10, 3, 6, 9, 10, 5, 8][i]
        submit_response(
            actor=fan,
            survey=built.survey,
            answers=answers_for(
                built,
                nps=score,
                reason=["使いやすいです", "レシピが豊富", "もう少し速いと嬉しい"][i % 3],
                single=i % 3,
                multiple=(i % 3,),
                scale=1 + i % 5,
            ),
        )

    # --- the member: home → survey → a missing answer → sent --------------------------------
    log_in(page, live_server, people["alice"])
    page.goto(url + reverse("home"))
    box = page.locator("#home-surveys")
    expect(box).to_contain_text(built.survey.title)
    box.get_by_role("link", name=built.survey.title).click()
    page.wait_for_url(url + reverse("surveys:detail", args=[built.survey.pk]))

    page.get_by_label("質問", exact=True).check()
    page.locator(f"label[for=q{built.multiple.pk}_{built.choice(built.multiple, 0)}]").click()
    page.locator(f"label[for=q{built.scale.pk}_4]").click()
    page.locator(f"#q{built.reason.pk}").fill('記事が読みやすい, でも\n検索が"少し"遅い')
    page.locator("button[type=submit].btn-lg").click()  # the NPS question is left blank
    error = page.locator(f"#q{built.nps.pk}_error")
    expect(error).to_be_visible()
    expect(page.locator(f"#q{built.reason.pk}")).to_have_value(
        '記事が読みやすい, でも\n検索が"少し"遅い'
    )
    shoot(page, "survey-answer-error-desktop")

    page.locator(f"label[for=q{built.nps.pk}_9]").click()
    page.locator("button[type=submit].btn-lg").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    answer = Response.objects.get(member=people["alice"]).answers.get(question=built.nps)
    assert answer.number == 9
    expect(page.locator("#home-surveys")).to_have_count(0)
    shoot(page, "survey-answered-desktop")

    # --- on a phone: the answer page of a fresh member, no sideways scrolling ------------------
    fresh = make_member("bob", display_name="ボブ")
    log_in(phone_page, live_server, fresh)
    phone_page.goto(url + reverse("surveys:detail", args=[built.survey.pk]))
    expect(phone_page.locator(f"label[for=q{built.nps.pk}_10]")).to_be_visible()
    assert_no_horizontal_overflow(phone_page)
    shoot(phone_page, "survey-answer-phone")

    # --- the manager: results with charts, NPS and reasons -------------------------------------
    page.context.clear_cookies()
    log_in(page, live_server, people["cm"])
    page.goto(url + reverse("surveys:results", args=[built.survey.pk]))
    expect(page.locator(f"#nps-score-{built.nps.pk}")).to_have_text("30.8")  # 7−3 of 13
    page.wait_for_function(
        "(id) => window.Chart && window.Chart.getChart(document.getElementById(id))",
        arg=f"chart-{built.nps.pk}",
    )
    expect(page.locator("#reasons-promoter")).to_contain_text("記事が読みやすい")
    shoot(page, "survey-results-desktop")

    # Filter by the first answer of Q1 (投稿): four fans chose it, alice chose 質問.
    page.locator(f"#result-{built.single.pk} tbody a").first.click()
    expect(page.locator("#respondent-count")).to_contain_text("4")

    log_in(phone_page, live_server, people["cm"])
    phone_page.goto(url + reverse("surveys:results", args=[built.survey.pk]))
    phone_page.wait_for_function(
        "(id) => window.Chart && window.Chart.getChart(document.getElementById(id))",
        arg=f"chart-{built.nps.pk}",
    )
    assert_no_horizontal_overflow(phone_page)
    shoot(phone_page, "survey-results-phone")


def test_the_builder_on_desktop_and_phone(live_server, page, phone_page, people):
    draft = build_survey(people["cm"], title="新商品モニターアンケート", publish=False)
    log_in(page, live_server, people["cm"])
    page.goto(live_server.url + reverse("surveys:manage_edit", args=[draft.survey.pk]))
    page.locator(f"#question-{draft.nps.pk} details summary").click()
    expect(page.locator(f"#question-{draft.nps.pk} details form")).to_be_visible()
    shoot(page, "survey-builder-desktop")

    log_in(phone_page, live_server, people["cm"])
    phone_page.goto(live_server.url + reverse("surveys:manage_edit", args=[draft.survey.pk]))
    assert_no_horizontal_overflow(phone_page)
    shoot(phone_page, "survey-builder-phone")
