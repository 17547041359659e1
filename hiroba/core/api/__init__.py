"""The API toolkit every app's routes use: request bodies (``body``), the error answers and file
addresses (``schemas``), the shape of ids and slugs (``params``), the JSON renderer and the
OpenAPI document. The NinjaAPI that gathers the routers is ``hiroba.api``, at the top of the
stack; nothing here knows a domain.
"""
