"""Redis down does not take the site down: pages answer, members stay logged in, writes are
accepted, rate limits keep counting, and the writes' jobs wait in the database.

Redis is "down" the way its clients see a stopped server: nothing listens on its port. The
cache, sessions and job queue are the ones config/settings.py chooses for HIROBA_REDIS_URL.
"""

import logging

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation
from huey.contrib.djhuey import HUEY

from hiroba.core import ratelimit
from hiroba.core.cache import CacheUnavailable, cache_failures_raise
from hiroba.core.errors import RateLimited
from hiroba.core.models import OutboxJob
from hiroba.core.tests.redis_profile import free_port, use_redis_profile
from hiroba.notifications.models import Notification
from hiroba.posts.models import Comment
from hiroba.posts.services import add_comment, publish_post

PASSWORD = "correct horse battery staple"


@pytest.fixture
def redis_down(settings, monkeypatch):
    return use_redis_profile(settings, monkeypatch, f"redis://127.0.0.1:{free_port()}/0")


def logged_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def kept_job_names() -> list[str]:
    return [HUEY.deserialize_task(bytes(row.data)).name for row in OutboxJob.objects.all()]


def test_pages_answer_while_redis_is_down(redis_down, alice, bob, recipes):
    post = publish_post(actor=bob, space=recipes, body="Redis が止まっても読める投稿")
    pages = ["/", reverse("posts:space", args=["recipes"]), reverse("posts:detail", args=[post.pk])]
    anonymous, member = Client(), logged_in(alice)
    for page in pages:
        for _ in range(2):  # the second time too: nothing was cached, nothing broke
            response = anonymous.get(page)
            assert response.status_code == 200, page
            assert "Redis が止まっても読める投稿" in response.content.decode()
            assert response.get("X-Page-Cache") != "hit"
        response = member.get(page)
        assert response.status_code == 200, page
        assert response.context["user"] == alice


def test_a_member_logs_in_and_stays_logged_in_while_redis_is_down(redis_down, settings, alice):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"  # the personas' addresses are not verified
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "alice@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    for _ in range(3):
        assert client.get("/").context["user"] == alice


def test_a_comment_is_accepted_and_its_jobs_are_kept_in_the_database(
    redis_down, alice, bob, recipes, django_capture_on_commit_callbacks
):
    post = publish_post(actor=bob, space=recipes, body="コメントを待つ投稿")
    assert not OutboxJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(alice).post(
            reverse("posts:comment", args=[post.pk]), {"body": "止まっていても届く"}
        )
    assert response.status_code == 302
    assert Comment.objects.filter(post=post, created_by=alice).count() == 1
    assert kept_job_names() == ["deliver_notifications"]
    assert not Notification.objects.filter(recipient=bob).exists()  # not yet: the job waits


def test_rate_limits_keep_counting_in_the_process_while_redis_is_down(
    redis_down, settings, alice, bob, recipes
):
    settings.HIROBA_RATE_COMMENT = "2/60"
    post = publish_post(actor=bob, space=recipes, body="数える")
    add_comment(actor=alice, post=post, body="一つ目")
    add_comment(actor=alice, post=post, body="二つ目")
    with pytest.raises(RateLimited):
        add_comment(actor=alice, post=post, body="三つ目")
    assert add_comment(actor=bob, post=post, body="bob has his own budget")


def test_a_closed_rate_limit_refuses_while_redis_is_down(
    redis_down, monkeypatch, alice, bob, recipes
):
    post = publish_post(actor=bob, space=recipes, body="閉じる")
    monkeypatch.setitem(ratelimit.WHEN_CACHE_DOWN, "comment", ratelimit.CLOSED)
    with (
        translation.override("en"),
        pytest.raises(RateLimited, match="not possible for a moment") as refused,
    ):
        add_comment(actor=alice, post=post, body="断られる")
    assert refused.value.retry_after == ratelimit.CLOSED_RETRY_AFTER
    assert not Comment.objects.exists()


def test_every_rate_limit_says_what_it_does_when_redis_is_down():
    allauth = {"login", "login_failed", "signup"}  # ACCOUNT_RATE_LIMITS, see docs/operations.md
    ours = {
        name.removeprefix("HIROBA_RATE_").lower()
        for name in dir(django_settings)
        if name.startswith("HIROBA_RATE_")
    }
    assert ours - allauth == set(ratelimit.WHEN_CACHE_DOWN)


def test_cache_calls_answer_as_misses_and_the_outage_is_logged_once(redis_down, caplog):
    caplog.set_level(logging.WARNING, logger="hiroba.redis")
    assert cache.get("k", "default") == "default"
    cache.set("k", 1)
    assert cache.add("k", 1) is True  # as if the key were not there
    assert cache.has_key("k") is False
    assert cache.get_many(["k", "j"]) == {}
    assert cache.get_or_set("k", 5) == 5
    with pytest.raises(ValueError):
        cache.incr("k")
    assert cache.delete("k") is False
    with cache_failures_raise(), pytest.raises(CacheUnavailable):
        cache.get("k")
    unreachable = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(unreachable) == 1
