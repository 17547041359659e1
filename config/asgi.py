"""The entry point ``hiroba serve`` runs (granian's ASGI interface): the events' live stream
answered in front of Django (hiroba/events/live/stream.py: a viewer holds its connection for the
whole event, on the event loop), and every other request handed to Django's WSGI application.

Django's own ASGI handler was measured slower for our pages, which are all synchronous: on
50,000 generated members, 2 workers, the bare view answered 120–195 req/s through it against
about 300 through WSGI, the logged-in home page 32–45 against 45. asgiref's WsgiToAsgi, which
runs the WSGI application in a worker thread, answered 236–312 and 45–55: the same as WSGI.
"""

from asgiref.wsgi import WsgiToAsgi

# config.wsgi sets Django up (and freezes what start-up loaded, out of the collector's reach).
from config.wsgi import application as wsgi_application
from hiroba.events.live.stream import with_live_stream

_wsgi_in_a_thread = WsgiToAsgi(wsgi_application)


async def django_application(scope, receive, send):
    async def marked_send(message):  # asgiref asks for a callable marked async (it warns)
        await send(message)

    await _wsgi_in_a_thread(scope, receive, marked_send)


application = with_live_stream(django_application)
