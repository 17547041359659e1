"""The ASGI entry point: Django, with the events' live stream answered in front of it (the
stream holds its connections open; hiroba/events/live/stream.py explains why it skips Django's
handler)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_asgi_application()

from hiroba.events.live.stream import with_live_stream  # noqa: E402 (needs Django set up)

application = with_live_stream(django_application)
