"""Per-member rate limits, checked inside services so that the page and the API share one budget.

(django-ratelimit and allauth's limiter are bound to a request; services only know the actor.)
A fixed window in the cache: ``add`` starts the window, ``incr`` counts. ``incr`` is atomic on
Redis; on the database cache it is a read then a write, exact on SQLite only because services
run in IMMEDIATE transactions. PostgreSQL deployments use Redis (a system check says so).

When the cache cannot count (Redis down), each limit does what ``WHEN_CACHE_DOWN`` says
(docs/operations.md, "When Redis is down"): OPEN counts in this process's memory instead, so a
member gets the budget once per web process until Redis answers again; CLOSED refuses the action.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.translation import gettext as _

from hiroba.core.cache import CacheUnavailable, cache_failures_raise
from hiroba.core.errors import RateLimited

OPEN = "open"
CLOSED = "closed"
# Every member write stays open: refusing them would turn a cache restart into an outage of the
# community, and what one account can do in the meantime is still bounded (the budget per
# process, unique votes, reactions and reports, word rules and holds for new members).
WHEN_CACHE_DOWN = {
    "post": OPEN,
    "comment": OPEN,
    "reaction": OPEN,
    "poll_vote": OPEN,
    "report": OPEN,
}

# The counters of this process while the shared cache is away (LocMemCache is thread-safe).
_local_counts = LocMemCache("hiroba-rate-limits", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


# What a limit closed by an outage tells clients to wait: the outage's length is unknown, and a
# minute keeps a retrying client from hammering a site that is short of its cache.
CLOSED_RETRY_AFTER = 60


def _parse(rate: str) -> tuple[int, int]:
    count, _slash, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def _count(store, key: str, window: int) -> int:
    """One more use of ``key`` in its window; the uses so far, this one included."""
    if store.add(key, 1, timeout=window + 1):
        return 1
    try:
        return store.incr(key)
    except ValueError:  # the window expired between add and incr
        store.add(key, 1, timeout=window + 1)
        return 1


def check_rate(*, actor, action: str) -> None:
    """Count one ``action`` for ``actor``; raise RateLimited past the HIROBA_RATE_<ACTION> budget."""
    limit, window = _parse(getattr(settings, f"HIROBA_RATE_{action.upper()}"))
    bucket = int(time.time() // window)
    key = f"rl:{action}:{actor.pk}:{bucket}"
    try:
        with cache_failures_raise():
            used = _count(cache, key, window)
    except CacheUnavailable:
        if WHEN_CACHE_DOWN[action] == CLOSED:
            raise RateLimited(
                _("This is not possible for a moment. Please try again in a few minutes."),
                retry_after=CLOSED_RETRY_AFTER,
            ) from None
        used = _count(_local_counts, key, window)
    if used > limit:
        retry_after = max(1, math.ceil((bucket + 1) * window - time.time()))
        raise RateLimited(
            _("You are doing that too often. Please wait a minute and try again."),
            retry_after=retry_after,
        )
