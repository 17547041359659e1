"""Accepting and answering stay consistent when requests arrive at once.

Real threads with their own database connections (transactional test mode): SQLite serializes
writers with IMMEDIATE transactions, PostgreSQL with the question row's lock.
"""

from functools import partial

import pytest
from django.core.exceptions import ValidationError

from conftest import make_member, run_in_threads
from hiroba.activity.models import Activity, Verb
from hiroba.posts.models import Comment
from hiroba.posts.services import add_comment, delete_comment
from hiroba.qa.models import Question, State
from hiroba.qa.services import accept_answer, unaccept_answer

WORKERS = 12

pytestmark = pytest.mark.django_db(transaction=True)


_run_in_threads = partial(run_in_threads, workers=WORKERS, returning=(ValidationError,))


def fresh(question) -> Question:
    return Question.objects.select_related("post").get(pk=question.pk)


@pytest.fixture
def answers(question):
    helpers = [make_member(f"helper{i:02d}") for i in range(8)]
    return [
        add_comment(actor=member, post=question.post, body=f"回答 {i}")
        for i, member in enumerate(helpers)
    ]


def test_accepts_of_different_answers_at_once_leave_one_consistent_state(
    question, answers, alice, mod
):
    calls = [
        lambda answer=answer, actor=(alice if i % 2 else mod): accept_answer(
            actor=actor, question=fresh(question), answer=answer
        )
        for i, answer in enumerate(answers * 3)
    ]

    _run_in_threads(calls)

    row = fresh(question)
    assert row.state == State.SOLVED and row.accepted_answer_id in {a.pk for a in answers}
    solved = list(Activity.objects.filter(verb=Verb.QUESTION_SOLVED).order_by("id"))
    # Each change names the answer accepted before it, so the rows form one unbroken chain that
    # ends at the answer accepted now; only the first is the first solution.
    assert [s.data["first"] for s in solved] == [True] + [False] * (len(solved) - 1)
    previous = None
    for entry in solved:
        assert entry.data["previous"] == previous
        previous = entry.data["answer"]
    assert previous == row.accepted_answer_id
    assert row.first_solved_at is not None


def test_accepts_and_unaccepts_at_once_keep_state_and_history_in_step(question, answers, alice):
    calls = [
        (lambda a=answer: accept_answer(actor=alice, question=fresh(question), answer=a))
        if i % 2
        else (lambda: unaccept_answer(actor=alice, question=fresh(question)))
        for i, answer in enumerate(answers * 2)
    ]

    _run_in_threads(calls)

    row = fresh(question)
    last = (
        Activity.objects.filter(verb__in=[Verb.QUESTION_SOLVED, Verb.QUESTION_UNSOLVED])
        .order_by("id")
        .last()
    )
    if row.accepted_answer_id is None:
        assert row.state == State.ANSWERED and last.verb == Verb.QUESTION_UNSOLVED
    else:
        assert row.state == State.SOLVED and last.data["answer"] == row.accepted_answer_id


def test_many_answers_at_once_are_all_counted_and_the_first_noted_once(question):
    helpers = [make_member(f"fan{i:02d}") for i in range(24)]

    _run_in_threads(
        [lambda m=m: add_comment(actor=m, post=fresh(question).post, body="回答") for m in helpers]
    )

    row = fresh(question)
    assert row.answer_count == 24 and row.state == State.ANSWERED
    assert Activity.objects.filter(verb=Verb.QUESTION_ANSWERED).count() == 1


def test_accepting_an_answer_while_it_is_deleted_never_leaves_a_deleted_answer_accepted(
    question, answers, alice
):
    for answer in answers:
        writer = answer.created_by
        _run_in_threads(
            [
                lambda a=answer: accept_answer(actor=alice, question=fresh(question), answer=a),
                lambda a=answer, w=writer: delete_comment(
                    actor=w, comment=Comment.objects.get(pk=a.pk)
                ),
            ]
        )
        row = fresh(question)
        assert row.accepted_answer_id is None, "a deleted answer stayed accepted"
    row = fresh(question)
    assert row.answer_count == 0 and row.state == State.UNANSWERED
