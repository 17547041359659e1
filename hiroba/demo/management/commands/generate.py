"""``hiroba generate``: fill an empty database with a generated community of a given size.

The default is "mineo scale" (800,000 members, a year of activity); ``--members 2000 --months 2``
makes a small one in seconds. Every member's password is ``hiroba-bench``.
"""

import shutil
from datetime import UTC, date, datetime

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from hiroba.accounts.models import Member
from hiroba.demo.scale import Size, generate, people, photos

MEMBERS = 800_000
MONTHS = 12
SEED = 2025


class Command(BaseCommand):
    help = (
        f"Generate a large community (members, posts, comments, likes, activity) in bulk: by "
        f"default mineo scale, {MEMBERS:,} members and {MONTHS} months of activity (an SQLite "
        f"file of about 8 GB); --members 2000 --months 2 makes a small one in seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--members",
            type=int,
            default=MEMBERS,
            help=f"Members, staff included (default: {MEMBERS:,}).",
        )
        parser.add_argument(
            "--months", type=int, default=MONTHS, help=f"Months of activity (default: {MONTHS})."
        )
        parser.add_argument(
            "--seed", type=int, default=SEED, help=f"Random seed (default: {SEED})."
        )
        parser.add_argument(
            "--until",
            type=date.fromisoformat,
            help="Last day of activity, YYYY-MM-DD (default: today, UTC). Same seed and date, "
            "same data.",
        )
        parser.add_argument("--no-photos", action="store_true", help="Make no photo files.")
        parser.add_argument("--reset", action="store_true", help="Wipe the database first.")

    def handle(self, *args, members, months, seed, until, no_photos, reset, **options):
        if members < 100:
            raise CommandError("--members must be at least 100.")
        if not 1 <= months <= 60:
            raise CommandError("--months must be between 1 and 60.")
        if Member.objects.exists():
            if not reset:
                raise CommandError(
                    "This database already has members; run with --reset to wipe it first, or "
                    "point HIROBA_DATA_DIR or HIROBA_DATABASE_URL at another database."
                )
            self.stdout.write("Wiping the database and its photos…")
            call_command("flush", interactive=False, verbosity=0)
            for folder in ("photos", photos.POOL):
                shutil.rmtree(settings.MEDIA_ROOT / folder, ignore_errors=True)
        until = until or datetime.now(UTC).date()
        self.stdout.write(
            f"Generating {members:,} members and {months} months of activity until {until}"
            f" (seed {seed})…"
        )
        generate(
            size=Size(members=members, months=months),
            seed=seed,
            until=until,
            with_photos=not no_photos,
            out=self.stdout,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Done. Log in with <handle>@example.com (e.g. {people.STAFF[0][0]}@example.com) "
                f"and the password {people.PASSWORD}."
            )
        )
