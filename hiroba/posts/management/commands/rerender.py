"""``hiroba rerender``: render the stored Markdown of every post and comment again."""

import time

from django.core.management.base import BaseCommand

from hiroba.core.progress import stage_progress
from hiroba.posts.services.rendering import BATCH, rerender_texts


class Command(BaseCommand):
    help = (
        "Render every post's and comment's text to HTML again, after an upgrade that changed "
        "the Markdown rules (hashtags, links). Safe to run on a live site."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=BATCH, help="rows read at a time")

    def handle(self, *args, batch: int, **options):
        started = time.monotonic()
        progress = stage_progress(self.stdout.write)
        changed = rerender_texts(progress=progress, batch=batch)
        self.stdout.write(
            self.style.SUCCESS(
                f"Rendered again in {time.monotonic() - started:.1f} s: {changed['posts']:,} "
                f"posts and {changed['comments']:,} comments changed."
            )
        )
