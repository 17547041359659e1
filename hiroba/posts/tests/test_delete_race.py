"""Comments and likes that race the deletion of their post: each lands before the deletion, or
is refused with a 404; none is accepted after it.

A door (page or API) fetches the post before the service's transaction opens, so the copy the
service receives can be stale by the time it writes. Real threads with their own connections
(transactional test mode), on SQLite (IMMEDIATE transactions) and PostgreSQL (row locks) alike.
"""

import threading
import time
from functools import partial

import pytest
from django.db import connection, transaction
from django.http import Http404

from conftest import make_member, run_in_threads
from hiroba.activity.models import Activity, Verb
from hiroba.moderation.services import moderate_post
from hiroba.posts.models import Comment, Post, Reaction
from hiroba.posts.permissions import access_comment, access_post
from hiroba.posts.services import (
    add_comment,
    add_reaction,
    delete_comment,
    delete_post,
    publish_post,
)

# Few enough threads that all of them hold a connection at once within PostgreSQL's pool.
WRITERS = 6
# The deletion starts with the writers, or a little after them: the interleavings differ (not
# the outcome asserted, which must hold for every one).
DELETE_DELAYS = (0, 0.01, 0.03, 0.1)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings):
    settings.HIROBA_RATE_COMMENT = "10000/60"
    settings.HIROBA_RATE_REACTION = "10000/60"


# A 404 is returned, not raised: it is how a writer loses the race.
_in_threads = partial(run_in_threads, returning=(Http404,))


def _door(fetch):
    """What a page or API handler does first: fetch what the member asked for, by id.

    The connection goes back to the pool before the thread waits, so a waiting thread never
    holds one that a writer needs.
    """
    try:
        return fetch()
    finally:
        connection.close()


def _delete_and_list_comments(actor, post_id) -> set[int]:
    """Delete the post, and list its comments inside the deleting transaction: exactly the
    comments that landed before the deletion."""
    with transaction.atomic():
        delete_post(actor=actor, post=Post.objects.get(pk=post_id))
        return set(Comment.objects.filter(post_id=post_id).values_list("pk", flat=True))


def test_comments_racing_a_delete_land_before_it_or_are_refused(alice, recipes):
    writers = [make_member(f"fan{i}") for i in range(WRITERS)]
    for delay in DELETE_DELAYS:
        post = publish_post(actor=alice, space=recipes, body="消すかもしれない投稿")
        start = threading.Barrier(WRITERS + 1)

        def comment(member, post_id=post.pk, start=start):
            seen = _door(lambda: access_post(member, post_id))
            start.wait()
            return add_comment(actor=member, post=seen, body="間に合う？")

        def delete(post_id=post.pk, start=start, delay=delay):
            start.wait()
            time.sleep(delay)
            return _delete_and_list_comments(alice, post_id)

        *results, before_delete = _in_threads([*(lambda m=m: comment(m) for m in writers), delete])

        accepted = {r.pk for r in results if isinstance(r, Comment)}
        refused = [r for r in results if isinstance(r, Http404)]
        assert len(accepted) + len(refused) == WRITERS
        assert accepted == before_delete  # no comment landed after the deletion committed
        assert set(Comment.objects.filter(post=post).values_list("pk", flat=True)) == accepted
        logged = Activity.objects.filter(verb=Verb.COMMENT, data__post=post.pk)
        assert set(logged.values_list("subject_id", flat=True)) == accepted
        assert Post.objects.get(pk=post.pk).comment_count == len(accepted)


def test_comments_sent_from_a_page_loaded_before_the_delete_are_refused(alice, recipes):
    """The case the issue saw: 201 and an Activity row after the deletion had committed."""
    writers = [make_member(f"fan{i}") for i in range(WRITERS)]
    post = publish_post(actor=alice, space=recipes, body="消される投稿")
    fetched = threading.Barrier(WRITERS + 1)
    deleted = threading.Event()

    def comment(member):
        seen = _door(lambda: access_post(member, post.pk))
        fetched.wait()
        deleted.wait(timeout=30)
        return add_comment(actor=member, post=seen, body="遅れて届いたコメント")

    def delete():
        fetched.wait()
        try:
            return delete_post(actor=alice, post=Post.objects.get(pk=post.pk))
        finally:
            deleted.set()

    *results, _deleted = _in_threads([*(lambda m=m: comment(m) for m in writers), delete])

    assert all(isinstance(r, Http404) for r in results), results
    assert not Comment.objects.filter(post=post).exists()
    assert not Activity.objects.filter(verb=Verb.COMMENT).exists()
    assert Post.objects.get(pk=post.pk).comment_count == 0


def test_likes_racing_a_delete_land_before_it_or_are_refused(alice, recipes):
    likers = [make_member(f"fan{i}") for i in range(WRITERS)]
    for delay in DELETE_DELAYS:
        post = publish_post(actor=alice, space=recipes, body="消すかもしれない投稿")
        start = threading.Barrier(WRITERS + 1)

        def like(member, post_id=post.pk, start=start):
            seen = _door(lambda: access_post(member, post_id))
            start.wait()
            return add_reaction(actor=member, post=seen)

        def delete(post_id=post.pk, start=start, delay=delay):
            start.wait()
            time.sleep(delay)
            with transaction.atomic():
                delete_post(actor=alice, post=Post.objects.get(pk=post_id))
                return set(Reaction.objects.filter(post_id=post_id).values_list("pk", flat=True))

        *results, before_delete = _in_threads([*(lambda m=m: like(m) for m in likers), delete])

        refused = [r for r in results if isinstance(r, Http404)]
        assert results.count(True) + len(refused) == WRITERS
        rows = set(Reaction.objects.filter(post=post).values_list("pk", flat=True))
        assert rows == before_delete and len(rows) == results.count(True)
        assert Post.objects.get(pk=post.pk).reaction_count == len(rows)
        logged = Activity.objects.filter(verb=Verb.REACTION, subject_id=post.pk)
        assert logged.count() == len(rows)


def test_likes_sent_from_a_page_loaded_before_the_post_was_hidden_are_refused(
    alice, bob, mod, recipes
):
    likers = [make_member(f"fan{i}") for i in range(WRITERS)]
    post = publish_post(actor=alice, space=recipes, body="隠される投稿")
    comment = add_comment(actor=bob, post=post, body="コメント")
    fetched = threading.Barrier(2 * WRITERS + 1)
    hidden = threading.Event()

    def like_post(member):
        seen = _door(lambda: access_post(member, post.pk))
        fetched.wait()
        hidden.wait(timeout=30)
        return add_reaction(actor=member, post=seen)

    def like_comment(member):
        seen = _door(lambda: access_comment(member, comment.pk))
        fetched.wait()
        hidden.wait(timeout=30)
        return add_reaction(actor=member, comment=seen)

    def hide():
        fetched.wait()
        try:
            return moderate_post(actor=mod, post=post, action="hide", reason="規約違反")
        finally:
            hidden.set()

    results = _in_threads(
        [
            *(lambda m=m: like_post(m) for m in likers),
            *(lambda m=m: like_comment(m) for m in likers),
            hide,
        ]
    )[:-1]

    assert all(isinstance(r, Http404) for r in results), results
    assert not Reaction.objects.exists()
    assert Post.objects.get(pk=post.pk).reaction_count == 0
    assert Comment.objects.get(pk=comment.pk).reaction_count == 0
    assert not Activity.objects.filter(verb=Verb.REACTION).exists()


def test_replies_and_likes_racing_the_deletion_of_their_comment_never_deadlock(alice, bob, recipes):
    """Every change in a thread locks the post first (lock_thread). Before, a like's or reply's
    foreign key share-locked the comment and its counter update then waited behind a deletion
    waiting for that share lock: PostgreSQL found a deadlock and failed one with an error."""
    writers = [make_member(f"fan{i}") for i in range(WRITERS // 2)]
    for delay in DELETE_DELAYS:
        post = publish_post(actor=alice, space=recipes, body="スレッド")
        comment = add_comment(actor=bob, post=post, body="親コメント")
        start = threading.Barrier(2 * len(writers) + 1)

        def reply(member, start=start, comment_id=comment.pk):
            seen = _door(lambda: access_comment(member, comment_id))
            start.wait()
            return add_comment(actor=member, post=seen.post, parent=seen, body="返信")

        def like(member, start=start, comment_id=comment.pk):
            seen = _door(lambda: access_comment(member, comment_id))
            start.wait()
            return add_reaction(actor=member, comment=seen)

        def delete(start=start, comment_id=comment.pk, delay=delay):
            start.wait()
            time.sleep(delay)
            return delete_comment(actor=bob, comment=Comment.objects.get(pk=comment_id))

        # A deadlock would raise from its thread here (only 404s are caught).
        *replies, deleted = _in_threads(
            [
                *(lambda m=m: reply(m) for m in writers),
                *(lambda m=m: like(m) for m in writers),
                delete,
            ]
        )

        assert isinstance(deleted, Comment)
        assert all(isinstance(r, Comment | Http404) or r is True for r in replies), replies
        row = Comment.objects.get(pk=comment.pk)
        assert row.deleted_at is not None
        assert row.reaction_count == Reaction.objects.filter(comment=row).count()
        assert row.reply_count == Comment.objects.filter(parent=row).count()
