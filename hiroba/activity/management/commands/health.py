"""``hiroba health``: the health score's batch jobs by hand (the nightly job runs both)."""

from django.core.management.base import BaseCommand, CommandError

from hiroba.activity.health.batch import rebuild_due, rebuild_health, recompute_health


class Command(BaseCommand):
    help = (
        "Store every member's activity level now (--recompute), or rebuild every score from the"
        " Activity table after the weights or half-lives changed (--rebuild)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--recompute", action="store_true", help="Store levels and today's counts."
        )
        parser.add_argument(
            "--rebuild", action="store_true", help="Recompute every sum from Activity first."
        )

    def handle(self, *args, recompute, rebuild, **options):
        if not (recompute or rebuild):
            raise CommandError("Say what to do: --recompute, --rebuild, or both.")
        if rebuild:
            result = rebuild_health(say=self.stdout.write)
            self.stdout.write(
                f"rebuilt {result.members:,} members' scores from {result.activity_rows:,}"
                f" Activity ids in {result.seconds:.1f} s"
            )
        elif rebuild_due():
            self.stderr.write(
                "The weights or half-lives changed since the scores were built:"
                " run `hiroba health --rebuild`."
            )
        result = recompute_health()
        counts = ", ".join(f"{level} {n:,}" for level, n in result.counts.items())
        self.stdout.write(
            f"levels now: {counts}; warming up {result.warming:,};"
            f" {result.changed:,} levels changed; {result.seconds:.1f} s"
        )
