"""The plan tests' statistics are those of the test's own rows, and leave nothing behind.

Definition: inside ``fresh_statistics`` the database counts the rows the test wrote (not yet
committed) in the analyzed table; on leaving it, SQLite's statistics tables are as they were.
After ``ids_given_back``, PostgreSQL hands out the ids the filler took again.
"""

import pytest
from django.db import connection, transaction

from hiroba.posts.models import Post
from hiroba.posts.services import publish_post
from hiroba.posts.tests.plan_statistics import (
    FILLER_POSTS,
    _sqlite_statistics,
    fill_community,
    fresh_statistics,
    ids_given_back,
)


def counted_rows() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'posts_post'")
            return int(cursor.fetchone()[0])
        # Each sqlite_stat1 row starts with the number of entries in the index; the largest is
        # the table's row count (the partial feed indexes hold fewer).
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'posts_post'")
        return max(int(row[0].split()[0]) for row in cursor.fetchall())


def test_the_statistics_count_the_rows_of_this_test(alice, bob, cm, recipes, lounge):
    fill_community(cm=cm, spaces=[recipes, lounge], members=[alice, bob])
    assert Post.objects.count() == FILLER_POSTS
    with fresh_statistics(Post):
        assert counted_rows() == FILLER_POSTS


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's statistics tables")
def test_sqlite_statistics_are_put_back(alice, bob, cm, recipes, lounge):
    fill_community(cm=cm, spaces=[recipes, lounge], members=[alice, bob])
    with connection.cursor() as cursor:
        before = _sqlite_statistics(cursor)
    with fresh_statistics(Post), connection.cursor() as cursor:
        assert _sqlite_statistics(cursor) != before
    with connection.cursor() as cursor:
        assert _sqlite_statistics(cursor) == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's sequences")
def test_the_ids_the_filler_took_are_given_back(alice, bob, cm, recipes, lounge):
    first = publish_post(actor=alice, space=recipes, body="1")
    with ids_given_back(), transaction.atomic():
        fill_community(cm=cm, spaces=[recipes, lounge], members=[alice, bob])
        assert Post.objects.count() == FILLER_POSTS + 1
        transaction.set_rollback(True)  # as the test's own rollback will, after the fixture
    second = publish_post(actor=alice, space=recipes, body="2")
    assert second.pk == first.pk + 1
