"""A Redis of the test's own goes down and comes back (empty, as after a restart without
persistence, which is a flush too): nobody is logged out, and the jobs of the writes made
meanwhile run once the kept jobs are handed to the queue."""

import logging

from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from hiroba.core import outage
from hiroba.core.jobqueue import hand_over_outbox
from hiroba.core.models import OutboxJob
from hiroba.core.tests.redis_profile import own_redis, use_redis_profile  # noqa: F401
from hiroba.moderation.schedules import lift_expired_suspensions_job
from hiroba.notifications.models import Notification
from hiroba.posts.jobs import make_photo_sizes
from hiroba.posts.models import Comment
from hiroba.posts.services import publish_post


def kept_job_names() -> list[str]:
    rows = OutboxJob.objects.order_by("pk")
    return [HUEY.deserialize_task(bytes(row.data)).name for row in rows]


def run_queued_jobs(storage) -> int:
    """What a consumer does: take each queued job and run it."""
    ran = 0
    while storage.queue_size():
        HUEY.execute(HUEY.dequeue())
        ran += 1
    return ran


def test_after_redis_returns_the_kept_jobs_run_and_nobody_was_logged_out(
    own_redis,  # noqa: F811
    transactional_db,
    settings,
    monkeypatch,
    caplog,
    alice,
    bob,
    recipes,
):
    caplog.set_level(logging.WARNING, logger="hiroba.redis")
    monkeypatch.setattr(outage, "REST_SECONDS", 0.0)  # try Redis on every call: no waiting here
    storage = use_redis_profile(settings, monkeypatch, own_redis.url)
    post = publish_post(actor=bob, space=recipes, body="戻ってくるまで")
    run_queued_jobs(storage)
    alice_client = Client()
    alice_client.force_login(alice)
    assert alice_client.get("/").context["user"] == alice
    cache.set("before", 1)
    assert cache.get("before") == 1

    own_redis.stop()
    response = alice_client.post(reverse("posts:comment", args=[post.pk]), {"body": "停止中"})
    assert response.status_code == 302
    assert Comment.objects.filter(post=post, created_by=alice).exists()
    assert alice_client.get(reverse("posts:detail", args=[post.pk])).status_code == 200
    assert OutboxJob.objects.count() == 1
    assert not Notification.objects.filter(recipient=bob).exists()

    own_redis.start()
    assert cache.get("before") is None  # the restarted Redis is empty
    assert alice_client.get("/").context["user"] == alice  # her session was in the database
    assert hand_over_outbox(HUEY) == 1
    assert not OutboxJob.objects.exists()
    assert run_queued_jobs(storage) == 1
    assert Notification.objects.filter(recipient=bob, actor=alice).exists()
    messages = [record.getMessage() for record in caplog.records]
    assert any("job queue" in m and "unreachable" in m for m in messages)
    assert any("cache" in m and "answers again" in m for m in messages)


def test_the_hand_over_waits_for_redis_and_drops_kept_periodic_runs(
    own_redis,  # noqa: F811
    db,
    settings,
    monkeypatch,
):
    monkeypatch.setattr(outage, "REST_SECONDS", 0.0)
    storage = use_redis_profile(settings, monkeypatch, own_redis.url)
    own_redis.stop()
    HUEY.enqueue(lift_expired_suspensions_job.s())  # as the consumer's scheduler queues it
    make_photo_sizes(12345)
    assert kept_job_names() == ["lift_expired_suspensions_job", "make_photo_sizes"]

    # Still down: the job waits; the periodic run is dropped (the next one comes anyway).
    assert hand_over_outbox(HUEY) == 0
    assert kept_job_names() == ["make_photo_sizes"]

    own_redis.start()
    assert hand_over_outbox(HUEY) == 1
    assert not OutboxJob.objects.exists()
    assert storage.queue_size() == 1
    assert HUEY.dequeue().name == "make_photo_sizes"
