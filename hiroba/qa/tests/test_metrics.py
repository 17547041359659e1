"""The Q&A metrics for the console, computed from the Activity rows of a period."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hiroba.activity.models import Activity, Verb
from hiroba.posts.services import add_comment
from hiroba.qa.models import Question
from hiroba.qa.selectors import question_metrics
from hiroba.qa.services import accept_answer, ask_question, unaccept_answer


def asked_hours_ago(question, hours: float):
    """Move the asking time back, as if the question had waited that long for this answer."""
    Question.objects.filter(pk=question.pk).update(asked_at=timezone.now() - timedelta(hours=hours))
    return Question.objects.select_related("post").get(pk=question.pk)


@pytest.fixture
def period():
    now = timezone.now()
    return {"since": now - timedelta(days=1), "until": now + timedelta(minutes=1)}


def test_medians_and_who_solved(alice, bob, charlie, mod, recipes, period):
    def ask(title):
        return ask_question(actor=alice, space=recipes, title=title, body="?")

    # Answered after 2 h by a member, accepted after 2 h: solved by members.
    q1 = asked_hours_ago(ask("q1"), 2)
    a1 = add_comment(actor=bob, post=q1.post, body="a")
    accept_answer(actor=alice, question=q1, answer=a1)
    # Answered after 10 h by staff, accepted: solved by staff.
    q2 = asked_hours_ago(ask("q2"), 10)
    a2 = add_comment(actor=mod, post=q2.post, body="a")
    accept_answer(actor=alice, question=q2, answer=a2)
    # Answered after 4 h, never accepted.
    q3 = asked_hours_ago(ask("q3"), 4)
    add_comment(actor=charlie, post=q3.post, body="a")
    # Solved after 6 h, then the acceptance removed: a first solution, but not solved now.
    q4 = asked_hours_ago(ask("q4"), 6)
    a4 = add_comment(actor=bob, post=q4.post, body="a")
    accept_answer(actor=alice, question=q4, answer=a4)
    unaccept_answer(actor=alice, question=q4)
    # Unanswered.
    ask("q5")

    metrics = question_metrics(**period)

    assert metrics.asked == 5
    assert metrics.first_answers == 4
    # 2, 10, 4, 6 hours: the median is 5 hours.
    assert metrics.median_seconds_to_first_answer == pytest.approx(5 * 3600, abs=10)
    assert metrics.first_solutions == 3
    assert metrics.median_seconds_to_solution == pytest.approx(6 * 3600, abs=10)
    assert (metrics.solved_by_members, metrics.solved_by_staff) == (1, 1)
    assert metrics.member_share == 0.5


def test_a_changed_acceptance_counts_once_for_who_solved_it(alice, bob, mod, recipes, period):
    question = ask_question(actor=alice, space=recipes, title="q", body="?")
    member = add_comment(actor=bob, post=question.post, body="a")
    staff = add_comment(actor=mod, post=question.post, body="b")
    accept_answer(actor=alice, question=question, answer=staff)
    accept_answer(actor=alice, question=question, answer=member)

    metrics = question_metrics(**period)

    assert metrics.first_solutions == 1
    assert (metrics.solved_by_members, metrics.solved_by_staff) == (1, 0)
    assert metrics.member_share == 1.0


def test_rows_outside_the_period_do_not_count(alice, bob, recipes, period):
    old = ask_question(actor=alice, space=recipes, title="old", body="?")
    add_comment(actor=bob, post=old.post, body="a")
    Activity.objects.filter(subject_type="question", subject_id=old.pk).update(
        created_at=period["since"] - timedelta(days=30)
    )
    ask_question(actor=alice, space=recipes, title="new", body="?")

    metrics = question_metrics(**period)

    assert metrics.asked == 1 and metrics.first_answers == 0
    assert metrics.median_seconds_to_first_answer is None
    assert metrics.member_share is None


def test_metrics_for_one_space(alice, bob, recipes, lounge, period):
    ask_question(actor=alice, space=recipes, title="a", body="?")
    in_lounge = ask_question(actor=alice, space=lounge, title="b", body="?")
    add_comment(actor=bob, post=in_lounge.post, body="a")

    metrics = question_metrics(**period, space_id=lounge.pk)

    assert metrics.asked == 1 and metrics.first_answers == 1
    assert Activity.objects.filter(verb=Verb.QUESTION_ASK).count() == 2
