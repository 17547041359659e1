"""Helpers the app routers share: who may read at all, and reading a JSON or multipart body."""

import json
import re

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError

from hiroba.community.permissions import can_read_community
from hiroba.core.errors import Refused

# Slugs and handles are checked against their own shape before any lookup, so a stray byte
# (a NUL that PostgreSQL refuses, say) is a plain 404 rather than a database error.
# Ids beyond a 64-bit integer cannot exist; refusing them early keeps the database from overflowing.
MAX_ID = 2**63 - 1
SLUG_RE = re.compile(r"[a-z0-9-]{1,50}")


def require_reader(actor) -> None:
    """A closed community answers 401 to anonymous callers on its collection endpoints."""
    if not can_read_community(actor):
        raise Refused(_("Please log in to do this."), code="login_required")


def check_slug(value: str) -> str:
    if not SLUG_RE.fullmatch(value or ""):
        raise Http404("No such space")
    return value


def _invalid(errors: list[dict]) -> NinjaValidationError:
    return NinjaValidationError(errors)


def read_payload(request, schema, *, allow_files: bool = False):
    """Parse the body as JSON (or multipart form data where files are allowed) into ``schema``.

    Returns ``(payload, files)``. Malformed bodies and wrong types are a 4xx JSON answer, in the
    same shape as ninja's own validation errors.
    """
    content_type = request.content_type or ""
    files = []
    try:
        if allow_files and content_type == "multipart/form-data":
            raw = {key: request.POST.get(key) for key in request.POST}
            files = request.FILES.getlist("photos")
        elif content_type in ("application/json", "") or content_type.endswith("+json"):
            try:
                raw = json.loads(request.body or b"{}")
            except ValueError:
                raise _invalid(
                    [{"loc": ("body",), "msg": _("The body is not valid JSON."), "type": "json"}]
                ) from None
        else:
            kinds = "application/json" + (" or multipart/form-data" if allow_files else "")
            raise HttpError(415, _("Send the body as %(kinds)s.") % {"kinds": kinds})
    except (MultiPartParserError, RequestDataTooBig, TooManyFieldsSent) as error:
        raise HttpError(400, str(error) or _("The request body cannot be read.")) from None
    if not isinstance(raw, dict):
        raise _invalid([{"loc": ("body",), "msg": _("Send a JSON object."), "type": "type"}])
    try:
        payload = schema.model_validate(raw)
    except PydanticValidationError as error:
        raise _invalid(
            [
                {"loc": ("body", *e["loc"]), "msg": e["msg"], "type": e["type"]}
                for e in error.errors(include_url=False)
            ]
        ) from None
    return payload, files
