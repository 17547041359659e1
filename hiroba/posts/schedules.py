"""Posts' periodic jobs. They call the services, which queue the jobs in ``jobs``: kept apart so
that the two modules do not import each other."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hiroba.posts.services import publish_due_articles


@db_periodic_task(crontab(minute="*"))
def publish_scheduled_articles() -> None:
    publish_due_articles()
