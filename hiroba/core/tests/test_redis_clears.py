"""Redis comes back WITH its data (a pause, a network cut, a restart with persistence): what was
cleared while it did not answer must not be served again. The community closed meanwhile stays
closed, and a page whose post was deleted meanwhile is not served from the cache."""

import pytest
from django.core.cache import cache
from django.test import Client

from hiroba.community import selectors
from hiroba.community.selectors import get_community
from hiroba.community.services import update_community_settings
from hiroba.core import outage
from hiroba.core.cache import CacheUnavailable, cache_failures_raise
from hiroba.core.tests.redis_profile import own_redis, use_redis_profile  # noqa: F401
from hiroba.posts.services import delete_post, publish_post


@pytest.fixture
def redis_with_data(own_redis, settings, monkeypatch):  # noqa: F811
    monkeypatch.setattr(outage, "REST_SECONDS", 0.0)  # try Redis on every call: no waiting here
    use_redis_profile(settings, monkeypatch, own_redis.url)
    return own_redis


def another_process_reads_soon(monkeypatch):
    """The settings as a process reads them once its own few seconds' copy is over."""
    monkeypatch.setattr(selectors, "_local", None)


def test_a_community_closed_while_redis_was_away_stays_closed(
    redis_with_data, transactional_db, monkeypatch, cm
):
    assert get_community().is_open
    cache.set("survives", 1)

    redis_with_data.stop(keep_data=True)
    update_community_settings(actor=cm, is_open=False)
    another_process_reads_soon(monkeypatch)
    assert not get_community().is_open  # from the database meanwhile

    redis_with_data.start()
    assert cache.get("survives") == 1  # Redis came back with its data, the old settings too
    another_process_reads_soon(monkeypatch)
    assert not get_community().is_open
    another_process_reads_soon(monkeypatch)
    assert not get_community().is_open  # and what it cached now is the closed community


def test_a_post_deleted_while_redis_was_away_leaves_the_cached_pages(
    redis_with_data, transactional_db, alice, recipes
):
    post = publish_post(actor=alice, space=recipes, body="消える投稿")
    visitor = Client()
    assert "消える投稿" in visitor.get("/").content.decode()
    assert visitor.get("/")["X-Page-Cache"] == "hit"

    redis_with_data.stop(keep_data=True)
    delete_post(actor=alice, post=post)

    redis_with_data.start()
    response = visitor.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "消える投稿" not in response.content.decode()
    assert visitor.get("/")["X-Page-Cache"] == "hit"  # cached again, without the post


def test_a_generation_lost_with_redis_never_comes_back_with_an_old_value(
    redis_with_data, transactional_db, alice, recipes
):
    publish_post(actor=alice, space=recipes, body="最初の投稿")
    visitor = Client()
    visitor.get("/")
    first = cache.get("pages:generation")
    cache.delete("pages:generation")  # evicted, or flushed with the pages kept elsewhere
    visitor.get("/")
    assert cache.get("pages:generation") not in (None, first, first + 1)


def test_a_count_the_caller_was_told_of_is_not_replayed(redis_with_data, db):
    """Rate limits count in the process while Redis is away: their incr must not count twice."""
    cache.set("counted", 1)
    cache.set("bumped", 1)
    redis_with_data.stop(keep_data=True)
    with cache_failures_raise(), pytest.raises(CacheUnavailable):
        cache.incr("counted")
    with pytest.raises(ValueError):
        cache.incr("bumped", 5)
    redis_with_data.start()
    assert cache.get_many(["counted", "bumped"]) == {"counted": 1, "bumped": 6}
