"""``hiroba serve``: the web server (granian, ASGI: config/asgi.py) and a job consumer (Huey),
together.

Production runs more of each with their own process managers; this command is the embedded
default and the demo. Both children stop when this command stops.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

LIVE_VIEWERS_ROOM = 4096


def web_command(python: str, host: str, port: int, workers: int) -> list[str]:
    """The web server's command line (benchmarks/pages.py measures this same one)."""
    # Every viewer of a live page holds a request open for the whole event, and granian
    # admits backlog / workers requests per worker by default: room for a few thousand.
    backlog = str(LIVE_VIEWERS_ROOM)
    return [
        python, "-m", "granian", "--interface", "asgi", "--host", host, "--port", str(port),
        "--workers", str(workers), "--backlog", backlog, "--backpressure", backlog, "--no-ws",
        "config.asgi:application",
    ]  # fmt: skip


class Command(BaseCommand):
    help = "Run the web server and a job consumer together."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("HIROBA_WEB_WORKERS", "1"))
        )
        parser.add_argument("--no-jobs", action="store_true", help="Do not start a job consumer.")

    def handle(self, *args, host, port, workers, no_jobs, **options):
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        web = web_command(sys.executable, host, port, workers)
        children = [subprocess.Popen(web)]
        if not no_jobs:
            # Through the hiroba entry point, so it works from any directory, not only the checkout.
            children.append(
                subprocess.Popen([sys.executable, "-m", "hiroba.cli", "run_huey", "--quiet"])
            )
        self.stdout.write(
            self.style.SUCCESS(f"Hiroba is running at http://{host}:{port}/ (Ctrl+C stops)")
        )

        def stop(*_args):
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
