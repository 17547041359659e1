"""The rollup's periodic job: every hour (at minute 5, so that the first run of a Tokyo day,
00:05, gives yesterday its final rollup), today so far plus any day not yet final."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hiroba.insights.rollup import rollup_recent


@db_periodic_task(crontab(minute="5"))
def rollup_recent_job() -> None:
    rollup_recent()
