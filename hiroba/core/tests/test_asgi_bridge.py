"""Django under ASGI (hiroba/core/asgi_bridge.py): pages whole in two messages with Django's
request_finished run, request bodies passed on, streamed downloads off the pages' threads."""

import asyncio
import threading

import pytest
from django.core.signals import request_finished
from django.db import connection, connections
from django.db.backends.signals import connection_created

from hiroba.core.asgi_bridge import DjangoInThreads


def _scope(path="/", method="GET", headers=()):
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"q=%E5%BA%83%E5%A0%B4",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


class Reader:
    """An HTTP client as granian presents it; ``hold`` keeps it from reading body chunks."""

    def __init__(self, body_parts=(b"",), *, hold: asyncio.Event | None = None):
        self.parts = list(body_parts)
        self.messages: list[dict] = []
        self.hold = hold

    async def receive(self):
        if self.parts:
            part = self.parts.pop(0)
            return {"type": "http.request", "body": part, "more_body": bool(self.parts)}
        await asyncio.Event().wait()  # the client stays

    def send(self, message):
        # As granian's: an awaitable that is not a coroutine.
        return asyncio.ensure_future(self._send(message))

    async def _send(self, message):
        if self.hold is not None and message.get("more_body"):
            await self.hold.wait()
        self.messages.append(message)

    @property
    def status(self):
        return self.messages[0]["status"]

    @property
    def body(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self.messages[1:])


def test_a_django_page_is_sent_whole_and_its_request_finished(transactional_db):
    from config.wsgi import application

    finished = []
    request_finished.connect(receiver := lambda **kw: finished.append(1), weak=False)
    bridge = DjangoInThreads(application)
    try:
        reader = Reader()
        asyncio.run(bridge(_scope("/robots.txt"), reader.receive, reader.send))
    finally:
        request_finished.disconnect(receiver)
        # The page thread's own connections (and pool) must not outlive the test database.
        bridge.pages.submit(connections.close_all).result()
        bridge.pages.shutdown()
    assert reader.status == 200
    assert len(reader.messages) == 2  # the start and the whole body, no chunk by chunk hops
    assert reader.body.startswith(b"User-agent: *")
    assert finished == [1]


def test_the_embedded_database_keeps_its_connection_from_request_to_request(transactional_db):
    """Opening a SQLite connection took 1.4 ms, and its page cache started cold: the served
    application opens one per thread, not one per request (CONN_MAX_AGE)."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's connections are kept by its pool")
    from config.wsgi import application

    opened = []
    connection_created.connect(receiver := lambda **kw: opened.append(1), weak=False)
    bridge = DjangoInThreads(application)
    try:
        for _ in range(3):
            reader = Reader()
            asyncio.run(bridge(_scope("/spaces/"), reader.receive, reader.send))
            assert reader.status == 200
    finally:
        connection_created.disconnect(receiver)
        bridge.pages.submit(connections.close_all).result()
        bridge.pages.shutdown()
    assert opened == [1]


def _echo(environ, start_response):
    body = environ["wsgi.input"].read()
    start_response("201 Created", [("Content-Type", "text/plain"), ("X-Echo", "yes")])
    return [environ["REQUEST_METHOD"].encode(), b" ", environ["QUERY_STRING"].encode(), b" ", body]


def test_the_request_body_and_query_reach_the_application():
    parts = [b"a" * 70_000, "広場".encode()]  # larger than what is kept in memory
    reader = Reader(parts)
    asyncio.run(DjangoInThreads(_echo)(_scope(method="POST"), reader.receive, reader.send))
    assert reader.status == 201
    assert (b"x-echo", b"yes") in reader.messages[0]["headers"]
    assert reader.body == b"POST q=%E5%BA%83%E5%A0%B4 " + b"a" * 70_000 + "広場".encode()


class _Streamed:
    """A streamed response as Django gives one (``streaming``), recording where it ran."""

    streaming = True

    def __init__(self):
        self.threads, self.closed = set(), False

    def __iter__(self):
        for number in range(3):
            self.threads.add(threading.current_thread().name)
            yield f"chunk {number}\n".encode()

    def close(self):
        self.closed = True


def test_a_slow_reader_of_a_download_never_holds_up_pages():
    streamed = _Streamed()

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/csv")])
        if environ["PATH_INFO"] == "/download":
            return streamed
        return [b"page"]

    async def scenario():
        bridge = DjangoInThreads(app, threads=1)
        hold = asyncio.Event()
        slow = Reader(hold=hold)
        download = asyncio.create_task(bridge(_scope("/download"), slow.receive, slow.send))
        await asyncio.sleep(0.2)
        page = Reader()
        await asyncio.wait_for(bridge(_scope("/page"), page.receive, page.send), 5)
        assert page.body == b"page" and not download.done()
        hold.set()
        await asyncio.wait_for(download, 5)
        return slow

    slow = asyncio.run(scenario())
    assert slow.body == b"chunk 0\nchunk 1\nchunk 2\n"
    assert slow.messages[-1] == {"type": "http.response.body", "body": b""}
    assert streamed.closed
    assert len(streamed.threads) == 1  # one thread iterates it all: one database connection
    assert not next(iter(streamed.threads)).startswith("page")


@pytest.mark.parametrize("kind", ["websocket"])
def test_other_protocols_are_refused(kind):
    with pytest.raises(ValueError):
        asyncio.run(DjangoInThreads(_echo)({"type": kind}, None, None))


def test_a_static_file_streams_through_the_served_application(transactional_db):
    """What `hiroba serve` answers: whitenoise's file responses are streamed, through granian's
    kind of ``send`` (an awaitable, not a coroutine)."""
    from config.asgi import application

    reader = Reader()
    asyncio.run(application(_scope("/static/hiroba/hiroba.css"), reader.receive, reader.send))
    assert reader.status == 200
    assert len(reader.messages) > 2  # start, the file's chunks, the end
    assert b"{" in reader.body and reader.messages[-1] == {
        "type": "http.response.body",
        "body": b"",
    }
