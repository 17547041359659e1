"""Likes stay exact when many requests arrive at once (unique constraints + F() counters).

These tests use real threads with their own database connections, so they run in transactional
test mode; SQLite serializes writers with IMMEDIATE transactions, PostgreSQL with row locks.
"""

from functools import partial

import pytest

from conftest import make_member, run_in_threads
from hiroba.activity.models import Activity, Verb
from hiroba.posts.models import Comment, Post, Reaction
from hiroba.posts.services import add_comment, add_reaction, publish_post, remove_reaction

WORKERS = 16

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _generous_rate_limit(settings):
    settings.HIROBA_RATE_REACTION = "10000/60"


_run_in_threads = partial(run_in_threads, workers=WORKERS)


@pytest.fixture
def post(alice, recipes):
    return publish_post(actor=alice, space=recipes, body="みんなで いいね して")


def test_hundred_members_liking_at_once_leave_a_count_of_hundred(post):
    members = [make_member(f"fan{i:03d}") for i in range(100)]
    assert Post.objects.get(pk=post.pk).reaction_count == 0

    results = _run_in_threads(
        [lambda m=m: add_reaction(actor=m, post=Post.objects.get(pk=post.pk)) for m in members]
    )

    assert results == [True] * 100
    assert Post.objects.get(pk=post.pk).reaction_count == 100
    assert Reaction.objects.filter(post=post).count() == 100
    assert Activity.objects.filter(verb=Verb.REACTION, subject_id=post.pk).count() == 100


def test_the_same_member_liking_many_times_at_once_leaves_one_like(post, bob):
    results = _run_in_threads(
        [lambda: add_reaction(actor=bob, post=Post.objects.get(pk=post.pk)) for _ in range(40)]
    )

    assert results.count(True) == 1 and results.count(False) == 39
    assert Post.objects.get(pk=post.pk).reaction_count == 1
    assert Reaction.objects.filter(post=post, member=bob).count() == 1
    assert Activity.objects.filter(verb=Verb.REACTION, actor=bob).count() == 1


def test_the_same_member_unliking_many_times_at_once_removes_one_like(post, bob):
    add_reaction(actor=bob, post=post)
    assert Post.objects.get(pk=post.pk).reaction_count == 1

    results = _run_in_threads(
        [lambda: remove_reaction(actor=bob, post=Post.objects.get(pk=post.pk)) for _ in range(40)]
    )

    assert results.count(True) == 1 and results.count(False) == 39
    assert Post.objects.get(pk=post.pk).reaction_count == 0
    assert not Reaction.objects.filter(post=post).exists()
    assert Activity.objects.filter(verb=Verb.REACTION_REMOVE, actor=bob).count() == 1


def test_many_members_unliking_at_once_bring_the_count_back_to_zero(post):
    members = [make_member(f"fan{i:03d}") for i in range(50)]
    for member in members:
        add_reaction(actor=member, post=post)
    assert Post.objects.get(pk=post.pk).reaction_count == 50

    results = _run_in_threads(
        [lambda m=m: remove_reaction(actor=m, post=Post.objects.get(pk=post.pk)) for m in members]
    )

    assert results == [True] * 50
    assert Post.objects.get(pk=post.pk).reaction_count == 0
    assert not Reaction.objects.filter(post=post).exists()


def test_likes_and_unlikes_racing_on_one_member_keep_count_and_rows_in_step(post, bob):
    calls = [
        (lambda: add_reaction(actor=bob, post=Post.objects.get(pk=post.pk)))
        if i % 2
        else (lambda: remove_reaction(actor=bob, post=Post.objects.get(pk=post.pk)))
        for i in range(60)
    ]

    _run_in_threads(calls)

    rows = Reaction.objects.filter(post=post).count()
    assert rows in (0, 1)
    assert Post.objects.get(pk=post.pk).reaction_count == rows
    added = Activity.objects.filter(verb=Verb.REACTION, actor=bob).count()
    removed = Activity.objects.filter(verb=Verb.REACTION_REMOVE, actor=bob).count()
    assert added - removed == rows


def test_many_members_liking_one_comment_at_once_count_exactly(post, bob):
    comment = add_comment(actor=bob, post=post, body="おいしそう")
    members = [make_member(f"fan{i:03d}") for i in range(40)]

    _run_in_threads(
        [
            lambda m=m: add_reaction(actor=m, comment=Comment.objects.get(pk=comment.pk))
            for m in members
        ]
    )

    assert Comment.objects.get(pk=comment.pk).reaction_count == 40
    assert Reaction.objects.filter(comment=comment).count() == 40
