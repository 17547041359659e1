"""Keeping track of a Redis server that stopped answering, for the cache and the job queue.

When Redis is down, every request would otherwise wait for its own failed connection and log its
own traceback. An ``Outage`` is shared by every thread of a process: after a failure, calls skip
the server for ``REST_SECONDS`` (the caller answers without it: a cache miss, a job kept in the
database); then one call tries again. The log gets one line when the server stops answering, one
every ``REST_SECONDS`` while it stays down, and one when it answers again, each with the number of
calls answered without it.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("hiroba.redis")

# The server is unreachable (refused, timed out, loading its data after a restart): worth
# resting. Other Redis errors (out of memory, read-only replica) are answered call by call.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
REST_SECONDS = 5.0

_outages: dict[str, "Outage"] = {}
_outages_lock = threading.Lock()


def outage_for(what: str, server: str) -> "Outage":
    """The one tracker of ``server`` in this process (``what``: "cache" or "job queue")."""
    key = f"{what} {server}"
    with _outages_lock:
        if key not in _outages:
            _outages[key] = Outage(what=what, server=server)
        return _outages[key]


def _safe_address(server: str) -> str:
    """The URL without its password, for the log."""
    scheme, sep, rest = server.partition("://")
    return f"{scheme}{sep}{rest.rpartition('@')[2]}" if sep else server


class Outage:
    def __init__(self, *, what: str, server: str):
        self.what = what
        self.server = _safe_address(server)
        self._lock = threading.Lock()
        self.down_since: float | None = None
        self._retry_at = 0.0
        self._logged_at = 0.0
        self.answered_without = 0

    @property
    def is_down(self) -> bool:
        return self.down_since is not None

    def attempt(self, call: Callable[[], Any]) -> tuple[bool, Any]:
        """``(True, call())`` if the server answered; ``(False, None)`` if it rests or did not."""
        if self.should_skip():
            return False, None
        try:
            result = call()
        except UNREACHABLE as error:
            self.failed(error)
            return False, None
        self.answered()
        return True, result

    def should_skip(self) -> bool:
        """True while the server rests: the caller answers without it. Counts the call."""
        if self.down_since is None:
            return False
        with self._lock:
            if self.down_since is None:
                return False
            now = time.monotonic()
            if now < self._retry_at:
                self.answered_without += 1
                return True
            # This call tries; the others keep skipping until it has an answer.
            self._retry_at = now + REST_SECONDS
            return False

    def failed(self, error: Exception) -> None:
        """A call could not reach the server (the caller answers without it)."""
        with self._lock:
            now = time.monotonic()
            self._retry_at = now + REST_SECONDS
            self.answered_without += 1
            if self.down_since is None:
                self.down_since = self._logged_at = now
                logger.warning(
                    "Redis (%s, %s) is unreachable (%s). Answering without it; trying again "
                    "every %.0f s.",
                    self.what,
                    self.server,
                    error,
                    REST_SECONDS,
                )
            elif now - self._logged_at >= REST_SECONDS:
                # Threads that were already waiting on the server fail together: one line.
                self._logged_at = now
                logger.warning(
                    "Redis (%s, %s) still unreachable after %.0f s (%s); %d calls answered "
                    "without it.",
                    self.what,
                    self.server,
                    now - self.down_since,
                    error,
                    self.answered_without,
                )

    def answered(self) -> None:
        """A call reached the server."""
        if self.down_since is None:
            return
        with self._lock:
            if self.down_since is None:
                return
            logger.warning(
                "Redis (%s, %s) answers again after %.0f s (%d calls answered without it).",
                self.what,
                self.server,
                time.monotonic() - self.down_since,
                self.answered_without,
            )
            self.down_since = None
            self.answered_without = 0
            self._retry_at = 0.0
