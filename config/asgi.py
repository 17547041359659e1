"""The entry point ``hiroba serve`` runs (granian's ASGI interface): the events' live stream
answered in front of Django (hiroba/events/live/stream.py: a viewer holds its connection for the
whole event, on the event loop), and every other request handed to Django's WSGI application in
a thread of a small pool (hiroba/core/asgi_bridge.py, which says why not asgiref's adapter).
"""

# config.wsgi sets Django up (and freezes what start-up loaded, out of the collector's reach).
from config.wsgi import application as wsgi_application
from hiroba.core.asgi_bridge import DjangoInThreads
from hiroba.events.live.stream import with_live_stream

application = with_live_stream(DjangoInThreads(wsgi_application))
