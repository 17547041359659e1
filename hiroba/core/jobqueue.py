"""The job queue on Redis, with the database as its outbox while Redis is unreachable.

Every job reaches the queue through its storage's ``enqueue`` (a job queued after commit, a retry,
a periodic run) or ``add_to_schedule`` (a job with a delay), so the fallback sits there, once,
for every call site: when Redis does not answer, the serialized job is written to ``OutboxJob``
instead and the caller carries on (the member's write is accepted). ``hand_over_outbox`` gives
the kept jobs to the queue when Redis answers again; the consumer runs it at start and every
minute (``hiroba.core.jobs``). A job may then run twice if the hand-over is interrupted between
the queue taking it and the row's deletion; jobs are written to be safe to run twice.
"""

import logging
import time

from django.db import transaction
from huey import RedisHuey
from huey.api import PeriodicTask
from huey.exceptions import HueyException
from huey.storage import RedisStorage
from redis import ConnectionPool

from hiroba.core.outage import UNREACHABLE, outage_for

logger = logging.getLogger("hiroba.redis")


class OutboxRedisStorage(RedisStorage):
    def __init__(
        self, name="huey", *, url: str, blocking=True, read_timeout=1, **connection_options
    ):
        # Huey's storage takes either a URL or connection options; the timeouts need both.
        pool = ConnectionPool.from_url(url, **connection_options)
        super().__init__(name, blocking=blocking, read_timeout=read_timeout, connection_pool=pool)
        self._outage = outage_for("job queue", url)

    def enqueue(self, data, priority=None):
        send = super().enqueue
        self._send_or_keep(lambda: send(data, priority), data, priority)

    def add_to_schedule(self, data, ts):
        # Kept without its time: the job carries its eta, and a worker that receives it early
        # puts it back on the schedule.
        send = super().add_to_schedule
        self._send_or_keep(lambda: send(data, ts), data, None)

    def _send_or_keep(self, send, data, priority) -> None:
        sent, _result = self._outage.attempt(send)
        if not sent:
            from hiroba.core.models import OutboxJob

            OutboxJob.objects.create(data=data, priority=priority)

    # The consumer's side: while Redis is unreachable, a worker finds the queue empty (after the
    # second a blocking read would have waited) and the scheduler finds nothing due, so the
    # outage is logged here, once every few seconds, instead of as a traceback per attempt.
    def dequeue(self):
        answered, data = self._outage.attempt(super().dequeue)
        if not answered:
            time.sleep(self.read_timeout)
        return data

    def read_schedule(self, ts):
        read = super().read_schedule
        answered, tasks = self._outage.attempt(lambda: read(ts))
        return tasks if answered else []

    def send_kept(self, data, priority) -> None:
        """Queue a kept job, raising if Redis does not answer (no second outbox row)."""
        RedisStorage.enqueue(self, data, priority)
        self._outage.answered()


class OutboxRedisHuey(RedisHuey):
    storage_class = OutboxRedisStorage


def _is_periodic(huey, data: bytes) -> bool:
    try:
        return isinstance(huey.deserialize_task(data), PeriodicTask)
    except HueyException:  # a job this process does not know: the consumer will say so
        return False


def hand_over_outbox(huey, *, batch: int = 200) -> int:
    """Queue the jobs kept while Redis was unreachable, oldest first; the number queued.

    Periodic jobs kept during the outage are dropped (their next run comes anyway). Stops at the
    first failure, leaving the rest for the next run. Several consumers may run it at once: on
    PostgreSQL each takes rows the others have not locked; SQLite runs one transaction at a time.
    """
    from hiroba.core.models import OutboxJob

    storage = huey.storage
    if not isinstance(storage, OutboxRedisStorage):
        return 0
    queued = 0
    while True:
        with transaction.atomic():
            rows = list(
                OutboxJob.objects.select_for_update(skip_locked=True).order_by("pk")[:batch]
            )
            if not rows:
                break
            done, failed = [], None
            for row in rows:
                data = bytes(row.data)
                if not _is_periodic(huey, data):
                    try:
                        storage.send_kept(data, row.priority)
                    except UNREACHABLE as error:
                        failed = error
                        break
                    queued += 1
                done.append(row.pk)
            OutboxJob.objects.filter(pk__in=done).delete()
        if failed is not None:
            logger.warning(
                "Handing kept jobs to the queue stopped (%s); %d queued, the rest wait.",
                failed,
                queued,
            )
            return queued
    if queued:
        logger.warning("Handed %d jobs kept during a Redis outage to the queue.", queued)
    return queued
