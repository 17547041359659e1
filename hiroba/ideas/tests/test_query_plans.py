"""Every board list (a sort, with or without a status and a space), the review queue and the
parked ideas walk one of Idea's indexes in order and stop after a page (no sort), on SQLite
and PostgreSQL."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hiroba.ideas.models import Status
from hiroba.ideas.permissions import readable_ideas
from hiroba.ideas.selectors import SORTS
from hiroba.ideas.services import submit_idea
from hiroba.posts.tests.test_query_plans import assert_walks_index

pytestmark = pytest.mark.django_db

INDEX_NAMES = {"votes": "votes", "new": "new", "changed": "changed"}


@pytest.fixture
def content(alice, bob, ideas_space, secret_ideas):
    submit_idea(actor=alice, space=ideas_space, title="a", body="x")
    submit_idea(actor=bob, space=ideas_space, title="b", body="x")
    submit_idea(actor=bob, space=secret_ideas, title="c", body="x")


def page(queryset, field):
    return queryset.select_related("post", "post__author", "post__space").order_by(
        f"-{field}", "-post_id"
    )[:21]


@pytest.mark.parametrize("persona", ["alice", "charlie", "anon"])
@pytest.mark.parametrize("sort", list(SORTS))
@pytest.mark.parametrize("with_status", [False, True])
@pytest.mark.parametrize("with_space", [False, True])
def test_each_board_list_walks_its_index(
    request, content, ideas_space, persona, sort, with_status, with_space
):
    actor = request.getfixturevalue(persona)
    field = SORTS[sort][0]
    ideas = readable_ideas(actor)
    name = "idea_"
    if with_space:
        ideas = ideas.filter(space=ideas_space)
        name += "space_"
    if with_status:
        ideas = ideas.filter(status=Status.PLANNED)
        name += "status_"
    assert_walks_index(page(ideas, field), name + INDEX_NAMES[sort])


def test_the_next_page_walks_the_index(charlie, content):
    ideas = readable_ideas(charlie).filter(
        status=Status.NEW, submitted_at__lt=timezone.now() + timedelta(days=1)
    )
    assert_walks_index(page(ideas, "submitted_at"), "idea_status_new")


def test_the_review_queue_walks_the_status_index_oldest_first(mod, content):
    ideas = readable_ideas(mod).filter(status=Status.NEW)
    assert_walks_index(
        ideas.select_related("post").order_by("submitted_at", "post_id")[:21], "idea_status_new"
    )


def test_the_parked_ideas_walk_their_index(mod, content):
    ideas = readable_ideas(mod).filter(revisit_at__isnull=False, revisit_at__lte=timezone.now())
    assert_walks_index(
        ideas.select_related("post").order_by("revisit_at", "post_id")[:50], "idea_parked"
    )
