"""``manage.py seed_demo``: the demo community "やさいのひろば / Veggie Square", made once.

Run again, it only prints the logins; ``--reset`` wipes the database and makes it anew.
It refuses to touch a database that holds members who are not the demo's.
"""

import shutil
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from hiroba.accounts.models import Member
from hiroba.demo import mail, people
from hiroba.demo.figures import build_figures
from hiroba.demo.seeding import Seeder

UNLIMITED = "1000000/60"
MEDIA_FOLDERS = ("photos", "covers", "icons", "logos")


class Command(BaseCommand):
    help = "Fill an empty database with the demo community (Japanese and English content)."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=200, help="Members besides staff.")
        parser.add_argument("--posts", type=int, help="Posts (default: 1.5 per member).")
        parser.add_argument("--seed", type=int, default=2025, help="Random seed.")
        parser.add_argument("--reset", action="store_true", help="Wipe the database first.")
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="Address to print.")

    def handle(self, *args, members, posts, seed, reset, url, **options):
        has_demo = Member.objects.filter(handle=people.OFFICIAL["handle"]).exists()
        if not has_demo and Member.objects.exists():
            raise CommandError(
                "This database has members who are not the demo's; seed_demo only fills an empty "
                "database (point HIROBA_DATA_DIR or HIROBA_DATABASE_URL at another one)."
            )
        if reset and has_demo:
            self._wipe()
            has_demo = False
        if has_demo:
            self.stdout.write("The demo community is already there (--reset makes it anew).")
            self._print_logins(url)
            return
        if members < 3:
            raise CommandError("--members must be at least 3.")

        started = time.monotonic()
        mail.DroppedMail.dropped = 0
        # The seeder posts, comments and likes hundreds of times per member-minute through the
        # real services, whose per-member limits (HIROBA_RATE_*) are there to stop floods by
        # people. Lift them for this run only; the running site keeps its configured limits.
        # E-mail goes nowhere meanwhile (hiroba/demo/mail.py): the addresses are made up.
        with override_settings(
            HIROBA_RATE_POST=UNLIMITED,
            HIROBA_RATE_COMMENT=UNLIMITED,
            HIROBA_RATE_REACTION=UNLIMITED,
            EMAIL_BACKEND=mail.BACKEND,
            HIROBA_EMAIL_BACKEND=mail.BACKEND,
        ):
            demo = Seeder(members=members, posts=posts, seed=seed).run()
            jobs = self._run_queued_jobs()
        days = build_figures()
        # The services cleared the cached community settings; drop the rest (read marks, limits).
        cache.clear()
        seconds = time.monotonic() - started
        counts = ", ".join(f"{n} {what}" for what, n in demo.counts.items())
        counts += f"; health scores and {days} days of KPI rollups"
        self.stdout.write(
            self.style.SUCCESS(f"Seeded the demo community in {seconds:.1f} s: {counts}.")
        )
        self.stdout.write(
            f"Ran the {jobs:,} jobs the seeding queued (photo sizes, notifications); the "
            f"{mail.DroppedMail.dropped:,} e-mails they would have sent to the demo's made-up "
            "addresses were dropped."
        )
        self._print_logins(url)

    @staticmethod
    def _run_queued_jobs() -> int:
        """Run here, now, the jobs the seeding queued, so that the demo starts with its photo
        sizes and notifications made, and the job consumer starts with an empty queue."""
        ran = 0
        while (task := HUEY.dequeue()) is not None:
            HUEY.execute(task)
            ran += 1
        return ran

    def _wipe(self) -> None:
        self.stdout.write("Wiping the database and the demo's uploaded files…")
        call_command("flush", interactive=False, verbosity=0)
        cache.clear()
        for folder in MEDIA_FOLDERS:
            shutil.rmtree(settings.MEDIA_ROOT / folder, ignore_errors=True)

    def _print_logins(self, url: str) -> None:
        rows = [
            ("member (ambassador)", people.HANAKO),
            ("member", people.KEN),
            ("member (English)", people.EMILY),
            ("editor", people.EDITOR),
            ("moderator", people.MODERATOR),
            ("manager", people.MANAGER),
        ]
        self.stdout.write(f"\nやさいのひろば / Veggie Square: {url}")
        self.stdout.write(f"Log in at {url.rstrip('/')}/accounts/login/ with the password")
        self.stdout.write(f"    {people.PASSWORD}")
        for role, person in rows:
            self.stdout.write(f"  {role:<20} {person.email}")
        self.stdout.write(
            "The other demo members have the same password; their e-mail is <handle>@example.com."
        )
        self.stdout.write(f"E-mail the site sends from now on is {mail.where_mail_goes()}.")
        self.stdout.write(
            f"The member API: {url.rstrip('/')}/api/v1/docs (make a token at "
            f"{url.rstrip('/')}{reverse('accounts:tokens')}).\n"
        )
