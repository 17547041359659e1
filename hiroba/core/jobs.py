"""Core's periodic jobs: handing kept jobs back to the queue, clearing expired sessions."""

from django.core.management import call_command
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, on_startup

from hiroba.core.jobqueue import hand_over_outbox


@db_periodic_task(crontab(minute="*"))
def hand_over_kept_jobs() -> None:
    """Every minute: the jobs kept in the database while Redis was down go to the queue."""
    hand_over_outbox(HUEY)


@on_startup()
def hand_over_kept_jobs_at_start() -> None:
    hand_over_outbox(HUEY)


# 18:41 UTC is 03:41 in Tokyo, a quiet hour.
@db_periodic_task(crontab(minute="41", hour="18"))
def clear_expired_sessions() -> None:
    """Sessions live in the database (docs/operations.md): expired ones are deleted nightly."""
    call_command("clearsessions")
