"""Django's Redis cache, made so that a Redis outage is a run of cache misses, not of 500s.

Everything Hiroba keeps in the cache can be rebuilt (pages, rankings, settings, visit marks), so
a call that cannot reach Redis answers as if Redis were empty and forgot every write: ``get``
gives the default, ``add`` stores "successfully" (the key was not there), ``incr`` raises
ValueError (no such key), ``has_key``, ``touch`` and ``delete`` say False. Failures are logged
through ``hiroba.core.outage`` (one line when Redis stops answering, then one every few
seconds), and calls skip Redis for those seconds instead of each waiting for a connection.

Django's own RedisCache has no such mode (django-redis's IGNORE_EXCEPTIONS is the same idea;
this keeps Django's backend and adds only the answer on failure). Callers that must know whether
the cache answered (rate limits) ask inside ``cache_failures_raise()``.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from hiroba.core.outage import outage_for

logger = logging.getLogger("hiroba.redis")

_raise_failures: ContextVar[bool] = ContextVar("hiroba_cache_failures_raise", default=False)


class CacheUnavailable(Exception):
    """The cache did not answer (raised only inside ``cache_failures_raise()``)."""


@contextmanager
def cache_failures_raise() -> Iterator[None]:
    """Within this block a failed call raises CacheUnavailable instead of answering as a miss."""
    token = _raise_failures.set(True)
    try:
        yield
    finally:
        _raise_failures.reset(token)


class _KeyNotFound:
    """The answer of ``incr`` without Redis: the ValueError of a missing key."""


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._outage = outage_for("cache", self._servers[0])

    def _answer(self, method: str, without_redis, *args):
        call = getattr(super(), method)
        try:
            answered, result = self._outage.attempt(lambda: call(*args))
        except RedisError as error:
            # Redis answered with an error (out of memory, a read-only replica): this call only.
            logger.warning("Redis cache %s failed: %s (answered as a miss)", method, error)
            answered, result = False, None
        return result if answered else self._without_redis(method, without_redis)

    @staticmethod
    def _without_redis(method: str, answer):
        if _raise_failures.get():
            raise CacheUnavailable(f"cache {method}: Redis did not answer")
        if answer is _KeyNotFound:
            raise ValueError("Key not found (the cache is unavailable).")
        return answer

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._answer("add", True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._answer("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._answer("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._answer("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._answer("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._answer("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._answer("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        return self._answer("incr", _KeyNotFound, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # The keys that were not stored: all of them.
        return self._answer("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._answer("delete_many", None, keys, version)

    def clear(self):
        return self._answer("clear", False)
