"""Errors that services raise and every door (page, API, command) turns into a clear answer."""

from django.core.exceptions import PermissionDenied


class Refused(PermissionDenied):
    """The actor may not do this now; ``code`` is stable for API clients, ``message`` is for people."""

    status = 403

    def __init__(self, message: str, *, code: str = "forbidden"):
        super().__init__(message)
        self.message = message
        self.code = code


class RateLimited(Refused):
    """``retry_after``: the seconds until the budget allows the act again (the Retry-After header)."""

    status = 429

    def __init__(self, message: str, *, retry_after: int, code: str = "rate_limited"):
        super().__init__(message, code=code)
        self.retry_after = retry_after


def answered_refusal(response, refused: Refused):
    """``response`` with the headers ``refused`` calls for: a rate limit says when to try again
    (``Retry-After``), whichever page or door shows the refusal."""
    if isinstance(refused, RateLimited):
        response["Retry-After"] = str(refused.retry_after)
    return response
