"""Surveys through the API: the same rules as the pages, with 4xx JSON bodies that say why."""

import json

import pytest

from conftest import make_member
from hiroba.api.tests.conftest import ApiClient, assert_error
from hiroba.surveys.models import AudienceKind, Response
from hiroba.surveys.services import close_survey, submit_response
from hiroba.surveys.tests.helpers import answers_for, api_for, build_survey, move_opening


def api_answers(built, **kwargs) -> dict:
    return {"answers": {str(k): v for k, v in answers_for(built, **kwargs).items()}}


def put(client: ApiClient, path: str, data: dict):
    return client.client.put(
        f"/api/v1{path}", json.dumps(data), content_type="application/json", **client.headers
    )


def test_a_member_lists_reads_answers_and_sees_their_answers(built, alice):
    api = api_for(alice)
    listed = api.get("/surveys")
    assert listed.status_code == 200
    assert [s["id"] for s in listed.json()["items"]] == [built.survey.pk]
    assert listed.json()["items"][0]["responded"] is False

    detail = api.get(f"/surveys/{built.survey.pk}").json()
    assert detail["can_answer"] is True and detail["refusal"] is None
    nps = next(q for q in detail["questions"] if q["kind"] == "nps")
    assert (nps["min"], nps["max"], nps["required"]) == (0, 10, True)
    single = next(q for q in detail["questions"] if q["kind"] == "single")
    assert [c["text"] for c in single["choices"]] == ["投稿", "質問", "イベント"]

    sent = api.post(
        f"/surveys/{built.survey.pk}/response", api_answers(built, nps=8, multiple=(0, 1))
    )
    assert sent.status_code == 201, sent.content

    detail = api.get(f"/surveys/{built.survey.pk}").json()
    assert detail["responded"] is True and detail["can_answer"] is False
    assert detail["my_answers"][str(built.nps.pk)] == 8
    assert len(detail["my_answers"][str(built.multiple.pk)]) == 2


def test_a_second_response_is_409_with_a_message(built, alice):
    api = api_for(alice)
    assert api.post(f"/surveys/{built.survey.pk}/response", api_answers(built)).status_code == 201

    again = api.post(f"/surveys/{built.survey.pk}/response", api_answers(built, nps=0))

    body = assert_error(again, 409, "already_responded")
    assert "already answered" in body["message"]
    assert Response.objects.count() == 1


def test_invalid_answers_are_422_naming_each_question(built, alice):
    data = api_answers(built)
    data["answers"][str(built.nps.pk)] = 42
    data["answers"][str(built.single.pk)] = built.choice(built.multiple, 0)

    response = api_for(alice).post(f"/surveys/{built.survey.pk}/response", data)

    body = assert_error(response, 422, "invalid")
    assert body["details"][f"q{built.nps.pk}"] == ["Choose a number from 0 to 10."]
    assert body["details"][f"q{built.single.pk}"] == ["Choose one of the answers listed."]


def test_wrong_types_are_422(built, alice):
    response = api_for(alice).post(
        f"/surveys/{built.survey.pk}/response", {"answers": {str(built.nps.pk): {"x": 1}}}
    )
    assert_error(response, 422, "invalid_request")
    assert_error(api_for(alice).post(f"/surveys/{built.survey.pk}/response", raw="{"), 422)


def test_refusals_outside_the_audience_before_opening_and_after_closing(cm, alice, bob, recipes):
    from hiroba.community.services import join_space

    join_space(actor=alice, space=recipes)
    for_recipes = build_survey(cm, audience_kind=AudienceKind.SPACE, audience_space=recipes)
    response = api_for(bob).post(
        f"/surveys/{for_recipes.survey.pk}/response", api_answers(for_recipes)
    )
    assert_error(response, 403, "not_in_audience")
    detail = api_for(bob).get(f"/surveys/{for_recipes.survey.pk}").json()
    assert detail["can_answer"] is False and detail["refusal_code"] == "not_in_audience"

    later = build_survey(cm, title="後で")
    move_opening(later.survey, opens_in=3600)
    response = api_for(alice).post(f"/surveys/{later.survey.pk}/response", api_answers(later))
    assert_error(response, 403, "not_open_yet")

    closed = build_survey(cm, title="終了")
    close_survey(actor=cm, survey=closed.survey)
    response = api_for(alice).post(f"/surveys/{closed.survey.pk}/response", api_answers(closed))
    assert_error(response, 403, "closed")
    assert Response.objects.count() == 0


def test_drafts_are_404_and_visitors_get_401(cm, alice):
    draft = build_survey(cm, publish=False)
    assert_error(api_for(alice).get(f"/surveys/{draft.survey.pk}"), 404, "not_found")
    assert_error(api_for().get("/surveys"), 401, "login_required")
    assert_error(api_for().post(f"/surveys/{draft.survey.pk}/response", {"answers": {}}), 401)


def test_a_member_changes_their_response_where_allowed(cm, alice):
    editable = build_survey(cm, allow_edit=True)
    api = api_for(alice)
    path = f"/surveys/{editable.survey.pk}/response"
    assert_error(put(api, path, api_answers(editable)), 403, "not_responded")
    api.post(path, api_answers(editable, nps=2))

    changed = put(api, path, api_answers(editable, nps=9))

    assert changed.status_code == 200, changed.content
    assert api.get(f"/surveys/{editable.survey.pk}").json()["my_answers"][str(editable.nps.pk)] == 9


def test_staff_read_results_filtered_and_the_nps_series(cm, alice, editor):
    members = [make_member(f"fan{i:02d}") for i in range(4)]
    spring = build_survey(cm, title="春", is_nps_round=True)
    for member, score in zip(members, [10, 9, 5, 7], strict=True):
        submit_response(
            actor=member,
            survey=spring.survey,
            answers=answers_for(spring, nps=score, single=score % 2),
        )

    assert_error(api_for(alice).get(f"/surveys/{spring.survey.pk}/results"), 404)
    assert_error(api_for(alice).get("/surveys/nps"), 403, "editors_only")

    results = api_for(editor).get(f"/surveys/{spring.survey.pk}/results").json()
    assert results["respondents"] == 4
    nps = next(q for q in results["questions"] if q["kind"] == "nps")
    assert nps["nps"]["score"] == 25.0 and nps["nps"]["promoters"] == 2
    assert [b["count"] for b in nps["bars"]] == [0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1]

    # The second choice of Q1 went to the odd scores: 9, 5 and 7 (a promoter, a detractor, a passive)
    odd = spring.choice(spring.single, 1)
    filtered = (
        api_for(editor)
        .get(f"/surveys/{spring.survey.pk}/results", q=spring.single.pk, choice=odd)
        .json()
    )
    assert filtered["respondents"] == 3 and filtered["filter"]["choice"] == odd
    nps = next(q for q in filtered["questions"] if q["kind"] == "nps")
    assert nps["nps"]["score"] == 0.0 and nps["nps"]["total"] == 3

    series = api_for(editor).get("/surveys/nps").json()
    assert [r["title"] for r in series["rounds"]] == ["春"]
    assert series["latest"]["score"] == 25.0


@pytest.mark.parametrize("surveys", [2, 15])
def test_the_list_uses_a_fixed_number_of_queries(cm, alice, surveys, django_assert_max_num_queries):
    for i in range(surveys):
        build_survey(cm, title=f"アンケート{i}")
    api = api_for(alice)
    api.get("/surveys")
    with django_assert_max_num_queries(4):
        assert api.get("/surveys").status_code == 200
