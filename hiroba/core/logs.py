"""Log lines a collector can parse: time, level, logger, request id and message, one line each.

``config/settings.py`` LOGGING uses these: ``HIROBA_LOG_FORMAT=json`` writes JSON lines (the
default in production), ``logfmt`` writes ``key=value`` pairs (the default with
HIROBA_DEBUG, readable in the demo's terminal and still parsed by Loki, Vector or Fluent Bit).
The request id is set by ``RequestIdMiddleware`` for everything logged while a request is
served, and is sent back in the ``X-Request-ID`` response header, so a member's report ("it
broke at 10:02, id 5f3c...") leads to the lines of that request.

Nothing here imports Django models: logging is configured before the apps are loaded.
"""

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

REQUEST_ID_HEADER = "X-Request-ID"
# An id sent by a proxy in front is kept when it looks like one (so the proxy's and our lines
# share it); anything else is replaced, so a client cannot write into the log through it.
_INCOMING_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")
NO_REQUEST = "-"

_request_id: ContextVar[str] = ContextVar("hiroba_request_id", default=NO_REQUEST)


def current_request_id() -> str:
    """The id of the request being served in this thread or task ("-" outside requests)."""
    return _request_id.get()


class RequestIdMiddleware:
    """Give each request one id, for every line logged while serving it and for the response.

    Goes first in MIDDLEWARE, so that the lines of every other middleware carry it too. The id
    is not taken back when the middleware returns: Django logs a 4xx or 5xx answer after the
    middleware chain ("Not Found: /x"), and that line belongs to the request as well. It is
    cleared when the request is finished (``forget_request_id``, on ``request_finished``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        _request_id.set(request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


def forget_request_id(**kwargs) -> None:
    """After a response is sent, what this thread logs belongs to no request."""
    _request_id.set(NO_REQUEST)


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` to every record (a filter on the handler, so it also reaches
    the lines of loggers configured by others: Django, Huey, allauth)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


def _fields(record: logging.LogRecord, formatter: logging.Formatter) -> dict:
    fields = {
        "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
        "level": record.levelname.lower(),
        "logger": record.name,
        "request_id": getattr(record, "request_id", NO_REQUEST),
        "msg": record.getMessage(),
    }
    if record.exc_info:
        fields["exc"] = formatter.formatException(record.exc_info)
    if record.stack_info:
        fields["stack"] = formatter.formatStack(record.stack_info)
    return fields


class JsonFormatter(logging.Formatter):
    """One JSON object per line; newlines in a message or a traceback stay inside its string."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(_fields(record, self), ensure_ascii=False, default=str)


_BARE = re.compile(r"[^\s\"=\\]+")


def _logfmt_value(value: str) -> str:
    if value and _BARE.fullmatch(value):
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped.replace("\r", "\\r").replace("\t", "\\t") + '"'


class LogfmtFormatter(logging.Formatter):
    """``time=... level=info logger=django.request request_id=... msg="..."`` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        fields = _fields(record, self)
        return " ".join(f"{key}={_logfmt_value(str(value))}" for key, value in fields.items())


FORMATTERS = {"json": JsonFormatter, "logfmt": LogfmtFormatter}
