"""Statements each process builds once: the same ``values()`` query, asked on every request.

Django builds a query's SQL afresh each time it is evaluated. For a feed's cards (a dozen
columns, two joins, a subquery, the reader's hidden spaces) that is about 1 ms of Python, against
0.1 ms in the database, and the first page of a feed is the same statement with the same
parameters for every reader of the same spaces. ``values_rows(key, build)`` keeps the compiled
statement under ``key`` and only executes it: rows are always read fresh, and converted by
Django's own converters (dates from SQLite's text, for one).

The key must name everything the statement is made of (the hidden spaces, the space, the page
size): two queries with one key would share one statement. What differs from reader to reader
(their id) is passed as an integer parameter instead: ``build`` gets it as a keyword argument,
is called once with a stand-in number, and each execution puts the reader's own in its place. Under the test settings
(``HIROBA_CHECK_PREPARED``) every call also builds its query again and fails when the kept
statement differs, so a key that misses something fails the test that shows it.

Statements are kept per thread (a compiler belongs to its thread's connection), the most
recently used KEEP of them.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

KEEP = 512
_local = threading.local()


# Stand-ins for the integer parameters while a statement is compiled: numbers no id takes.
_STAND_IN = -(2**62)


@dataclass(frozen=True)
class _Statement:
    alias: str
    sql: str | None  # None: the query can match nothing (an empty IN list), so is not asked
    params: tuple
    names: tuple[str, ...]
    compiler: object
    # Where each integer parameter goes in ``params``: {name: positions}.
    slots: dict[str, tuple[int, ...]]

    def bound(self, values: dict[str, int]) -> tuple:
        params = list(self.params)
        for name, positions in self.slots.items():
            for position in positions:
                params[position] = values[name]
        return tuple(params)


def _compile(build: Callable[..., QuerySet], names: list[str]) -> _Statement:
    stand_ins = {name: _STAND_IN + index for index, name in enumerate(names)}
    statement = _compile_queryset(build(**stand_ins))
    slots = {
        name: tuple(i for i, param in enumerate(statement.params) if param == stand_in)
        for name, stand_in in stand_ins.items()
    }
    if statement.sql is not None and not all(slots.values()):
        raise TypeError(f"build() left out a parameter it was given: {sorted(stand_ins)}")
    return replace(statement, slots=slots)


def _compile_queryset(queryset: QuerySet) -> _Statement:
    query = queryset.query
    if not query.values_select and not query.annotation_select:
        raise TypeError("values_rows takes a values() queryset")
    compiler = query.get_compiler(queryset.db)
    # As Django's ValuesIterable names the columns: in the order values() gave them.
    if query.selected:
        names = tuple(query.selected)
    else:
        names = (*query.extra_select, *query.values_select, *query.annotation_select)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _Statement(queryset.db, None, (), names, compiler, {})
    return _Statement(queryset.db, sql, tuple(params), names, compiler, {})


def _kept() -> OrderedDict:
    kept = getattr(_local, "statements", None)
    if kept is None:
        kept = _local.statements = OrderedDict()
    return kept


def values_rows(key: Hashable, build: Callable[..., QuerySet], **params: int) -> list[dict]:
    """The rows of the ``values()`` queryset ``build(**params)`` returns, as dicts; ``build`` is
    called only when this thread has no statement under ``key`` yet."""
    kept = _kept()
    statement = kept.get(key)
    if statement is None:
        statement = kept[key] = _compile(build, sorted(params))
        if len(kept) > KEEP:
            kept.popitem(last=False)
    else:
        kept.move_to_end(key)
        if settings.HIROBA_CHECK_PREPARED:
            _check(key, statement, _compile_queryset(build(**params)), params)
    if statement.sql is None:
        return []
    with connections[statement.alias].cursor() as cursor:
        cursor.execute(statement.sql, statement.bound(params))
        fetched = cursor.fetchall()
    rows = statement.compiler.results_iter(results=[fetched])
    return [dict(zip(statement.names, row, strict=True)) for row in rows]


def _check(key, statement: _Statement, fresh: _Statement, params: dict[str, int]) -> None:
    kept = (statement.sql, statement.bound(params) if statement.sql else (), statement.names)
    if (fresh.sql, fresh.params, fresh.names) != kept:
        raise AssertionError(f"The statement kept under {key!r} is not what it builds now")


def forget_all() -> None:
    """Drop this thread's statements (tests that change a model's table underneath)."""
    _kept().clear()
