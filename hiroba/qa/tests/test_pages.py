"""The question pages: lists and tabs, asking with similar questions, the question page with the
accepted answer first, answering and accepting from the page; 404s and fixed query counts."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_member
from hiroba.activity.models import Activity, Verb
from hiroba.posts.models import Comment
from hiroba.posts.services import add_comment, publish_post
from hiroba.qa.models import Question, State
from hiroba.qa.services import accept_answer, ask_question


def client_for(member=None, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if member is not None:
        client.force_login(member)
    return client


def detail_url(question) -> str:
    return reverse("qa:detail", args=[question.pk])


@pytest.fixture
def answered(question, bob, charlie):
    """alice's question with bob's and charlie's answers, oldest first."""
    first = add_comment(actor=bob, post=question.post, body="開封後は一か月が目安です")
    second = add_comment(actor=charlie, post=question.post, body="冷蔵庫なら二か月は平気でした")
    return question, first, second


def answer_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'id="answer-(\d+)"', html)]


# --- the question page -------------------------------------------------------------------------


def test_the_question_page_shows_the_accepted_answer_first(answered, alice):
    question, first, second = answered
    html = client_for(alice).get(detail_url(question)).content.decode()
    assert answer_ids(html) == [first.pk, second.pk]
    assert "Accepted answer" not in html

    accept_answer(actor=alice, question=question, answer=second)

    html = client_for(alice).get(detail_url(question)).content.decode()
    assert answer_ids(html) == [second.pk, first.pk]
    accepted_block = html.split(f'id="answer-{second.pk}"')[1].split('id="answer-')[0]
    assert "Accepted answer" in accepted_block and "Remove acceptance" in accepted_block
    other_block = html.split(f'id="answer-{first.pk}"')[1]
    assert "Accept this one instead" in other_block


def test_staff_answers_are_marked_official(question, mod, editor, official, bob):
    add_comment(actor=bob, post=question.post, body="member answer")
    add_comment(actor=mod, post=question.post, body="moderator answer")
    add_comment(actor=editor, post=question.post, body="editorial answer", as_account=official)

    html = client_for(bob).get(detail_url(question)).content.decode()

    blocks = html.split('class="card mb-3 answer')[1:]
    assert ["Official answer" in block for block in blocks] == [False, True, True]


def test_only_the_asker_and_staff_see_accept_buttons(answered, alice, bob, charlie, mod):
    question, first, second = answered
    for member, sees in ((alice, True), (mod, True), (bob, False), (charlie, False)):
        html = client_for(member).get(detail_url(question)).content.decode()
        assert ("Accept this answer" in html) is sees, member
    assert "Accept this answer" not in client_for().get(detail_url(question)).content.decode()


def test_the_asker_sees_no_accept_button_on_their_own_comment(question, alice):
    own = add_comment(actor=alice, post=question.post, body="補足です")
    html = client_for(alice).get(detail_url(question)).content.decode()
    block = html.split(f'id="answer-{own.pk}"')[1]
    assert "From the asker" in block and "Accept this answer" not in block


def test_the_post_page_of_a_question_redirects_to_the_question_page(question, bob):
    response = client_for(bob).get(reverse("posts:detail", args=[question.pk]))
    assert response.status_code == 302 and response["Location"] == detail_url(question)


def test_an_ordinary_post_is_not_a_question(alice, recipes):
    post = publish_post(actor=alice, space=recipes, body="今日のごはん")
    assert client_for(alice).get(reverse("qa:detail", args=[post.pk])).status_code == 404


def test_outsiders_get_404_for_a_restricted_question(restricted_question, charlie, bob):
    url = detail_url(restricted_question)
    assert client_for(charlie).get(url).status_code == 404
    assert client_for().get(url).status_code == 404
    assert client_for(bob).get(url).status_code == 200
    for action in ("qa:answer", "qa:accept", "qa:unaccept"):
        response = client_for(charlie).post(
            reverse(action, args=[restricted_question.pk]), {"body": "x", "answer": 1}
        )
        assert response.status_code == 404, action
    assert Comment.objects.count() == 0
    missing = reverse("qa:detail", args=[restricted_question.pk + 1000])
    assert client_for(charlie).get(missing).status_code == 404


def test_the_japanese_page_renders(answered, alice):
    question, _first, second = answered
    accept_answer(actor=alice, question=question, answer=second)
    html = client_for(alice, language="ja").get(detail_url(question)).content.decode()
    assert "ゆず塩ドレッシングの賞味期限" in html and "冷蔵庫なら二か月は平気でした" in html


# --- answering and accepting from the page -----------------------------------------------------


def test_a_member_answers_from_the_page(question, bob):
    response = client_for(bob).post(reverse("qa:answer", args=[question.pk]), {"body": "大丈夫"})

    comment = Comment.objects.get(post=question.post)
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(question)}#comment-{comment.pk}"
    assert Question.objects.get(pk=question.pk).state == State.ANSWERED


def test_an_empty_answer_is_shown_again_with_the_reason(question, bob):
    response = client_for(bob).post(reverse("qa:answer", args=[question.pk]), {"body": "   "})
    assert response.status_code == 422
    assert b"answer-form" in response.content and b"invalid-feedback" in response.content
    assert not Comment.objects.exists()


def test_visitors_are_sent_to_log_in_to_answer(question):
    response = client_for().post(reverse("qa:answer", args=[question.pk]), {"body": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Comment.objects.exists()


def test_the_asker_accepts_changes_and_removes_from_the_page(answered, alice):
    question, first, second = answered
    client = client_for(alice)
    accept = reverse("qa:accept", args=[question.pk])

    response = client.post(accept, {"answer": first.pk})
    assert response["Location"] == f"{detail_url(question)}#comment-{first.pk}"
    assert Question.objects.get(pk=question.pk).accepted_answer_id == first.pk

    client.post(accept, {"answer": second.pk})
    assert Question.objects.get(pk=question.pk).accepted_answer_id == second.pk

    client.post(reverse("qa:unaccept", args=[question.pk]))
    row = Question.objects.get(pk=question.pk)
    assert row.accepted_answer_id is None and row.state == State.ANSWERED
    verbs = list(
        Activity.objects.filter(verb__startswith="question_s")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == [Verb.QUESTION_SOLVED, Verb.QUESTION_SOLVED]
    assert Activity.objects.filter(verb=Verb.QUESTION_UNSOLVED).count() == 1


def test_a_member_who_did_not_ask_cannot_accept_from_the_page(answered, bob, charlie):
    question, first, _second = answered
    response = client_for(charlie).post(
        reverse("qa:accept", args=[question.pk]), {"answer": first.pk}
    )
    assert response.status_code == 403
    assert Question.objects.get(pk=question.pk).accepted_answer_id is None


def test_accepting_something_that_is_not_an_answer_says_so(answered, alice, bob):
    question, first, _second = answered
    reply = add_comment(actor=bob, post=question.post, body="追記", parent=first)
    client = client_for(alice)

    response = client.post(reverse("qa:accept", args=[question.pk]), {"answer": reply.pk})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Choose one of the answers shown under this question." in page
    for bad in ({"answer": "abc"}, {}):
        response = client.post(reverse("qa:accept", args=[question.pk]), bad)
        assert response.status_code == 302
    assert (
        client.post(reverse("qa:accept", args=[question.pk]), {"answer": 10**9}).status_code == 404
    )
    assert Question.objects.get(pk=question.pk).accepted_answer_id is None


# --- asking ------------------------------------------------------------------------------------


def test_a_member_asks_from_the_questions_page(bob, recipes):
    client = client_for(bob)
    assert client.get(reverse("qa:ask")).status_code == 200

    response = client.post(
        reverse("qa:ask"),
        {"space": "recipes", "title": "How long does the ketchup keep?", "body": "After opening"},
    )

    question = Question.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(question)
    assert question.asker == bob and question.space == recipes


def test_a_member_asks_from_a_space(bob, recipes):
    client = client_for(bob)
    url = reverse("qa:ask_in_space", args=["recipes"])
    assert client.get(url).status_code == 200
    client.post(url, {"title": "トマトの保存", "body": "常温でいい?"})
    assert Question.objects.get().space == recipes


def test_asking_without_a_title_keeps_the_text(bob, recipes):
    response = client_for(bob).post(
        reverse("qa:ask"), {"space": "recipes", "title": "", "body": "本文は残る"}
    )
    assert response.status_code == 422
    assert "本文は残る" in response.content.decode()
    assert not Question.objects.exists()


def test_an_outsider_cannot_ask_in_a_restricted_space(charlie, inner_circle):
    assert client_for(charlie).get(reverse("qa:ask_in_space", args=["inner"])).status_code == 404
    response = client_for(charlie).post(
        reverse("qa:ask"), {"space": "inner", "title": "t", "body": "b"}
    )
    assert response.status_code == 422  # "inner" is not among the choices: a form error
    assert not Question.objects.exists()


def test_the_ask_page_needs_a_login(db):
    response = client_for().get(reverse("qa:ask"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_similar_questions_show_while_typing(question, alice, bob, recipes):
    other = ask_question(actor=bob, space=recipes, title="トマトの保存方法", body="常温?")
    accept_answer(
        actor=bob,
        question=other,
        answer=add_comment(actor=alice, post=other.post, body="冷蔵庫です"),
    )
    client = client_for(bob)

    html = client.get(reverse("qa:similar"), {"title": "ドレッシングの保存期間"}).content.decode()
    assert "ゆず塩ドレッシングの賞味期限" in html

    html = client.get(reverse("qa:similar"), {"title": "ミニトマトの保存"}).content.decode()
    assert "トマトの保存方法" in html and "Solved" in html

    assert client.get(reverse("qa:similar"), {"title": "の は が"}).content.strip() == b""


def test_similar_questions_leave_out_what_the_reader_cannot_see(restricted_question, charlie):
    html = client_for(charlie).get(reverse("qa:similar"), {"title": "試作品の感想"}).content
    assert "試作品".encode() not in html
    html = client_for(restricted_question.asker).get(
        reverse("qa:similar"), {"title": "試作品の感想"}
    )
    assert "試作品".encode() in html.content


# --- lists -------------------------------------------------------------------------------------


@pytest.fixture
def every_state(alice, bob, charlie, recipes, lounge):
    """One question in each state (by alice), and one by bob in the members-only lounge."""
    unanswered = ask_question(actor=alice, space=recipes, title="未回答の質問", body="?")
    unsolved = ask_question(actor=alice, space=recipes, title="未解決の質問", body="?")
    add_comment(actor=bob, post=unsolved.post, body="answer")
    solved = ask_question(actor=alice, space=recipes, title="解決済みの質問", body="?")
    answer = add_comment(actor=charlie, post=solved.post, body="answer")
    accept_answer(actor=alice, question=solved, answer=answer)
    lounge_question = ask_question(actor=bob, space=lounge, title="雑談の質問", body="?")
    return {
        "unanswered": unanswered,
        "unsolved": unsolved,
        "solved": solved,
        "lounge": lounge_question,
    }


def listed(client, **params) -> list[int]:
    response = client.get(reverse("qa:list"), params)
    assert response.status_code == 200
    return [q.pk for q in response.context["page"].items]


def test_each_tab_lists_its_questions_newest_first(every_state, alice, bob):
    q = every_state
    client = client_for(alice)
    assert listed(client) == [q["lounge"].pk, q["solved"].pk, q["unsolved"].pk, q["unanswered"].pk]
    assert listed(client, tab="unanswered") == [q["lounge"].pk, q["unanswered"].pk]
    assert listed(client, tab="unsolved") == [q["unsolved"].pk]
    assert listed(client, tab="solved") == [q["solved"].pk]
    assert listed(client, tab="mine") == [q["solved"].pk, q["unsolved"].pk, q["unanswered"].pk]
    assert listed(client_for(bob), tab="mine") == [q["lounge"].pk]
    assert listed(client, tab="nonsense") == listed(client)


def test_the_space_filter(every_state, alice):
    q = every_state
    assert listed(client_for(alice), space="lounge") == [q["lounge"].pk]
    assert listed(client_for(alice), tab="unanswered", space="recipes") == [q["unanswered"].pk]


def test_visitors_see_public_questions_and_no_mine_tab(every_state):
    q = every_state
    client = client_for()
    assert listed(client) == [q["solved"].pk, q["unsolved"].pk, q["unanswered"].pk]
    assert listed(client, space="lounge") == listed(client)  # an unreadable space is ignored
    response = client.get(reverse("qa:list"), {"tab": "mine"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_deleted_and_restricted_questions_stay_out_of_lists(
    every_state, restricted_question, alice, charlie
):
    from hiroba.posts.services import delete_post

    delete_post(actor=alice, post=every_state["unanswered"].post)
    assert every_state["unanswered"].pk not in listed(client_for(alice))
    assert restricted_question.pk in listed(client_for(alice))
    assert restricted_question.pk not in listed(client_for(charlie))


def test_lists_page_by_key(alice, recipes):
    made = [
        ask_question(actor=alice, space=recipes, title=f"質問 {i}", body="?").pk for i in range(25)
    ]
    client = client_for(alice)
    first = client.get(reverse("qa:list"), {"tab": "unanswered"})
    page = first.context["page"]
    assert [q.pk for q in page.items] == made[::-1][:20] and page.next_cursor

    more = client.get(
        reverse("qa:list"),
        {"tab": "unanswered", "cursor": page.next_cursor},
        HTTP_HX_REQUEST="true",
    )
    assert [q.pk for q in more.context["page"].items] == made[::-1][20:]
    assert more.context["page"].next_cursor is None
    assert b"<html" not in more.content


# --- feed cards --------------------------------------------------------------------------------


def test_feed_cards_show_questions_and_link_to_their_page(question, bob, recipes):
    html = client_for(bob).get(reverse("posts:space", args=["recipes"])).content.decode()
    assert f'href="{detail_url(question)}"' in html
    assert ">Question</span>" in html


# --- query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("answers", [3, 30])
def test_the_question_page_query_count_does_not_grow_with_answers(
    answers, question, alice, bob, django_assert_max_num_queries
):
    members = [make_member(f"helper{i:02d}") for i in range(answers)]
    comments = [
        add_comment(actor=member, post=question.post, body=f"回答 {i}")
        for i, member in enumerate(members)
    ]
    add_comment(actor=bob, post=question.post, body="返信", parent=comments[0])
    accept_answer(actor=alice, question=question, answer=comments[-1])
    for member in (alice, None):
        client = client_for(member)
        client.get(detail_url(question))  # warm the community cache and the session

        # session, member, post, spaces, memberships, question, comments, comment likes,
        # photos, post like, unread notifications (a visitor: post, spaces, question, comments,
        # photos)
        with django_assert_max_num_queries(11 if member else 5):
            response = client.get(detail_url(question))
        assert response.status_code == 200
        assert answer_ids(response.content.decode())[0] == comments[-1].pk


@pytest.mark.parametrize("count", [5, 40])
def test_the_list_query_count_does_not_grow_with_questions(
    count, alice, bob, recipes, django_assert_max_num_queries
):
    for i in range(count):
        ask_question(actor=alice if i % 2 else bob, space=recipes, title=f"質問 {i}", body="?")
    client = client_for(alice)
    client.get(reverse("qa:list"))

    # session, member, spaces, memberships, the space list, questions, unread notifications
    for tab in ("all", "unanswered", "mine"):
        with django_assert_max_num_queries(7):
            assert (
                client.get(reverse("qa:list"), {"tab": tab, "space": "recipes"}).status_code == 200
            )
