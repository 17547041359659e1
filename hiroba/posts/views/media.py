"""Uploaded files, served by the application in the embedded default (HIROBA_SERVE_MEDIA).

A photo is shown to whoever may read its post, so a restricted space's photos, or a deleted
post's, are a 404 like the post itself. Icons, logos and article covers are public. Apps above
posts register their own folders with the check that decides who may see a file there
(``register_media``: events' covers follow their events).
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.http import Http404
from django.views.static import serve

from hiroba.posts.models import Post
from hiroba.posts.permissions import can_read_post

PHOTO_PATH = re.compile(r"photos/(\d{1,18})/[\w.-]+")
PUBLIC_PREFIXES = ("icons/", "logos/", "covers/")
# folder -> may_read(user, path): the folders other apps keep uploads in.
_REGISTERED: dict[str, Callable[[object, str], bool]] = {}


def register_media(prefix: str, may_read: Callable[[object, str], bool]) -> None:
    """Serve the files under ``prefix`` (``"events/"``) to users for whom ``may_read(user,
    path)`` is true; a 404 to the others, as for a missing file."""
    _REGISTERED[prefix] = may_read


def media(request, path: str):
    match = PHOTO_PATH.fullmatch(path)
    registered = next(
        (check for prefix, check in _REGISTERED.items() if path.startswith(prefix)), None
    )
    if match:
        post = Post.objects.filter(pk=int(match.group(1))).first()
        if post is None or not can_read_post(request.user, post):
            raise Http404("No such file")
    elif registered is not None:
        if not registered(request.user, path):
            raise Http404("No such file")
    elif not path.startswith(PUBLIC_PREFIXES):
        raise Http404("No such file")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if match:
        response["Cache-Control"] = "private, max-age=3600"
    return response
