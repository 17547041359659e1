"""Schemas every app's API shares: the error body and the address of a stored file."""

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str
    details: Any | None = None


# The answers any endpoint may give besides its own (documented once, used in every `response=`).
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    413: ErrorOut,
    415: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


def media_url(request, field) -> str | None:
    """The absolute address of a stored file, or None when the field is empty."""
    if not field:
        return None
    return request.build_absolute_uri(field.url)
