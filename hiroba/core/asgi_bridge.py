"""Django's WSGI application served through an ASGI server (config/asgi.py), at WSGI's cost.

asgiref's adapter (WsgiToAsgi) hops between the request's thread and the event loop for the
response's start and for every chunk of its body, and leaves the response unclosed (so Django's
request_finished, which gives database connections back, never runs). Measured on the post page
(300 KB) it served half of what granian's WSGI interface did. Here a request takes one hop: the
view runs in a thread of a small pool, its whole body is joined there, the response is closed
there, and the loop sends start and body in two messages; the thread is free before a slow
reader has read a byte.

Streamed responses (files, CSV exports) are iterated in a thread of their own, which waits on the
reader chunk by chunk: a slow download holds that thread, never the pool that answers pages.
"""

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from tempfile import SpooledTemporaryFile

from asgiref.wsgi import WsgiToAsgiInstance

# Requests run at once per process. One is what gunicorn's sync workers run, and measured the
# most pages per second on two cores (more threads only wait for the interpreter's lock); a
# second lets a quick page pass a slow one (a console export) in the same process.
DEFAULT_THREADS = 1
# Streamed downloads at once per process, each holding a thread while its reader reads.
STREAMS = 64
REQUEST_BODY_IN_MEMORY = 64 * 1024


@dataclass
class _Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes = b""
    streamed: object = None  # the response, when it is to be iterated chunk by chunk


class DjangoInThreads:
    def __init__(self, wsgi_application, threads: int | None = None):
        self.wsgi_application = wsgi_application
        threads = threads or int(os.environ.get("HIROBA_WEB_THREADS", DEFAULT_THREADS))
        self.pages = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="page")
        self.streams = ThreadPoolExecutor(max_workers=STREAMS, thread_name_prefix="stream")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django answers HTTP only, not {scope['type']!r}")
        loop = asyncio.get_running_loop()
        with SpooledTemporaryFile(max_size=REQUEST_BODY_IN_MEMORY) as body:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return  # gone before sending the whole request: nothing to answer
                body.write(message.get("body", b""))
                if not message.get("more_body"):
                    break
            body.seek(0)
            try:
                environ = _environ(scope, body)
            except ValueError:  # asgiref's limit on repeated headers
                await _send_whole(send, 400, [(b"content-type", b"text/plain")], b"Bad Request")
                return
            answer = await loop.run_in_executor(self.pages, self._respond, environ)
        if answer.streamed is None:
            await _send_whole(send, answer.status, answer.headers, answer.body)
            return
        await send(
            {"type": "http.response.start", "status": answer.status, "headers": answer.headers}
        )
        await loop.run_in_executor(self.streams, _stream, answer.streamed, send, loop)

    def _respond(self, environ) -> _Answer:
        started: dict = {}

        def start_response(status, headers, exc_info=None):
            started["status"] = int(status.split(" ", 1)[0])
            started["headers"] = [
                (name.lower().encode("latin1"), value.encode("latin1")) for name, value in headers
            ]

        response = self.wsgi_application(environ, start_response)
        if getattr(response, "streaming", False):
            return _Answer(started["status"], started["headers"], streamed=response)
        try:
            body = b"".join(response)
        finally:
            # Django's request_finished: the request's database connection goes back.
            if hasattr(response, "close"):
                response.close()
        return _Answer(started["status"], started["headers"], body)


def _environ(scope, body) -> dict:
    """The WSGI environ of an ASGI request, as asgiref builds it (headers, paths, server)."""
    builder = WsgiToAsgiInstance(None)
    builder.scope = scope
    return builder.build_environ(scope, body)


async def _send_whole(send, status: int, headers, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _stream(response, send, loop) -> None:
    """Iterates a streamed response in this thread (its database reads stay on one connection)
    and hands each chunk to the loop, waiting until it is sent."""

    async def sent(message):  # granian's send returns an awaitable, not a coroutine
        await send(message)

    def deliver(message):
        asyncio.run_coroutine_threadsafe(sent(message), loop).result()

    try:
        for chunk in response:
            if chunk:
                deliver({"type": "http.response.body", "body": chunk, "more_body": True})
        deliver({"type": "http.response.body", "body": b""})
    finally:
        response.close()
