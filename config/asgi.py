"""The entry point ``hiroba serve`` runs (granian's ASGI interface): the events' live stream
answered in front of Django (hiroba/events/live/stream.py: a viewer holds its connection for the
whole event, on the event loop), and every other request handed to Django's WSGI application in
a thread of a pool.

Measured on 50,000 generated members, 2 workers, 4 connections, logged in (benchmarks/pages.py,
req/s): granian's WSGI interface 349–367 for the bare view, 52–60 for the home page, 44–48 for a
post with 146 comments; this module 223–266, 40–51 and 43–44; Django's own ASGI handler was
slower still (120–195 for the bare view). Running the WSGI application on asgiref's one thread
per process measured close to WSGI, but one slow download (a participants CSV to a slow reader)
would then hold up every page of the worker. The live stream needs the ASGI interface; the cost
shows on the fastest pages, and is worth winning back.
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
