"""The site's URLs and the test kind's page (``@pytest.mark.urls`` in the tests that use it)."""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns
from hiroba.posts.permissions import access_post


def note_detail(request, post_id):
    post = access_post(request.user, post_id)
    return HttpResponse(f"tasting note {post.pk}: {post.tasting.score}")


def write_note(request, slug):
    return HttpResponse(f"write a tasting note in {slug}")


kind_app_urls = (
    [
        path("<int:post_id>/", note_detail, name="detail"),
        path("new/<slug:slug>/", write_note, name="write_in_space"),
    ],
    "kind_app",
)

urlpatterns = [path("tastings/", include(kind_app_urls)), *site_urlpatterns]
