"""Whole-page cache for anonymous visitors of an open community.

Anonymous readers of an open community all see the same page, so the rendered response is kept
for HIROBA_PAGE_CACHE_SECONDS (30 s by default) per full address (scheme, host, path and query)
and language. New posts, comments and likes show up within that time; changes that must
disappear or apply at once (a deleted post or comment, an edit, a space's visibility, the
community's settings) call ``pages_changed``, which retires every cached page by bumping a
generation number.

A page is served only under the generation it was rendered under. A generation starts as a fresh
random number (not 1), so one that was lost (flushed, evicted) never comes back with a value that
old pages carry, and a bump is an ``incr`` of it: a bump Redis did not answer is replayed as an
``incr`` when Redis answers again (``hiroba.core.cache``), never as a reset.

A request is served from here only if it carries no cookies that could make its page personal
(session, messages, CSRF); a response is kept only if it is a plain 200 HTML page that sets no
cookies.
"""

import hashlib
import secrets
from contextlib import suppress

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "pages:generation"
PERSONAL_COOKIES = ("sessionid", "messages", "csrftoken")


def pages_changed() -> None:
    """Retire every cached anonymous page (after the current transaction commits)."""
    transaction.on_commit(_bump)


def _bump() -> None:
    # No generation (or no Redis): the next page starts a fresh one, which no cached page
    # carries, so every page is retired all the same.
    with suppress(ValueError):
        cache.incr(GENERATION_KEY)


def _generation(found: dict) -> int | None:
    """The current generation, starting one if there is none; None if another request just did."""
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = secrets.randbits(62)
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            return None
    return generation


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.HIROBA_PAGE_CACHE_SECONDS
        if seconds <= 0 or not self._cacheable_request(request):
            return self.get_response(request)
        key = self._key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = _generation(found)
        entry = found.get(key)
        if generation is not None and entry is not None and entry[0] == generation:
            response = entry[1]
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if generation is not None and self._cacheable_response(response):
            cache.set(key, (generation, response), seconds)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _cacheable_request(request) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and not request.user.is_authenticated
            and request.community.is_open
            and not request.headers.get("HX-Request")
            and not any(name in request.COOKIES for name in PERSONAL_COOKIES)
            and not request.path.startswith(("/api/", "/media/", "/static/", "/accounts/"))
        )

    @staticmethod
    def _cacheable_response(response) -> bool:
        return (
            response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and not response.cookies
            and not response.streaming
            and "no-cache" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def _key(request) -> str:
        # The scheme and host too: pages carry absolute addresses (canonical links, structured
        # data, feeds), so a site answering on two names must not hand one name's to the other.
        address = request.build_absolute_uri()
        return f"pages:{request.LANGUAGE_CODE}:{hashlib.sha1(address.encode()).hexdigest()}"
