"""The home page: the feed with a fixed query count, and the surveys addressed to the member."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from hiroba.posts.models import Post
from hiroba.posts.services import publish_post
from hiroba.surveys.services import submit_response
from hiroba.surveys.tests.helpers import Built, answers_for, build_survey


@pytest.fixture
def built(cm) -> Built:
    return build_survey(cm)


def _fill_feed(alice, bob, recipes, count):
    for i in range(count):
        post = Post.objects.create(
            space=recipes,
            author=alice if i % 2 else bob,
            created_by=alice if i % 2 else bob,
            body=f"post {i}",
            body_html=f"<p>post {i}</p>",
        )
        Post.objects.filter(pk=post.pk).update(published_at=post.created_at)


@pytest.mark.parametrize("posts", [20, 200])
@pytest.mark.parametrize("persona", ["alice", "anon"])
def test_the_home_feed_query_count_does_not_grow_with_posts(
    request, persona, posts, alice, bob, recipes, jpeg_upload, django_assert_max_num_queries
):
    publish_post(actor=alice, space=recipes, body="with photos", photos=[jpeg_upload()] * 1)
    _fill_feed(alice, bob, recipes, posts)
    client = client_for(alice if persona == "alice" else None)
    client.get(reverse("home"))  # warm the community cache and the session

    # session, member, spaces, memberships, the posts' cards (their posts and photos are loaded
    # only for cards not cached: none here, see below), likes, pinned, tags, unread
    # notifications, open surveys addressed to the member, the segments events are limited to,
    # the soonest events (fewer for anon)
    limit = 13 if persona == "alice" else 6
    with django_assert_max_num_queries(limit):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert len(response.context["page"].items) == 20

    with django_assert_max_num_queries(limit):
        assert client.get(reverse("home") + "?order=popular").status_code == 200


def _loads_posts(query) -> bool:
    """Whether a query loads posts for their cards (the text) or their photos."""
    return '"posts_post"."body_html"' in query["sql"] or query["sql"].startswith(
        'SELECT "posts_photo"'
    )


def test_cached_cards_need_no_post_loaded(alice, bob, recipes, jpeg_upload):
    publish_post(actor=alice, space=recipes, body="with photos", photos=[jpeg_upload()] * 2)
    _fill_feed(alice, bob, recipes, 25)
    client = client_for(alice)
    client.get(reverse("home"))  # the session, the community's settings
    caches["fragments"].clear()

    with CaptureQueriesContext(connection) as cold:
        first = client.get(reverse("home")).content.decode()
    with CaptureQueriesContext(connection) as warm:
        second = client.get(reverse("home")).content.decode()

    assert [q for q in cold if _loads_posts(q)] != []
    assert [q for q in warm if _loads_posts(q)] == []
    assert len(warm) < len(cold)
    titles = re.compile(r'id="post-(\d+)-title"')
    assert titles.findall(second) == titles.findall(first) and len(titles.findall(first)) == 20


def test_the_home_page_shows_surveys_for_me_until_i_answer(built, alice):
    client = client_for(alice)
    html = client.get(reverse("home")).content.decode()
    assert "Surveys for you" in html and built.survey.title in html
    assert reverse("surveys:detail", args=[built.survey.pk]) in html

    submit_response(actor=alice, survey=built.survey, answers=answers_for(built))

    html = client.get(reverse("home")).content.decode()
    assert "Surveys for you" not in html
    assert "Surveys for you" not in client_for().get(reverse("home")).content.decode()
