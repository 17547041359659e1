"""The one rule of every comparison (``Period.previous``), checked against the calendar for every
month length and leap year, and through every door that shows it: the dashboard, its CSV, the
report page, its PDF and the API.

A finished month is compared with the whole calendar month before; a month in progress with
the same days so far of the month before, cut at that month's end.
"""

import calendar
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import make_member
from hiroba.accounts.models import Role
from hiroba.api.tests.conftest import ApiClient
from hiroba.insights.periods import Period

from .pdf_page import read_page

# 1900 and 2100 are not leap years, 2000 and 2400 are: the Gregorian rules all take part.
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2400, 12, 31))


def length(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_before(day: date) -> tuple[int, int]:
    return (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)


@given(days)
@example(date(2025, 11, 15))  # November against the whole of October (1–31), not 1–30
@example(date(2024, 3, 1))  # March against 1–29 February of a leap year
@example(date(2100, 3, 31))  # and against 1–28 February of a century that is not leap
@example(date(2026, 1, 20))  # January against December of the year before
def test_a_finished_month_is_compared_with_the_whole_month_before(day):
    previous = Period.month(day).previous()
    year, month = month_before(day)
    assert (previous.start, previous.end) == (
        date(year, month, 1),
        date(year, month, length(year, month)),
    )
    assert previous.days == length(year, month)
    assert previous.end + timedelta(days=1) == Period.month(day).start
    assert previous.kind == "month"


@given(days)
@example(date(2025, 12, 10))  # 1–10 December against 1–10 November
@example(date(2026, 3, 30))  # 1–30 March against 1–28 February, cut at February's end
@example(date(2024, 3, 29))  # 1–29 March against 1–29 February of a leap year
@example(date(2025, 11, 30))  # 1–30 November is the whole month: against 1–31 October
@example(date(2025, 3, 1))  # the first day against the first day
def test_a_month_in_progress_is_compared_with_the_same_days_so_far(day):
    so_far = Period.month(day).so_far(day)
    previous = so_far.previous()
    year, month = month_before(day)
    assert previous.start == date(year, month, 1)
    assert previous.end.month == month  # never runs into the month being compared
    if day.day == length(day.year, day.month):
        # On its last day the period holds the whole month: the whole month before, as when
        # it is over (30 November against 1–31 October).
        assert previous == Period.month(date(year, month, 1))
    else:
        assert previous.days == min(day.day, length(year, month))


@given(days, st.integers(min_value=1, max_value=366))
def test_days_weeks_and_custom_periods_are_compared_with_as_many_days_right_before(day, span):
    for period in (Period.day(day), Period.week(day), Period(day, day + timedelta(days=span - 1))):
        previous = period.previous()
        assert previous.days == period.days
        assert previous.end + timedelta(days=1) == period.start
        assert previous.kind == period.kind
    week_so_far = Period.week(day).so_far(day)
    assert week_so_far.previous().start == week_so_far.start - timedelta(days=7)
    assert week_so_far.previous().days == week_so_far.days


@pytest.mark.django_db
def test_every_door_compares_a_finished_month_with_the_whole_month_before(community, client):
    """The clock stands on 4 March 2026: February (28 days) is over, so it is compared with
    1–31 January on the dashboard, its CSV, the report, the PDF and the API."""
    february = {"period": "month", "day": "2026-02-10"}
    january = "2026-01-01 – 2026-01-31"
    boss = make_member("boss", Role.MANAGER)
    client.force_login(boss)

    dashboard = client.get(reverse("console:dashboard"), february, HTTP_ACCEPT_LANGUAGE="en")
    assert dashboard.context["previous"] == Period.month(date(2026, 1, 1))
    with translation.override("en"):
        january_as_shown = str(Period.month(date(2026, 1, 1)))  # the language's date format
    assert f"compared with {january_as_shown}" in dashboard.content.decode()
    csv = client.get(reverse("console:dashboard"), {**february, "csv": "headline"})
    assert january in csv.content.decode("utf-8-sig").splitlines()[0]

    report = client.get(reverse("console:report"), february, HTTP_ACCEPT_LANGUAGE="en")
    assert report.context["report"].previous == Period.month(date(2026, 1, 1))
    pdf = client.get(
        reverse("console:report"), {**february, "format": "pdf"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    drawn = " ".join(line.text for line in read_page(pdf.content)[0])
    assert january_as_shown in drawn

    body = ApiClient(boss).get("/insights/kpis", **february).json()
    assert body["previous_period"] == {"start": "2026-01-01", "end": "2026-01-31", "days": 31}
    assert (body["previous"]["start"], body["previous"]["end"]) == ("2026-01-01", "2026-01-31")
