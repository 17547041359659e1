"""``seed_demo`` leaves no e-mail behind: the jobs it queued (photo sizes, notifications) run
before it ends, their e-mail copies to the made-up addresses are dropped, and the job consumer
of ``make demo`` starts with an empty queue instead of printing ~950 messages.
"""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from huey.contrib.djhuey import HUEY
from huey.storage import MemoryStorage

from hiroba.notifications.models import Notification
from hiroba.posts.models import Photo


@pytest.fixture
def queued_jobs():
    """Jobs wait in a queue, as under ``make demo``, instead of running as they are queued (the
    test settings' immediate mode). The queue is in memory; the attribute is set directly because
    Huey's ``immediate`` setter would open the configured SQLite queue file."""
    storage, immediate = HUEY.storage, HUEY._immediate
    HUEY._immediate, HUEY.storage = False, MemoryStorage(HUEY.name)
    yield HUEY
    HUEY._immediate, HUEY.storage = immediate, storage


# The seeding's jobs are queued when its transactions commit: this test commits for real.
@pytest.mark.django_db(transaction=True)
def test_seeding_runs_its_jobs_and_sends_no_mail(queued_jobs, settings):
    settings.HIROBA_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out = StringIO()
    call_command("seed_demo", "--members", "14", stdout=out)
    printed = out.getvalue()

    assert queued_jobs.pending_count() == 0
    assert mail.outbox == []
    assert Notification.objects.exists()  # written by the jobs the seeding queued
    assert not Photo.objects.filter(thumb="").exists()  # photo sizes made
    summary = next(line for line in printed.splitlines() if line.startswith("Ran the "))
    jobs, dropped = (int(n.replace(",", "")) for n in re.findall(r"[\d,]+\d|\d", summary))
    assert jobs > 0 and dropped > 0, summary
    assert "were dropped" in summary
    assert "E-mail the site sends from now on is printed in this terminal" in printed
    assert "/api/v1/docs" in printed and "/members/settings/tokens/" in printed
    assert len(printed.splitlines()) < 30
