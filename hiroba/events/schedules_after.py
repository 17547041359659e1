"""The after slice's periodic job (the app's ready() imports it, as schedules.py)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hiroba.events.after import invite_due_attendees


@db_periodic_task(crontab(minute="*/10"))
def invite_attendees_to_surveys() -> None:
    """Tell the attendees of events about the surveys open to them (once each)."""
    invite_due_attendees()
