"""Realistic, repeatable table statistics for the query plan tests.

Which index a plan walks depends on what the database believes about the tables. On
PostgreSQL, left alone, that belief is whatever earlier tests left behind: ANALYZE (autovacuum's
or a test's) stores its row and page counts in pg_class in place, so they outlive the rolled-back
transaction of the test that made them. After enough tests the posts table reads as "analyzed,
no rows"; every scan is then estimated at one row, the feed indexes all cost the same and the
oldest one, post_feed, wins the tie. The plan tests then checked the leftovers, not the indexes.

So the plan tests first make the tables look like a small live community (a thousand posts,
articles and questions over a dozen spaces and thirty authors, so that each page's filter picks
a small share), then ANALYZE the tables their queries read. Inside the test's transaction
ANALYZE samples the test's own uncommitted rows, and a table this small is read whole, so the
statistics are the same on every run whatever ran before. The column statistics roll back
with the test; the row counts it leaves in pg_class are overwritten by the next plan test's own
ANALYZE.

SQLite has no autovacuum and keeps statistics only where ANALYZE ran (as on the generated
mineo-scale database); the same fresh statistics serve there, so both databases plan from the
same rows. Its sqlite_stat tables roll back with the test, but figures the connection loaded
from an existing table would stay in use after the rollback, so fresh_statistics puts the old
rows back and reloads them on the way out.
"""

from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from hiroba.community.models import Space
from hiroba.community.services import create_space
from hiroba.posts.models import Kind, Post, Status
from hiroba.qa.models import Question, State

FILLER_POSTS = 1000
EXTRA_SPACES = 9  # with recipes, lounge and inner_circle: twelve spaces
AUTHORS = 30


def fill_community(*, cm, spaces, members) -> None:
    """Add published posts (and a few deleted ones) around the test's own content.

    Of the posts, 5% are articles, 10% questions (each with its Question row), the rest plain
    posts; each space holds about 1/12 of them and each author 1/30, so the space, profile,
    article and question pages each read a small share, as on a real site. The rows are
    background, not what a test checks, so they are written in bulk: a thousand posts through
    the services would cost seconds per test.
    """
    spaces = list(spaces) + [
        create_space(actor=cm, slug=f"filler-{n}", name=f"Filler {n}") for n in range(EXTRA_SPACES)
    ]
    Member = get_user_model()
    authors = list(members) + Member.objects.bulk_create(
        Member(
            handle=f"filler{n}",
            email=f"filler{n}@example.com",
            display_name=f"Filler {n}",
            password="!",  # unusable
        )
        for n in range(AUTHORS - len(members))
    )
    start = timezone.now() - timedelta(hours=1)
    posts = []
    for n in range(FILLER_POSTS):
        kind = Kind.ARTICLE if n % 20 == 0 else Kind.QUESTION if n % 10 == 1 else Kind.POST
        published_at = start - timedelta(minutes=n)
        posts.append(
            Post(
                kind=kind,
                space=None if kind == Kind.ARTICLE else spaces[n % len(spaces)],
                author=authors[(n * 7) % len(authors)],
                created_by=authors[(n * 7) % len(authors)],
                body=f"filler {n}",
                body_html=f"<p>filler {n}</p>",
                status=Status.PUBLISHED,
                published_at=published_at,
                deleted_at=published_at if n % 50 == 3 else None,
            )
        )
    posts = Post.objects.bulk_create(posts)
    Question.objects.bulk_create(
        Question(
            post=post,
            space=post.space,
            asker=post.author,
            asked_at=post.published_at,
            state=State.values[n % len(State.values)],
        )
        for n, post in enumerate(p for p in posts if p.kind == Kind.QUESTION)
    )


@contextmanager
def ids_given_back():
    """On leaving, put PostgreSQL's id sequences back where they were on entering.

    The filler's rows roll back with the test but the ids they took do not (sequences are not
    transactional): a thousand post ids per plan test would push the rest of the suite into ids
    in the tens of thousands, and tests that assume small ids (the question sitemap's first
    file covers ids below 10,000) would then fail. Only inside a test's transaction, where no
    row keeps an id taken after entering.
    """
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        yield
        return
    before = _sequences()
    try:
        yield
    finally:
        now = _sequences()
        changed = [name for name in before if now.get(name) != before[name]]
        with connection.cursor() as cursor:
            for name in changed:
                if before[name] is None:  # never used: the next id is its start again
                    cursor.execute("SELECT setval(%s::regclass, 1, false)", [name])
                else:
                    cursor.execute("SELECT setval(%s::regclass, %s)", [name, before[name]])


def _sequences() -> dict[str, int | None]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value "
            "FROM pg_sequences"
        )
        return dict(cursor.fetchall())


def feed_models() -> tuple:
    """The tables the feed and question lists read: the driving one and those they join."""
    return (Post, Question, Space, get_user_model())


@contextmanager
def fresh_statistics(*models):
    """Statistics of ``models``' tables as their rows are now, in this test's transaction.

    On PostgreSQL the column statistics roll back with the test. On SQLite the sqlite_stat
    tables roll back too, but the figures the connection loaded from them stay in use after the
    rollback; so on the way out the tables get their old rows back and SQLite reloads them.
    """
    tables = [connection.ops.quote_name(model._meta.db_table) for model in models]
    with connection.cursor() as cursor:
        saved = _sqlite_statistics(cursor) if connection.vendor == "sqlite" else None
        for table in tables:
            cursor.execute(f"ANALYZE {table}")
    try:
        yield
    finally:
        if saved is not None:
            with connection.cursor() as cursor:
                _restore_sqlite_statistics(cursor, saved)


def _sqlite_statistics(cursor) -> dict[str, list[tuple]]:
    cursor.execute("SELECT name FROM sqlite_schema WHERE name GLOB 'sqlite_stat*'")
    names = [row[0] for row in cursor.fetchall()]
    saved = {}
    for name in names:
        cursor.execute(f"SELECT * FROM {name}")
        saved[name] = cursor.fetchall()
    return saved


def _restore_sqlite_statistics(cursor, saved: dict[str, list[tuple]]) -> None:
    created = [name for name in _sqlite_statistics(cursor) if name not in saved]
    for name in [*saved, *created]:
        cursor.execute(f"DELETE FROM {name}")
        for row in saved.get(name, ()):
            cursor.execute(f"INSERT INTO {name} VALUES ({', '.join(['%s'] * len(row))})", row)
    cursor.execute("ANALYZE sqlite_schema")  # load what the tables hold again
    for name in created:  # made by this test's ANALYZE (and recreated by the reload)
        cursor.execute(f"DROP TABLE {name}")
