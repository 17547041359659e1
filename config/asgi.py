"""The entry point ``hiroba serve`` runs (granian's ASGI interface): the events' live stream
answered in front of Django (hiroba/events/live/stream.py: a viewer holds its connection for the
whole event, on the event loop), and every other request handed to Django's WSGI application in
a thread of a pool, as granian's WSGI interface runs it.

Django's own ASGI handler was measured slower for our pages, which are all synchronous: on
50,000 generated members, 2 workers, the bare view answered 120–195 req/s through it against
about 300 through WSGI, the logged-in home page 32–45 against 45. The WSGI application behind
asgiref's adapter answered 236–312 and 45–55: the same as WSGI.
"""

from asgiref.sync import sync_to_async
from asgiref.wsgi import WsgiToAsgi, WsgiToAsgiInstance

# config.wsgi sets Django up (and freezes what start-up loaded, out of the collector's reach).
from config.wsgi import application as wsgi_application
from hiroba.events.live.stream import with_live_stream


class _PooledInstance(WsgiToAsgiInstance):
    # asgiref runs every request on one thread per process (thread_sensitive), so one slow
    # download (a participants CSV to a slow reader) would hold up every page of the worker.
    run_wsgi_app = sync_to_async(
        WsgiToAsgiInstance.__dict__["run_wsgi_app"].func, thread_sensitive=False
    )


class _PooledWsgiToAsgi(WsgiToAsgi):
    async def __call__(self, scope, receive, send):
        async def marked_send(message):  # asgiref asks for a callable marked async (it warns)
            await send(message)

        instance = _PooledInstance(self.wsgi_application, self.duplicate_header_limit)
        await instance(scope, receive, marked_send)


application = with_live_stream(_PooledWsgiToAsgi(wsgi_application))
