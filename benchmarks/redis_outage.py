"""Redis outage under load: stop a Redis of our own while members read and write, start it again.

    python benchmarks/redis_outage.py --before 10 --down 20 --after 10

Starts its own redis-server on a free port (never the one the machine runs), a community in a
fresh data folder (SQLite, or the PostgreSQL database HIROBA_DATABASE_URL names: the script adds
a few members, a space and a post to it), the web server as production runs it (granian, two
workers, DEBUG off) and a job consumer. Reader threads fetch pages (anonymous, and logged in by
session); writer threads comment through the API (Bearer tokens), each on its own schedule. After
--before seconds Redis is stopped for --down seconds, then started again, empty (as after a
restart without persistence: a flush too). The script then waits until every comment written
while Redis was down has its notification, which only the jobs queued meanwhile write.

It prints, for each phase, the requests, the 5xx answers, the failed connections and the
latencies, then how many jobs were kept in the database and how long after Redis returned they
had all run. It exits with 1 if a read answered 5xx, a write was not accepted (anything but
201), or a job did not run within --wait seconds.
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SETUP = """
import json, secrets, sys, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from hiroba.accounts.models import Role
from hiroba.accounts.services import register_member
from hiroba.accounts.tokens import create_api_token
from hiroba.community.services import create_space
from hiroba.posts.services import publish_post

writers = int(sys.argv[1])
tag = secrets.token_hex(3)
def member(name, role=Role.MEMBER):
    return register_member(email=f"{name}-{tag}@example.com", password=secrets.token_hex(16),
        display_name=name, handle=f"{name}_{tag}", accepted_guidelines=True, role=role)
manager = member("manager", Role.MANAGER)
space = create_space(actor=manager, slug=f"outage-{tag}", name=f"Outage {tag}")
author, reader = member("author"), member("reader")
post = publish_post(actor=author, space=space, body="Redis が止まっても読める投稿")
tokens = [create_api_token(actor=member(f"writer{i}"), name="outage")[1] for i in range(writers)]
session = SessionStore()
session[SESSION_KEY] = str(reader.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = reader.get_session_auth_hash()
session.create()
print(json.dumps({"space": space.slug, "post": post.pk, "tokens": tokens,
                  "session": session.session_key}))
"""

CHECK = """
import json, sys, django
django.setup()
from hiroba.core.models import OutboxJob
from hiroba.notifications.models import Notification
ids = json.loads(sys.argv[1])
notified = Notification.objects.filter(subject_type="comment", subject_id__in=ids).count()
print(json.dumps({"kept": OutboxJob.objects.count(), "notified": notified}))
"""


def log(message: str) -> None:
    print(f"[outage] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class Redis:
    def __init__(self, port: int, folder: Path):
        self.port, self.folder = port, folder
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port, timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class Load:
    """Readers and writers, each request recorded with the phase it was sent in."""

    def __init__(self, port: int, setup: dict, readers: int, write_every: float):
        self.port, self.setup, self.write_every = port, setup, write_every
        self.phase = "before"
        self.records: list[tuple[str, str, int, float, int | None]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        post, space = setup["post"], setup["space"]
        self.pages = [
            ("anonymous", "/", None),
            ("anonymous", f"/s/{space}/", None),
            ("anonymous", f"/p/{post}/", None),
            ("member", "/", setup["session"]),
            ("member", f"/p/{post}/", setup["session"]),
        ]
        self.threads = [threading.Thread(target=self._read, args=(i,)) for i in range(readers)]
        self.threads += [threading.Thread(target=self._write, args=(t,)) for t in setup["tokens"]]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self.threads:
            thread.join()

    def _request(self, connection, method, path, headers, body=None):
        started = time.monotonic()
        phase = self.phase
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            status = response.status
        except OSError:
            connection.close()
            status, content = 0, b""
        return phase, status, (time.monotonic() - started) * 1000, content

    def _record(self, phase, kind, status, ms, comment_id=None) -> None:
        with self._lock:
            self.records.append((phase, kind, status, ms, comment_id))

    def _read(self, index: int) -> None:
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        turn = index
        while not self._stop.is_set():
            who, path, session = self.pages[turn % len(self.pages)]
            turn += 1
            headers = {"Cookie": f"sessionid={session}"} if session else {}
            phase, status, ms, _content = self._request(connection, "GET", path, headers)
            self._record(phase, f"read ({who})", status, ms)

    def _write(self, token: str) -> None:
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        path = f"/api/v1/posts/{self.setup['post']}/comments"
        while not self._stop.wait(self.write_every):
            body = json.dumps({"body": f"comment at {time.time():.3f}"})
            phase, status, ms, content = self._request(connection, "POST", path, headers, body)
            comment_id = json.loads(content)["id"] if status == 201 else None
            self._record(phase, "write", status, ms, comment_id)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))]


def summarize(records) -> tuple[list[str], bool]:
    lines = [
        "| phase | kind | requests | 5xx | no answer | other non-2xx | p50 ms | p99 ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    ok = True
    for phase in ("before", "down", "after"):
        for kind in sorted({r[1] for r in records}):
            rows = [r for r in records if r[0] == phase and r[1] == kind]
            if not rows:
                continue
            fivexx = sum(1 for r in rows if r[2] >= 500)
            lost = sum(1 for r in rows if r[2] == 0)
            expected = 201 if kind == "write" else 200
            other = sum(1 for r in rows if 0 < r[2] < 500 and r[2] != expected)
            ok = ok and not fivexx and not lost and not other
            ms = [r[3] for r in rows]
            lines.append(
                f"| {phase} | {kind} | {len(rows)} | {fivexx} | {lost} | {other} "
                f"| {statistics.median(ms):.1f} | {percentile(ms, 0.99):.1f} |"
            )
    return lines, ok


def check(env: dict, ids: list[int]) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", CHECK, json.dumps(ids)],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=float, default=10, help="Seconds with Redis up first.")
    parser.add_argument("--down", type=float, default=20, help="Seconds with Redis stopped.")
    parser.add_argument("--after", type=float, default=10, help="Seconds of load after it returns.")
    parser.add_argument("--readers", type=int, default=4, help="Reader threads.")
    parser.add_argument("--writers", type=int, default=4, help="Writer threads (one member each).")
    parser.add_argument("--write-every", type=float, default=2.5, help="Seconds between writes.")
    parser.add_argument("--wait", type=float, default=150, help="Seconds to wait for the jobs.")
    parser.add_argument("--keep", action="store_true", help="Keep the data folder and logs.")
    args = parser.parse_args()
    if shutil.which("redis-server") is None:
        sys.exit("redis-server is not installed")

    folder = Path(tempfile.mkdtemp(prefix="hiroba-outage-"))
    redis = Redis(free_port(), folder)
    web_port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIROBA_")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(ROOT),
        "HIROBA_DATA_DIR": str(folder),
        "HIROBA_DEBUG": "false",
        "HIROBA_HTTPS": "false",
        "HIROBA_ALLOWED_HOSTS": "127.0.0.1",
        "HIROBA_SECRET_KEY": secrets.token_urlsafe(50),
        "HIROBA_REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
        "HIROBA_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "HIROBA_LOG_LEVEL": "WARNING",
    }
    if os.environ.get("HIROBA_DATABASE_URL"):
        env["HIROBA_DATABASE_URL"] = os.environ["HIROBA_DATABASE_URL"]
    children: list[subprocess.Popen] = []
    try:
        redis.start()
        log(f"Redis on port {redis.port}; preparing the community in {folder}")
        done = subprocess.run(
            [sys.executable, "-c", SETUP, str(args.writers)],
            env=env, cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        setup = json.loads(done.stdout.strip().splitlines()[-1])
        web_log, jobs_log = open(folder / "web.log", "w"), open(folder / "jobs.log", "w")  # noqa: SIM115
        children.append(subprocess.Popen(
            [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1",
             "--port", str(web_port), "--workers", "2", "--no-ws", "config.wsgi:application"],
            env=env, cwd=ROOT, stdout=web_log, stderr=subprocess.STDOUT,
        ))  # fmt: skip
        children.append(subprocess.Popen(
            [sys.executable, "manage.py", "run_huey"],
            env=env, cwd=ROOT, stdout=jobs_log, stderr=subprocess.STDOUT,
        ))  # fmt: skip
        wait_for_port(web_port, timeout=60)

        load = Load(web_port, setup, args.readers, args.write_every)
        load.start()
        log(f"load running; Redis stops in {args.before:.0f} s")
        time.sleep(args.before)
        redis.stop()
        load.phase = "down"
        log(f"Redis stopped for {args.down:.0f} s")
        time.sleep(args.down)
        redis.start()
        returned = time.monotonic()
        load.phase = "after"
        log("Redis started again (empty)")
        kept = check(env, [])["kept"]
        time.sleep(args.after)
        load.stop()

        ids = [r[4] for r in load.records if r[0] == "down" and r[4] is not None]
        log(f"waiting for the jobs of the {len(ids)} comments written while Redis was down")
        deadline = returned + args.wait
        while True:
            state = check(env, ids)
            if state["notified"] == len(ids) and not state["kept"]:
                ran_after = time.monotonic() - returned
                break
            if time.monotonic() > deadline:
                ran_after = None
                break
            time.sleep(3)

        lines, ok = summarize(load.records)
        print("\n".join(lines))
        print()
        print(f"Jobs kept in the database when Redis returned: {kept}")
        if ran_after is None:
            print(f"NOT all run: {state['notified']} of {len(ids)} comments notified, "
                  f"{state['kept']} jobs still kept after {args.wait:.0f} s")  # fmt: skip
            ok = False
        else:
            print(f"All {len(ids)} comments written while Redis was down were notified "
                  f"{ran_after:.0f} s after Redis returned")  # fmt: skip
        for name in ("web.log", "jobs.log"):
            text = (folder / name).read_text(errors="replace")
            lines = [line for line in text.splitlines() if line.startswith("Redis (")]
            print(f"{name}: {len(lines)} outage lines, e.g.: {lines[0] if lines else '-'}")
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        for child in children:
            child.terminate()
        for child in children:
            child.wait(timeout=30)
        redis.stop()
        if args.keep:
            log(f"data and logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
