from django.conf import settings
from django.urls import include, path, re_path

from hiroba.accounts import urls as accounts_urls
from hiroba.accounts.views import set_language, switch_language
from hiroba.api.api import api
from hiroba.community.views import robots_txt
from hiroba.community.webapp import favicon, web_manifest
from hiroba.core.sitemaps import sitemap_index, sitemap_part
from hiroba.home.views import home, member_profile
from hiroba.posts.views.media import media

urlpatterns = [
    path("", home, name="home"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    path("manifest.webmanifest", web_manifest, name="web_manifest"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>-<int:part>.xml", sitemap_part, name="sitemap_part"),
    path("", include("hiroba.posts.urls")),
    path("questions/", include("hiroba.qa.urls")),
    path("moderation/", include("hiroba.moderation.urls")),
    path("search/", include("hiroba.search.urls")),
    path("ideas/", include("hiroba.ideas.urls")),
    path("polls/", include("hiroba.polls.urls")),
    path("surveys/", include("hiroba.surveys.urls")),
    path("events/", include("hiroba.events.urls")),
    path("notifications/", include("hiroba.notifications.urls")),
    path("console/", include("hiroba.console.urls")),
    path("", include("hiroba.community.urls")),
    path("manage/members/", include("hiroba.console.manage_urls")),
    # A member's page lists their posts, so its view lives above posts (hiroba.home); it keeps
    # its place among the member's own pages, and its name, accounts:profile.
    path(
        "members/",
        include(
            (
                [
                    *accounts_urls.urlpatterns,
                    path("<str:handle>/", member_profile, name="profile"),
                ],
                accounts_urls.app_name,
            )
        ),
    ),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/<str:code>/", switch_language, name="switch_language"),
]

if settings.HIROBA_SERVE_MEDIA:
    # The embedded default serves uploads itself, checking who may see each photo.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", media, name="media")]
