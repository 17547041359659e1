"""The command line on a bad setting: one line that names the variable, no traceback; and the
generator's help shows its defaults (each case in a fresh interpreter)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("HIROBA_", "DJANGO_"))}
    clean["HIROBA_DATA_DIR"] = os.environ.get("HIROBA_DATA_DIR", "/tmp")
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"HIROBA_DEBUG": "maybe"}, "HIROBA_DEBUG must be true or false, not 'maybe'"),
        ({"HIROBA_DEBUG": "false"}, "HIROBA_SECRET_KEY must be set unless HIROBA_DEBUG=true"),
        (
            {"HIROBA_DEBUG": "true", "HIROBA_PAGE_CACHE_SECONDS": "lots"},
            "HIROBA_PAGE_CACHE_SECONDS must be an integer, not 'lots'",
        ),
        (
            {"HIROBA_DEBUG": "true", "HIROBA_DATABASE_URL": "nonsense://db/x"},
            "HIROBA_DATABASE_URL is not usable: Scheme 'nonsense://' is unknown.",
        ),
        (
            {"HIROBA_DEBUG": "true", "HIROBA_DATA_DIR": "/proc/no-such-folder"},
            "HIROBA_DATA_DIR '/proc/no-such-folder' cannot be created",
        ),
    ],
    ids=["bad-boolean", "no-secret-key", "bad-integer", "bad-database-url", "bad-data-dir"],
)
@pytest.mark.parametrize("command", [["manage.py"], ["-m", "hiroba.cli"]], ids=["manage", "hiroba"])
def test_a_bad_setting_prints_one_clear_line(command, env, message):
    result = run(*command, "check", **env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(("manage.py: ", "hiroba: "))
    assert message in lines[0]


def test_generate_help_shows_its_defaults():
    result = run("manage.py", "generate", "--help", HIROBA_DEBUG="true")
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "(default: 800,000)" in text
    assert "(default: 12)" in text
    assert "(default: 2025)" in text
    assert "(default: today, UTC)" in text
