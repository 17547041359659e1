"""The members' pages (list, answering, editing, refusals) and the staff pages (builder, results,
free text), with their fixed query counts."""

import json
import re

import pytest
from django.urls import reverse

from conftest import make_member
from hiroba.activity.models import Activity, Verb
from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.surveys.models import AudienceKind, Kind, Response, Status, Survey
from hiroba.surveys.services import close_survey, submit_response
from hiroba.surveys.tests.helpers import answers_for, build_survey, client_for, move_opening


def detail_url(survey) -> str:
    return reverse("surveys:detail", args=[survey.pk])


def form_data(built, **kwargs) -> dict:
    return {f"q{k}": v for k, v in answers_for(built, **kwargs).items()}


# --- members ------------------------------------------------------------------------------------


def test_a_member_answers_from_the_page(built, alice):
    client = client_for(alice)
    html = client.get(detail_url(built.survey)).content.decode()
    assert "Send my answers" in html and f'name="q{built.nps.pk}"' in html

    data = form_data(built, nps=9, reason="使いやすい", multiple=(0, 1), scale=4, short="ok")
    response = client.post(detail_url(built.survey), data, follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Thank you for answering!" in html and "You have answered this survey" in html
    assert "使いやすい" in html  # the member sees their own answers
    assert Response.objects.get().member == alice


def test_errors_show_beside_their_question_and_keep_what_was_typed(built, alice):
    data = form_data(built, reason="理由はこれ")
    data[f"q{built.nps.pk}"] = "11"
    data[f"q{built.single.pk}"] = ""

    response = client_for(alice).post(detail_url(built.survey), data)

    assert response.status_code == 422
    html = response.content.decode()
    nps_block = html.split(f'id="question-{built.nps.pk}"')[1].split("</fieldset>")[0]
    assert "Choose a number from 0 to 10." in nps_block
    single_block = html.split(f'id="question-{built.single.pk}"')[1].split("</fieldset>")[0]
    assert "Please answer this question." in single_block
    assert "理由はこれ" in html
    assert Response.objects.count() == 0


def test_a_second_response_from_the_page_is_refused_with_a_message(built, alice):
    submit_response(actor=alice, survey=built.survey, answers=answers_for(built))

    response = client_for(alice).post(detail_url(built.survey), form_data(built, nps=1))

    assert response.status_code == 409
    assert "You have already answered this survey" in response.content.decode()
    assert Response.objects.count() == 1


def test_before_opening_and_after_closing_the_page_says_so(built, alice, cm):
    survey = move_opening(built.survey, opens_in=3600)
    html = client_for(alice).get(detail_url(survey)).content.decode()
    assert "This survey opens on" in html and "Send my answers" not in html
    response = client_for(alice).post(detail_url(survey), form_data(built))
    assert response.status_code == 403 and "This survey opens on" in response.content.decode()

    survey = move_opening(built.survey, opens_in=-60)
    close_survey(actor=cm, survey=survey)
    html = client_for(alice).get(detail_url(survey)).content.decode()
    assert "This survey closed on" in html and "Send my answers" not in html
    response = client_for(alice).post(detail_url(survey), form_data(built))
    assert response.status_code == 403


def test_outside_the_audience_the_page_says_so(cm, alice, bob, recipes):
    from hiroba.community.services import join_space

    join_space(actor=alice, space=recipes)
    for_recipes = build_survey(cm, audience_kind=AudienceKind.SPACE, audience_space=recipes)

    response = client_for(bob).get(detail_url(for_recipes.survey))
    assert response.status_code == 403
    html = response.content.decode()
    assert "This survey is for the members of" in html and "Send my answers" not in html
    response = client_for(bob).post(detail_url(for_recipes.survey), form_data(for_recipes))
    assert response.status_code == 403 and Response.objects.count() == 0


def test_drafts_are_404_for_members_and_visitors_must_log_in(cm, alice):
    draft = build_survey(cm, publish=False)
    assert client_for(alice).get(detail_url(draft.survey)).status_code == 404
    preview = client_for(cm).get(detail_url(draft.survey))
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Preview of a draft" in html and draft.nps.text in html
    assert re.search(r'type="submit" disabled>\s*Send my answers', html)
    response = client_for().get(detail_url(draft.survey))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_editable_response_is_shown_filled_in_and_changes(cm, alice):
    editable = build_survey(cm, allow_edit=True)
    submit_response(actor=alice, survey=editable.survey, answers=answers_for(editable, nps=4))
    client = client_for(alice)

    html = client.get(detail_url(editable.survey)).content.decode()
    assert "Save my changes" in html
    assert re.search(rf'id="q{editable.nps.pk}_4" value="4" autocomplete="off" checked', html)

    client.post(detail_url(editable.survey), form_data(editable, nps=9), follow=True)

    answer = Response.objects.get().answers.get(question=editable.nps)
    assert answer.number == 9


def test_an_anonymous_survey_says_how_answers_are_kept(cm, alice):
    anonymous = build_survey(cm, is_anonymous=True)
    html = client_for(alice).get(detail_url(anonymous.survey)).content.decode()
    assert "your answers are stored without your name" in html
    assert "separate note that you have answered" in html


def test_the_list_shows_open_surveys_answered_or_not(cm, alice):
    first = build_survey(cm, title="答えたもの")
    build_survey(cm, title="まだのもの")
    build_survey(cm, title="下書き", publish=False)
    submit_response(actor=alice, survey=first.survey, answers=answers_for(first))

    html = client_for(alice).get(reverse("surveys:list")).content.decode()

    assert "答えたもの" in html and "まだのもの" in html and "下書き" not in html
    assert html.count("Answered") >= 1 and "Not answered yet" in html


@pytest.mark.parametrize("surveys", [3, 25])
def test_the_member_list_query_count_does_not_grow(
    cm, alice, surveys, django_assert_max_num_queries
):
    for i in range(surveys):
        build_survey(cm, title=f"アンケート{i}")
    client = client_for(alice)
    client.get(reverse("surveys:list"))

    # session, member, unread notifications, surveys (answered and audience as subqueries)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("surveys:list"))
    assert response.status_code == 200


@pytest.mark.parametrize("questions", [6, 12])
def test_the_answer_page_query_count_does_not_grow(
    cm, alice, questions, django_assert_max_num_queries
):
    from hiroba.surveys.services import add_question

    built = build_survey(cm, publish=False)
    for i in range(questions - 6):
        add_question(
            actor=cm, survey=built.survey, kind=Kind.SINGLE, text=f"追加{i}", choices=["a", "b"]
        )
    from hiroba.surveys.services import publish_survey

    publish_survey(actor=cm, survey=built.survey)
    client = client_for(alice)
    client.get(detail_url(built.survey))

    # session, member, unread notifications, survey, questions, choices, responded
    with django_assert_max_num_queries(7):
        assert client.get(detail_url(built.survey)).status_code == 200


# --- staff --------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["alice", "mod"])
def test_the_builder_is_404_for_everyone_but_editors_and_managers(request, built, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("surveys:manage_list")).status_code == 404
    assert client.get(reverse("surveys:manage_edit", args=[built.survey.pk])).status_code == 404
    assert client.get(reverse("surveys:results", args=[built.survey.pk])).status_code == 404


def test_an_editor_builds_and_publishes_from_the_pages(editor, alice, recipes):
    client = client_for(editor)
    response = client.post(
        reverse("surveys:manage_new"),
        {"title": "イベント満足度", "description": "", "audience_kind": "space",
         "audience_space": recipes.pk},
    )  # fmt: skip
    survey = Survey.objects.get()
    assert response.status_code == 302 and survey.audience_space == recipes
    edit = reverse("surveys:manage_edit", args=[survey.pk])
    add = reverse("surveys:question_add", args=[survey.pk])

    client.post(add, {"new-kind": "nps", "new-text": "勧めますか?", "new-required": "on"})
    client.post(add, {"new-kind": "long_text", "new-text": "理由", "new-is_reason": "on"})
    response = client.post(
        add, {"new-kind": "single", "new-text": "会場は?", "new-choices": "東京\n"}
    )
    assert response.status_code == 422 and "Give at least two choices." in response.content.decode()
    client.post(add, {"new-kind": "single", "new-text": "会場は?", "new-choices": "東京\n大阪\n"})
    nps, reason, venue = survey.questions.order_by("position")
    assert reason.reason_for == nps and [c.text for c in venue.choices.all()] == ["東京", "大阪"]

    client.post(reverse("surveys:question_move", args=[survey.pk, venue.pk]), {"direction": "up"})
    assert [q.text for q in survey.questions.order_by("position")] == [
        "勧めますか?",
        "会場は?",
        "理由",
    ]

    response = client.post(
        reverse("surveys:publish", args=[survey.pk]), {"opens_at": "", "closes_at": ""}
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.status == Status.PUBLISHED
    html = client.get(edit).content.decode()
    assert "its questions and choices are fixed" in html and "Add a question" not in html

    response = client.post(
        reverse("surveys:question_edit", args=[survey.pk, venue.pk]),
        {f"q{venue.pk}-text": "会場はどこ?", f"q{venue.pk}-choices": "東京\n大阪\n名古屋"},
    )
    assert response.status_code == 422
    assert "without adding or removing any" in response.content.decode()
    client.post(
        reverse("surveys:question_edit", args=[survey.pk, venue.pk]),
        {f"q{venue.pk}-text": "会場はどこ?", f"q{venue.pk}-choices": "東京会場\n大阪会場"},
    )
    venue.refresh_from_db()
    assert venue.text == "会場はどこ?" and [c.text for c in venue.choices.all()] == [
        "東京会場",
        "大阪会場",
    ]

    client.post(reverse("surveys:close", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == Status.CLOSED
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [
        AuditAction.SURVEY_PUBLISH,
        AuditAction.SURVEY_CHANGE,
        AuditAction.SURVEY_CLOSE,
    ]


def _fill(built, members, scores, reasons):
    for member, score, reason in zip(members, scores, reasons, strict=True):
        submit_response(
            actor=member,
            survey=built.survey,
            answers=answers_for(
                built,
                nps=score,
                reason=reason,
                single=score % 3,
                multiple=(0,),
                scale=1 + score % 5,
            ),
        )


def test_the_results_page_shows_counts_nps_reasons_and_filters(built, cm):
    members = [make_member(f"fan{i:02d}") for i in range(5)]
    _fill(built, members, [10, 9, 7, 3, 0], ["最高", "便利", "ふつう", "遅い", "不便"])
    client = client_for(cm)
    url = reverse("surveys:results", args=[built.survey.pk])

    response = client.get(url)

    html = response.content.decode()
    assert "5 respondents" in html
    score = re.search(rf'id="nps-score-{built.nps.pk}">([^<]+)<', html).group(1)
    assert score == "0.0"  # 2 promoters, 2 detractors of 5
    promoters = html.split('id="reasons-promoter"')[1].split("</ul>")[0]
    assert "最高" in promoters and "便利" in promoters and "遅い" not in promoters
    detractors = html.split('id="reasons-detractor"')[1].split("</ul>")[0]
    assert "遅い" in detractors and "不便" in detractors
    charts = json.loads(
        re.search(r'id="survey-charts" type="application/json">(.*?)</script>', html).group(1)
    )
    assert charts[f"chart-{built.nps.pk}"]["counts"] == [1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1]
    assert 'src="/static/vendor/chartjs/chart.umd.min.js" nonce=' in html

    # Only the respondents who chose the first answer of Q1: scores 9, 3 and 0 (score % 3 == 0)
    filtered = client.get(url, {"q": built.single.pk, "choice": built.choice(built.single, 0)})
    html = filtered.content.decode()
    assert "3 respondents" in html and "Showing respondents who answered" in html
    assert re.search(rf'id="nps-score-{built.nps.pk}">([^<]+)<', html).group(1) == "-33.3"
    charts = json.loads(
        re.search(r'id="survey-charts" type="application/json">(.*?)</script>', html).group(1)
    )
    assert charts[f"chart-{built.nps.pk}"]["counts"] == [1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0]


@pytest.mark.parametrize("responses", [5, 40])
def test_the_results_page_query_count_does_not_grow(
    built, cm, responses, django_assert_max_num_queries
):
    members = [make_member(f"fan{i:02d}") for i in range(responses)]
    _fill(
        built, members, [i % 11 for i in range(responses)], [f"理由{i}" for i in range(responses)]
    )
    client = client_for(cm)
    url = reverse("surveys:results", args=[built.survey.pk])
    client.get(url)

    # session, member, unread notifications, survey, questions, choices, choice counts, number
    # counts, answered of multiple choice and text questions, three reason lists, two text lists
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(15):  # + the filtered respondent count
        assert client.get(url, {"q": built.nps.pk, "number": 5}).status_code == 200


def test_free_text_answers_page_by_key(built, cm):
    members = [make_member(f"fan{i:02d}") for i in range(25)]
    _fill(built, members, [10] * 25, [f"理由{i:02d}" for i in range(25)])
    client = client_for(cm)
    url = reverse("surveys:texts", args=[built.survey.pk, built.reason.pk])

    first = client.get(url).content.decode()
    shown = re.findall(r"理由\d\d", first)
    assert shown[0] == "理由24" and len(shown) == 20
    cursor = re.search(r'href="\?cursor=([^"&]+)', first).group(1)
    rest = client.get(url, {"cursor": cursor}, HTTP_HX_REQUEST="true").content.decode()
    assert re.findall(r"理由\d\d", rest) == [f"理由{i:02d}" for i in range(4, -1, -1)]

    promoters = client.get(url, {"category": "promoter"}).content.decode()
    assert "Reasons of promoters" in promoters


def test_the_results_show_the_nps_trend_across_rounds(cm):
    members = [make_member(f"fan{i:02d}") for i in range(3)]
    spring = build_survey(cm, title="2026年春", is_nps_round=True)
    autumn = build_survey(cm, title="2026年秋", is_nps_round=True)
    for member, score in zip(members, [10, 2, 8], strict=True):
        submit_response(actor=member, survey=spring.survey, answers=answers_for(spring, nps=score))
        submit_response(actor=member, survey=autumn.survey, answers=answers_for(autumn, nps=10))

    html = client_for(cm).get(reverse("surveys:results", args=[autumn.survey.pk])).content.decode()

    charts = json.loads(
        re.search(r'id="survey-charts" type="application/json">(.*?)</script>', html).group(1)
    )
    assert charts["nps-trend"] == {"labels": ["2026年春", "2026年秋"], "scores": [0.0, 100.0]}
    assert "NPS across rounds" in html


def test_answering_records_one_activity_row(built, alice):
    client_for(alice).post(detail_url(built.survey), form_data(built))
    assert Activity.objects.filter(verb=Verb.SURVEY_RESPONSE, actor=alice).count() == 1
