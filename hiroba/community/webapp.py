"""What browsers and phones ask a site for besides its pages: /favicon.ico and the web manifest
(the name and icon a phone shows when the community is added to its home screen).

The icons are the community's logo when it has one, else Hiroba's own (hiroba/core/static/hiroba/
icons/). Both answers are the same for every visitor and are reachable in a closed community
too: the browser fetches the manifest without the visitor's cookies.
"""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from hiroba.community.selectors import get_community

THEME_COLOR = (
    "#f8f9fa"  # the top bar's colour (Bootstrap's body-tertiary), for an installed app's status bar
)
CACHE_SECONDS = 60 * 60 * 24


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the API docs, files)."""
    response = redirect(static("hiroba/icons/favicon.ico"))
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


@require_safe
def web_manifest(request):
    community = get_community()
    if community.logo:
        icons = [{"src": community.logo.url, "sizes": "256x256", "purpose": "any"}]
    else:
        icons = [
            {"src": static("hiroba/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("hiroba/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("hiroba/icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ]
    manifest = {
        "name": community.name,
        "short_name": community.name,
        "description": community.description,
        "lang": community.language,
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": icons,
    }
    response = JsonResponse(
        manifest,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
    patch_cache_control(response, public=True, max_age=300)
    return response
