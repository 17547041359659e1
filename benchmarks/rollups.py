"""KPI rollups at scale: how long one day's rollup and a full rebuild take.

    HIROBA_DATA_DIR=/work/scale/kpis python benchmarks/rollups.py [--days 5] [--rebuild]

Run it on a COPY of the scale database, migrated first (``manage.py migrate``): it writes the
rollup tables. Times ``rollup_day`` for the last ``--days`` complete days of the data (each run
replaces that day's rows, as the hourly job does), then with ``--rebuild`` rolls up every day from
``--months`` (12) before the last activity to it, as ``hiroba rollup --rebuild --from``
does. Prints Markdown; asserts nothing.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("HIROBA_SECRET_KEY", "benchmarks-rollups-not-a-secret")
os.environ.setdefault("HIROBA_DEBUG", "false")
os.environ.setdefault("HIROBA_HTTPS", "false")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=5, help="days to time one by one")
    parser.add_argument("--rebuild", action="store_true", help="also time a rebuild")
    parser.add_argument(
        "--months", type=int, default=12, help="the rebuild's span, ending on the last day"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from hiroba.activity.models import Activity
    from hiroba.insights.models import COMMUNITY, DailyRollup, DaySet
    from hiroba.insights.periods import day_start
    from hiroba.insights.rollup import first_activity_day, rollup_day, rollup_days

    last = timezone.localdate(
        Activity.objects.order_by("-created_at").values_list("created_at", flat=True).first()
    )
    first = first_activity_day()
    print(f"Database: {connection.vendor}, activity from {first} to {last}\n")
    print("| day | activity rows | active members | posts | comments | rollup s |")
    print("|---|---:|---:|---:|---:|---:|")
    times = []
    for back in range(args.days, 0, -1):
        day = last - timedelta(days=back)
        started = time.perf_counter()
        row = rollup_day(day)
        elapsed = time.perf_counter() - started
        times.append(elapsed)
        rows = Activity.objects.filter(
            created_at__gte=day_start(day), created_at__lt=day_start(day + timedelta(days=1))
        ).count()
        print(
            f"| {day} | {rows:,} | {row.active:,} | {row.posts:,} | {row.comments:,} "
            f"| {elapsed:.2f} |"
        )
    print(
        f"\nOne day's rollup: median {statistics.median(times):.2f} s, "
        f"max {max(times):.2f} s over {len(times)} days (target ≤ 5 s).\n"
    )
    if not args.rebuild:
        return
    first = max(first, last - timedelta(days=round(args.months * 365 / 12) - 1))
    started = time.perf_counter()
    count = rollup_days(
        first,
        last,
        progress=lambda day, done, total, row: (
            print(f"  [{done}/{total}] {day} {time.perf_counter() - started:.0f} s", flush=True)
            if done % 30 == 0 or done == total
            else None
        ),
    )
    elapsed = time.perf_counter() - started
    sets = DaySet.objects.count()
    size = sum(len(data) for data in DaySet.objects.values_list("data", flat=True).iterator())
    print(
        f"\n| full rebuild | days | seconds | s/day | rollup rows | set rows | set bytes |\n"
        f"|---|---:|---:|---:|---:|---:|---:|\n"
        f"| {first} – {last} | {count} | {elapsed:.0f} | {elapsed / count:.2f} "
        f"| {DailyRollup.objects.count():,} | {sets:,} | {size / 1e6:.1f} MB |\n"
    )
    print(
        f"Target: 12 months ≤ 600 s. Community rows: "
        f"{DailyRollup.objects.filter(space_id=COMMUNITY).count()}."
    )


if __name__ == "__main__":
    main()
