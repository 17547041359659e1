"""Bulk writes for the generator: executemany on SQLite, COPY on PostgreSQL.

While loading, the secondary indexes (and, on PostgreSQL, foreign keys and unique constraints)
of the tables being filled are dropped and made again at the end: building an index once over
sorted data is many times faster than updating it row by row. The definitions are read from the
database itself, so the migrations stay the one source of the schema.
"""

import time
from collections.abc import Iterable, Sequence

from django.db import connection

# Every table the generator fills, parents before children.
TABLES = {
    "accounts_member": (
        "id", "password", "last_login", "is_superuser", "email", "handle", "display_name", "bio",
        "icon", "icon_small", "birth_year", "region", "role", "is_official", "is_suspended",
        "is_active", "accepted_guidelines_at", "date_joined", "post_count",
    ),
    "account_emailaddress": ("id", "user_id", "email", "verified", "primary"),
    "community_space": (
        "id", "slug", "name", "description", "visibility", "position", "member_count",
        "post_count", "is_archived", "created_at",
    ),
    "community_spacemembership": ("id", "space_id", "member_id", "joined_at"),
    "posts_tag": ("id", "name", "post_count"),
    "posts_post": (
        "id", "kind", "space_id", "author_id", "created_by_id", "title", "body", "body_html",
        "cover", "status", "publish_at", "published_at", "created_at", "edited_at", "deleted_at",
        "is_pinned", "comment_count", "reaction_count", "photo_count", "read_count", "search_text",
    ),
    "posts_postrevision": ("id", "post_id", "edited_by_id", "title", "body", "created_at"),
    "posts_posttag": ("id", "post_id", "tag_id", "published_at"),
    "posts_photo": (
        "id", "post_id", "position", "image", "medium", "thumb", "width", "height", "alt",
    ),
    "posts_comment": (
        "id", "post_id", "parent_id", "author_id", "created_by_id", "body", "body_html",
        "created_at", "edited_at", "deleted_at", "reaction_count", "reply_count", "status",
    ),
    "posts_reaction": ("id", "member_id", "post_id", "comment_id", "kind", "created_at"),
    "activity_activity": (
        "id", "actor_id", "verb", "subject_type", "subject_id", "space_id", "data", "created_at",
    ),
}  # fmt: skip


class Writer:
    """Appends rows to the tables above inside the caller's transaction."""

    def __init__(self, *, say=None):
        self.vendor = connection.vendor
        self.say = say or (lambda _line: None)
        self.raw = connection.connection  # the driver's connection (Django's is open by now)
        self.counts: dict[str, int] = dict.fromkeys(TABLES, 0)
        self._dropped: list[str] = []  # statements that make the dropped objects again
        if self.vendor == "sqlite":
            self._sql = {
                table: f'INSERT INTO "{table}" ({", ".join(_q(c) for c in cols)}) '
                f"VALUES ({', '.join('?' * len(cols))})"
                for table, cols in TABLES.items()
            }
        elif self.vendor == "postgresql":
            self._sql = {
                table: f'COPY "{table}" ({", ".join(_q(c) for c in cols)}) FROM STDIN'
                for table, cols in TABLES.items()
            }
        else:
            raise NotImplementedError(
                f"hiroba generate supports SQLite and PostgreSQL, not {self.vendor}"
            )

    @property
    def time_suffix(self) -> str:
        """Timestamps are written as text in UTC: PostgreSQL is told so, SQLite stores it bare."""
        return "+00" if self.vendor == "postgresql" else ""

    def insert(self, table: str, rows: Sequence[tuple]) -> None:
        if not rows:
            return
        if self.vendor == "sqlite":
            self.raw.executemany(self._sql[table], rows)
        else:
            with self.raw.cursor() as cursor, cursor.copy(self._sql[table]) as copy:
                write = copy.write_row
                for row in rows:
                    write(row)
        self.counts[table] += len(rows)

    def set_counts(self, table: str, column: str, pairs: Iterable[tuple[int, int]]) -> None:
        """Set ``column`` to a counted value for each (value, id) pair."""
        pairs = list(pairs)
        if self.vendor == "sqlite":
            self.raw.executemany(f'UPDATE "{table}" SET "{column}" = ? WHERE id = ?', pairs)
            return
        with self.raw.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE gen_counts (n bigint, id bigint) ON COMMIT DROP")
            with cursor.copy("COPY gen_counts (n, id) FROM STDIN") as copy:
                for pair in pairs:
                    copy.write_row(pair)
            cursor.execute(
                f'UPDATE "{table}" t SET "{column}" = g.n FROM gen_counts g WHERE t.id = g.id'
            )
            cursor.execute("DROP TABLE gen_counts")

    # --- indexes ----------------------------------------------------------------------------
    def drop_indexes(self) -> None:
        if self.vendor == "sqlite":
            rows = self.raw.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                f" AND tbl_name IN ({', '.join('?' * len(TABLES))})",
                list(TABLES),
            ).fetchall()
            for name, sql in rows:
                self.raw.execute(f'DROP INDEX "{name}"')
                self._dropped.append(sql)
            return
        with self.raw.cursor() as cursor:
            # Foreign keys first (they lean on unique indexes), then unique constraints other
            # than primary keys, then plain indexes that back no constraint.
            cursor.execute(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype"
                " FROM pg_constraint c WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('f', 'u')"
                " ORDER BY c.contype = 'u', c.conname",
                [list(TABLES)],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
                " WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary AND NOT EXISTS"
                " (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [list(TABLES)],
            )
            indexes = cursor.fetchall()
            for table, name, _definition, _kind in constraints:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {name}")
            # Unique constraints come back before the foreign keys that need them.
            self._dropped = [definition for _name, definition in indexes]
            ordered = sorted(constraints, key=lambda c: c[3] != "u")
            self._dropped += [
                f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
                for table, name, definition, _kind in ordered
            ]

    def recreate_indexes(self) -> None:
        started = time.monotonic()
        with self.raw.cursor() if self.vendor == "postgresql" else _Sqlite(self.raw) as cursor:
            if self.vendor == "postgresql":
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for statement in self._dropped:
                cursor.execute(statement)
        self.say(
            f"indexes: {len(self._dropped)} indexes and constraints made again"
            f" in {time.monotonic() - started:.1f} s"
        )
        self._dropped = []

    def finish(self) -> None:
        """Let new rows made through the site get fresh ids, and give the planner statistics."""
        if self.vendor == "postgresql":
            with self.raw.cursor() as cursor:
                for table in TABLES:
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                        f' coalesce(max(id), 1), max(id) IS NOT NULL) FROM "{table}"'
                    )
        # SQLite keeps AUTOINCREMENT's sqlite_sequence up to date with explicit ids by itself.


class _Sqlite:
    def __init__(self, raw):
        self.raw = raw

    def __enter__(self):
        return self.raw

    def __exit__(self, *exc):
        return False


def _q(name: str) -> str:
    return f'"{name}"'
