"""The search index: which rows contain every search term, newest (highest id) first.

Both databases index the folded ``search_text`` (see hiroba.core.text.fold_for_search) of posts
and of members, and answer the same question, "the ids below ``before`` whose text contains
every term, highest first", so that results are identical on both:

- **SQLite**: an FTS5 table per source with the trigram tokenizer, kept in step by
  triggers (so every writer, the generator's bulk inserts included, keeps it right). A term of 3+
  characters is a phrase query on its trigrams, which is an exact substring match. A term of
  1 or 2 characters has no trigram of its own, so the indexed text is padded with two spaces at
  the end: then every character of the text starts some trigram, and "contains 大阪" becomes
  "contains one of the indexed trigrams that start with 大阪", read from the FTS5 vocabulary
  by a range scan.
- **PostgreSQL**: a GIN index on the key's bucket (``key / BUCKET``, through btree_gin) and
  the column's trigrams (pg_trgm), used by ``LIKE '%term%'``. The newest rows are read first in
  order (``recent_matches``), which serves common words; below them the index is asked bucket by
  bucket (``bucket_matches``), so a word in one post in a thousand costs the rows of a few buckets,
  not every match in the table. Terms shorter than 3 characters have no trigram: a query of only
  such terms is matched with strpos() in one parallel scan (``parallel_scan``).

Visibility is not decided here: callers filter the candidate ids with the domain's own rules
(``readable_posts``), so the index never needs to know about spaces, holds or deletions.
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction

# Trigram prefixes of a 1- or 2-character term past this many are not worth an OR query: the
# term is so common that walking the rows newest first finds a page sooner.
MAX_EXPANSIONS = 2000
PAD = "  "  # two trailing spaces: every character of the text begins a trigram
# PostgreSQL: keys per bucket of the GIN index. A bucket's posting list is read whole, so smaller
# buckets cost more entries per query and larger ones more rows to check for a common word.
BUCKET = 16384


@dataclass(frozen=True)
class Source:
    """A searchable table: its FTS5 companion on SQLite, its GIN index on PostgreSQL."""

    table: str
    key: str  # the integer primary key, which is also the FTS5 rowid
    column: str
    fts: str
    gin: str


POSTS = Source(
    table="posts_post",
    key="id",
    column="search_text",
    fts="search_post_fts",
    gin="search_post_trgm",
)
MEMBERS = Source(
    table="search_membertext",
    key="member_id",
    column="text",
    fts="search_member_fts",
    gin="search_member_trgm",
)
SOURCES = (POSTS, MEMBERS)


# --- schema -------------------------------------------------------------------------------------


def create_index(schema_editor, source: Source) -> None:
    """Create the index of ``source`` and fill it from the rows already there."""
    run = schema_editor.execute
    if schema_editor.connection.vendor == "sqlite":
        # The FTS5 table keeps its own copy of the text (not contentless): a contentless table
        # must be told a row's exact old text to forget it, and a wrong guess corrupts it, while
        # this one forgets a row by its id. Robustness is worth the extra space.
        run(
            f"CREATE VIRTUAL TABLE {source.fts} USING fts5("
            "text, tokenize='trigram case_sensitive 1', columnsize=0)"
        )
        run(f"CREATE VIRTUAL TABLE {source.fts}_vocab USING fts5vocab({source.fts}, 'row')")
        key, column = source.key, source.column
        insert = (
            f"INSERT INTO {source.fts}(rowid, text) VALUES (new.{key}, new.{column} || '{PAD}');"
        )
        delete = f"DELETE FROM {source.fts} WHERE rowid = old.{key};"
        run(f"CREATE TRIGGER {source.fts}_ai AFTER INSERT ON {source.table} BEGIN {insert} END")
        run(f"CREATE TRIGGER {source.fts}_ad AFTER DELETE ON {source.table} BEGIN {delete} END")
        run(
            f"CREATE TRIGGER {source.fts}_au AFTER UPDATE OF {column} ON {source.table} "
            f"WHEN old.{column} IS NOT new.{column} BEGIN {delete} {insert} END"
        )
        fill_sqlite(schema_editor.connection, source)
    elif schema_editor.connection.vendor == "postgresql":
        run("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        run("CREATE EXTENSION IF NOT EXISTS btree_gin")
        run(
            f"CREATE INDEX IF NOT EXISTS {source.gin} ON {source.table} "
            f"USING gin (({_bucket_of(source.key)}), {source.column} gin_trgm_ops)"
        )


def drop_index(schema_editor, source: Source) -> None:
    run = schema_editor.execute
    if schema_editor.connection.vendor == "sqlite":
        for suffix in ("ai", "ad", "au"):
            run(f"DROP TRIGGER IF EXISTS {source.fts}_{suffix}")
        run(f"DROP TABLE IF EXISTS {source.fts}_vocab")
        run(f"DROP TABLE IF EXISTS {source.fts}")
    elif schema_editor.connection.vendor == "postgresql":
        run(f"DROP INDEX IF EXISTS {source.gin}")


def fill_sqlite(conn, source: Source, *, batch: int = 20_000, progress=None) -> int:
    """Index every row of ``source`` again, ``batch`` ids at a time, each batch in its own short
    transaction so the site keeps writing meanwhile (the triggers index those writes)."""
    key, table, fts = source.key, source.table, source.fts
    with conn.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX({key}), 0), COUNT(*) FROM {table}")
        top, total = cursor.fetchone()
        cursor.execute(f"DELETE FROM {fts} WHERE rowid > %s", [top])
        done, start = 0, 0
        while start <= top:
            with transaction.atomic(using=conn.alias):
                bounds = [start, start + batch]
                cursor.execute(f"DELETE FROM {fts} WHERE rowid > %s AND rowid <= %s", bounds)
                cursor.execute(
                    f"INSERT INTO {fts}(rowid, text) SELECT {key}, {source.column} || '{PAD}' "
                    f"FROM {table} WHERE {key} > %s AND {key} <= %s",
                    bounds,
                )
            done += max(cursor.rowcount, 0)
            start += batch
            if progress:
                progress(min(done, total), total)
        cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
    return done


# --- queries ------------------------------------------------------------------------------------


def uses_fts() -> bool:
    return connection.vendor == "sqlite"


@contextmanager
def parallel_scan():
    """PostgreSQL: let the next queries scan with parallel workers.

    Words a trigram index cannot answer (1–2 characters) are found by scanning the table. The
    planner, believing a third of the rows will match, prices gathering them from workers above
    doing the scan on one core; the matches of a word missing from the newest posts are in fact
    few, and two workers halve the scan (1 s to 0.5 s at mineo scale).
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL parallel_setup_cost = 0")
        cursor.execute("SET LOCAL parallel_tuple_cost = 0")
        yield


def recent_matches(rows, source: Source, terms: list[str], *, window: int, limit: int):
    """PostgreSQL: keys of the newest ``window`` of ``rows`` (a queryset) whose text contains
    every term, highest first, at most ``limit``; and the oldest key the window reached, or None
    when the window held every row.

    Written as a LIMIT subquery so that PostgreSQL reads those rows in key order and matches
    them as they come, stopping at ``limit`` matches: its estimate for LIKE '%…%' is far too low
    for common words, and left to itself it reads every match through the index and sorts them.
    The last row of a full window is returned whether it matches or not (``n = window``), which
    tells where the window ended without reading it twice.
    """
    key, column = source.key, source.column
    recent = rows.order_by(f"-{key}").values(key, column)[:window]
    sql, params = recent.query.sql_with_params()
    matched, patterns = _likes("recent", column, terms)
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT numbered."{key}", numbered.hit, numbered.n FROM ('
            f'SELECT recent."{key}", ({matched}) AS hit, '
            f'row_number() OVER (ORDER BY recent."{key}" DESC) AS n FROM ({sql}) recent'
            f") numbered WHERE numbered.hit OR numbered.n = %s "
            f'ORDER BY numbered."{key}" DESC LIMIT %s',
            [*patterns, *params, window, limit + 1],
        )
        found = cursor.fetchall()
    keys = [row[0] for row in found if row[1]][:limit]
    if len(keys) >= limit:
        return keys, keys[-1]
    ends = [row[0] for row in found if row[2] == window]
    return keys, (ends[0] if ends else None)


def bucket_matches(rows, source: Source, terms: list[str], *, below: int, buckets, limit: int):
    """PostgreSQL: keys of ``rows`` below ``below`` in the given index buckets whose text
    contains every term, highest first, at most ``limit``.

    Terms of 3+ characters are asked of the index together with the buckets, so only the rows of
    those buckets that hold every trigram are read; shorter terms are checked on those rows.
    The ``+ 0`` keeps PostgreSQL from walking the primary key in order instead, which its
    too-low estimate for LIKE would otherwise suggest.
    """
    key, column = source.key, source.column
    sql, params = rows.filter(**{f"{key}__lt": below}).values(key, column).query.sql_with_params()
    matched, patterns = _likes("below", column, terms)
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT below."{key}" FROM ({sql}) below '
            f"WHERE {in_buckets(f'below.{key}')} AND {matched} "
            f'ORDER BY below."{key}" + 0 DESC LIMIT %s',
            [*params, list(buckets), *patterns, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def bucket_of(key: int) -> int:
    return key // BUCKET


def in_buckets(key_column: str) -> str:
    """SQL: the row's bucket is one of a list (one parameter); the index answers it as written."""
    return f"({_bucket_of(key_column)}) = ANY(%s::bigint[])"


def _bucket_of(key_column: str) -> str:
    """The index's bucket expression; a query must spell it the same way to use the index."""
    quoted = ".".join(f'"{part}"' for part in key_column.split("."))
    return f"{quoted} / {BUCKET}"


def _likes(alias: str, column: str, terms: list[str]) -> tuple[str, list[str]]:
    """Every term as a substring of ``alias.column``: LIKE for 3+ characters (the trigram index
    answers it), strpos() for shorter ones (a LIKE '%大阪%' would make PostgreSQL read the whole
    trigram index for nothing)."""
    parts, params = [], []
    for term in terms:
        if len(term) >= 3:
            parts.append(f'{alias}."{column}" LIKE %s')
            params.append(f"%{connection.ops.prep_for_like_query(term)}%")
        else:
            parts.append(f'strpos({alias}."{column}", %s) > 0')
            params.append(term)
    return " AND ".join(parts), params


def fts_candidates(source: Source, terms: list[str], *, before: int | None, limit: int):
    """SQLite: ids (highest first, below ``before``) whose text holds every term the index can
    answer: terms of 3+ characters as phrases, and 1–2 character terms through the trigrams that
    start with them (unless a term starts more than MAX_EXPANSIONS of them).

    Returns ``(ids, checked)``: ``checked`` are the terms the index guaranteed; the caller matches
    the others on the rows. ``ids`` is None when the index can answer none of the terms (only
    very common short words), meaning "scan the rows instead".
    """
    parts, checked = [], []
    for term in terms:
        if len(term) >= 3:
            parts.append(_phrase(term))
        else:
            expansions = _expansions(source, term)
            if expansions is None:
                continue
            if not expansions:
                return [], terms  # no indexed text contains the term at all
            parts.append("(" + " OR ".join(_phrase(e) for e in expansions) + ")")
        checked.append(term)
    if not parts:
        return None, []
    sql = f"SELECT rowid FROM {source.fts} WHERE {source.fts} MATCH %s"
    params: list = [" AND ".join(parts)]
    if before is not None:
        sql += " AND rowid < %s"
        params.append(before)
    sql += " ORDER BY rowid DESC LIMIT %s"
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()], checked


def _expansions(source: Source, term: str) -> list[str] | None:
    """The indexed trigrams that start with a 1–2 character ``term``; None past MAX_EXPANSIONS."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term FROM {source.fts}_vocab WHERE term >= %s AND term < %s LIMIT %s",
            [term, term + "\U0010ffff", MAX_EXPANSIONS + 1],
        )
        expansions = [row[0] for row in cursor.fetchall()]
    return expansions if len(expansions) <= MAX_EXPANSIONS else None


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'
