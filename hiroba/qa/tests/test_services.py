"""Asking, answering and accepting: the state, the counters and the Activity rows each step leaves."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from conftest import make_member
from hiroba.activity.models import Activity, Verb
from hiroba.core.errors import Refused
from hiroba.posts.models import Kind, Post
from hiroba.posts.services import add_comment, delete_comment, delete_post
from hiroba.qa.models import Question, State
from hiroba.qa.services import accept_answer, ask_question, unaccept_answer


def fresh(question) -> Question:
    return Question.objects.select_related("post").get(pk=question.pk)


def test_asking_makes_a_question_post_and_its_row(alice, recipes):
    assert not Question.objects.exists()

    question = ask_question(actor=alice, space=recipes, title="トマトの保存方法", body="常温?")

    post = Post.objects.get(pk=question.pk)
    assert post.kind == Kind.QUESTION and post.title == "トマトの保存方法"
    row = fresh(question)
    assert row.state == State.UNANSWERED and row.answer_count == 0
    assert row.asker == alice and row.space == recipes and row.asked_at == post.published_at
    ask = Activity.objects.get(verb=Verb.QUESTION_ASK)
    assert (ask.actor, ask.subject_type, ask.subject_id) == (alice, "question", question.pk)
    assert Activity.objects.filter(verb=Verb.POST, subject_id=post.pk).count() == 1


def test_a_question_needs_a_title(alice, recipes):
    with pytest.raises(ValidationError) as error:
        ask_question(actor=alice, space=recipes, title="  ", body="本文だけ")
    assert "title" in error.value.message_dict
    assert not Post.objects.exists() and not Question.objects.exists()


def test_outsiders_cannot_ask_in_a_restricted_space(charlie, inner_circle):
    with pytest.raises(Http404):
        ask_question(actor=charlie, space=inner_circle, title="質問", body="本文")
    assert not Question.objects.exists()


def test_the_first_answer_is_noted_once(question, bob, charlie):
    add_comment(actor=bob, post=question.post, body="一か月くらいなら大丈夫です")

    row = fresh(question)
    assert row.state == State.ANSWERED and row.answer_count == 1
    assert row.first_answer_at is not None
    answered = Activity.objects.get(verb=Verb.QUESTION_ANSWERED)
    assert answered.actor == bob and answered.subject_id == question.pk
    assert answered.data["by_staff"] is False and answered.data["seconds"] >= 0

    first_time = row.first_answer_at
    add_comment(actor=charlie, post=question.post, body="うちは二週間で使い切ります")
    row = fresh(question)
    assert row.answer_count == 2 and row.first_answer_at == first_time
    assert Activity.objects.filter(verb=Verb.QUESTION_ANSWERED).count() == 1


def test_replies_and_the_askers_own_comments_are_not_answers(question, alice, bob):
    add_comment(actor=alice, post=question.post, body="補足: 冷蔵庫のドアポケットです")
    row = fresh(question)
    assert row.state == State.UNANSWERED and row.answer_count == 0
    assert row.first_answer_at is None

    answer = add_comment(actor=bob, post=question.post, body="大丈夫ですよ")
    add_comment(actor=alice, post=question.post, body="ありがとう", parent=answer)
    assert fresh(question).answer_count == 1
    assert Post.objects.get(pk=question.pk).comment_count == 3


def test_the_asker_accepts_an_answer(question, alice, bob):
    answer = add_comment(actor=bob, post=question.post, body="一か月なら大丈夫")

    accept_answer(actor=alice, question=question, answer=answer)

    row = fresh(question)
    assert row.state == State.SOLVED and row.is_solved
    assert row.accepted_answer == answer and row.accepted_by == alice
    assert row.accepted_at is not None and row.first_solved_at == row.accepted_at
    assert row.solved_by_staff is False
    solved = Activity.objects.get(verb=Verb.QUESTION_SOLVED)
    assert solved.actor == alice
    assert solved.data["answer"] == answer.pk and solved.data["answerer"] == bob.pk
    assert solved.data["first"] is True and solved.data["previous"] is None
    assert solved.data["by_staff"] is False


def test_changing_the_accepted_answer_keeps_the_first_solution_time(question, alice, bob, mod):
    first = add_comment(actor=bob, post=question.post, body="一か月なら大丈夫")
    better = add_comment(actor=mod, post=question.post, body="公式: 開封後は一か月以内に")
    accept_answer(actor=alice, question=question, answer=first)
    solved_at = fresh(question).first_solved_at

    accept_answer(actor=alice, question=question, answer=better)

    row = fresh(question)
    assert row.accepted_answer == better and row.solved_by_staff is True
    assert row.first_solved_at == solved_at and row.accepted_at > solved_at
    change = Activity.objects.filter(verb=Verb.QUESTION_SOLVED).latest("id")
    assert change.data["first"] is False and change.data["previous"] == first.pk
    assert change.data["by_staff"] is True


def test_accepting_the_accepted_answer_again_changes_nothing(question, alice, bob):
    answer = add_comment(actor=bob, post=question.post, body="大丈夫")
    accept_answer(actor=alice, question=question, answer=answer)

    accept_answer(actor=alice, question=question, answer=answer)

    assert Activity.objects.filter(verb=Verb.QUESTION_SOLVED).count() == 1


def test_unaccepting_opens_the_question_again(question, alice, bob):
    answer = add_comment(actor=bob, post=question.post, body="大丈夫")
    accept_answer(actor=alice, question=question, answer=answer)

    unaccept_answer(actor=alice, question=question)

    row = fresh(question)
    assert row.state == State.ANSWERED and row.accepted_answer is None
    assert row.accepted_by is None and row.solved_by_staff is None
    assert row.first_solved_at is not None
    unsolved = Activity.objects.get(verb=Verb.QUESTION_UNSOLVED)
    assert unsolved.actor == alice
    assert unsolved.data == {"answer": answer.pk, "reason": "unaccepted"}


def test_unaccepting_an_open_question_changes_nothing(question, alice):
    unaccept_answer(actor=alice, question=question)
    assert fresh(question).state == State.UNANSWERED
    assert not Activity.objects.filter(verb=Verb.QUESTION_UNSOLVED).exists()


def test_another_member_cannot_accept(question, bob, charlie):
    answer = add_comment(actor=bob, post=question.post, body="大丈夫")

    with pytest.raises(Refused) as error:
        accept_answer(actor=charlie, question=question, answer=answer)
    assert error.value.code == "not_asker"
    with pytest.raises(Refused):
        accept_answer(actor=bob, question=question, answer=answer)
    assert fresh(question).accepted_answer is None


def test_another_member_cannot_unaccept(question, alice, bob):
    answer = add_comment(actor=bob, post=question.post, body="大丈夫")
    accept_answer(actor=alice, question=question, answer=answer)

    with pytest.raises(Refused):
        unaccept_answer(actor=bob, question=question)
    assert fresh(question).accepted_answer == answer


@pytest.mark.parametrize("persona", ["mod", "editor", "cm"])
def test_staff_accept_and_change_on_any_question(request, persona, question, bob, charlie):
    staff = request.getfixturevalue(persona)
    first = add_comment(actor=bob, post=question.post, body="大丈夫")
    second = add_comment(actor=charlie, post=question.post, body="一か月以内に")

    accept_answer(actor=staff, question=question, answer=first)
    accept_answer(actor=staff, question=question, answer=second)

    assert fresh(question).accepted_answer == second
    assert fresh(question).accepted_by == staff


def test_the_asker_cannot_accept_their_own_answer_but_staff_can(question, alice, mod):
    own = add_comment(actor=alice, post=question.post, body="自己解決しました: 一か月は大丈夫")

    with pytest.raises(Refused) as error:
        accept_answer(actor=alice, question=question, answer=own)
    assert error.value.code == "own_answer"
    assert fresh(question).state == State.UNANSWERED

    accept_answer(actor=mod, question=question, answer=own)
    assert fresh(question).accepted_answer == own


def test_only_a_visible_top_level_answer_of_this_question_can_be_accepted(
    question, alice, bob, recipes
):
    answer = add_comment(actor=bob, post=question.post, body="大丈夫")
    reply = add_comment(actor=bob, post=question.post, body="追記です", parent=answer)
    other = ask_question(actor=bob, space=recipes, title="別の質問", body="本文")
    elsewhere = add_comment(actor=make_member("dave"), post=other.post, body="別の回答")
    gone = add_comment(actor=bob, post=question.post, body="消します")
    delete_comment(actor=bob, comment=gone)

    for wrong in (reply, elsewhere, gone):
        with pytest.raises(ValidationError) as error:
            accept_answer(actor=alice, question=question, answer=wrong)
        assert "answer" in error.value.message_dict
    assert fresh(question).accepted_answer is None


def test_removing_the_accepted_answer_unsolves_the_question(question, alice, bob, charlie):
    answer = add_comment(actor=bob, post=question.post, body="大丈夫")
    add_comment(actor=charlie, post=question.post, body="私も同じ意見")
    accept_answer(actor=alice, question=question, answer=answer)

    delete_comment(actor=bob, comment=answer)

    row = fresh(question)
    assert row.accepted_answer is None and row.state == State.ANSWERED
    assert row.answer_count == 1
    unsolved = Activity.objects.get(verb=Verb.QUESTION_UNSOLVED)
    assert unsolved.actor is None and unsolved.data["reason"] == "answer_removed"


def test_removing_the_last_answer_makes_the_question_unanswered(question, bob):
    answer = add_comment(actor=bob, post=question.post, body="大丈夫")
    assert fresh(question).state == State.ANSWERED

    delete_comment(actor=bob, comment=answer)

    row = fresh(question)
    assert row.state == State.UNANSWERED and row.answer_count == 0
    assert row.first_answer_at is not None  # the fact stays for the metrics


def test_a_deleted_question_cannot_be_accepted(question, alice, bob):
    answer = add_comment(actor=bob, post=question.post, body="大丈夫")
    delete_post(actor=alice, post=question.post)

    with pytest.raises(Http404):
        accept_answer(actor=alice, question=question, answer=answer)


def test_a_question_post_without_its_row_gets_one_with_the_first_answer(alice, bob, recipes):
    from hiroba.posts.services import publish_post

    post = publish_post(actor=alice, space=recipes, title="古い質問", body="?", kind=Kind.QUESTION)
    # A question from before questions had rows of their own (publish_post now writes one).
    Question.objects.filter(pk=post.pk).delete()
    add_comment(actor=alice, post=post, body="補足")
    assert Question.objects.get(pk=post.pk).state == State.UNANSWERED

    add_comment(actor=bob, post=post, body="回答")

    row = Question.objects.get(pk=post.pk)
    assert row.answer_count == 1 and row.asker == alice and row.state == State.ANSWERED


def test_comments_on_ordinary_posts_leave_questions_alone(alice, bob, recipes):
    from hiroba.posts.services import publish_post

    post = publish_post(actor=alice, space=recipes, body="今日のごはん")
    add_comment(actor=bob, post=post, body="おいしそう")
    assert not Question.objects.exists()
