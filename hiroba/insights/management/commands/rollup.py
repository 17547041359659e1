"""``hiroba rollup``: build the KPI rollups of one day, the recent days, or all history.

    hiroba rollup                      today so far and any recent day not yet final (the job)
    hiroba rollup --day 2026-03-02     one day
    hiroba rollup --rebuild [--from 2025-12-01] [--to 2026-11-30]
                                       every day from the first activity (or --from) to today
                                       (or --to), oldest first, one progress line per day

Re-running a day replaces its rows, so a rebuild can be stopped and started again.
"""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from hiroba.insights.periods import today
from hiroba.insights.rollup import first_activity_day, rollup_day, rollup_days, rollup_recent


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Build the daily KPI rollups from the activity log."

    def add_arguments(self, parser):
        parser.add_argument("--day", type=_date, help="Roll up this day only (YYYY-MM-DD).")
        parser.add_argument("--rebuild", action="store_true", help="Roll up every day again.")
        parser.add_argument("--from", dest="start", type=_date, help="First day of a rebuild.")
        parser.add_argument("--to", dest="end", type=_date, help="Last day of a rebuild.")

    def handle(self, *args, day=None, rebuild=False, start=None, end=None, **options):
        if day and rebuild:
            raise CommandError("Give --day or --rebuild, not both.")
        if (start or end) and not rebuild:
            raise CommandError("--from and --to go with --rebuild.")
        began = time.monotonic()
        if day:
            row = rollup_day(day)
            self.stdout.write(f"{day}: {self._summary(row)} ({time.monotonic() - began:.1f} s)")
            return
        if not rebuild:
            days = rollup_recent()
            self.stdout.write(f"Rolled up {', '.join(map(str, days))}.")
            return
        start = start or first_activity_day()
        end = end or today()
        if start is None:
            self.stdout.write("No activity yet: nothing to roll up.")
            return
        if end < start:
            raise CommandError("--to is before --from.")
        count = rollup_days(start, end, progress=self._progress(began))
        self.stdout.write(f"Rebuilt {count} days in {time.monotonic() - began:.1f} s.")

    def _progress(self, began):
        def report(day, done, total, row):
            elapsed = time.monotonic() - began
            left = elapsed / done * (total - done)
            self.stdout.write(
                f"[{done}/{total}] {day}: {self._summary(row)}"
                f"  elapsed {elapsed:.0f} s, about {left:.0f} s left"
            )

        return report

    @staticmethod
    def _summary(row) -> str:
        return f"active {row.active}, posts {row.posts}, comments {row.comments}"
