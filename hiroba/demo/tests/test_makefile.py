"""``make demo`` hands the address it serves on to the site, so that e-mail links lead back to it."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def demo_commands(*assignments: str, **env: str) -> list[str]:
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "demo", *assignments],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in result.stdout.splitlines() if "manage.py seed_demo" in line
            or "manage.py serve" in line]  # fmt: skip


@pytest.mark.parametrize(
    ("assignments", "site"),
    [
        ((), "http://127.0.0.1:8000"),
        (("HOST=192.0.2.7", "PORT=8123"), "http://192.0.2.7:8123"),
        (("HOST=0.0.0.0", "PORT=8123"), "http://localhost:8123"),
    ],
    ids=["default", "host-and-port", "every-interface"],
)
def test_the_demo_site_url_follows_host_and_port(assignments, site):
    seed, serve = demo_commands(*assignments)
    assert f"HIROBA_SITE_URL={site} " in seed and f"--url {site}/" in seed
    assert f"HIROBA_SITE_URL={site} " in serve


def test_a_site_url_given_wins():
    seed, serve = demo_commands(HIROBA_SITE_URL="https://demo.example.jp")
    assert "HIROBA_SITE_URL=https://demo.example.jp " in seed
    assert "HIROBA_SITE_URL=https://demo.example.jp " in serve
