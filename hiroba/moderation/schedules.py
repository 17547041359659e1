"""Moderation's periodic jobs. They call the services, which queue the jobs in ``jobs``: kept
apart so that the two modules do not import each other."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hiroba.moderation.services import lift_expired_suspensions


@db_periodic_task(crontab(minute="*"))
def lift_expired_suspensions_job() -> None:
    lift_expired_suspensions()
