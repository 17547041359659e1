"""Handing kept jobs to the queue: Redis is never called inside a database transaction (on SQLite
every site write would wait behind it), and two consumers handing over at once queue each job
once; rows of a hand-over that died go to the next one once its claim runs out."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from hiroba.core import jobqueue
from hiroba.core.jobqueue import hand_over_outbox
from hiroba.core.models import OutboxJob
from hiroba.core.tests.redis_profile import own_redis, use_redis_profile  # noqa: F401
from hiroba.posts.jobs import make_photo_sizes


@pytest.fixture
def queue(own_redis, settings, monkeypatch):  # noqa: F811
    storage = use_redis_profile(settings, monkeypatch, own_redis.url)
    own_redis.stop()
    return storage


def keep_jobs(own_redis, *photo_ids) -> None:  # noqa: F811
    """Jobs queued while Redis is down: kept in the database."""
    for photo_id in photo_ids:
        make_photo_sizes(photo_id)
    assert OutboxJob.objects.count() == len(photo_ids)
    own_redis.start()


def queued_photo_ids(storage) -> list[int]:
    ids = []
    while storage.queue_size():
        ids.append(HUEY.dequeue().args[0])
    return sorted(ids)


def test_redis_is_called_outside_any_transaction(
    queue,
    own_redis,  # noqa: F811
    transactional_db,
    monkeypatch,
):
    keep_jobs(own_redis, 1, 2, 3)
    send, in_transaction = queue.send_kept, []

    def observed_send(data, priority):
        in_transaction.append(connection.in_atomic_block)
        send(data, priority)

    monkeypatch.setattr(queue, "send_kept", observed_send)
    assert hand_over_outbox(HUEY, batch=2) == 3
    assert in_transaction == [False, False, False]
    assert not OutboxJob.objects.exists()
    assert queued_photo_ids(queue) == [1, 2, 3]


def test_two_consumers_handing_over_at_once_queue_each_job_once(
    queue,
    own_redis,  # noqa: F811
    transactional_db,
    monkeypatch,
):
    keep_jobs(own_redis, 1, 2, 3, 4)
    send, other_consumer_queued = queue.send_kept, []

    def send_while_another_consumer_hands_over(data, priority):
        if not other_consumer_queued:  # the other consumer's hand-over runs in between
            other_consumer_queued.append(0)
            other_consumer_queued[0] = hand_over_outbox(HUEY, batch=2)
        send(data, priority)

    monkeypatch.setattr(queue, "send_kept", send_while_another_consumer_hands_over)
    first = hand_over_outbox(HUEY, batch=2)
    assert first + other_consumer_queued[0] == 4
    assert not OutboxJob.objects.exists()
    assert queued_photo_ids(queue) == [1, 2, 3, 4]


def test_rows_of_a_hand_over_that_died_wait_for_its_claim_to_run_out(
    queue,
    own_redis,  # noqa: F811
    transactional_db,
):
    keep_jobs(own_redis, 1, 2)
    now = timezone.now()
    first, second = OutboxJob.objects.order_by("pk")
    first.claimed_by, first.claimed_until = "died", now - timedelta(seconds=1)
    first.save()
    second.claimed_by = "busy"
    second.claimed_until = now + timedelta(seconds=jobqueue.CLAIM_SECONDS)
    second.save()
    assert hand_over_outbox(HUEY) == 1
    assert queued_photo_ids(queue) == [1]
    assert list(OutboxJob.objects.values_list("claimed_by", flat=True)) == ["busy"]
