"""The live page's stream of comments: Server-Sent Events at /events/<id>/live/stream.

Served by a small ASGI app that config/asgi.py puts in front of Django's: a viewer holds its
connection for the whole event, and Django's ASGI handler would keep a thread per open request
for its (sync) middleware. Here a connection costs two short database reads in a worker thread
(the session's member and what they may read; the comments they missed), then only a place in
the broker's fan-out (hiroba/events/live/broker.py) on the event loop.

The stream sends each published comment as ``event: comment`` with its id as the SSE id, so a
browser that reconnects sends Last-Event-ID and receives the comments it missed first; a page
that starts the stream passes its last shown comment as ``?after=``. Moderators' hides arrive
as ``event: hide``. A comment line every HEARTBEAT_SECONDS keeps proxies from closing an idle
connection and lets the server notice a viewer who left.

Under WSGI (no event loop to wait on) the same address is a Django view that sends the comments
missed and ends with ``retry:``: the browser asks again after a few seconds, so the page still
works, only later (see hiroba/events/views/live.py).
"""

import asyncio
import contextlib
import json
import logging
import re
from importlib import import_module
from types import SimpleNamespace
from urllib.parse import parse_qs

from django.conf import settings
from django.contrib.auth import get_user
from django.http import Http404
from django.http.cookie import parse_cookie
from django.http.request import split_domain_port, validate_host

from hiroba.events.live import broker
from hiroba.events.live.permissions import access_live_event
from hiroba.events.live.selectors import comment_message, comments_after

logger = logging.getLogger(__name__)

PATH = re.compile(r"^/events/(\d{1,18})/live/stream/?$")
HEARTBEAT_SECONDS = 15
# How soon a browser reconnects after the stream ends (milliseconds, sent as ``retry:``).
RETRY_MS = 2000
HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-store"),
    (b"x-content-type-options", b"nosniff"),
    # Tells nginx not to buffer the stream.
    (b"x-accel-buffering", b"no"),
]


def resume_point(last_event_id: str | None, after: str | None) -> int:
    """Where a stream starts: the browser's Last-Event-ID on a reconnect, else the page's
    ``after``; anything that is not a number counts as "from now" (0 = nothing missed)."""
    for value in (last_event_id, after):
        value = (value or "").strip()
        # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
        if value and len(value) <= 18 and value.isascii() and value.isdigit():
            return int(value)
    return -1


def format_messages(messages: list[dict], last_id: int) -> tuple[bytes, int]:
    """The SSE text of ``messages``; the id the browser will resume from after them."""
    parts = []
    for message in messages:
        data = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
        if message["type"] == "comment":
            # An approved held comment is older than the last one sent: never move the resume
            # point back (the page drops what it already shows).
            last_id = max(last_id, message["id"])
            parts.append(f"id: {last_id}\nevent: comment\ndata: {data}\n\n")
        else:
            parts.append(f"event: {message['type']}\ndata: {data}\n\n")
    return "".join(parts).encode(), last_id


def _reader(cookies: dict):
    session_key = cookies.get(settings.SESSION_COOKIE_NAME)
    engine = import_module(settings.SESSION_ENGINE)
    return get_user(SimpleNamespace(session=engine.SessionStore(session_key)))


def _open(cookies: dict, event_id: int, after: int) -> list[dict] | None:
    """The comments missed since ``after`` if the session's reader may watch this event, else
    None (the page's rules: 404). One trip to a worker thread per connection, which gives its
    database connection back when done (broker.in_worker_thread)."""
    try:
        access_live_event(_reader(cookies), event_id)
        if after < 0:
            return []
        return [comment_message(comment) for comment in comments_after(event_id, after)]
    except Http404:
        return None


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


async def _answer(send, status: int, text: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": text.encode()})


async def live_stream(scope, receive, send, event_id: int) -> None:
    host, _port = split_domain_port(_header(scope, b"host") or "")
    allowed = settings.ALLOWED_HOSTS or (
        [".localhost", "127.0.0.1", "[::1]"] if settings.DEBUG else []
    )
    if not host or not validate_host(host, allowed):
        await _answer(send, 400, "Bad Request")
        return
    cookies = parse_cookie(_header(scope, b"cookie") or "")
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    after = resume_point(_header(scope, b"last-event-id"), (query.get("after") or [None])[0])
    async with broker.subscribe(event_id) as messages:
        # Subscribed first, then read what was missed: a comment made in between comes both
        # ways, and the page shows an id once.
        missed = await broker.in_worker_thread(_open)(cookies, event_id, after)
        if missed is None:
            await _answer(send, 404, "Not Found")
            return
        await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
        body, last_id = format_messages(missed, max(after, 0))
        await send(
            {
                "type": "http.response.body",
                "body": f"retry: {RETRY_MS}\n\n".encode() + body,
                "more_body": True,
            }
        )
        pump = asyncio.current_task()
        watcher = asyncio.get_running_loop().create_task(_watch_disconnect(receive, pump))
        try:
            await _pump(messages, send, last_id)
        except asyncio.CancelledError:
            if not watcher.done():
                raise
            pump.uncancel()  # our own cancellation: the viewer left
        except broker.Overflow:
            pass  # the browser reconnects and catches up from the table
        except Exception as error:  # the client went away while we wrote
            logger.debug("live: stream ended: %r", error)
        finally:
            watcher.cancel()
    with contextlib.suppress(Exception):  # the connection may be closed already
        await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _watch_disconnect(receive, pump: asyncio.Task) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            pump.cancel()
            return


async def _pump(messages: broker.Subscription, send, last_id: int) -> None:
    while True:
        try:
            async with asyncio.timeout(HEARTBEAT_SECONDS):
                batch = [await anext(messages)]
        except TimeoutError:
            await send({"type": "http.response.body", "body": b": ping\n\n", "more_body": True})
            continue
        while messages.pending():  # several at once: one write
            batch.append(await anext(messages))
        body, last_id = format_messages(batch, last_id)
        await send({"type": "http.response.body", "body": body, "more_body": True})


def with_live_stream(django_application):
    """``django_application`` with the live stream's path answered here (config/asgi.py)."""

    async def application(scope, receive, send):
        if scope["type"] == "lifespan":
            # Django's handler answers only HTTP; granian asks for the lifespan first.
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] == "http" and scope.get("method") == "GET":
            match = PATH.match(scope.get("path", ""))
            if match:
                await live_stream(scope, receive, send, int(match.group(1)))
                return
        await django_application(scope, receive, send)

    return application
