"""The indexes the feed, space, profile, tag and post pages rely on, pinned by query plan.

At mineo scale a page that sorts instead of walking an index reads a million rows, so each
page's main query must be served by its index in order (no separate sort step). The database
is small here (a thousand filler posts, see plan_statistics), analyzed in each test so that the
plan follows the test's own rows and not what earlier tests left; the plans still show which
index each query can use and whether it sorts.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone

from hiroba.core.pagination import keyset_after
from hiroba.posts import selectors
from hiroba.posts.cards import card_values
from hiroba.posts.models import Comment, PostTag, Reaction
from hiroba.posts.permissions import readable_posts
from hiroba.posts.services import publish_post
from hiroba.posts.tests.plan_statistics import (
    feed_models,
    fill_community,
    fresh_statistics,
    ids_given_back,
)


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        # Tiny tables make scanning and sorting cheapest; forbid both to see what the indexes
        # allow: a plan can then avoid a sort only by walking an index in order.
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def assert_walks_index(queryset, index: str) -> None:
    text = plan(queryset)
    assert index in text, text
    if connection.vendor == "sqlite":
        assert "TEMP B-TREE" not in text, text
    else:
        assert "Sort" not in text, text


@pytest.fixture
def content(alice, bob, cm, recipes, lounge, inner_circle):
    with ids_given_back():
        fill_community(cm=cm, spaces=[recipes, lounge, inner_circle], members=[alice, bob])
        post = publish_post(actor=alice, space=recipes, body="#トマト料理 です")
        publish_post(actor=bob, space=lounge, body="雑談")
        publish_post(actor=bob, space=inner_circle, body="内緒")
        with fresh_statistics(*feed_models()):
            yield post


def newest(queryset):
    return queryset.order_by("-published_at", "-id")[:21]


@pytest.mark.parametrize("persona", ["alice", "charlie", "anon"])
def test_home_feed_walks_the_feed_index_for_every_persona(request, content, persona):
    actor = AnonymousUser() if persona == "anon" else request.getfixturevalue(persona)
    assert_walks_index(selectors.with_cards(newest(readable_posts(actor))), "post_feed")


@pytest.mark.parametrize("persona", ["alice", "charlie", "anon"])
def test_the_home_feeds_cards_walk_the_feed_index(request, content, persona):
    """The pages read Cards (posts.cards): the same joins, fewer columns, a subquery per row."""
    actor = AnonymousUser() if persona == "anon" else request.getfixturevalue(persona)
    assert_walks_index(newest(card_values(readable_posts(actor))), "post_feed")


def test_the_next_feed_page_walks_the_feed_index(charlie, content):
    posts = readable_posts(charlie).filter(published_at__lt=timezone.now() + timedelta(days=1))
    assert_walks_index(newest(posts), "post_feed")


def test_the_next_feed_page_by_its_cursor_walks_the_feed_index(charlie, content):
    # The cursor's filter as keyset_page writes it: published_at < x OR (= x AND id < y).
    after = keyset_after(selectors.NEWEST, (timezone.now() + timedelta(days=1), 10**9))
    assert_walks_index(newest(readable_posts(charlie).filter(after)), "post_feed")


def test_space_page_walks_the_space_index(charlie, recipes, content):
    assert_walks_index(newest(readable_posts(charlie).filter(space=recipes)), "post_space_feed")


def test_profile_walks_the_author_index(charlie, alice, content):
    assert_walks_index(newest(readable_posts(charlie).filter(author=alice)), "post_author_feed")


def test_articles_list_walks_the_kind_index(charlie, content):
    assert_walks_index(newest(readable_posts(charlie).filter(kind="article")), "post_kind_feed")


def test_tag_page_walks_the_tag_index(content):
    rows = PostTag.objects.filter(tag__name="トマト料理", published_at__isnull=False)
    rows = PostTag.objects.filter(tag_id=rows.values("tag_id")[:1].get()["tag_id"])
    ordered = rows.order_by("-published_at", "-post_id")[:40]
    assert_walks_index(ordered, "post_tag_feed")


def test_post_page_reads_comments_by_the_thread_index(content):
    comments = Comment.objects.filter(post=content).order_by("created_at", "id")[:1000]
    assert_walks_index(comments, "comment_thread")


def test_liked_marks_use_the_reaction_unique_index(alice, content):
    liked = Reaction.objects.filter(member=alice, post_id__in=[content.pk, content.pk + 1])
    assert "reaction_post_unique" in plan(liked.values("post_id"))


def test_profile_lookup_by_handle_uses_the_case_insensitive_index(alice):
    from hiroba.accounts.selectors import members_with_handle

    text = plan(members_with_handle("ALICE").filter(is_active=True)[:1])
    assert "member_handle_ci_unique" in text, text


def test_pinned_posts_are_read_through_the_pinned_index(charlie, content):
    pinned = readable_posts(charlie).filter(is_pinned=True).order_by("-published_at")[:100]
    assert_walks_index(pinned, "post_pinned")


def test_pinned_posts_with_their_cards_still_use_the_pinned_index(charlie, content):
    pinned = readable_posts(charlie).filter(is_pinned=True).order_by("-published_at")[:100]
    assert_walks_index(selectors.with_cards(pinned), "post_pinned")


def test_pinned_cards_still_use_the_pinned_index(charlie, content):
    pinned = card_values(readable_posts(charlie).filter(is_pinned=True))
    assert_walks_index(pinned.order_by("-published_at")[:100], "post_pinned")
