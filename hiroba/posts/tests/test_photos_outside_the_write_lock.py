"""Photos are decoded and re-encoded before the write transaction opens, for every kind of post.

On SQLite the write lock is taken at BEGIN: a post, question or idea that decoded ten large
photos inside its transaction would keep every other writer waiting meanwhile. The kinds' rows
(posts.kinds) and the compose add-ons (posts.compose) are written inside publish_post's own
transaction, so no caller needs one of its own around it.

The image decoder is wrapped to record whether a transaction was open at the moment it ran; the
tests run outside pytest's own per-test transaction, so nothing else holds one.
"""

import pytest
from django.db import transaction

from hiroba.core import images
from hiroba.ideas.services import submit_idea
from hiroba.polls.services import clean_poll, publish_post_with_poll
from hiroba.posts.models import Photo
from hiroba.posts.services import publish_post
from hiroba.qa.services import ask_question

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def in_transaction_while_decoding(monkeypatch):
    """For each photo decoded (the real decoder still runs): whether a transaction was open."""
    seen = []
    decode = images._decode

    def watched(*args, **kwargs):
        seen.append(transaction.get_connection().in_atomic_block)
        return decode(*args, **kwargs)

    monkeypatch.setattr(images, "_decode", watched)
    return seen


def _assert_decoded_outside_transactions(seen, *, photos: int):
    assert seen == [False] * photos


def test_a_post_decodes_its_photos_before_the_transaction(
    alice, recipes, jpeg_upload, in_transaction_while_decoding
):
    post = publish_post(actor=alice, space=recipes, body="写真", photos=[jpeg_upload()])

    assert Photo.objects.filter(post=post).count() == 1
    _assert_decoded_outside_transactions(in_transaction_while_decoding, photos=1)


def test_a_question_decodes_its_photos_before_the_transaction(
    alice, recipes, jpeg_upload, in_transaction_while_decoding
):
    question = ask_question(
        actor=alice, space=recipes, title="これは何?", body="写真の野菜", photos=[jpeg_upload()]
    )

    assert Photo.objects.filter(post=question.post).count() == 1
    _assert_decoded_outside_transactions(in_transaction_while_decoding, photos=1)


def test_an_idea_decodes_its_photos_before_the_transaction(
    alice, ideas_space, jpeg_upload, in_transaction_while_decoding
):
    idea = submit_idea(
        actor=alice,
        space=ideas_space,
        title="ごま油の小瓶",
        body="こんな形で",
        photos=[jpeg_upload(), jpeg_upload(name="second.jpg")],
    )

    assert Photo.objects.filter(post=idea.post).count() == 2
    _assert_decoded_outside_transactions(in_transaction_while_decoding, photos=2)


def test_a_post_with_a_poll_decodes_its_photos_before_the_transaction(
    alice, recipes, jpeg_upload, in_transaction_while_decoding
):
    poll = clean_poll(question="どっち?", choices=["赤", "白"])
    post = publish_post_with_poll(
        actor=alice, space=recipes, body="投票して", photos=[jpeg_upload()], poll=poll
    )

    assert post.poll.choices.count() == 2
    assert Photo.objects.filter(post=post).count() == 1
    _assert_decoded_outside_transactions(in_transaction_while_decoding, photos=1)
