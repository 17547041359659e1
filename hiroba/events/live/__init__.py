"""The live page of a live or hybrid event: the embedded stream beside comments in real time.

``models`` (LiveComment, LiveSignal), ``services`` (post, hide, approve), ``selectors``,
``embed`` (which players may be framed), ``broker`` (how a comment reaches every web process)
and ``stream`` (the Server-Sent Events endpoint, an ASGI app mounted in config/asgi.py).
"""
