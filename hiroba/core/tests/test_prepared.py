"""Statements kept per process (core.prepared): rows as Django's own values() gives them, always
read fresh, and a key that misses something the statement is made of fails under test settings."""

import pytest
from django.db import connection
from django.test import Client

from hiroba.core.prepared import model_rows, values_rows
from hiroba.posts.cards import card_values
from hiroba.posts.models import Post
from hiroba.posts.services import add_reaction, publish_post


def cards(space_id=None):
    posts = Post.objects.all() if space_id is None else Post.objects.filter(space_id=space_id)
    return card_values(posts).order_by("-published_at", "-id")


def test_rows_are_what_djangos_values_gives(alice, bob, recipes):
    post = publish_post(actor=alice, space=recipes, title="トマト", body="本文")
    add_reaction(actor=bob, post=post)
    publish_post(actor=bob, space=recipes, body="二つ目")

    kept = values_rows(("test cards",), cards)
    assert kept == list(cards())
    assert isinstance(kept[0]["published_at"], type(post.published_at))
    assert kept[1]["is_pinned"] is False


def test_rows_are_read_fresh_each_time(alice, bob, recipes):
    post = publish_post(actor=alice, space=recipes, body="本文")
    assert values_rows(("test cards",), cards)[0]["reaction_count"] == 0
    add_reaction(actor=bob, post=post)
    assert values_rows(("test cards",), cards)[0]["reaction_count"] == 1


def test_a_key_that_misses_part_of_the_statement_fails_under_test_settings(alice, recipes, lounge):
    values_rows(("test cards, no space in the key",), lambda: cards(recipes.pk))
    with pytest.raises(AssertionError, match="not what it builds now"):
        values_rows(("test cards, no space in the key",), lambda: cards(lounge.pk))


def test_a_query_that_can_match_nothing_is_not_asked(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert values_rows(("test nothing",), lambda: card_values(Post.objects.none())) == []


def test_readers_of_different_spaces_get_their_own_first_page(
    alice, charlie, inner_circle, recipes
):
    publish_post(actor=alice, space=recipes, title="みんなの投稿", body="本文")
    publish_post(actor=alice, space=inner_circle, title="内輪の投稿", body="本文")
    pages = {}
    for member in (alice, charlie, alice, charlie):
        client = Client()
        client.force_login(member)
        pages[member.handle] = client.get("/").content.decode()
    assert "内輪の投稿" in pages["alice"] and "みんなの投稿" in pages["alice"]
    assert "内輪の投稿" not in pages["charlie"] and "みんなの投稿" in pages["charlie"]


def test_an_integer_parameter_is_put_in_for_each_reader(alice, bob, recipes):
    publish_post(actor=alice, space=recipes, body="アリスの投稿")
    publish_post(actor=alice, space=recipes, body="もう一つ")
    publish_post(actor=bob, space=recipes, body="ボブの投稿")

    def by(author):
        return card_values(Post.objects.filter(author_id=author)).order_by("-id")

    for member, count in ((alice, 2), (bob, 1), (alice, 2)):
        rows = values_rows(("test cards by",), by, author=member.pk)
        assert rows == list(by(member.pk)) and len(rows) == count


def test_a_build_that_leaves_a_parameter_out_is_refused(db):
    with pytest.raises(TypeError, match="left out a parameter"):
        values_rows(("test forgotten",), lambda author: cards(), author=1)


def test_model_rows_are_what_the_queryset_gives_with_its_related_rows(
    alice, bob, recipes, django_assert_num_queries
):
    post = publish_post(actor=alice, space=recipes, title="トマト", body="本文")
    add_reaction(actor=bob, post=post)

    def by_id(pk):
        return Post.objects.select_related("author", "space").filter(pk=pk)

    (kept,) = model_rows(("test post by id",), by_id, pk=post.pk)
    (fresh,) = by_id(post.pk)
    assert {f.attname: getattr(kept, f.attname) for f in Post._meta.concrete_fields} == {
        f.attname: getattr(fresh, f.attname) for f in Post._meta.concrete_fields
    }
    assert kept.reaction_count == 1 and kept._state.adding is False
    # The related rows came with it: no query to read them.
    with django_assert_num_queries(0):
        assert (kept.author.display_name, kept.space.slug) == ("アリス", "recipes")
    assert model_rows(("test post by id",), by_id, pk=post.pk + 1000) == []


def test_a_text_parameter_is_put_in_and_one_changed_on_its_way_is_refused(alice, bob):
    from hiroba.accounts.models import Member

    for member in (alice, bob):
        (found,) = model_rows(
            ("test member by handle",),
            lambda handle: Member.objects.filter(handle=handle),
            handle=member.handle,
        )
        assert found.pk == member.pk
    with pytest.raises(TypeError, match="left out a parameter"):
        model_rows(
            ("test member by part of a handle",),
            lambda part: Member.objects.filter(handle__icontains=part),
            part="li",
        )


def test_a_number_no_column_can_hold_matches_nothing(alice, recipes):
    post = publish_post(actor=alice, space=recipes, body="本文")
    build = lambda pk: Post.objects.filter(pk=pk)  # noqa: E731
    assert [p.pk for p in model_rows(("test post",), build, pk=post.pk)] == [post.pk]
    assert model_rows(("test post",), build, pk=10**30) == []
    assert list(build(10**30)) == []  # as Django answers it


def test_constants_are_written_into_the_sql_on_postgresql_and_rows_agree(alice, recipes):
    """On PostgreSQL, a prepared plan cannot use a partial index for a constant passed as a
    parameter, so the constants are written in (quoted by psycopg) and only the request's own
    values stay parameters. Elsewhere the statement is Django's own."""
    from hiroba.core.prepared import _statement

    tricky = "50% off, it's 'quoted' \\ and %s"
    publish_post(actor=alice, space=recipes, title=tricky, body="本文")
    publish_post(actor=alice, space=recipes, title="ほかの投稿", body="本文")

    def titled(author):
        return Post.objects.filter(title=tricky, author_id=author).values("id", "title")

    rows = values_rows(("test titled",), titled, author=alice.pk)
    assert rows == list(titled(alice.pk)) and rows[0]["title"] == tricky
    assert values_rows(("test titled",), titled, author=alice.pk + 1000) == []
    statement = _statement(("test titled",), titled, {"author": alice.pk})
    if connection.vendor == "postgresql":
        assert statement.bound({"author": alice.pk}) == (alice.pk,)
        assert "50%% off" in statement.run_sql
    else:
        assert (statement.run_sql, statement.run_params) == (statement.sql, statement.params)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statements are prepared on PostgreSQL only"
)
def test_on_postgresql_kept_statements_are_prepared_and_other_queries_are_not(alice, recipes):
    publish_post(actor=alice, space=recipes, title="トマト", body="本文")

    def mine(author):
        return Post.objects.filter(author_id=author).values("id", "title")

    for _run in range(3):
        assert len(values_rows(("test mine",), mine, author=alice.pk)) == 1
        assert Post.objects.filter(title="トマト").count() == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('"posts_post"."author_id" = $1' in sql for sql in prepared)
    assert not any("COUNT(" in sql for sql in prepared)
