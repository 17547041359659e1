"""Live page benchmark: how long a new comment takes to reach 1,000 viewers of the stream.

    python benchmarks/live.py                      # the embedded default (SQLite, no servers)
    python benchmarks/live.py --redis              # Redis pub/sub (HIROBA_REDIS_URL, else db 5)
    python benchmarks/live.py --viewers 1000 --workers 2 --comments 10

It makes a fresh data folder (or uses HIROBA_DATA_DIR / HIROBA_DATABASE_URL), migrates it, creates
a live event, a viewer and a poster, starts granian's ASGI interface (config.asgi: the stream in
front of Django) with --workers processes, opens --viewers Server-Sent Events connections (one
asyncio process, plain sockets, logged in as the viewer), then posts --comments comments one
second apart through the page's form, as the browser's script does (POST with the CSRF token).
For each comment it takes the time from just before the POST to the moment each viewer's socket
delivered it, and prints p50, p99 and the last viewer's time, per comment and over all of them.
The target (the issue): the last viewer within 1 s.

The viewers run on the same 2 cores as the server, so their own reading is part of the figure.
"""

import argparse
import asyncio
import json
import os
import re
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET_SECONDS = 1.0


def log(message: str) -> None:
    print(f"[live] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def raise_file_limit(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, needed))
    if want > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    if want < needed:
        log(f"warning: only {want} open files allowed; {needed} wanted (ulimit -n)")


# --- The site's side: data and server --------------------------------------------------------------


def setup_data() -> None:
    """Run in a child with the server's environment: migrate, make the event and two sessions;
    prints JSON."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)

    from hiroba.accounts.models import Member, Role
    from hiroba.accounts.services import register_member
    from hiroba.events.models import Event, Format
    from hiroba.events.services import create_event, publish_event

    def member(handle, role=Role.MEMBER):
        found = Member.objects.filter(handle=handle).first()
        return found or register_member(
            email=f"{handle}@bench.example.com",
            password=secrets.token_urlsafe(16),
            display_name=handle,
            handle=handle,
            accepted_guidelines=True,
            role=role,
        )

    def session(who) -> str:
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store[SESSION_KEY] = str(who.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = who.get_session_auth_hash()
        store.create()
        return store.session_key

    staff, viewer, poster = (
        member("live_staff", Role.MANAGER),
        member("live_viewer"),
        member("live_poster"),
    )
    event = Event.objects.filter(title="Live benchmark").first()
    if event is None:
        now = timezone.now()
        event = publish_event(
            actor=staff,
            event=create_event(
                actor=staff,
                title="Live benchmark",
                format=Format.LIVE,
                stream_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                starts_at=now + timezone.timedelta(minutes=5),
                ends_at=now + timezone.timedelta(hours=2),
                applications_open_at=now - timezone.timedelta(days=1),
                applications_close_at=now + timezone.timedelta(minutes=1),
                capacity=10_000,
            ),
        )
    from django.db import connection

    if connection.vendor == "sqlite":
        # Fold the migration's write-ahead log into the database now, or the server's first
        # commits pay for it (a checkpoint of megabytes) while the clock runs.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(
        json.dumps(
            {
                "event": event.pk,
                "cookie": settings.SESSION_COOKIE_NAME,
                "viewer": session(viewer),
                "poster": session(poster),
                "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
            }
        )
    )


def server_environment(args, data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "HIROBA_DEBUG": "false",
            "HIROBA_HTTPS": "false",
            "HIROBA_ALLOWED_HOSTS": "127.0.0.1",
            "HIROBA_DATA_DIR": data_dir,
            "HIROBA_SECRET_KEY": env.get("HIROBA_SECRET_KEY") or secrets.token_urlsafe(50),
            "HIROBA_LOG_FORMAT": "logfmt",
            # One member posts every comment: the comment budget must not be what is measured.
            "HIROBA_RATE_COMMENT": "1000/60",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        }
    )
    if args.redis:
        env["HIROBA_REDIS_URL"] = args.redis
    else:
        env.pop("HIROBA_REDIS_URL", None)
    return env


def start_server(env: dict, port: int, workers: int, viewers: int) -> subprocess.Popen:
    # granian holds at most backpressure (backlog / workers by default) requests per worker:
    # every viewer is a request that stays open, so the backlog must cover them all.
    backlog = max(1024, 4 * viewers)
    command = [
        sys.executable, "-m", "granian", "--interface", "asgi", "--host", "127.0.0.1",
        "--port", str(port), "--workers", str(workers), "--backlog", str(backlog),
        "--backpressure", str(backlog), "--no-ws", "--log-level", "warning", "config.asgi:application",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("the server did not start") from None
            time.sleep(0.2)
    raise SystemExit("the server did not answer within 60 s")


# --- The viewers' side -------------------------------------------------------------------------------


class Viewer:
    def __init__(self):
        self.buffer = b""
        self.waiting_for: bytes | None = None
        self.arrived = asyncio.Event()
        self.arrived_at = 0.0
        self.writer = None

    async def connect(self, port: int, path: str, cookie: str) -> None:
        reader, self.writer = await asyncio.open_connection("127.0.0.1", port)
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        await self.writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(head[:200].decode(errors="replace"))
        self.reader = reader

    async def read(self) -> None:
        while True:
            chunk = await self.reader.read(65536)
            if not chunk:
                return
            self.buffer = (self.buffer + chunk)[-4096:]
            if self.waiting_for is not None and self.waiting_for in self.buffer:
                self.arrived_at = time.perf_counter()
                self.waiting_for = None
                self.buffer = b""
                self.arrived.set()


async def connect_all(viewers: list[Viewer], port, path, cookie, parallel=100) -> None:
    gate = asyncio.Semaphore(parallel)

    async def one(viewer):
        async with gate:
            await viewer.connect(port, path, cookie)

    await asyncio.gather(*(one(viewer) for viewer in viewers))


def csrf_for(port: int, path: str, cookie: str) -> tuple[str, str]:
    """The form's CSRF token and the csrftoken cookie, from the live page, as a browser has them."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = connection.getresponse()
    body = response.read().decode()
    if response.status != 200:
        raise SystemExit(f"the live page answered {response.status}")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    set_cookie = response.getheader("Set-Cookie") or ""
    csrf_cookie = re.search(r"csrftoken=([^;]+)", set_cookie).group(1)
    connection.close()
    return token, csrf_cookie


async def post_comment(port: int, path: str, cookie: str, token: str, text: str) -> int:
    body = f"csrfmiddlewaretoken={token}&body={text}".encode()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
        f"Accept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Origin: http://127.0.0.1\r\nReferer: http://127.0.0.1/\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )
    await writer.drain()
    head = await reader.readuntil(b"\r\n")
    await reader.read()
    writer.close()
    return int(head.split()[1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def measure(args, port: int, data: dict) -> list[list[float]]:
    event = data["event"]
    viewer_cookie = f"{data['cookie']}={data['viewer']}"
    stream = f"/events/{event}/live/stream?after=0"
    viewers = [Viewer() for _ in range(args.viewers)]
    started = time.perf_counter()
    await connect_all(viewers, port, stream, viewer_cookie)
    log(f"{len(viewers)} viewers connected in {time.perf_counter() - started:.1f} s")
    readers = [asyncio.create_task(viewer.read()) for viewer in viewers]
    page = f"/events/{event}/live/"
    token, csrf_cookie = await asyncio.to_thread(
        csrf_for, port, page, f"{data['cookie']}={data['poster']}"
    )
    poster_cookie = f"{data['cookie']}={data['poster']}; csrftoken={csrf_cookie}"
    # Every worker loads Django's URLs and views on its first page (the stream skips Django):
    # a few pages first, so that no comment's POST is a worker's first request.
    for _ in range(4 * args.workers):
        await asyncio.to_thread(csrf_for, port, page, f"{data['cookie']}={data['poster']}")
    await asyncio.sleep(1)
    rounds = []
    for number in range(args.comments):
        text = f"bench-{number}-{secrets.token_hex(4)}"
        marker = f'"body":"{text}"'.encode()
        for viewer in viewers:
            viewer.waiting_for, viewer.arrived_at = marker, 0.0
            viewer.arrived.clear()
        sent = time.perf_counter()
        status = await post_comment(
            port, f"/events/{event}/live/comments", poster_cookie, token, text
        )
        posted = time.perf_counter() - sent
        if status != 201:
            raise SystemExit(f"posting a comment answered {status}")
        try:
            async with asyncio.timeout(30):
                await asyncio.gather(*(viewer.arrived.wait() for viewer in viewers))
        except TimeoutError:
            missing = sum(1 for viewer in viewers if not viewer.arrived.is_set())
            raise SystemExit(f"{missing} viewers never received comment {number}") from None
        times = [viewer.arrived_at - sent for viewer in viewers]
        rounds.append(times)
        log(
            f"comment {number + 1}: POST {posted * 1000:.0f} ms; p50 {percentile(times, 0.5) * 1000:.0f} ms,"
            f" p99 {percentile(times, 0.99) * 1000:.0f} ms, last {max(times) * 1000:.0f} ms"
        )
        await asyncio.sleep(args.pause)
    for task in readers:
        task.cancel()
    for viewer in viewers:
        viewer.writer.close()
    return rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--comments", type=int, default=10)
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between comments")
    parser.add_argument(
        "--redis",
        nargs="?",
        const=os.environ.get("HIROBA_REDIS_URL") or "redis://127.0.0.1:6379/5",
        default=None,
        help="carry messages over Redis (this URL; default HIROBA_REDIS_URL or db 5 on localhost)",
    )
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        setup_data()
        return

    raise_file_limit(args.viewers + 200)
    data_dir = os.environ.get("HIROBA_DATA_DIR") or tempfile.mkdtemp(prefix="hiroba-live-")
    env = server_environment(args, data_dir)
    log(f"data in {data_dir}; preparing")
    prepared = subprocess.run(
        [sys.executable, __file__, "--setup"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(prepared.stdout.strip().splitlines()[-1])
    port = free_port()
    server = start_server(env, port, args.workers, args.viewers)
    try:
        rounds = asyncio.run(measure(args, port, data))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    every = [value for times in rounds for value in times]
    lasts = [max(times) for times in rounds]
    broker = (
        f"Redis pub/sub ({args.redis})" if args.redis else f"embedded ({data['database']} poller)"
    )
    print(
        f"\nLive comments to {args.viewers} viewers, {args.workers} granian ASGI workers, {broker}"
    )
    print(f"{len(rounds)} comments, time from POST to arrival at each viewer:")
    print(
        f"  p50 {statistics.median(every) * 1000:.0f} ms   p99 {percentile(every, 0.99) * 1000:.0f} ms"
        f"   max {max(every) * 1000:.0f} ms"
    )
    print(
        f"  last viewer per comment: median {statistics.median(lasts) * 1000:.0f} ms,"
        f" worst {max(lasts) * 1000:.0f} ms (target {TARGET_SECONDS * 1000:.0f} ms: "
        f"{'met' if max(lasts) <= TARGET_SECONDS else 'missed'})"
    )


if __name__ == "__main__":
    main()
