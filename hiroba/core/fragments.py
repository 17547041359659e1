"""Rendered fragments kept in each process's memory (the "fragments" cache) under keys made of
everything they show, with the reader's CSRF token put in on the way out.

A cached fragment must never carry one reader's token to another, so the token's places hold a
marker, and a marker must be something no member can write (or a title reading like one would
print each reader's own token): every rendering draws a fresh random seal, and only that seal's
markers are filled in. Text written before the seal existed cannot contain it, and the seal never
leaves the server.
"""

import hashlib
import secrets

from django.core.cache import caches
from django.middleware.csrf import get_token

FRAGMENT_SECONDS = 600


def new_seal() -> str:
    return f"hiroba-{secrets.token_hex(16)}"


def csrf_marker(seal: str) -> str:
    return f"{seal}:csrf"


def csrf_token_for(context) -> str:
    # Visitors get no forms in a fragment; an empty value still leaves no marker behind.
    if not context["user"].is_authenticated:
        return ""
    # The rendering's own token (Django's csrf context processor works it out once per
    # rendering): every form of the page carries the same one, as without kept fragments,
    # and each masked token costs 32 random draws. Inside a kept fragment's own rendering it
    # is that fragment's marker, filled in on the way out like the rest.
    token = context.get("csrf_token")
    return str(token) if token is not None else get_token(context["request"])


def key_of(name: str, facts: tuple) -> str:
    return f"{name}:{hashlib.sha1(repr(facts).encode()).hexdigest()}"


def render_kept(context, template_name: str, key: str) -> str:
    """``template_name`` rendered with ``context``, or its rendering kept under ``key``, with this
    reader's CSRF token. ``key`` must change with everything the template shows."""
    fragments = caches["fragments"]
    pieces = fragments.get(key)
    if pieces is None:
        seal = new_seal()
        template = context.template.engine.get_template(template_name)
        with context.push(csrf_token=csrf_marker(seal)):
            pieces = template.render(context).split(csrf_marker(seal))
        fragments.set(key, pieces, FRAGMENT_SECONDS)
    return csrf_token_for(context).join(pieces)


def splice_later(request, data: bytes) -> str:
    """A marker to print where ``data`` (HTML, UTF-8) belongs; ``spliced`` puts it into the
    response's bytes. A long fragment (a 200-comment thread is 400 KB) was copied a dozen times
    on its way out, through each enclosing template node and the response's encoding; spliced
    into the bytes, it is copied once. The view that renders the marker must splice."""
    marker = f"{new_seal()}:splice"
    request.__dict__.setdefault("_hiroba_splices", {})[marker] = data
    return marker


def spliced(request, response):
    """``response`` with the fragments its rendering left to ``splice_later`` put in."""
    splices = request.__dict__.pop("_hiroba_splices", None)
    if splices:
        content = response.content
        for marker, data in splices.items():
            before, _marker, after = content.partition(marker.encode())
            content = b"".join((before, data, after))
        response.content = content
    return response
