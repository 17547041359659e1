"""Helpers the app routers share: who may read at all, and the shape of ids and slugs."""

import re

from django.http import Http404
from django.utils.translation import gettext as _

from hiroba.community.permissions import can_read_community
from hiroba.core.errors import Refused

# Slugs and handles are checked against their own shape before any lookup, so a stray byte
# (a NUL that PostgreSQL refuses, say) is a plain 404 rather than a database error.
# Ids beyond a 64-bit integer cannot exist; refusing them early keeps the database from overflowing.
MAX_ID = 2**63 - 1
SLUG_RE = re.compile(r"[a-z0-9-]{1,50}")


def require_reader(actor) -> None:
    """A closed community answers 401 to anonymous callers on its collection endpoints."""
    if not can_read_community(actor):
        raise Refused(_("Please log in to do this."), code="login_required")


def check_slug(value: str) -> str:
    if not SLUG_RE.fullmatch(value or ""):
        raise Http404("No such space")
    return value
