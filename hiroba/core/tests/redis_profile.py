"""The production Redis profile in a test: the cache, sessions and job queue that config/settings.py
chooses for a HIROBA_REDIS_URL, pointed at a Redis of the test's own (or at a port where nothing
listens, which is what a stopped Redis looks like to its clients)."""

import runpy
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import redis
from huey.contrib.djhuey import HUEY
from huey.utils import load_class

from hiroba.core import cache as failsafe_cache
from hiroba.core import outage, ratelimit

SETTINGS_FILE = Path(__file__).resolve().parents[3] / "config" / "settings.py"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_settings(monkeypatch, redis_url: str) -> dict:
    """The settings module's values for this Redis URL (the test's own settings stay as they are)."""
    monkeypatch.setenv("HIROBA_REDIS_URL", redis_url)
    return runpy.run_path(str(SETTINGS_FILE))


def queue_storage(huey_settings: dict):
    """The storage of the job queue these settings make (its own name: tests share Redis)."""
    config = dict(huey_settings)
    config.pop("consumer", None)
    config.pop("immediate", None)
    queue_class = load_class(config.pop("huey_class"))
    name = f"{config.pop('name')}-test-{uuid.uuid4().hex[:8]}"
    connection = config.pop("connection")
    return queue_class(name, **config, **connection, immediate=False).storage


def use_redis_profile(settings, monkeypatch, redis_url: str):
    """Serve the test's requests with the production Redis profile; jobs go to its queue."""
    production = production_settings(monkeypatch, redis_url)
    settings.CACHES = settings.CACHES | {"default": production["CACHES"]["default"]}
    settings.SESSION_ENGINE = production["SESSION_ENGINE"]
    settings.HIROBA_PAGE_CACHE_SECONDS = 30
    storage = queue_storage(production["HUEY"])
    monkeypatch.setattr(HUEY, "_immediate", False)
    monkeypatch.setattr(HUEY, "storage", storage)
    # Each test meets Redis for the first time, as a freshly started process would.
    monkeypatch.setattr(outage, "_outages", {})
    monkeypatch.setattr(failsafe_cache, "_kept", {})
    ratelimit._local_counts.clear()
    return storage


class OwnRedis:
    """A redis-server of the test's own, which the test stops and starts again: empty, as after
    a restart without persistence, or with its data (``stop(keep_data=True)``), as after a
    restart with persistence or a pause (what its clients see is the same)."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.dir = tempfile.TemporaryDirectory(prefix="hiroba-redis-")

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.dir.name],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def stop(self, *, keep_data: bool = False) -> None:
        if self.process is not None and self.process.poll() is None:
            if keep_data:  # written to its directory, read back by the next start
                redis.Redis.from_url(self.url).shutdown(save=True)
            else:
                self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None
        if not keep_data:
            for dump in Path(self.dir.name).glob("*.rdb"):
                dump.unlink()


@pytest.fixture
def own_redis():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = OwnRedis()
    server.start()
    yield server
    server.stop()
    server.dir.cleanup()
