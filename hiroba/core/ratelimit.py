"""Per-member rate limits, checked inside services so that the page and the API share one budget.

(django-ratelimit and allauth's limiter are bound to a request; services only know the actor.)
A fixed window in the cache: ``add`` starts the window, ``incr`` counts. ``incr`` is atomic on
Redis; on the database cache it is a read then a write, exact on SQLite only because services
run in IMMEDIATE transactions. PostgreSQL deployments use Redis (a system check says so).
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from hiroba.core.errors import RateLimited


def _parse(rate: str) -> tuple[int, int]:
    count, _slash, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def check_rate(*, actor, action: str) -> None:
    """Count one ``action`` for ``actor``; raise RateLimited past the HIROBA_RATE_<ACTION> budget."""
    limit, window = _parse(getattr(settings, f"HIROBA_RATE_{action.upper()}"))
    bucket = int(time.time() // window)
    key = f"rl:{action}:{actor.pk}:{bucket}"
    if cache.add(key, 1, timeout=window + 1):
        return
    try:
        used = cache.incr(key)
    except ValueError:  # the window expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return
    if used > limit:
        retry_after = max(1, math.ceil((bucket + 1) * window - time.time()))
        raise RateLimited(
            _("You are doing that too often. Please wait a minute and try again."),
            retry_after=retry_after,
        )
