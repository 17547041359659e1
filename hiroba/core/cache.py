"""Django's Redis cache, made so that a Redis outage is a run of cache misses, not of 500s.

Everything Hiroba keeps in the cache can be rebuilt (pages, rankings, settings, visit marks), so
a call that cannot reach Redis answers as if Redis were empty and forgot every write: ``get``
gives the default, ``add`` stores "successfully" (the key was not there), ``incr`` raises
ValueError (no such key), ``has_key``, ``touch`` and ``delete`` say False. Failures are logged
through ``hiroba.core.outage`` (one line when Redis stops answering, then one every few
seconds), and calls skip Redis for those seconds instead of each waiting for a connection.

Forgetting a write is harmless; forgetting a clear is not: Redis usually comes back with its data
(a pause, a network cut, a restart with persistence), and a settings entry or a page generation
that a failed ``delete`` or ``incr`` should have retired would be served again as if current
(a closed community read as open, a deleted post on a cached page). So the keys of failed
``delete``, ``delete_many`` and ``incr`` calls (and a failed ``clear``) are kept in the process,
and replayed before the first call Redis answers again; no call is answered by Redis before them.

Django's own RedisCache has no such mode (django-redis's IGNORE_EXCEPTIONS is the same idea;
this keeps Django's backend and adds only the answer on failure). Callers that must know whether
the cache answered (rate limits) ask inside ``cache_failures_raise()``.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
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


class KeptClears:
    """The clears this process could not make on one server, to be made when it answers again.

    Shared by the threads of the process (Django gives each thread its own cache object). Keys are
    the full Redis keys (prefix and version included). A kept ``incr`` is replayed as an ``incr``
    of the same total, never as a value of its own, so a counter used as a version only moves
    forward; one whose key is gone by then stays gone, which is what its callers meet anyway.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self.clear_all = False
        self.deletes: set[str] = set()
        self.incrs: dict[str, int] = {}

    def __bool__(self) -> bool:
        return self.clear_all or bool(self.deletes) or bool(self.incrs)

    def keep(self, *, deletes=(), incr: tuple[str, int] | None = None, clear_all=False) -> None:
        with self._lock:
            self.clear_all = self.clear_all or clear_all
            self.deletes.update(deletes)
            if incr is not None:
                key, delta = incr
                self.incrs[key] = self.incrs.get(key, 0) + delta

    def replay(self, client) -> None:
        """Make the kept clears through ``client`` (Django's RedisCacheClient); raises, keeping
        what was not made, if Redis fails meanwhile. Other threads wait until it is done."""
        if not self:
            return
        with self._lock:
            if self.clear_all:
                client.clear()
                self.clear_all = False
                self.deletes.clear()
                self.incrs.clear()
            if self.deletes:
                client.delete_many(list(self.deletes))
                self.deletes.clear()
            for key, delta in list(self.incrs.items()):
                with suppress(ValueError):  # the key is gone: nothing left to move forward
                    client.incr(key, delta)
                del self.incrs[key]
        logger.warning("Redis cache: clears made while it was unreachable were replayed.")


_kept: dict[str, KeptClears] = {}
_kept_lock = threading.Lock()


def kept_clears_for(server: str) -> KeptClears:
    with _kept_lock:
        return _kept.setdefault(server, KeptClears())


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._outage = outage_for("cache", self._servers[0])
        self._kept = kept_clears_for(self._servers[0])

    def _answer(self, method: str, without_redis, *args, keep=None):
        """Redis's answer to ``method``, or ``without_redis`` (``keep``: what to replay then)."""
        call = getattr(super(), method)

        def replay_then_call():
            self._kept.replay(self._cache)
            return call(*args)

        try:
            answered, result = self._outage.attempt(replay_then_call)
        except RedisError as error:
            # Redis answered with an error (out of memory, a read-only replica): this call only.
            logger.warning("Redis cache %s failed: %s (answered as a miss)", method, error)
            answered, result = False, None
        if answered:
            return result
        if keep is not None and not _raise_failures.get():
            # A caller that asked to be told handles the failure itself (rate limits count
            # in the process instead: replaying their incr would count twice).
            keep()
        return self._without_redis(method, without_redis)

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
        made = self.make_and_validate_key(key, version=version)
        return self._answer(
            "delete", False, key, version, keep=lambda: self._kept.keep(deletes=[made])
        )

    def get_many(self, keys, version=None):
        return self._answer("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._answer("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        made = self.make_and_validate_key(key, version=version)
        return self._answer(
            "incr",
            _KeyNotFound,
            key,
            delta,
            version,
            keep=lambda: self._kept.keep(incr=(made, delta)),
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # The keys that were not stored: all of them.
        return self._answer("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        made = [self.make_and_validate_key(key, version=version) for key in keys]
        return self._answer(
            "delete_many", None, keys, version, keep=lambda: self._kept.keep(deletes=made)
        )

    def clear(self):
        return self._answer("clear", False, keep=lambda: self._kept.keep(clear_all=True))
