"""The KPI API: the dashboard's figures for BI tools; editors and managers only."""

from datetime import datetime

import pytest

from conftest import make_member
from hiroba.accounts.models import Role
from hiroba.api.tests.conftest import ApiClient, assert_error
from hiroba.insights.rollup import rollup_days

from .conftest import D0, D1, D2, D3, TOKYO

CUSTOM = {"period": "custom", "day": D2.isoformat(), "end": D3.isoformat()}


@pytest.fixture
def rolled(community):
    rollup_days(D0, D3)
    return community


@pytest.fixture
def boss(db):
    return ApiClient(make_member("boss", Role.MANAGER))


def test_members_get_403_and_anonymous_callers_401(rolled):
    assert_error(ApiClient(rolled.alice).get("/insights/kpis"), 403, "insights_only")
    assert_error(ApiClient(make_member("moddy", Role.MODERATOR)).get("/insights/series"), 403)
    assert_error(ApiClient().get("/insights/kpis"), 401, "login_required")


def test_kpis_give_the_period_the_previous_one_and_definitions(
    rolled, boss, django_assert_max_num_queries
):
    # Token and member, then two periods of figures (stamp, rollups, sets, ideas 2, NPS 2).
    with django_assert_max_num_queries(18):
        response = boss.get("/insights/kpis", **CUSTOM)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["period"] == {"start": "2026-03-03", "end": "2026-03-04", "days": 2}
    assert body["previous_period"] == {"start": "2026-03-01", "end": "2026-03-02", "days": 2}
    # The same figures as the dashboard's: D2..D3 posts 4 (q2, idea1, q3, idea2), D0..D1 3.
    assert (body["figures"]["posts"], body["previous"]["posts"]) == (4, 3)
    assert body["figures"]["nps"] == 33.3
    assert body["figures"]["stickiness"] == pytest.approx(4 / 4)  # DAU (4+4)/2 ÷ MAU 4
    assert body["previous"]["realization_rate"] is None
    assert set(body["definitions"]) >= set(body["figures"]) - {
        "start",
        "end",
        "nps_answers",
        "nps_round",
        "as_of",
    }
    # When the rollup behind the figures ran: the clock stood at D3 18:00 for rollup_days.
    as_of = datetime.fromisoformat(body["figures"]["as_of"].replace("Z", "+00:00"))
    assert as_of == datetime(2026, 3, 4, 18, tzinfo=TOKYO)


def test_series_spaces_and_levels(rolled, boss):
    days = boss.get("/insights/series", **{**CUSTOM, "day": D1.isoformat()}).json()["days"]
    assert [(d["day"], d["active"], d["posts"]) for d in days] == [
        ("2026-03-02", 3, 3),
        ("2026-03-03", 4, 2),
        ("2026-03-04", 4, 2),
    ]
    spaces = boss.get("/insights/spaces", **CUSTOM).json()["spaces"]
    assert {s["name"]: s["posts"] for s in spaces} == {"レシピ": 1, "雑談": 1, "アイデア": 2}
    levels = boss.get("/insights/levels", period="day", day=D3.isoformat()).json()
    assert levels["period"]["days"] == 1 and len(levels["days"]) == 1


@pytest.mark.parametrize(
    "params",
    [
        {"period": "custom", "day": "2026-03-04", "end": "2026-03-01"},
        {"period": "custom", "day": "2026-03-04"},
        {"period": "month", "day": "2026-02-30"},
        {"period": "decade"},
    ],
)
def test_bad_dates_are_422(boss, params):
    assert_error(boss.get("/insights/kpis", **params), 422)
