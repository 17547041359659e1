"""After the demo is seeded: the figures the console reads, as the periodic jobs would have
left them. The seeder moved every timestamp into the past after the services had scored each
activity at "now", so the health scores are rebuilt from the Activity rows, then every day of
the demo's history is rolled up (today with its levels, as the hourly job does)."""

from datetime import timedelta

from django.utils import timezone

from hiroba.activity.health.batch import rebuild_health, recompute_health
from hiroba.insights.rollup import first_activity_day, rollup_day, rollup_days


def build_figures() -> int:
    """Rebuild the health scores and roll up every day; returns the number of days."""
    rebuild_health()
    recompute_health()
    today = timezone.localdate()
    first = first_activity_day() or today
    days = rollup_days(first, today - timedelta(days=1)) if first < today else 0
    rollup_day(today, levels=True)
    return days + 1
