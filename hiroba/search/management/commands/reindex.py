"""``hiroba reindex``: fold every post's and member's text again and rebuild the search index."""

import time

from django.core.management.base import BaseCommand

from hiroba.search.services import reindex


class Command(BaseCommand):
    help = "Rebuild the search index (folded texts, then the FTS5 tables or trigram indexes)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=5000, help="rows per transaction")

    def handle(self, *args, batch: int, **options):
        started = time.monotonic()
        shown: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            # One line per stage every 5% (and at the end), so a log stays readable at 1.2M rows.
            step = max(total // 20, 1)
            mark = done // step if done < total else -2  # -2: the stage's last line
            if mark == shown.get(stage):
                return
            shown[stage] = mark
            share = f"{100 * done // total}%" if total else "100%"
            elapsed = time.monotonic() - started
            self.stdout.write(f"{stage:<14} {done:>10,} / {total:,}  {share:>4}  {elapsed:7.1f} s")

        changed = reindex(progress=progress, batch=batch)
        self.stdout.write(
            self.style.SUCCESS(
                f"Reindexed in {time.monotonic() - started:.1f} s: "
                f"{changed['posts']:,} post texts and {changed['members']:,} member names changed."
            )
        )
