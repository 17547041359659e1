"""The live slice's URLs, included by hiroba/events/urls.py (under /events/).

``live_stream`` is answered by hiroba/events/live/stream.py under ASGI (config/asgi.py); the view
named here serves it under WSGI.
"""

from django.urls import path

from hiroba.events.views import live

urlpatterns: list = [
    path("<int:event_id>/live/", live.live_page, name="live"),
    path("<int:event_id>/live/comments", live.live_comment, name="live_comment"),
    path("<int:event_id>/live/comments/<int:comment_id>/hide", live.live_hide, name="live_hide"),
    path(
        "<int:event_id>/live/comments/<int:comment_id>/approve",
        live.live_approve,
        name="live_approve",
    ),
    path("<int:event_id>/live/stream", live.stream_fallback, name="live_stream"),
]
