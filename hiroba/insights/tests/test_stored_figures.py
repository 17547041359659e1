"""The figures the hourly job keeps (PeriodFigures): read back instead of recomputing the
unions, and never once a day of the period was rolled up again."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hiroba.insights.kpis import figures, space_breakdown, store_figures, warm_cache
from hiroba.insights.models import PeriodFigures
from hiroba.insights.periods import Period
from hiroba.insights.rollup import rollup_day, rollup_days
from hiroba.posts.services.posts import publish_post

from .conftest import D0, D1, D2, D3


def test_kept_figures_are_the_computed_ones_without_reading_the_sets(community):
    rollup_days(D0, D3)
    period = Period(D1, D3)
    computed = figures(period)
    spaces = space_breakdown(period)
    assert store_figures(period) is True
    assert store_figures(period) is False  # kept for these rollups already
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        kept = figures(period)
        kept_spaces = space_breakdown(period)
    assert kept == computed and kept_spaces == spaces
    assert not any("insights_dayset" in q["sql"] for q in queries.captured_queries)


def test_a_day_rolled_up_again_is_not_read_from_what_was_kept(community, clock):
    rollup_days(D0, D3)
    period = Period(D1, D3)
    store_figures(period)
    before = figures(period).posts
    clock.at(D2, 20)
    publish_post(actor=community.bob, space=community.recipes, body="夜の一枚")
    rollup_day(D2)
    assert figures(period).posts == before + 1


def test_the_job_keeps_the_current_periods_and_the_months_with_rollups(community):
    rollup_days(D0, D3)
    periods = warm_cache(today=D3)
    kept = set(PeriodFigures.objects.values_list("start", "end"))
    march_so_far = Period.month(D3).so_far(D3)
    assert march_so_far in periods
    assert (march_so_far.start, march_so_far.end) in kept
    assert (D2, D2) in kept  # yesterday
    # Months without a rollup have nothing to keep (February of this community).
    february = Period.month(D0.replace(month=2))
    assert february in periods
    assert not PeriodFigures.objects.filter(start=february.start, end=february.end).exists()
