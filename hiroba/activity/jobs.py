import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from hiroba.activity.health.batch import rebuild_due, rebuild_health, recompute_health
from hiroba.activity.health.config import forget_stored

logger = logging.getLogger(__name__)


# 15:05 UTC is 00:05 in Tokyo: the day's snapshot of the levels is taken as the day begins.
@db_periodic_task(crontab(minute="5", hour="15"))
def refresh_health() -> None:
    """Nightly: rebuild the sums if the weights or half-lives changed, then store the levels.

    Safe to run twice: both steps compute from the current state, never add to it.
    """
    if rebuild_due():
        rebuilt = rebuild_health()
        logger.info("health scores rebuilt: %s members in %.1f s", *rebuilt[1:])
    result = recompute_health()
    logger.info(
        "health levels: %s, %s changed, %.1f s", result.counts, result.changed, result.seconds
    )


@db_task()
def recompute_levels() -> None:
    """After the thresholds changed in the console: store each member's level under them (a
    few seconds at 800,000 members, so not in the request)."""
    forget_stored()  # this worker may hold the old thresholds
    result = recompute_health()
    logger.info("health levels after new thresholds: %s, %s changed", result.counts, result.changed)
