"""Keyset pagination: a page of rows and an opaque cursor naming the last one.

A list walks an index in the order of its columns and stops after a page; the next page starts
below (or above) the last row shown, so a page costs the same at the end of a long list as at
its start, and rows added meanwhile neither repeat nor vanish. Every paged list uses
``keyset_page``, or ``keyset_rows`` and ``keyset_after`` for a walk of its own.
"""

import base64
import math
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Q, QuerySet


@dataclass
class Page:
    items: list
    next_cursor: str | None


def encode_cursor(*values) -> str:
    raw = "|".join(v.isoformat() if isinstance(v, datetime) else str(v) for v in values)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


# Cursors come from visitors' URLs: anything a database column cannot hold reads as malformed.
MAX_CURSOR_INT = 2**63 - 1
MIN_CURSOR_TIME = datetime(1970, 1, 2, tzinfo=UTC)
MAX_CURSOR_TIME = datetime(9999, 1, 1, tzinfo=UTC)


def decode_cursor(cursor: str | None, kinds: tuple) -> tuple | None:
    """Parse a cursor made by encode_cursor; a malformed one reads as "from the start"."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        parts = raw.split("|")
        if len(parts) != len(kinds):
            return None
        values = tuple(_cursor_value(p, k) for p, k in zip(parts, kinds, strict=True))
    except (ValueError, UnicodeDecodeError, OverflowError):
        return None
    return None if None in values else values


def _cursor_value(part: str, kind):
    if kind is datetime:
        moment = datetime.fromisoformat(part)
        if moment.tzinfo is None or not MIN_CURSOR_TIME <= moment <= MAX_CURSOR_TIME:
            return None
        return moment
    if kind is int:
        number = int(part)
        return number if 0 <= number <= MAX_CURSOR_INT else None
    if kind is float:
        number = float(part)
        return number if math.isfinite(number) else None
    return kind(part)


def keyset_after(order: tuple[str, ...], values: tuple) -> Q:
    """The rows that come after the row whose ``order`` columns hold ``values``, in ``order``
    ("-published_at", "-id": older, or as old with a lower id).

    Written as OR'ed comparisons, ``a < x OR (a = x AND b < y)``, which both databases answer
    by walking the index on (a, b) from the cursor (see posts/tests/test_query_plans.py).
    """
    after = Q()
    for position, field in enumerate(order):
        column = field.lstrip("-")
        same = {earlier.lstrip("-"): values[i] for i, earlier in enumerate(order[:position])}
        beyond = f"{column}__{'lt' if field.startswith('-') else 'gt'}"
        after |= Q(**same, **{beyond: values[position]})
    return after


def key_of(row, order: tuple[str, ...]) -> tuple:
    """The values of ``row``'s ``order`` columns (a model instance or a ``values()`` dict)."""
    columns = [field.lstrip("-") for field in order]
    if isinstance(row, dict):
        return tuple(row[column] for column in columns)
    return tuple(getattr(row, column) for column in columns)


def keyset_rows(
    queryset: QuerySet, *, order: tuple[str, ...], after: tuple | None, size: int
) -> tuple[list, tuple | None]:
    """The ``size`` rows of ``queryset`` in ``order`` after the key ``after`` (from the start
    when None), and the key of the last one when more follow. One query of size + 1 rows; the
    last column of ``order`` must make the order total (an id)."""
    if after is not None:
        queryset = queryset.filter(keyset_after(order, after))
    return split_page(list(queryset.order_by(*order)[: size + 1]), order=order, size=size)


def split_page(rows: list, *, order: tuple[str, ...], size: int) -> tuple[list, tuple | None]:
    """The first ``size`` of ``rows`` (read as ``size`` + 1 in ``order``), and the key of the
    last one when more follow."""
    if len(rows) <= size:
        return rows, None
    return rows[:size], key_of(rows[size - 1], order)


def keyset_page(
    queryset: QuerySet, *, order: tuple[str, ...], kinds: tuple, cursor: str | None, size: int
) -> Page:
    """keyset_rows with the key as an opaque cursor: ``kinds`` are the types of the ``order``
    columns (datetime, int, float), and a cursor that does not decode reads as the start."""
    rows, last = keyset_rows(queryset, order=order, after=decode_cursor(cursor, kinds), size=size)
    return Page(rows, None if last is None else encode_cursor(*last))
