"""NPS equals its definition for any set of 0–10 answers, computed in Python and by the database.

The oracle is the plain definition with exact fractions: % promoters (9–10) − % detractors (0–6),
rounded to one decimal half away from zero; no answers means no score.
"""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_member
from hiroba.surveys.models import Answer, Response
from hiroba.surveys.nps import NPS, nps_from_counts
from hiroba.surveys.selectors import get_questions, get_results, nps_of, nps_trend
from hiroba.surveys.services import submit_response
from hiroba.surveys.tests.helpers import answers_for, build_survey

scores = st.lists(st.integers(min_value=0, max_value=10), max_size=300)


def oracle(answers: list[int]) -> Decimal | None:
    if not answers:
        return None
    promoters = sum(1 for a in answers if a in (9, 10))
    detractors = sum(1 for a in answers if 0 <= a <= 6)
    exact = Fraction(promoters, len(answers)) * 100 - Fraction(detractors, len(answers)) * 100
    value = Decimal(exact.numerator) / Decimal(exact.denominator)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def counts_of(answers: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for a in answers:
        counts[a] = counts.get(a, 0) + 1
    return counts


@given(scores)
def test_the_score_equals_the_definition_for_any_answers(answers):
    nps = nps_from_counts(counts_of(answers))

    assert nps.score == oracle(answers)
    assert nps.total == len(answers)
    assert nps.promoters == sum(1 for a in answers if a >= 9)
    assert nps.passives == sum(1 for a in answers if a in (7, 8))
    assert nps.detractors == sum(1 for a in answers if a <= 6)
    if answers:
        assert Decimal(-100) <= nps.score <= Decimal(100)


def test_the_empty_case_has_no_score_and_zero_counts():
    nps = nps_from_counts({})
    assert nps.score is None and nps.total == 0
    assert nps.promoter_percent is None and nps.as_dict()["score"] is None


@pytest.mark.parametrize(
    ("promoters", "passives", "detractors", "score"),
    [
        (1, 2, 0, Decimal("33.3")),  # 33.333… down
        (2, 1, 0, Decimal("66.7")),  # 66.666… up
        (1, 7, 0, Decimal("12.5")),  # exact
        (0, 7, 1, Decimal("-12.5")),
        (1, 6, 1, Decimal("0.0")),
        (0, 0, 1, Decimal("-100.0")),
        (10, 0, 0, Decimal("100.0")),
        # -12.25 exactly: half away from zero
        (0, 351, 49, Decimal("-12.3")),
        (7, 391, 56, Decimal("-10.8")),
    ],
)
def test_rounding_is_to_one_decimal_half_away_from_zero(promoters, passives, detractors, score):
    assert NPS(promoters, passives, detractors).score == score


def test_half_away_from_zero_on_an_exact_half():
    # 1 promoter, 0 detractors among 16 answers: 6.25 → 6.3; mirrored → −6.3.
    assert NPS(1, 15, 0).score == Decimal("6.3")
    assert NPS(0, 15, 1).score == Decimal("-6.3")


@settings(
    deadline=None,
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(answers=st.lists(st.integers(min_value=0, max_value=10), max_size=40))
def test_the_database_counts_equal_the_definition(cm, answers):
    built = build_survey(cm, title="NPS")
    # Rows straight into the answer table: hundreds of members through the service would make
    # this test slow, and the service's own checks are tested in test_responding.py.
    for score in answers:
        response = Response.objects.create(
            survey=built.survey, member=None, submitted_at=built.survey.opens_at
        )
        Answer.objects.create(
            response=response, survey=built.survey, question=built.nps, number=score
        )

    by_query = nps_of(built.nps)
    results = get_results(built.survey, get_questions(built.survey))
    by_groups = next(r for r in results.questions if r.question.pk == built.nps.pk).nps

    assert by_query.score == oracle(answers) == by_groups.score
    assert by_query == by_groups


def test_the_trend_lists_each_nps_round_in_order(cm):
    members = [make_member(f"fan{i:02d}") for i in range(6)]
    first = build_survey(cm, title="2026年春", is_nps_round=True)
    second = build_survey(cm, title="2026年秋", is_nps_round=True)
    not_in_series = build_survey(cm, title="シリーズ外")
    for member, score in zip(members, [10, 9, 3, 8, 2, 0], strict=True):
        submit_response(actor=member, survey=first.survey, answers=answers_for(first, nps=score))
    for member, score in zip(members, [10, 10, 9, 7, 6, 9], strict=True):
        submit_response(actor=member, survey=second.survey, answers=answers_for(second, nps=score))
        submit_response(
            actor=member, survey=not_in_series.survey, answers=answers_for(not_in_series, nps=0)
        )

    trend = nps_trend()

    assert [r.title for r in trend] == ["2026年春", "2026年秋"]
    assert trend[0].nps == NPS(promoters=2, passives=1, detractors=3)
    assert trend[0].nps.score == Decimal("-16.7")
    assert trend[1].nps == NPS(promoters=4, passives=1, detractors=1)
    assert trend[1].nps.score == Decimal("50.0")
