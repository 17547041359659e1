"""Questions through the API: the same rules, states and side rows as the pages."""

import pytest

from hiroba.activity.models import Activity, Verb
from hiroba.api.tests.conftest import ApiClient, assert_error
from hiroba.posts.models import Comment
from hiroba.posts.services import add_comment
from hiroba.qa.models import Question, State
from hiroba.qa.services import accept_answer, ask_question


@pytest.fixture
def api():
    return ApiClient


@pytest.fixture(autouse=True)
def _generous_api_rates(settings):
    settings.HIROBA_RATE_POST = "1000/60"
    settings.HIROBA_RATE_COMMENT = "1000/60"


def test_a_question_is_asked_answered_accepted_changed_and_unaccepted(
    api, alice, bob, charlie, recipes
):
    asked = api(alice).post(
        "/questions", {"space": "recipes", "title": "トマトの保存方法", "body": "常温?"}
    )
    assert asked.status_code == 201, asked.content
    question = asked.json()
    assert question["state"] == "unanswered" and question["answers"] == []
    assert question["can_accept"] is True and question["space"]["slug"] == "recipes"
    qid = question["id"]
    assert question["url"].endswith(f"/questions/{qid}/")

    first = api(bob).post(f"/questions/{qid}/answers", {"body": "冷蔵庫で"})
    assert first.status_code == 201 and first.json()["by_asker"] is False
    second = api(charlie).post(
        f"/posts/{qid}/comments", {"body": "野菜室で"}
    )  # answers are comments
    first_id, second_id = first.json()["id"], second.json()["id"]

    accepted = api(alice).post(f"/questions/{qid}/accepted-answer", {"answer": first_id})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["state"] == "solved"
    assert accepted.json()["accepted_answer_id"] == first_id

    changed = api(alice).post(f"/questions/{qid}/accepted-answer", {"answer": second_id})
    assert changed.json()["accepted_answer_id"] == second_id

    detail = api(bob).get(f"/questions/{qid}").json()
    assert [a["id"] for a in detail["answers"]] == [second_id, first_id]
    assert [a["is_accepted"] for a in detail["answers"]] == [True, False]
    assert detail["can_accept"] is False and detail["answer_count"] == 2

    reopened = api(alice).delete(f"/questions/{qid}/accepted-answer")
    assert reopened.status_code == 200
    assert reopened.json()["state"] == "answered" and reopened.json()["accepted_answer_id"] is None
    assert Activity.objects.filter(verb=Verb.QUESTION_SOLVED).count() == 2
    assert Activity.objects.filter(verb=Verb.QUESTION_UNSOLVED).count() == 1


def test_the_list_has_the_same_tabs_and_a_keyset_cursor(api, alice, bob, recipes, lounge):
    made = [
        ask_question(actor=alice, space=recipes, title=f"質問 {i}", body="?").pk for i in range(5)
    ]
    answer = add_comment(actor=bob, post=Question.objects.get(pk=made[0]).post, body="回答")
    accept_answer(actor=alice, question=Question.objects.get(pk=made[0]), answer=answer)
    lounge_question = ask_question(actor=bob, space=lounge, title="雑談", body="?")

    page = api(alice).get("/questions", limit=3).json()
    assert [q["id"] for q in page["items"]] == [lounge_question.pk, *made[::-1][:2]]
    rest = api(alice).get("/questions", limit=3, cursor=page["next_cursor"]).json()
    assert [q["id"] for q in rest["items"]] == made[::-1][2:]
    assert rest["next_cursor"] is None

    solved = api(alice).get("/questions", tab="solved").json()["items"]
    assert [(q["id"], q["state"]) for q in solved] == [(made[0], "solved")]
    assert solved[0]["solved_by_staff"] is False
    mine = api(bob).get("/questions", tab="mine").json()["items"]
    assert [q["id"] for q in mine] == [lounge_question.pk]
    in_space = api(alice).get("/questions", tab="unanswered", space="lounge").json()["items"]
    assert [q["id"] for q in in_space] == [lounge_question.pk]
    assert [q["id"] for q in api().get("/questions").json()["items"]] == made[::-1]


def test_bad_list_parameters_are_clear_errors(api, alice):
    assert_error(api(alice).get("/questions", tab="everything"), 422, "invalid_request")
    assert_error(api(alice).get("/questions", limit=0), 422, "invalid_request")
    assert_error(api(alice).get("/questions", space="no such space"), 404, "not_found")
    assert_error(api().get("/questions", tab="mine"), 401, "login_required")


def test_asking_checks_its_input(api, alice, recipes, inner_circle, charlie):
    assert_error(api(alice).post("/questions", {"space": "recipes", "body": "?"}), 422)
    body = assert_error(
        api(alice).post("/questions", {"space": "recipes", "title": " ", "body": "?"}), 422
    )
    assert "title" in body["details"]
    assert_error(
        api(charlie).post("/questions", {"space": "inner", "title": "t", "body": "b"}),
        404,
        "not_found",
    )
    assert_error(api().post("/questions", {"space": "recipes", "title": "t", "body": "b"}), 401)
    assert_error(
        api(alice).post("/questions", raw="not json", content_type="application/json"), 422
    )
    assert not Question.objects.exists()


def test_an_outsider_gets_404_for_a_restricted_question(api, restricted_question, bob, charlie):
    answer = add_comment(actor=bob, post=restricted_question.post, body="回答")
    qid = restricted_question.pk
    outsider = api(charlie)
    assert_error(outsider.get(f"/questions/{qid}"), 404, "not_found")
    assert_error(outsider.post(f"/questions/{qid}/answers", {"body": "x"}), 404, "not_found")
    assert_error(outsider.post(f"/questions/{qid}/accepted-answer", {"answer": answer.pk}), 404)
    assert_error(outsider.delete(f"/questions/{qid}/accepted-answer"), 404)
    assert_error(api().get(f"/questions/{qid}"), 404)
    assert qid not in [q["id"] for q in outsider.get("/questions").json()["items"]]
    assert Comment.objects.count() == 1


def test_a_member_who_did_not_ask_cannot_accept(api, question, bob, charlie):
    answer = add_comment(actor=bob, post=question.post, body="回答")
    path = f"/questions/{question.pk}/accepted-answer"
    assert_error(api(charlie).post(path, {"answer": answer.pk}), 403, "not_asker")
    assert_error(api(bob).delete(path), 403, "not_asker")
    assert Question.objects.get(pk=question.pk).state == State.ANSWERED


def test_accepting_something_else_than_an_answer_is_a_clear_error(
    api, question, alice, bob, recipes
):
    answer = add_comment(actor=bob, post=question.post, body="回答")
    reply = add_comment(actor=bob, post=question.post, body="追記", parent=answer)
    other = ask_question(actor=bob, space=recipes, title="別の質問", body="?")
    elsewhere = add_comment(actor=alice, post=other.post, body="別の回答")
    own = add_comment(actor=alice, post=question.post, body="自己解決")
    path = f"/questions/{question.pk}/accepted-answer"
    client = api(alice)

    for wrong in (reply, elsewhere):
        body = assert_error(client.post(path, {"answer": wrong.pk}), 422, "invalid")
        assert "answer" in body["details"]
    assert_error(client.post(path, {"answer": own.pk}), 403, "own_answer")
    assert_error(client.post(path, {"answer": 10**12}), 404, "not_found")
    assert_error(client.post(path, {"answer": "1"}), 422, "invalid_request")
    assert_error(client.post(path, {}), 422, "invalid_request")
    assert_error(api(alice).get("/questions/999999999"), 404, "not_found")
    assert Question.objects.get(pk=question.pk).accepted_answer_id is None


def test_an_ordinary_post_is_not_a_question(api, alice, recipes):
    from hiroba.posts.services import publish_post

    post = publish_post(actor=alice, space=recipes, body="今日のごはん")
    assert_error(api(alice).get(f"/questions/{post.pk}"), 404, "not_found")


def test_staff_answers_are_official(api, question, mod, bob):
    add_comment(actor=bob, post=question.post, body="member")
    add_comment(actor=mod, post=question.post, body="staff")
    answers = api(bob).get(f"/questions/{question.pk}").json()["answers"]
    assert [a["is_official"] for a in answers] == [False, True]


def test_the_list_and_detail_query_counts_are_fixed(
    api, alice, bob, recipes, django_assert_max_num_queries
):
    for i in range(12):
        question = ask_question(actor=alice, space=recipes, title=f"質問 {i}", body="?")
        add_comment(actor=bob, post=question.post, body=f"回答 {i}")
    client = api(bob)
    client.get("/questions")

    # token, member, spaces, memberships, questions
    with django_assert_max_num_queries(6):
        assert len(client.get("/questions").json()["items"]) == 12
    # token, member, post, spaces, memberships, question, comments, likes x2, photos
    with django_assert_max_num_queries(10):
        assert client.get(f"/questions/{question.pk}").status_code == 200


def test_a_suspended_member_still_reads_their_questions_but_cannot_accept(
    api, question, alice, bob, cm
):
    from hiroba.moderation.services import sanction_member

    answer = add_comment(actor=bob, post=question.post, body="回答")
    sanction_member(actor=cm, member=alice, kind="suspend", reason="test")

    mine = api(alice).get("/questions", tab="mine").json()["items"]
    assert [q["id"] for q in mine] == [question.pk]
    path = f"/questions/{question.pk}/accepted-answer"
    assert_error(api(alice).post(path, {"answer": answer.pk}), 403, "suspended")
    assert Question.objects.get(pk=question.pk).accepted_answer_id is None
