"""A figure that two screens show is the same number on both: members (the dashboard's card and
its levels, the console's levels, a segment without conditions, the API), members per level and
warming up (the console, the segments, the to-do), and the NPS (the dashboard's headline and
table, the survey's results page, the API), read through the pages as staff read them.

The community of conftest.py, plus what made the screens disagree: staff and an editorial
account who act like members, a banned member, and answers given after the figures were cached
or after a month ended.
"""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from conftest import make_member
from hiroba.accounts.models import Member
from hiroba.activity.health import warming_q
from hiroba.activity.models import MemberHealth
from hiroba.api.tests.conftest import ApiClient
from hiroba.insights.periods import Period
from hiroba.insights.rollup import rollup_recent
from hiroba.moderation.services.sanctions import sanction_member
from hiroba.posts.services.posts import publish_post
from hiroba.surveys.models import Kind as SurveyKind
from hiroba.surveys.models import Survey
from hiroba.surveys.services import add_question, create_survey, publish_survey, submit_response

from .conftest import D3, TOKYO

MONTH = {"period": "month", "day": D3.isoformat()}


def staff(handle: str) -> Member:
    return Member.objects.get(handle=handle)


def card(response, key: str):
    return next(c for c in response.context["cards"] if c.key == key)


@pytest.fixture
def screens(community, clock, client):
    """The community as the hourly job left it on D3 at 18:00: eve, banned on D2, and the
    manager, who posts as much as anyone, are no members; the rollup of D3 ran at 18:05."""
    clock.at(D3, 12)
    eve = make_member("eve")
    publish_post(actor=eve, space=community.recipes, body="宣伝です")
    manager = staff("manager")
    for n in range(6):
        publish_post(actor=manager, space=community.recipes, body=f"お知らせ {n}")
    sanction_member(actor=manager, member=eve, kind="ban", reason="spam")
    clock.at(D3, 18, 5)
    rollup_recent()
    client.force_login(manager)
    return community


def test_members_are_one_number_on_every_screen(screens, client):
    dashboard = client.get(reverse("console:dashboard"), MONTH)
    members = card(dashboard, "members_total").value
    # alice, bob, charlie, dave: not eve (banned), not the five staff and editorial accounts.
    assert members == 4
    assert sum(count for _label, count in dashboard.context["levels"]) == members
    console_levels = client.get(reverse("console:members")).context["levels"]
    assert sum(row["count"] for row in console_levels) == members
    api = ApiClient(staff("manager"))
    assert api.post("/segments/count", {"rules": []}).json()["count"] == members
    assert api.get("/insights/kpis", **MONTH).json()["figures"]["members_total"] == members
    levels = api.get("/insights/levels", **MONTH).json()["levels"]
    assert sum(levels.values()) == members
    # Each level: the console's count, the dashboard's and a segment of that level.
    dashboard_levels = dict(dashboard.context["levels"])
    for row in console_levels:
        level = row["level"]
        in_segment = api.post("/segments/count", {"rules": [{"type": "level", "levels": [level]}]})
        assert row["count"] == in_segment.json()["count"] == dashboard_levels[level.label], level


def test_members_warming_up_are_the_same_people(screens, client):
    # Everyone has been here a year (a test's clock on the tenure): this week's activity is a
    # burst for each, the manager's six posts too; the manager is staff.
    MemberHealth.objects.update(since=datetime(2025, 3, 1, tzinfo=TOKYO))
    api = ApiClient(staff("manager"))
    home = client.get(reverse("console:home"))
    todo = next(item for item in home.context["items"] if item.key == "warming")
    segment = api.post("/segments/count", {"rules": [{"type": "warming"}]}).json()["count"]
    listed = client.get(reverse("console:members")).context["page"]["items"]
    assert todo.count == segment == len(listed) == 4
    assert {row.member.handle for row in listed} == {"alice", "bob", "charlie", "dave"}
    # The rule alone finds the manager too: the screens agree by leaving staff out, all three.
    assert Member.objects.filter(warming_q(), handle="manager").exists()


def test_the_nps_headline_is_the_table_and_the_results_page_after_new_answers(
    screens, client, clock
):
    """The dashboard is seen (its figures cached), then a member answers the round: the
    headline, the NPS table beside it, the survey's results page and the API say one score."""
    client.get(reverse("console:dashboard"), MONTH)
    clock.at(D3, 19)
    survey = Survey.objects.get(is_nps_round=True)
    nps = survey.questions.get(kind=SurveyKind.NPS)
    submit_response(actor=screens.dave, survey=survey, answers={nps.pk: 10})
    # 3 promoters (10, 9, 10) and 1 detractor (3) of 4 answers: +50.0.

    dashboard = client.get(reverse("console:dashboard"), MONTH)
    headline = card(dashboard, "nps")
    table = dashboard.context["rounds"][-1]
    results = client.get(reverse("surveys:results", args=[survey.pk]))
    on_results = next(r.nps for r in results.context["results"].questions if r.nps)
    api = ApiClient(staff("manager")).get("/insights/kpis", **MONTH).json()["figures"]
    assert headline.value == float(table.nps.score) == float(on_results.score) == api["nps"] == 50
    assert table.nps.total == on_results.total == api["nps_answers"] == 4
    assert "50.0" in dashboard.content.decode() or "+50.0" in dashboard.content.decode()


def test_a_finished_month_counts_only_the_answers_given_in_it(screens, client, clock):
    """A round opened in March and answered on D3 (4 March) and again in April: March's NPS,
    on the dashboard's headline and table and in the API, keeps the March answers only."""
    survey = Survey.objects.get(is_nps_round=True)
    nps = survey.questions.get(kind=SurveyKind.NPS)
    clock.at(date(2026, 4, 2), 10)
    submit_response(actor=screens.dave, survey=survey, answers={nps.pk: 0})
    late = create_survey(actor=staff("manager"), title="2026年4月 NPS", is_nps_round=True)
    late_nps = add_question(actor=staff("manager"), survey=late, kind=SurveyKind.NPS, text="?")
    late = publish_survey(actor=staff("manager"), survey=late)
    submit_response(actor=screens.alice, survey=late, answers={late_nps.pk: 0})
    client.force_login(staff("manager"))  # the session of 4 March has expired

    march = {"period": "month", "day": "2026-03-10"}
    dashboard = client.get(reverse("console:dashboard"), march)
    assert dashboard.context["period"] == Period.month(date(2026, 3, 1))
    # Alice 10, bob 9, charlie 3: +33.3 of 3 answers; dave's 0 of 2 April is not March's, and
    # the April round had not opened.
    assert card(dashboard, "nps").value == 33.3
    assert [(r.title, float(r.nps.score), r.nps.total) for r in dashboard.context["rounds"]] == [
        ("2026年春 NPS", 33.3, 3)
    ]
    api = ApiClient(staff("manager")).get("/insights/kpis", **march).json()["figures"]
    assert (api["nps"], api["nps_answers"]) == (33.3, 3)
    # April so far counts every answer: the April round, alice's 0.
    april = client.get(reverse("console:dashboard"), {"period": "month", "day": "2026-04-02"})
    assert card(april, "nps").value == -100.0
    # The survey's own page counts every answer given so far: 4 of them.
    results = client.get(reverse("surveys:results", args=[survey.pk]))
    assert next(r.nps for r in results.context["results"].questions if r.nps).total == 4


def test_every_figure_from_the_cache_says_how_fresh_it_is(screens, client):
    dashboard = client.get(reverse("console:dashboard"), MONTH)
    rolled_at = datetime(2026, 3, 4, 18, 5, tzinfo=TOKYO)
    assert dashboard.context["as_of"] == rolled_at
    html = dashboard.content.decode()
    with translation.override(dashboard.headers["Content-Language"]):
        shown = date_format(rolled_at, "DATETIME_FORMAT")  # the page's language writes the time
    assert shown in html and 'id="kpi-as-of"' in html
    report = client.get(reverse("console:report"), MONTH)
    assert report.context["report"].as_of == rolled_at
    assert shown in report.content.decode()
    api = ApiClient(staff("manager")).get("/insights/kpis", **MONTH).json()["figures"]
    assert datetime.fromisoformat(api["as_of"].replace("Z", "+00:00")) == rolled_at
