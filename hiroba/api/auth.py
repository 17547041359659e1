from django.utils import translation
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from hiroba.accounts.tokens import member_for_token
from hiroba.core.errors import Refused

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class OptionalAuth(HttpBearer):
    """A bearer token if one is sent (a bad one is a 401), else the browser session, else anonymous.

    Always returns the actor (AnonymousUser included), so anonymous reads reach the endpoint and
    the domain's permission rules decide, exactly as on the pages.
    """

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _space, secret = header.partition(" ")
            member = member_for_token(secret.strip()) if scheme.lower() == "bearer" else None
            if member is None:
                raise AuthenticationError()
            request.user = member
            # The middleware chose the language before the token was read: a member's own
            # choice wins here too (error messages, notification texts).
            if member.language:
                translation.activate(member.language)
            return member
        unsafe = request.method not in SAFE_METHODS
        if request.user.is_authenticated and unsafe and check_csrf(request) is not None:
            raise Refused(_("CSRF check failed: send the X-CSRFToken header."), code="csrf_failed")
        return request.user

    def authenticate(self, request, token):  # pragma: no cover - __call__ handles every case
        return member_for_token(token)
