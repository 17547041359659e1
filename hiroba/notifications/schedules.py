"""Notifications' periodic jobs. They call the services, which queue the jobs in ``jobs``: kept
apart so that the two modules do not import each other."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hiroba.notifications.services import purge_old_notifications


@db_periodic_task(crontab(minute="17", hour="3"))
def purge_old_notifications_job() -> None:
    purge_old_notifications()
