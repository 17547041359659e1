"""The REST API at /api/v1: one NinjaAPI; each domain app keeps its own routes in its api.py.

Authentication: ``Authorization: Bearer <token>`` (tokens members create in their settings), or
the browser session (with Django's CSRF check). Anonymous reads follow the same rules as pages.
Every error is JSON: ``{"code": "...", "message": "..."}``; a 401 says how to authenticate
(``WWW-Authenticate``), a 429 when to try again (``Retry-After``).
"""

import functools
import logging

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.core.handlers.exception import response_for_exception
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.urls import URLPattern, re_path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from hiroba.accounts.api import router as members_router
from hiroba.api.auth import OptionalAuth
from hiroba.community.api import members_router as community_members_router
from hiroba.community.api import router as spaces_router
from hiroba.core.api.openapi import HirobaOpenAPISchema
from hiroba.core.api.renderer import HirobaRenderer
from hiroba.core.errors import RateLimited, Refused
from hiroba.events.api import router as events_router
from hiroba.ideas.api import router as ideas_router
from hiroba.insights.api import router as insights_router
from hiroba.moderation.api import router as moderation_router
from hiroba.notifications.api import router as notifications_router
from hiroba.polls.api import router as polls_router
from hiroba.posts.api import comments_router, space_posts_router
from hiroba.posts.api import router as posts_router
from hiroba.qa.api import router as questions_router
from hiroba.search.api import router as search_router
from hiroba.segments.api import router as segments_router
from hiroba.surveys.api import router as surveys_router


class HirobaAPI(NinjaAPI):
    """NinjaAPI whose answers outside any operation's own are JSON too: 405, unknown paths and
    errors no handler knows (500); its document shows the multipart form of the bodies that
    take files."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return HirobaOpenAPISchema(self, path_prefix)

    def get_openapi_operation_id(self, operation) -> str:
        """``posts_create_comment``: what a generated client names its function."""
        app = operation.view_func.__module__.split(".")[1]
        return f"{app}_{operation.view_func.__name__}"

    def _get_urls(self):
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_answers(pattern.callback)
        urls.append(re_path(r"^.*$", _unknown_path))
        return urls


# Errors Django turns into a page: the JSON answer keeps the status Django picks.
UNHANDLED = {
    400: ("bad_request", gettext_lazy("The request cannot be read.")),
    403: ("forbidden", gettext_lazy("You may not do this.")),
    404: ("not_found", gettext_lazy("Not found.")),
}


def _json_answers(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Exception as exc:
            if settings.DEBUG:
                raise  # Django's debug page
            # Django logs it, signals it (error reporting) and picks the status, as for any page.
            status = response_for_exception(request, exc).status_code
            code, message = UNHANDLED.get(
                status, ("server_error", gettext_lazy("Something went wrong. Please try again."))
            )
            return error(request, status=status, code=code, message=str(message))
        if response.status_code != 405:
            return response
        answer = error(
            request,
            status=405,
            code="method_not_allowed",
            message=_("This address does not accept %(method)s.") % {"method": request.method},
        )
        answer["Allow"] = response.get("Allow", "")
        return answer

    return wrapper


@csrf_exempt
def _unknown_path(request):
    return error(request, status=404, code="not_found", message=_("Not found."))


api = HirobaAPI(
    title="Hiroba API",
    version="1",
    urls_namespace="api",
    auth=OptionalAuth(),
    renderer=HirobaRenderer(),
    description="Read and write the community: spaces, posts, comments, reactions, members.",
)


# RFC 6750: a 401 names the scheme to use; a token that was sent and refused is "invalid_token".
CHALLENGE = 'Bearer realm="Hiroba API"'


def error(request, *, status: int, code: str, message: str, details=None, headers=None):
    body = {"code": code, "message": message}
    if details:
        body["details"] = details
    response = api.create_response(request, body, status=status)
    if status == 401 and "WWW-Authenticate" not in (headers or {}):
        response["WWW-Authenticate"] = CHALLENGE
    for name, value in (headers or {}).items():
        response[name] = value
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    return error(request, status=404, code="not_found", message=_("Not found."))


@api.exception_handler(Refused)
def refused(request, exc: Refused):
    status = 401 if exc.code == "login_required" else exc.status
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
    return error(request, status=status, code=exc.code, message=exc.message, headers=headers)


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    message = " ".join(m for messages in details.values() for m in messages)
    return error(request, status=422, code="invalid", message=message, details=details)


@api.exception_handler(NinjaValidationError)
def invalid_request(request, exc: NinjaValidationError):
    details = [
        {"field": ".".join(str(p) for p in e.get("loc", [])[1:]), "message": e.get("msg", "")}
        for e in exc.errors
    ]
    message = "; ".join(
        f"{d['field']}: {d['message']}" if d["field"] else d["message"] for d in details
    )
    message = message or _("Invalid request.")
    return error(request, status=422, code="invalid_request", message=message, details=details)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return error(
        request,
        status=401,
        code="unauthenticated",
        message=_("Invalid or revoked API token."),
        headers={"WWW-Authenticate": f'{CHALLENGE}, error="invalid_token"'},
    )


# Bodies Django refuses to read are a 4xx like any other; left to Django, they would be its HTML
# 400 page. Logged under django.security.<error>, the logger Django uses for them.
def _unreadable(request, exc, *, status: int, code: str, message: str):
    if isinstance(exc, SuspiciousOperation):
        logging.getLogger(f"django.security.{type(exc).__name__}").warning(
            "%s", exc, extra={"status_code": status, "request": request}
        )
    return error(request, status=status, code=code, message=message)


@api.exception_handler(TooManyFilesSent)
def too_many_files(request, exc):
    count = settings.DATA_UPLOAD_MAX_NUMBER_FILES
    message = _("Send at most %(count)d files in one request.") % {"count": count}
    return _unreadable(request, exc, status=400, code="too_many_files", message=message)


@api.exception_handler(TooManyFieldsSent)
def too_many_fields(request, exc):
    message = _("The request has too many fields.")
    return _unreadable(request, exc, status=400, code="too_many_fields", message=message)


@api.exception_handler(RequestDataTooBig)
def too_large(request, exc):
    message = _("The request body is too large.")
    return _unreadable(request, exc, status=413, code="too_large", message=message)


@api.exception_handler(MultiPartParserError)
def malformed_multipart(request, exc):
    message = _("The multipart/form-data body cannot be read.")
    return _unreadable(request, exc, status=400, code="bad_request", message=message)


HTTP_ERROR_CODES = {400: "bad_request", 413: "too_large", 415: "unsupported_media_type"}


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    code = HTTP_ERROR_CODES.get(exc.status_code, "error")
    return error(request, status=exc.status_code, code=code, message=str(exc))


api.add_router("/spaces", spaces_router, tags=["spaces"])
api.add_router("/spaces", space_posts_router, tags=["spaces"])
api.add_router("/posts", posts_router, tags=["posts"])
api.add_router("/comments", comments_router, tags=["comments"])
api.add_router("/members", members_router, tags=["members"])
api.add_router("/members", community_members_router, tags=["members"])
api.add_router("/questions", questions_router, tags=["questions"])
api.add_router("/moderation", moderation_router, tags=["moderation"])
api.add_router("/search", search_router, tags=["search"])
api.add_router("/ideas", ideas_router, tags=["ideas"])
api.add_router("/polls", polls_router, tags=["polls"])
api.add_router("/surveys", surveys_router, tags=["surveys"])
api.add_router("/notifications", notifications_router, tags=["notifications"])
api.add_router("/insights", insights_router, tags=["insights"])
api.add_router("/segments", segments_router, tags=["segments"])
api.add_router("/events", events_router, tags=["events"])
