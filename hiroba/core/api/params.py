"""The shape of ids and slugs in API paths and queries, checked before any lookup."""

import re

from django.http import Http404

# Slugs and handles are checked against their own shape before any lookup, so a stray byte
# (a NUL that PostgreSQL refuses, say) is a plain 404 rather than a database error.
# Ids beyond a 64-bit integer cannot exist; refusing them early keeps the database from overflowing.
MAX_ID = 2**63 - 1
SLUG_RE = re.compile(r"[a-z0-9-]{1,50}")


def check_slug(value: str) -> str:
    if not SLUG_RE.fullmatch(value or ""):
        raise Http404("No such space")
    return value
