"""The survey reads use their indexes on SQLite and PostgreSQL: results group on the covering
answer indexes (never the whole answer table), text and reasons walk the text index newest first
without a sort, and the members' list walks the open-surveys index.

The queries are the selectors' own, captured as they run, then explained.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_member
from hiroba.surveys import selectors
from hiroba.surveys.services import submit_response
from hiroba.surveys.tests.helpers import answers_for, build_survey


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        # Tiny tables make scanning and sorting cheapest; forbid both to see what the indexes
        # allow.
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


# PostgreSQL picks among the indexes that lead with the question by their size on tiny tables
# (index-only scans of the covering ones win once the table is large and vacuumed); any of them
# keeps the read to the question's rows.
QUESTION_INDEXES = ("survey_answer_choice", "survey_answer_number", "survey_answer_text")


def uses(text: str, index: str) -> bool:
    if connection.vendor == "sqlite":
        return index in text
    return any(name in text for name in QUESTION_INDEXES)


def captured(call) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        call()
    return [q["sql"] for q in context.captured_queries]


@pytest.fixture
def answered(cm):
    built = build_survey(cm, is_nps_round=True)
    for i in range(4):
        member = make_member(f"fan{i:02d}")
        submit_response(
            actor=member,
            survey=built.survey,
            answers=answers_for(built, nps=3 * i, reason=f"理由{i}", multiple=(0, 1), scale=2),
        )
    return built


def test_results_group_on_the_covering_answer_indexes(answered):
    questions = selectors.get_questions(answered.survey)

    sqls = captured(lambda: selectors.get_results(answered.survey, questions))

    assert len(sqls) == 3
    plans = [explain(sql) for sql in sqls]
    assert uses(plans[0], "survey_answer_choice"), plans[0]
    assert uses(plans[1], "survey_answer_number"), plans[1]
    assert uses(plans[2], "survey_answer_choice") or uses(plans[2], "survey_answer_number"), plans[
        2
    ]


def test_text_answers_and_reasons_walk_the_text_index_without_sorting(answered):
    for call in (
        lambda: selectors.text_answers(answered.reason),
        lambda: selectors.nps_reasons(answered.reason, answered.nps, "detractor"),
    ):
        (sql,) = captured(call)
        text = explain(sql)
        assert "survey_answer_text" in text, text
        if connection.vendor == "sqlite":
            assert "TEMP B-TREE" not in text, text
        else:
            assert "Sort" not in text, text


def test_the_trend_reads_the_number_index(answered):
    sqls = captured(selectors.nps_trend)
    text = explain(sqls[-1])
    assert uses(text, "survey_answer_number"), text


def test_the_members_list_walks_the_open_surveys_index(answered, alice):
    (sql,) = captured(lambda: selectors.list_open_surveys(alice))
    text = explain(sql)
    assert "survey_open_list" in text, text
    if connection.vendor == "sqlite":
        assert "TEMP B-TREE" not in text, text
