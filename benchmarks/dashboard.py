"""The KPI dashboard at scale: how long the page (and the API) take for a month, from rollups.

    HIROBA_DATA_DIR=/work/scale/kpis python benchmarks/dashboard.py [--months 4] [--repeat 20]

Run ``benchmarks/rollups.py --rebuild`` (or ``hiroba rollup --rebuild``) on the copy first, and
the hourly job's ``warm_cache`` once to measure what members see after it (it keeps the figures
of every calendar month of the last year in ``PeriodFigures``); ``--without-kept`` deletes those
first, to measure a month nobody kept.
For each of the last ``--months`` complete months, requests /console/dashboard/?period=month
through Django's test client as a community manager, ``--repeat`` times with the cache cleared
before each request ("cold": the figures, the comparison month and the per-space table come
from the kept figures, or else from the rollups' unions), then ``--repeat`` times with the cache
warm, and the API's /api/v1/insights/kpis cold. Prints p50 / p95 in milliseconds (Markdown).
The request also records a visit, as any page does. Asserts nothing.
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
os.environ.setdefault("HIROBA_SECRET_KEY", "benchmarks-dashboard-not-a-secret")
os.environ.setdefault("HIROBA_DEBUG", "false")
os.environ.setdefault("HIROBA_HTTPS", "false")
os.environ.setdefault("HIROBA_ALLOWED_HOSTS", "testserver")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(call, repeat, *, cold):
    from django.core.cache import cache

    times = []
    for _ in range(repeat):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = call()
        times.append(1000 * (time.perf_counter() - started))
        assert response.status_code == 200, response.status_code
    return statistics.median(times), percentile(times, 0.95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--without-kept", action="store_true", help="delete PeriodFigures first")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    # Static URLs unhashed: a copied database directory has no collectstatic manifest. The page
    # computes the same; only the <link>/<script> addresses differ.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.db import connection
    from django.test import Client

    from hiroba.accounts.models import Member, Role
    from hiroba.accounts.tokens import create_api_token
    from hiroba.insights.models import COMMUNITY, DailyRollup, PeriodFigures
    from hiroba.insights.periods import Period

    last = (
        DailyRollup.objects.filter(space_id=COMMUNITY)
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )
    if last is None:
        sys.exit("No rollups: run benchmarks/rollups.py --rebuild first.")
    if args.without_kept:
        PeriodFigures.objects.all().delete()
    kept = PeriodFigures.objects.count()
    manager = Member.objects.filter(role=Role.MANAGER).order_by("pk").first()
    client = Client()
    client.force_login(manager)
    _token, secret = create_api_token(actor=manager, name="dashboard benchmark")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    months = []
    month = Period.month(last)
    if month.end > last:
        month = Period.month(month.start.replace(day=1) - timedelta(days=1))
    for _ in range(args.months):
        months.append(month)
        month = Period.month(month.start - timedelta(days=1))

    print(
        f"Database: {connection.vendor}; {kept} periods' figures kept by the job; "
        f"{args.repeat} requests per row; times in ms.\n"
    )
    print(
        "| month | page cold p50 | page cold p95 | page warm p50 | page warm p95 "
        "| API cold p50 | API cold p95 |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    colds = []
    for period in reversed(months):
        params = {"period": "month", "day": period.start.isoformat()}
        cold = timed(lambda p=params: client.get("/console/dashboard/", p), args.repeat, cold=True)
        warm = timed(lambda p=params: client.get("/console/dashboard/", p), args.repeat, cold=False)
        api_cold = timed(
            lambda p=params: api.get("/api/v1/insights/kpis", p), args.repeat, cold=True
        )
        colds.append(cold[1])
        print(
            f"| {period.start:%Y-%m} | {cold[0]:.0f} | {cold[1]:.0f} | {warm[0]:.0f} "
            f"| {warm[1]:.0f} | {api_cold[0]:.0f} | {api_cold[1]:.0f} |"
        )
    print(f"\nWorst cold p95: {max(colds):.0f} ms (target ≤ 200 ms).")


if __name__ == "__main__":
    main()
