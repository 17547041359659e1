"""Statements each process builds once: the same ``values()`` query, asked on every request.

Django builds a query's SQL afresh each time it is evaluated. For a feed's cards (a dozen
columns, two joins, a subquery, the reader's hidden spaces) that is about 1 ms of Python, against
0.1 ms in the database, and the first page of a feed is the same statement with the same
parameters for every reader of the same spaces. ``values_rows(key, build)`` keeps the compiled
statement under ``key`` and only executes it: rows are always read fresh, and converted by
Django's own converters (dates from SQLite's text, for one). ``model_rows`` does the same for a
query of model instances, ``select_related`` included, made as Django's ModelIterable makes them.

The key must name everything the statement is made of (the hidden spaces, the space, the page
size): two queries with one key would share one statement. What differs from request to request
(the reader's id, the post asked for, a handle) is passed as a parameter instead: ``build``
gets it as a keyword argument, is called once with a stand-in value, and each execution puts the
request's own in its place. A stand-in the query changed on its way into the SQL (an escaped
LIKE pattern) is not found, and refused. Under the test settings
(``HIROBA_CHECK_PREPARED``) every call also builds its query again and fails when the kept
statement differs, so a key that misses something fails the test that shows it.

Statements are kept per thread (a compiler belongs to its thread's connection), the most
recently used KEEP of them.

On PostgreSQL (with ``HIROBA_DB_PREPARED``) a kept statement is also prepared on its pooled
connection and planned once, with its constants written into the SQL so that the one plan can
use the partial indexes they name; the request's own values stay parameters.
"""

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators
from psycopg.sql import Literal

KEEP = 512
_local = threading.local()

Param = int | str
# Stand-ins for the parameters while a statement is compiled: values no row holds.
_STAND_IN_INT = -(2**62)
_STAND_IN_STR = "\x00hiroba-stand-in-"


@dataclass(frozen=True)
class _Statement:
    alias: str
    sql: str | None  # None: the query can match nothing (an empty IN list), so is not asked
    params: tuple
    compiler: object
    # Model instances (model_rows), or dicts named by ``names`` (values_rows).
    models: bool = False
    names: tuple[str, ...] = ()
    # Where each parameter goes in ``params``: {name: positions}.
    slots: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # What is executed: the same, or on PostgreSQL the constants written into the SQL (below).
    run_sql: str | None = None
    run_params: tuple = ()
    run_slots: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @cached_property
    def converters(self) -> dict:
        """The column converters Django's results_iter would look up on every run."""
        compiler = self.compiler
        return compiler.get_converters(
            [column[0] for column in compiler.select[: compiler.col_count]]
        )

    def bound(self, values: dict[str, Param]) -> tuple:
        """The parameters of ``run_sql`` for this request's ``values``."""
        return _bind(self.run_params, self.run_slots, values)


def _bind(params: tuple, slots: dict[str, tuple[int, ...]], values: dict[str, Param]) -> tuple:
    bound = list(params)
    for name, positions in slots.items():
        for position in positions:
            bound[position] = values[name]
    return tuple(bound)


def _stand_in(index: int, value: Param) -> Param:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"Parameters are integers or text, not {type(value).__name__}")
    return _STAND_IN_INT + index if isinstance(value, int) else f"{_STAND_IN_STR}{index}"


def _compile(build: Callable[..., QuerySet], params: dict[str, Param]) -> _Statement:
    stand_ins = {name: _stand_in(i, value) for i, (name, value) in enumerate(params.items())}
    statement = _compile_queryset(build(**stand_ins))
    slots = {
        name: tuple(i for i, param in enumerate(statement.params) if param == stand_in)
        for name, stand_in in stand_ins.items()
    }
    if statement.sql is not None and not all(slots.values()):
        raise TypeError(f"build() left out a parameter it was given: {sorted(stand_ins)}")
    return _constants_written_in(replace(statement, slots=slots))


_PLACEHOLDER = re.compile(r"%%|%s")


def _constants_written_in(statement: _Statement) -> _Statement:
    """On PostgreSQL with parameters bound on the server (config/settings.py), the statement
    with every parameter but the request's own written into its SQL as a literal.

    A prepared statement is planned once for any parameters, and such a plan cannot use a
    partial index whose condition names a constant the query passes as a parameter (the feed's
    ``status = 'published'``): PostgreSQL then planned the feed's cards anew on every run, 1 ms
    each. Written in, the constants are part of the statement, as the key already says they
    are. They are quoted by psycopg, as its client-side binding quotes every parameter.
    """
    unchanged = replace(
        statement, run_sql=statement.sql, run_params=statement.params, run_slots=statement.slots
    )
    connection = connections[statement.alias]
    if statement.sql is None or not getattr(connection.features, "uses_server_side_binding", False):
        return unchanged
    pieces = _PLACEHOLDER.split(statement.sql)
    marks = _PLACEHOLDER.findall(statement.sql)
    if marks.count("%s") != len(statement.params):
        return unchanged
    own = {position for positions in statement.slots.values() for position in positions}
    connection.ensure_connection()
    # The SQL with the constants written in, and where each of the request's own values moved.
    sql, run_params, moved, index = [pieces[0]], [], {}, 0
    for mark, piece in zip(marks, pieces[1:], strict=True):
        if mark == "%%":
            sql.append(mark)
        else:
            if index in own:
                sql.append(mark)
                moved[index] = len(run_params)
                run_params.append(statement.params[index])
            else:
                literal = Literal(statement.params[index]).as_string(connection.connection)
                sql.append(literal.replace("%", "%%"))
            index += 1
        sql.append(piece)
    run_slots = {name: tuple(moved[p] for p in slot) for name, slot in statement.slots.items()}
    return replace(
        statement, run_sql="".join(sql), run_params=tuple(run_params), run_slots=run_slots
    )


def _compile_queryset(queryset: QuerySet) -> _Statement:
    query = queryset.query
    compiler = query.get_compiler(queryset.db)
    # As Django's ValuesIterable names the columns: in the order values() gave them.
    if query.selected:
        names = tuple(query.selected)
    else:
        names = (*query.extra_select, *query.values_select, *query.annotation_select)
    models = issubclass(queryset._iterable_class, ModelIterable)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _Statement(queryset.db, None, (), compiler, models, names)
    return _Statement(queryset.db, sql, tuple(params), compiler, models, names)


def _kept() -> OrderedDict:
    kept = getattr(_local, "statements", None)
    if kept is None:
        kept = _local.statements = OrderedDict()
    return kept


def _statement(key: Hashable, build: Callable[..., QuerySet], params: dict) -> _Statement:
    kept = _kept()
    statement = kept.get(key)
    if statement is None:
        statement = kept[key] = _compile(build, params)
        if len(kept) > KEEP:
            kept.popitem(last=False)
    else:
        kept.move_to_end(key)
        # (A number beyond 64 bits is answered without the statement, as Django answers it.)
        if settings.HIROBA_CHECK_PREPARED and all(map(_storable, params.values())):
            _check(key, statement, _compile_queryset(build(**params)), params)
    return statement


def _storable(value: Param) -> bool:
    """Whether a column could hold ``value``: a number beyond 64 bits matches no row (as
    Django's own lookups answer it), rather than failing in the database driver."""
    return not isinstance(value, int) or -(2**63) <= value < 2**63


def _fetch(statement: _Statement, params: dict) -> list:
    """The statement's rows, converted (an empty list for a query that can match nothing)."""
    if statement.sql is None or not all(_storable(value) for value in params.values()):
        return []
    connection = connections[statement.alias]
    with connection.cursor() as cursor, _prepared_on_the_server(connection):
        cursor.execute(statement.run_sql, statement.bound(params))
        fetched = cursor.fetchall()
    # As the compiler's results_iter converts them, with the converters looked up once.
    converters = statement.converters
    if converters:
        return list(statement.compiler.apply_converters(fetched, converters))
    return fetched


@contextmanager
def _prepared_on_the_server(connection):
    """With parameters bound on the server (PostgreSQL, config/settings.py), what runs inside is
    prepared on its connection at its first run and planned once: psycopg prepares a statement
    from the number of runs its connection has seen (``prepare_threshold``; Django leaves it
    off), and uses those already prepared only while it is set. Only kept statements get it:
    their constants are written in, and a plan made once for any values of a search was ten
    times slower than one made for its words."""
    if not getattr(connection.features, "uses_server_side_binding", False):
        yield
        return
    psycopg_connection = connection.connection
    psycopg_connection.prepare_threshold = 0
    try:
        yield
    finally:
        psycopg_connection.prepare_threshold = None


def values_rows(key: Hashable, build: Callable[..., QuerySet], **params: Param) -> list[dict]:
    """The rows of the ``values()`` queryset ``build(**params)`` returns, as dicts; ``build`` is
    called only when this thread has no statement under ``key`` yet."""
    statement = _statement(key, build, params)
    if statement.models:
        raise TypeError("values_rows takes a values() queryset")
    return [dict(zip(statement.names, row, strict=True)) for row in _fetch(statement, params)]


def model_rows(key: Hashable, build: Callable[..., QuerySet], **params: Param) -> list[Model]:
    """The model instances of the queryset ``build(**params)`` returns (with what it
    select_related), as its own iteration would give them."""
    statement = _statement(key, build, params)
    if not statement.models:
        raise TypeError("model_rows takes a queryset of model instances, not values()")
    rows = _fetch(statement, params)
    if not rows:
        return []
    compiler = statement.compiler
    klass_info, select = compiler.klass_info, compiler.select
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    attnames = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, statement.alias)
    instances = []
    for row in rows:
        instance = klass_info["model"].from_db(statement.alias, attnames, row[start:end])
        for populator in populators:
            populator.populate(row, instance)
        for name, position in compiler.annotation_col_map.items():
            setattr(instance, name, row[position])
        instances.append(instance)
    return instances


def _check(key, statement: _Statement, fresh: _Statement, params: dict) -> None:
    bound = _bind(statement.params, statement.slots, params) if statement.sql else ()
    kept = (statement.sql, bound, statement.names)
    if (fresh.sql, fresh.params, fresh.names) != kept or fresh.models != statement.models:
        raise AssertionError(f"The statement kept under {key!r} is not what it builds now")


def forget_all() -> None:
    """Drop this thread's statements (tests that change a model's table underneath)."""
    _kept().clear()
