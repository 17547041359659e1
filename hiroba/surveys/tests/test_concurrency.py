"""Two submissions of one member at once keep one response; a close racing answers is exact.

Real threads with their own database connections (transactional test mode): SQLite serializes
writers with IMMEDIATE transactions, PostgreSQL lets the respondent's unique constraint decide.
"""

from functools import partial

import pytest
from django.core.exceptions import ValidationError

from conftest import make_member, run_in_threads
from hiroba.core.errors import Refused
from hiroba.surveys.models import Respondent, Response, Survey
from hiroba.surveys.permissions import AlreadyResponded
from hiroba.surveys.services import close_survey, submit_response
from hiroba.surveys.tests.helpers import answers_for, build_survey

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 8


_run_in_threads = partial(run_in_threads, returning=(Refused, ValidationError), start_together=True)


def fresh(survey) -> Survey:
    return Survey.objects.select_related("audience_space").get(pk=survey.pk)


def test_two_submissions_at_once_keep_one_response_and_the_other_hears_why():
    cm = make_member("manager", role="manager")
    alice = make_member("alice")
    built = build_survey(cm)

    for _round in range(3):
        Respondent.objects.all().delete()
        Response.objects.all().delete()
        Survey.objects.filter(pk=built.survey.pk).update(response_count=0)
        outcomes = _run_in_threads(
            [
                lambda nps=nps: submit_response(
                    actor=alice, survey=fresh(built.survey), answers=answers_for(built, nps=nps)
                )
                for nps in (3, 10)
            ]
        )

        refused = [o for o in outcomes if isinstance(o, Exception)]
        assert len(refused) == 1, outcomes
        assert isinstance(refused[0], AlreadyResponded)
        assert refused[0].status == 409
        assert "already answered" in refused[0].message
        assert Response.objects.filter(survey=built.survey).count() == 1
        assert Respondent.objects.filter(survey=built.survey).count() == 1
        assert fresh(built.survey).response_count == 1


def test_many_members_at_once_are_all_counted():
    cm = make_member("manager", role="manager")
    members = [make_member(f"fan{i:02d}") for i in range(WORKERS)]
    built = build_survey(cm)

    _run_in_threads(
        [
            lambda m=m: submit_response(
                actor=m, survey=fresh(built.survey), answers=answers_for(built)
            )
            for m in members
        ]
    )

    assert fresh(built.survey).response_count == WORKERS == Response.objects.count()


def test_answers_racing_a_close_are_counted_before_it_or_refused():
    cm = make_member("manager", role="manager")
    members = [make_member(f"fan{i:02d}") for i in range(WORKERS - 1)]
    built = build_survey(cm)
    calls = [
        lambda m=m: submit_response(actor=m, survey=fresh(built.survey), answers=answers_for(built))
        for m in members
    ]
    calls.append(lambda: close_survey(actor=cm, survey=fresh(built.survey)))

    outcomes = _run_in_threads(calls)

    survey = fresh(built.survey)
    accepted = Response.objects.filter(survey=survey).count()
    assert survey.response_count == accepted == Respondent.objects.count()
    refused = [o for o in outcomes if isinstance(o, Refused)]
    assert all(r.code == "closed" for r in refused)
    assert accepted + len(refused) == len(members)
