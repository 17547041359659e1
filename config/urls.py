from django.conf import settings
from django.urls import include, path, re_path
from django.views.i18n import set_language
from django.views.static import serve

from hiroba.api.api import api
from hiroba.posts.views.feeds import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("hiroba.posts.urls")),
    path("", include("hiroba.community.urls")),
    path("manage/members/", include("hiroba.accounts.manage_urls")),
    path("members/", include("hiroba.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
]

if settings.HIROBA_SERVE_MEDIA:
    # The embedded default serves uploads itself; production puts them behind the proxy or S3.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
