"""The question lists walk Question's own indexes newest first and stop after a page (no sort),
on SQLite and PostgreSQL, for every tab, with and without a space."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hiroba.posts.models import Kind
from hiroba.posts.permissions import readable_posts
from hiroba.posts.tests.plan_statistics import (
    feed_models,
    fill_community,
    fresh_statistics,
    ids_given_back,
)
from hiroba.posts.tests.test_query_plans import assert_walks_index
from hiroba.qa.models import State
from hiroba.qa.permissions import readable_questions
from hiroba.qa.services import ask_question


@pytest.fixture
def content(alice, bob, cm, recipes, lounge, inner_circle):
    with ids_given_back():
        fill_community(cm=cm, spaces=[recipes, lounge, inner_circle], members=[alice, bob])
        ask_question(actor=alice, space=recipes, title="a", body="?")
        ask_question(actor=bob, space=lounge, title="b", body="?")
        ask_question(actor=bob, space=inner_circle, title="c", body="?")
        with fresh_statistics(*feed_models()):
            yield


def newest(queryset):
    return queryset.select_related("post", "post__author", "post__space").order_by(
        "-asked_at", "-post_id"
    )[:21]


@pytest.mark.parametrize("persona", ["alice", "charlie", "anon"])
def test_every_question_walks_the_posts_kind_index(request, content, persona):
    actor = request.getfixturevalue(persona)
    posts = readable_posts(actor).filter(kind=Kind.QUESTION)
    assert_walks_index(
        posts.select_related("question", "author", "space").order_by("-published_at", "-id")[:21],
        "post_kind_feed",
    )


@pytest.mark.parametrize("state", State.values)
def test_each_state_walks_the_state_index(charlie, content, state):
    assert_walks_index(newest(readable_questions(charlie).filter(state=state)), "qa_state_feed")


def test_the_next_page_walks_the_state_index(charlie, content):
    questions = readable_questions(charlie).filter(
        state=State.UNANSWERED, asked_at__lt=timezone.now() + timedelta(days=1)
    )
    assert_walks_index(newest(questions), "qa_state_feed")


def test_a_space_walks_the_space_index(charlie, recipes, content):
    assert_walks_index(newest(readable_questions(charlie).filter(space=recipes)), "qa_space_feed")


def test_a_space_and_state_walk_their_index(charlie, recipes, content):
    questions = readable_questions(charlie).filter(space=recipes, state=State.ANSWERED)
    assert_walks_index(newest(questions), "qa_space_state_feed")


def test_mine_walks_the_asker_index(alice, content):
    assert_walks_index(newest(readable_questions(alice).filter(asker=alice)), "qa_asker_feed")
