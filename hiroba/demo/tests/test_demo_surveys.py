"""The demo's surveys: two NPS rounds with answers and reasons, the trend, Hanako's home box."""

import pytest

from hiroba.accounts.models import Member
from hiroba.demo import people
from hiroba.demo.seeding import Seeder
from hiroba.surveys.models import Answer, Kind, Respondent, Response, Status, Survey
from hiroba.surveys.selectors import nps_trend, surveys_for_home


@pytest.mark.django_db
def test_the_demo_surveys_show_a_trend_reasons_and_a_survey_for_hanako():
    Seeder(members=24).run()  # its run() calls seed_surveys

    # The two NPS rounds (the demo's events add an attendees' survey of their own).
    spring, autumn = Survey.objects.filter(is_nps_round=True).order_by("opens_at")
    assert spring.status == Status.CLOSED and autumn.phase == "open"
    assert spring.opens_at < spring.closed_at < autumn.opens_at
    for survey in (spring, autumn):
        assert survey.response_count == Response.objects.filter(survey=survey).count() > 0
        assert Respondent.objects.filter(survey=survey).count() == survey.response_count
    assert [r.survey_id for r in nps_trend()] == [spring.pk, autumn.pk]
    reasons = Answer.objects.filter(question__reason_for__isnull=False).exclude(text="")
    assert reasons.exists()
    assert Answer.objects.filter(survey=autumn, question__kind=Kind.MULTIPLE).exists()
    hanako = Member.objects.get(email=people.HANAKO.email)
    assert [s.pk for s in surveys_for_home(hanako)] == [autumn.pk]
    first = Response.objects.filter(survey=spring).order_by("submitted_at").first()
    assert spring.opens_at <= first.submitted_at <= spring.closed_at
