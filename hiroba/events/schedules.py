"""Events' periodic jobs. They call the services (lifecycle.py, lottery.py), which queue the
jobs; kept apart so that the modules do not import each other."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hiroba.events.lifecycle import archive_held, close_applications, mark_held, send_reminders
from hiroba.events.lottery import expire_unconfirmed_wins


@db_periodic_task(crontab(minute="*"))
def move_events_along() -> None:
    """Applications close, unconfirmed wins lapse, ended events are held."""
    close_applications()
    expire_unconfirmed_wins()
    mark_held()


@db_periodic_task(crontab(minute="*/10"))
def remind_events() -> None:
    send_reminders()


@db_periodic_task(crontab(minute="17", hour="3"))
def archive_events() -> None:
    archive_held()
