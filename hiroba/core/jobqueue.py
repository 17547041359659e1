"""The job queue on Redis, with the database as its outbox while Redis is unreachable.

Every job reaches the queue through its storage's ``enqueue`` (a job queued after commit, a retry,
a periodic run) or ``add_to_schedule`` (a job with a delay), so the fallback sits there, once,
for every call site: when Redis does not answer, the serialized job is written to ``OutboxJob``
instead and the caller carries on (the member's write is accepted). ``hand_over_outbox`` gives
the kept jobs to the queue when Redis answers again; the consumer runs it at start and every
minute (``hiroba.core.jobs``). A job may then run twice if the hand-over is interrupted between
the queue taking it and the row's deletion; jobs are written to be safe to run twice.

The hand-over never talks to Redis inside a database transaction (a Redis call may wait 5 s, and
on SQLite every site write would wait behind the open transaction): it claims a batch of rows in
one short statement, sends them, then deletes the sent ones in another.

The queue is built while Django loads its apps (``huey.contrib.djhuey`` is one of them, and it
makes the queue named in the settings), before any model can be imported: this module reads
``OutboxJob`` inside the functions that run later, once the apps are ready.
"""

import logging
import time
import uuid
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
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


# Long enough for a batch sent to a slow Redis (stopping at the first failure); short enough that
# the rows of a consumer that died mid-hand-over are handed over soon after.
CLAIM_SECONDS = 300


def _claim(batch: int) -> tuple[str, list]:
    """Up to ``batch`` unclaimed rows (or rows whose claim ran out), oldest first, for this
    hand-over only: the claim is one conditional UPDATE, so two consumers never claim a row
    at once (PostgreSQL re-checks the condition on a row another one just claimed)."""
    from hiroba.core.models import OutboxJob

    token = uuid.uuid4().hex
    now = timezone.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    with transaction.atomic():
        ids = list(
            OutboxJob.objects.filter(free).order_by("pk").values_list("pk", flat=True)[:batch]
        )
        OutboxJob.objects.filter(free, pk__in=ids).update(
            claimed_by=token, claimed_until=now + timedelta(seconds=CLAIM_SECONDS)
        )
    return token, list(OutboxJob.objects.filter(claimed_by=token).order_by("pk"))


def hand_over_outbox(huey, *, batch: int = 200) -> int:
    """Queue the jobs kept while Redis was unreachable, oldest first; the number queued.

    Periodic jobs kept during the outage are dropped (their next run comes anyway). Stops at the
    first failure, leaving the rest for the next run. Several consumers may run it at once: each
    sends only the rows it claimed, so a job is queued twice only if a hand-over outlives its
    claim (CLAIM_SECONDS) or dies between sending a row and deleting it.
    """
    from hiroba.core.models import OutboxJob

    storage = huey.storage
    if not isinstance(storage, OutboxRedisStorage):
        return 0
    queued = 0
    while True:
        token, rows = _claim(batch)
        if not rows:
            break
        done, failed = [], None
        try:
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
        finally:
            # Also when another error stops the loop: what was sent is not sent again, and the
            # rest waits for the next hand-over, of this consumer or another.
            OutboxJob.objects.filter(pk__in=done).delete()
            OutboxJob.objects.filter(claimed_by=token).update(claimed_by="", claimed_until=None)
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
