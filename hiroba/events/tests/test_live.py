"""The live page: comments that persist and obey the word rules, moderators who hide them, the
broker that carries them between processes, and the stream that delivers them."""

import asyncio
import json
import os
import shutil
import threading

import pytest
from asgiref.sync import sync_to_async
from django.core.exceptions import ValidationError
from django.db import connections
from django.http import Http404
from django.test import Client
from django.urls import reverse

from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.events.live import broker
from hiroba.events.live.embed import player_for
from hiroba.events.live.models import LiveComment, LiveCommentStatus
from hiroba.events.live.selectors import comments_after, list_live_comments
from hiroba.events.live.services import hide_live_comment, post_live_comment
from hiroba.events.live.stream import resume_point
from hiroba.events.models import Format
from hiroba.events.tests.helpers import open_event
from hiroba.moderation.services.rules import add_word_rule

pytestmark = pytest.mark.django_db

STREAM = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture(autouse=True)
def _close_the_sync_threads_connection():
    """sync_to_async in a test's event loop runs in asgiref's one shared thread, which outlives
    the test: its database connection is closed after each test, so that nothing it left open
    reaches later tests (the generator's tests, which write through a connection of their own,
    found the SQLite file locked after the stream tests)."""
    yield
    asyncio.run(sync_to_async(connections.close_all)())


def live_event(cm, **overrides):
    return open_event(cm, **({"format": Format.LIVE, "stream_url": STREAM} | overrides))


def logged_in(member) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(member)
    return client


# --- comments, word rules, moderation ----------------------------------------------------------


def test_a_comment_is_saved_and_shown_on_the_page(cm, alice, bob):
    event = live_event(cm)
    assert not LiveComment.objects.exists()

    comment = post_live_comment(actor=alice, event=event, body="  こんにちは！  ")

    assert LiveComment.objects.get().body == "こんにちは！"
    assert comment.status == LiveCommentStatus.PUBLISHED
    page = logged_in(bob).get(reverse("events:live", args=[event.pk]))
    assert page.status_code == 200
    assert "こんにちは！" in page.content.decode()
    assert page.context["after"] == comment.pk


def test_blocked_words_refuse_the_comment(mod, cm, alice):
    add_word_rule(actor=mod, phrase="ばか", action="block")
    event = live_event(cm)

    with pytest.raises(ValidationError) as raised:
        post_live_comment(actor=alice, event=event, body="この バカ！")
    assert "body" in raised.value.message_dict
    assert not LiveComment.objects.exists()

    response = logged_in(alice).post(
        reverse("events:live_comment", args=[event.pk]),
        {"body": "この バカ！"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 422
    assert "ばか" in response.json()["message"]
    assert not LiveComment.objects.exists()


def test_held_words_hold_the_comment_for_its_writer_and_moderators(mod, cm, alice, bob):
    add_word_rule(actor=mod, phrase="副業", action="hold")
    add_word_rule(actor=mod, phrase="ちくしょう", action="mask")
    event = live_event(cm)

    response = logged_in(alice).post(
        reverse("events:live_comment", args=[event.pk]),
        {"body": "副業のお知らせ"},
        HTTP_ACCEPT="application/json",
    )
    masked = post_live_comment(actor=alice, event=event, body="ちくしょう、遅れた")

    assert response.status_code == 201
    assert response.json()["status"] == "held"
    assert "held" in response.json()["message"]
    held = LiveComment.objects.get(status=LiveCommentStatus.HELD)
    assert held.held_note
    assert masked.body == "＊＊＊＊＊、遅れた"
    assert [c.pk for c in list_live_comments(bob, event)] == [masked.pk]
    assert [c.pk for c in list_live_comments(alice, event)] == [held.pk, masked.pk]
    assert [c.pk for c in list_live_comments(mod, event)] == [held.pk, masked.pk]
    assert list(comments_after(event.pk, 0)) == [masked]


def test_a_moderator_hides_a_comment_and_it_is_served_no_more(mod, cm, alice, bob):
    event = live_event(cm)
    comment = post_live_comment(actor=bob, event=event, body="消される予定")
    url = reverse("events:live_hide", args=[event.pk, comment.pk])

    assert logged_in(alice).post(url, HTTP_ACCEPT="application/json").status_code == 404
    assert LiveComment.objects.get().status == LiveCommentStatus.PUBLISHED

    response = logged_in(mod).post(url, {"reason": "spam"}, HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert LiveComment.objects.get().status == LiveCommentStatus.HIDDEN
    entry = AuditEntry.objects.get(action=AuditAction.COMMENT_HIDE)
    assert (entry.actor, entry.target_id, entry.reason) == (mod, comment.pk, "spam")
    assert (
        "消される予定"
        not in logged_in(alice).get(reverse("events:live", args=[event.pk])).content.decode()
    )
    assert list(comments_after(event.pk, 0)) == []
    stream = logged_in(alice).get(reverse("events:live_stream", args=[event.pk]) + "?after=0")
    assert "消される予定" not in stream.content.decode()


def test_a_held_comment_is_approved_by_a_moderator(mod, cm, alice, bob):
    add_word_rule(actor=mod, phrase="副業", action="hold")
    event = live_event(cm)
    comment = post_live_comment(actor=alice, event=event, body="副業です")

    response = logged_in(mod).post(
        reverse("events:live_approve", args=[event.pk, comment.pk]), HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 200
    assert [c.pk for c in list_live_comments(bob, event)] == [comment.pk]


def test_outsiders_get_404_on_the_page_the_stream_and_the_comment_form(
    cm, alice, charlie, inner_circle
):
    event = live_event(cm, space=inner_circle)
    post_live_comment(actor=alice, event=event, body="内輪の話")
    outsider = logged_in(charlie)

    for name in ("events:live", "events:live_stream"):
        assert outsider.get(reverse(name, args=[event.pk])).status_code == 404
        assert outsider.get(reverse(name, args=[event.pk + 100])).status_code == 404
    response = outsider.post(reverse("events:live_comment", args=[event.pk]), {"body": "入れて"})
    assert response.status_code == 404
    with pytest.raises(Http404):
        post_live_comment(actor=charlie, event=event, body="入れて")
    assert LiveComment.objects.count() == 1
    assert logged_in(alice).get(reverse("events:live", args=[event.pk])).status_code == 200


def test_an_event_at_a_venue_has_no_live_page(cm, alice):
    event = open_event(cm, format=Format.OFFLINE)
    assert logged_in(alice).get(reverse("events:live", args=[event.pk])).status_code == 404
    with pytest.raises(Http404):
        post_live_comment(actor=alice, event=event, body="見たい")


def test_comments_are_rate_limited(settings, cm, alice):
    settings.HIROBA_RATE_COMMENT = "2/60"
    event = live_event(cm)
    client = logged_in(alice)
    url = reverse("events:live_comment", args=[event.pk])
    answers = [client.post(url, {"body": f"{n}"}, HTTP_ACCEPT="application/json") for n in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 429]
    assert answers[2]["Retry-After"]
    assert LiveComment.objects.count() == 2


# --- the player and the CSP ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "player"),
    [
        (STREAM, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        (
            "https://www.youtube.com/live/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://stream.example.com/p/1?x=2", "https://stream.example.com/p/1?x=2"),
        ("http://stream.example.com/p/1", None),
        ("https://evil.example.net/embed", None),
        ("javascript:alert(1)", None),
        ("https://www.youtube.com/watch?v=<script>", None),
        ("https://stream.example.com:99999/p/1", None),
    ],
)
def test_stream_addresses_become_players(settings, url, player):
    settings.HIROBA_LIVE_FRAME_HOSTS = ["stream.example.com"]
    found = player_for(url)
    assert (found.url if found else None) == player


@pytest.mark.parametrize(
    ("last_event_id", "after", "point"),
    [("12", None, 12), (None, "7", 7), ("²", "3", 3), ("1" * 30, None, -1), ("x", "", -1)],
)
def test_a_stream_resumes_from_ascii_numbers_only(last_event_id, after, point):
    assert resume_point(last_event_id, after) == point


def test_the_live_page_frames_the_stream_host_and_nothing_else(cm, alice):
    event = live_event(cm)
    page = logged_in(alice).get(reverse("events:live", args=[event.pk]))
    policy = dict(
        part.strip().split(" ", 1)
        for part in page["Content-Security-Policy"].split(";")
        if part.strip()
    )

    assert policy["frame-src"] == "https://www.youtube-nocookie.com"
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in page.content.decode()
    other = logged_in(alice).get(reverse("events:live", args=[live_event(cm, stream_url="").pk]))
    assert "frame-src" not in other["Content-Security-Policy"]
    assert "<iframe" not in other.content.decode()


# --- the broker and the stream ------------------------------------------------------------------


def redis_url_or_skip(request) -> str:
    url = os.environ.get("HIROBA_REDIS_URL")
    if url:
        return url
    if shutil.which("redis-server") is None:
        pytest.skip("no HIROBA_REDIS_URL and no redis-server to start")
    return request.getfixturevalue("own_redis").url


@pytest.fixture(params=["embedded", "redis"])
def broker_kind(request, settings):
    if request.param == "redis":
        settings.REDIS_URL = redis_url_or_skip(request)
    else:
        settings.REDIS_URL = ""
    return request.param


@pytest.fixture
def own_redis():
    from hiroba.core.tests.redis_profile import OwnRedis

    server = OwnRedis()
    server.start()
    yield server
    server.stop()
    server.dir.cleanup()


@pytest.mark.django_db(transaction=True)
def test_the_broker_delivers_a_message_to_subscribers_in_two_processes(broker_kind):
    """Two event loops in two threads stand for two web processes: each has its own hub and
    its own source (database poller or Redis subscription)."""
    entered = threading.Barrier(3, timeout=10)
    received: dict[str, list] = {}

    def process(name):
        async def watch():
            async with broker.subscribe(7) as messages:
                entered.wait()
                received[name] = [await asyncio.wait_for(anext(messages), 5)]

        asyncio.run(watch())

    threads = [threading.Thread(target=process, args=(name,)) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    entered.wait()
    broker.publish(8, {"type": "comment", "id": 1})  # another event's: not delivered
    broker.publish(7, {"type": "comment", "id": 2, "body": "届いた"})
    for thread in threads:
        thread.join(timeout=10)

    expected = [{"type": "comment", "id": 2, "body": "届いた"}]
    assert received == {"one": expected, "two": expected}


@pytest.mark.django_db(transaction=True)
def test_the_database_poller_delivers_a_row_committed_out_of_id_order(settings):
    """On PostgreSQL a lower id can be committed after a higher one was read: the poller looks
    a few ids back and delivers it, once."""
    from hiroba.events.live.models import LiveSignal

    settings.REDIS_URL = ""
    highest = LiveSignal.objects.create(event_id=7, payload={"id": 0}).pk  # before subscribing
    received = []

    async def watch():
        async with broker.subscribe(7) as messages:
            # Id highest + 5 commits first; highest + 2, taken earlier, commits after it.
            await sync_to_async(LiveSignal.objects.create)(
                id=highest + 5, event_id=7, payload={"id": 5}
            )
            received.append(await asyncio.wait_for(anext(messages), 5))
            await sync_to_async(LiveSignal.objects.create)(
                id=highest + 2, event_id=7, payload={"id": 2}
            )
            received.append(await asyncio.wait_for(anext(messages), 5))
            with pytest.raises(TimeoutError):  # nothing twice
                await asyncio.wait_for(anext(messages), 1)

    asyncio.run(watch())

    assert received == [{"id": 5}, {"id": 2}]


class StreamViewer:
    """An SSE client that calls the site's ASGI application in process, as granian would."""

    def __init__(self, path: str, *, cookie: str = "", last_event_id: str | None = None):
        from config.asgi import application

        path, _sep, query = path.partition("?")
        headers = [(b"host", b"127.0.0.1"), (b"cookie", cookie.encode())]
        if last_event_id is not None:
            headers.append((b"last-event-id", last_event_id.encode()))
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
        }
        self.status = None
        self.text = ""
        self.changed = asyncio.Event()
        self.gone = asyncio.Event()
        self.requested = False
        self.task = asyncio.get_running_loop().create_task(
            application(scope, self.receive, self.send)
        )

    async def receive(self):
        if not self.requested:
            self.requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await self.gone.wait()
        return {"type": "http.disconnect"}

    async def send(self, message):
        if message["type"] == "http.response.start":
            self.status = message["status"]
        else:
            self.text += message.get("body", b"").decode()
        self.changed.set()

    async def wait_for(self, predicate, timeout=5.0):
        async with asyncio.timeout(timeout):
            while not predicate(self):
                self.changed.clear()
                await self.changed.wait()

    def events(self, kind="comment") -> list[dict]:
        found = []
        for block in self.text.split("\n\n"):
            lines = dict(line.split(": ", 1) for line in block.split("\n") if ": " in line)
            if lines.get("event") == kind:
                found.append(json.loads(lines["data"]) | {"sse_id": lines.get("id")})
        return found

    async def close(self):
        self.gone.set()
        await asyncio.wait_for(self.task, 5)


def session_cookie(member) -> str:
    client = logged_in(member)
    return f"sessionid={client.cookies['sessionid'].value}"


@pytest.mark.django_db(transaction=True)
def test_the_stream_delivers_a_comment_posted_after_connecting(broker_kind, cm, alice, bob, mod):
    event = live_event(cm)
    before = post_live_comment(actor=bob, event=event, body="開始前")
    path = reverse("events:live_stream", args=[event.pk]) + f"?after={before.pk}"
    cookie = session_cookie(alice)

    async def scenario():
        viewer = StreamViewer(path, cookie=cookie)
        await viewer.wait_for(lambda v: "retry:" in v.text)
        assert viewer.status == 200
        comment = await sync_to_async(post_live_comment)(actor=bob, event=event, body="始まった！")
        await viewer.wait_for(lambda v: v.events())
        await sync_to_async(hide_live_comment)(actor=mod, comment=comment)
        await viewer.wait_for(lambda v: v.events("hide"))
        await viewer.close()
        return viewer, comment

    viewer, comment = asyncio.run(scenario())

    assert [(e["id"], e["body"], e["sse_id"]) for e in viewer.events()] == [
        (comment.pk, "始まった！", str(comment.pk))
    ]
    assert viewer.events("hide")[0]["id"] == comment.pk


@pytest.mark.django_db(transaction=True)
def test_a_reconnect_with_last_event_id_resumes_after_it(cm, alice, bob):
    event = live_event(cm)
    first, second, third = (
        post_live_comment(actor=bob, event=event, body=text) for text in ("一", "二", "三")
    )
    path = reverse("events:live_stream", args=[event.pk]) + "?after=0"
    cookie = session_cookie(alice)

    async def scenario():
        viewer = StreamViewer(path, cookie=cookie, last_event_id=str(first.pk))
        await viewer.wait_for(lambda v: len(v.events()) == 2)
        await viewer.close()
        return viewer

    viewer = asyncio.run(scenario())

    assert [(e["body"], e["sse_id"]) for e in viewer.events()] == [
        ("二", str(second.pk)),
        ("三", str(third.pk)),
    ]
    fallback = logged_in(alice).get(
        reverse("events:live_stream", args=[event.pk]), HTTP_LAST_EVENT_ID=str(second.pk)
    )
    assert "三" in fallback.content.decode() and "二" not in fallback.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_stream_is_404_for_outsiders_and_anonymous_visitors_of_a_restricted_event(
    cm, alice, charlie, inner_circle
):
    event = live_event(cm, space=inner_circle)
    path = reverse("events:live_stream", args=[event.pk])
    cookies = (session_cookie(charlie), "", session_cookie(alice))

    async def scenario():
        statuses = []
        for cookie in cookies:
            viewer = StreamViewer(path, cookie=cookie)
            await viewer.wait_for(lambda v: v.status is not None)
            statuses.append(viewer.status)
            await viewer.close()
        return statuses

    assert asyncio.run(scenario()) == [404, 404, 200]
