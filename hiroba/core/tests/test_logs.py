"""Log lines carry time, level, logger and the id of the request they were written for, in a
format a collector parses (JSON lines; logfmt in the demo), and the response names the id."""

import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hiroba.core.logs import JsonFormatter, LogfmtFormatter, RequestIdFilter

ROOT = Path(__file__).resolve().parents[3]
HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def json_lines():
    """The root logger also writes JSON lines here, as the settings' console handler does."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_every_response_names_its_own_request_id(client, db):
    first = client.get("/")
    second = client.get("/api/v1/spaces")

    assert HEX_ID.fullmatch(first["X-Request-ID"])
    assert HEX_ID.fullmatch(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("req-2b9c1d0e-proxy", True),
        ("short", False),
        ("evil\nlevel=error msg=forged", False),
        ("x" * 65, False),
    ],
    ids=["proxy-id", "too-short", "newline", "too-long"],
)
def test_an_id_from_a_proxy_is_kept_only_when_it_looks_like_one(client, db, sent, kept):
    response = client.get("/", HTTP_X_REQUEST_ID=sent)

    assert (response["X-Request-ID"] == sent) is kept
    if not kept:
        assert HEX_ID.fullmatch(response["X-Request-ID"])


def test_a_line_logged_while_serving_a_request_carries_its_id(client, db, json_lines):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    (line,) = [line for line in json_lines() if line["logger"] == "django.request"]
    assert line["request_id"] == response["X-Request-ID"]
    assert line["level"] == "warning"
    assert line["msg"] == "Not Found: /no-such-page/"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    # Outside a request the id is a dash, not the last request's.
    logging.getLogger("hiroba.test").warning("after the request")
    assert json_lines()[-1]["request_id"] == "-"


def _record(msg, *args, exc_info=None) -> logging.LogRecord:
    record = logging.LogRecord("hiroba.jobs", logging.ERROR, __file__, 1, msg, args, exc_info)
    RequestIdFilter().filter(record)
    return record


def test_a_traceback_stays_inside_one_json_line():
    try:
        raise ValueError("boom")
    except ValueError:
        record = _record("job %s failed", 42, exc_info=sys.exc_info())

    text = JsonFormatter().format(record)

    assert "\n" not in text
    line = json.loads(text)
    assert (line["level"], line["logger"], line["msg"]) == ("error", "hiroba.jobs", "job 42 failed")
    assert line["exc"].startswith("Traceback") and "ValueError: boom" in line["exc"]


def test_logfmt_quotes_what_would_break_a_pair():
    text = LogfmtFormatter().format(_record('say "hi"\nlevel=debug'))

    assert "\n" not in text
    assert ' level=error logger=hiroba.jobs request_id=- msg="say \\"hi\\"\\nlevel=debug"' in text
    assert text.startswith("time=")


def _log_from_a_fresh_process(**env) -> str:
    """What one warning looks like on stderr with the real settings (no test overrides)."""
    script = "import django, logging; django.setup(); logging.getLogger('hiroba').warning('ready')"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("HIROBA_")},
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "HIROBA_DATA_DIR": "/tmp/hiroba-log-test",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.stderr


def test_production_writes_json_lines_and_the_demo_logfmt():
    production = _log_from_a_fresh_process(HIROBA_SECRET_KEY="x" * 50)
    demo = _log_from_a_fresh_process(HIROBA_DEBUG="true")

    line = json.loads(production.strip().splitlines()[-1])
    assert {k: line[k] for k in ("level", "logger", "request_id", "msg")} == {
        "level": "warning", "logger": "hiroba", "request_id": "-", "msg": "ready",
    }  # fmt: skip
    assert re.search(r"^time=\S+ level=warning logger=hiroba request_id=- msg=ready$", demo, re.M)


def test_an_unknown_log_format_is_one_clear_error():
    stderr = _log_from_a_fresh_process(HIROBA_DEBUG="true", HIROBA_LOG_FORMAT="xml")
    assert "HIROBA_LOG_FORMAT must be json or logfmt, not 'xml'" in stderr


def test_the_job_consumer_keeps_the_same_format():
    # run_huey adds its own handler (another format, and every line twice through the root)
    # to a "huey" logger that has none.
    from django.conf import settings

    huey = settings.LOGGING["loggers"]["huey"]
    assert huey["handlers"] == ["console"] and huey["propagate"] is False
    assert logging.getLogger("huey").handlers
