"""readable_posts_q: readable_posts' rule asked through a relation gives the same posts."""

import pytest
from django.contrib.auth.models import AnonymousUser

from hiroba.community.services import update_community_settings
from hiroba.posts.models import Comment
from hiroba.posts.permissions import readable_posts, readable_posts_q
from hiroba.posts.services import add_comment, delete_post, publish_post


@pytest.fixture
def commented(alice, bob, recipes, lounge, inner_circle):
    """A comment on a post in each space, and one on a post deleted since."""
    posts = [
        publish_post(actor=alice, space=space, body=space.slug)
        for space in (recipes, lounge, inner_circle, recipes)
    ]
    for post in posts:
        add_comment(actor=bob, post=post, body="コメント")
    delete_post(actor=alice, post=posts[-1])
    return posts


def commented_post_ids(actor) -> set[int]:
    comments = Comment.objects.filter(readable_posts_q(actor, "post__"))
    return set(comments.values_list("post_id", flat=True))


@pytest.mark.parametrize("persona", ["alice", "charlie", "anon"])
def test_through_a_relation_it_reads_the_posts_readable_posts_reads(request, commented, persona):
    actor = request.getfixturevalue(persona)
    readable = set(readable_posts(actor).values_list("pk", flat=True))
    assert commented_post_ids(actor) == readable
    assert 0 < len(readable) < len(commented)  # some hidden, some not


def test_a_closed_community_reads_nothing_and_asks_no_query(
    cm, commented, django_assert_num_queries
):
    update_community_settings(actor=cm, is_open=False)
    anon = AnonymousUser()
    with django_assert_num_queries(1):  # the community's settings, read once
        assert commented_post_ids(anon) == set()
        assert not readable_posts(anon).exists()
