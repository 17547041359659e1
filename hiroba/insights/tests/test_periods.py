"""Periods as a manager reads them: what each is compared with, a period not over yet counts
only its days so far, and days outside 2000-01-01..today are refused (form 400, API 422)."""

from datetime import date

import pytest

from conftest import make_member
from hiroba.accounts.models import Role
from hiroba.api.tests.conftest import ApiClient, assert_error
from hiroba.insights.forms import PeriodForm
from hiroba.insights.kpis import compare
from hiroba.insights.periods import Period
from hiroba.insights.rollup import rollup_days

from .conftest import D0, D1, D2, D3


def test_each_kind_is_compared_with_the_one_before():
    assert Period.day(date(2026, 3, 1)).previous() == Period.day(date(2026, 2, 28))
    week = Period.week(date(2026, 3, 4))  # Monday 2 March – Sunday 8 March
    assert (week.previous().start, week.previous().end) == (date(2026, 2, 23), date(2026, 3, 1))
    # A whole month against the whole month before, however many days each has.
    march = Period.month(date(2026, 3, 15)).previous()
    assert (march.start, march.end) == (date(2026, 2, 1), date(2026, 2, 28))
    # Days 1–10 of a month against days 1–10 of the month before.
    so_far = Period.month(date(2026, 3, 15)).so_far(date(2026, 3, 10)).previous()
    assert (so_far.start, so_far.end) == (date(2026, 2, 1), date(2026, 2, 10))
    # A custom period against as many days right before it.
    custom = Period(date(2026, 3, 2), date(2026, 3, 4)).previous()
    assert (custom.start, custom.end) == (date(2026, 2, 27), date(2026, 3, 1))


def test_a_month_not_over_counts_its_days_so_far(community):
    """The clock stands on D3 (4 March). March so far is 1–4 March; its DAU averages those four
    days, not thirty-one, and it is compared with 1–4 February."""
    rollup_days(D0, D3)
    form = PeriodForm({"period": "month", "day": D1.isoformat()})
    assert form.is_valid(), form.errors
    period = form.result
    assert (period.start, period.end, period.days) == (D0, D3, 4)
    current, previous = compare(period)
    # Active members per day: D0 staff and sign-ups only (3 members signed up), then 3, 4, 4.
    assert current.dau == pytest.approx((3 + 3 + 4 + 4) / 4)
    assert (previous.start, previous.end) == (date(2026, 2, 1), date(2026, 2, 4))


@pytest.mark.parametrize(
    "params",
    [
        {"period": "month", "day": "9999-12-15"},
        {"period": "week", "day": "9999-12-31"},
        {"period": "day", "day": "0001-01-01"},
        {"period": "custom", "day": "0001-01-01", "end": "2026-03-01"},
        {"period": "custom", "day": "2026-03-01", "end": "2026-03-05"},  # ends after today
    ],
)
def test_days_outside_the_figures_are_refused_on_the_form_and_the_api(community, client, params):
    boss = make_member("boss", Role.MANAGER)
    client.force_login(boss)
    response = client.get("/console/dashboard/", params)
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    assert client.get("/console/report/", params).status_code == 400
    assert_error(ApiClient(boss).get("/insights/kpis", **params), 422)


def test_a_day_of_the_period_is_named_in_the_refusal(community):
    form = PeriodForm({"period": "day", "day": D2.replace(year=1999).isoformat()})
    assert not form.is_valid()
    assert "2000-01-01" in form.errors["day"][0]
