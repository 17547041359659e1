"""After the demo is seeded: the figures the console reads, as the periodic jobs would have
left them. The seeder moved every timestamp into the past after the services had scored each
activity at "now", so the health scores are rebuilt from the Activity rows, then every day of
the demo's history is rolled up (today with its levels, as the hourly job does).

The demo's levels are set by its manager, as a community manager would in the console: the
default thresholds were read off mineo's 800,000 members (core from 450), where nobody in a
60-day-old community of 200 is core and nearly everyone is light."""

from datetime import timedelta

from django.utils import timezone

from hiroba.accounts.models import Member
from hiroba.activity.health.batch import rebuild_health, recompute_health
from hiroba.console.services import update_health_settings
from hiroba.demo import people
from hiroba.insights.rollup import first_activity_day, rollup_day, rollup_days

# Read off the demo's long-term scores after seeding (200 members, 60 days; 30 November 2026):
# the top 1 % from 105, 3 % from 92, 10 % from 68, half from 46, 90 % from 28, 95 % from 23
# (a daily visit alone is about 24 after 60 days). Core from 90: the handful who post and
# comment most days (7, 3.5 %); light from 40: the regulars (about 60 %); low from 25: the
# members who mostly read (about 30 %); dormant below: a visit every few days or less (about
# 7 %). The warming rule keeps its defaults (3, twice the member's own pace).
DEMO_LEVELS = {"core": 90.0, "light": 40.0, "low": 25.0, "warming_min": 3.0, "warming_ratio": 2.0}
# With them: 7 core, 129 light, 51 low, 17 dormant of 204 members; 5 warming up.


def build_figures(*, manager=None) -> int:
    """Rebuild the health scores, set the demo's levels (as its ``manager``), and roll up every
    day; returns the number of days."""
    rebuild_health()
    manager = manager or Member.objects.filter(email=people.MANAGER.email).first()
    if manager is not None:
        update_health_settings(actor=manager, **DEMO_LEVELS, recompute=False)
    recompute_health()
    today = timezone.localdate()
    first = first_activity_day() or today
    days = rollup_days(first, today - timedelta(days=1)) if first < today else 0
    rollup_day(today, levels=True)
    return days + 1
