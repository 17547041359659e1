"""``hiroba check_counters``: verify every stored counter against the rows it counts."""

import time

from django.core.management.base import BaseCommand, CommandError

from hiroba.demo.scale.counters import CHECKS, check_counters


class Command(BaseCommand):
    help = "Check every counter (posts, comments, likes, photos, tags, reads, members) with SQL."

    def handle(self, *args, **options):
        started = time.monotonic()
        mismatches = check_counters()
        seconds = time.monotonic() - started
        if mismatches:
            lines = [
                f"{m.check}: {m.count} wrong (id, stored, counted): "
                + ", ".join(str(tuple(row)) for row in m.examples)
                for m in mismatches
            ]
            raise CommandError("Counters that do not match their rows:\n" + "\n".join(lines))
        self.stdout.write(
            self.style.SUCCESS(f"All {len(CHECKS)} counter checks pass ({seconds:.1f} s).")
        )
