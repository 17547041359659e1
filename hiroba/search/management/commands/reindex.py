"""``hiroba reindex``: fold every post's and member's text again and rebuild the search index."""

import time

from django.core.management.base import BaseCommand

from hiroba.core.progress import stage_progress
from hiroba.search.services import reindex


class Command(BaseCommand):
    help = "Rebuild the search index (folded texts, then the FTS5 tables or trigram indexes)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=5000, help="rows per transaction")

    def handle(self, *args, batch: int, **options):
        started = time.monotonic()
        progress = stage_progress(self.stdout.write)
        changed = reindex(progress=progress, batch=batch)
        self.stdout.write(
            self.style.SUCCESS(
                f"Reindexed in {time.monotonic() - started:.1f} s: "
                f"{changed['posts']:,} post texts and {changed['members']:,} member names changed."
            )
        )
