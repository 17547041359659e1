import zoneinfo

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.utils import timezone, translation

from hiroba.community.selectors import get_community

# What an anonymous visitor of a closed community may still reach: the landing page (home),
# signing up and logging in, the guidelines they must accept, language switching, assets, the
# icon and web manifest (fetched without cookies) and the API (which answers 401/404 by its own
# rules).
CLOSED_ALLOWED_PREFIXES = (
    "/accounts/", "/guidelines/", "/i18n/", "/static/", "/api/", "/media/logos/", "/robots.txt",
    "/favicon.ico", "/manifest.webmanifest",
)  # fmt: skip


class CommunityMiddleware:
    """Puts the community's settings on the request and applies its time zone and language.

    Times show in the community's time zone. The language is a logged-in member's stored choice
    (set from the language links or the profile, wherever they last chose it), else the
    visitor's explicit choice (cookie), else their browser's, else the community's.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        community = get_community()
        request.community = community
        try:
            timezone.activate(zoneinfo.ZoneInfo(community.time_zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        chose_language = settings.LANGUAGE_COOKIE_NAME in request.COOKIES
        member_language = getattr(request.user, "language", "")
        if member_language:
            translation.activate(member_language)
            request.LANGUAGE_CODE = member_language
        elif not chose_language and not request.META.get("HTTP_ACCEPT_LANGUAGE"):
            translation.activate(community.language)
            request.LANGUAGE_CODE = community.language
        if (
            not community.is_open
            and not request.user.is_authenticated
            and request.path != "/"
            and not request.path.startswith(CLOSED_ALLOWED_PREFIXES)
        ):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
