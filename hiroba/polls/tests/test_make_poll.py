"""Making a poll with its post or article, and changing it: validation, one transaction, and
only the closing time once members have voted."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from hiroba.core.errors import Refused
from hiroba.polls.models import Poll, PollChoice, Results
from hiroba.polls.services import (
    attach_poll,
    cast_vote,
    clean_poll,
    close_poll,
    create_article_with_poll,
    publish_post_with_poll,
    set_closing,
    update_poll,
)
from hiroba.polls.tests.conftest import DISHES, choice_ids
from hiroba.posts.models import Post
from hiroba.posts.services import publish_post


def test_a_post_with_a_poll_is_made_in_one_go(alice, recipes):
    spec = clean_poll(choices=["  カプレーゼ ", "", "ミネストローネ", "   "])
    post = publish_post_with_poll(
        actor=alice, space=recipes, title="好きなトマト料理は?", body="教えて", poll=spec
    )

    poll = Poll.objects.get(pk=post.pk)
    assert poll.text == "好きなトマト料理は?" and poll.created_by == alice
    assert [c.text for c in poll.choices.all()] == ["カプレーゼ", "ミネストローネ"]
    assert [c.position for c in poll.choices.all()] == [1, 2]
    assert (poll.allows_multiple, poll.limit, poll.results) == (False, 1, Results.AFTER_VOTE)


def test_the_question_can_differ_from_the_title(alice, recipes):
    spec = clean_poll(question="どれを作ってみたい?", choices=DISHES)
    post = publish_post_with_poll(actor=alice, space=recipes, body="夏のレシピ", poll=spec)
    assert post.poll.text == "どれを作ってみたい?"


@pytest.mark.parametrize(
    "rules, field",
    [
        ({"choices": ["ひとつだけ"]}, "poll_choices"),
        ({"choices": []}, "poll_choices"),
        ({"choices": [f"{i}" for i in range(11)]}, "poll_choices"),
        ({"choices": ["同じ", "同じ"]}, "poll_choices"),
        ({"choices": ["Same", "same"]}, "poll_choices"),
        ({"choices": ["x" * 121, "y"]}, "poll_choices"),
        ({"choices": DISHES, "question": "?" * 201}, "poll_question"),
        ({"choices": DISHES, "question": "a\x00b"}, "poll_question"),
        ({"choices": DISHES, "allows_multiple": True, "max_choices": 5}, "poll_max_choices"),
        ({"choices": DISHES, "allows_multiple": True, "max_choices": 0}, "poll_max_choices"),
        ({"choices": DISHES, "closes_at": timezone.now() - timedelta(minutes=1)}, "poll_closes_at"),
        ({"choices": DISHES, "closes_at": timezone.now().replace(tzinfo=None)}, "poll_closes_at"),
        ({"choices": DISHES, "results": "never"}, "poll_results"),
        ({"choices": DISHES, "results": Results.AFTER_CLOSE}, "poll_closes_at"),
    ],
)
def test_a_bad_poll_is_refused_by_field(rules, field):
    with pytest.raises(ValidationError) as error:
        clean_poll(**rules)
    assert field in error.value.message_dict


def test_max_choices_only_applies_to_multiple_choice():
    assert clean_poll(choices=DISHES, max_choices=3).max_choices is None
    spec = clean_poll(choices=DISHES, allows_multiple=True, max_choices=3)
    assert spec.max_choices == 3


def test_a_poll_that_cannot_be_attached_saves_no_post(alice, bob, recipes):
    spec = clean_poll(choices=DISHES)
    before = Post.objects.count()
    # A post gets one poll: the second attach fails, and the post made with it is rolled back.
    post = publish_post_with_poll(actor=alice, space=recipes, body="一つ目", poll=spec)
    with pytest.raises(ValidationError):
        attach_poll(actor=alice, post=post, poll=spec)
    assert Post.objects.count() == before + 1
    assert PollChoice.objects.filter(poll_id=post.pk).count() == 4


def test_only_the_writer_can_attach_a_poll(alice, bob, recipes):
    post = publish_post(actor=alice, space=recipes, body="投票を追加します")
    with pytest.raises(Refused):
        attach_poll(actor=bob, post=post, poll=clean_poll(choices=DISHES))
    attach_poll(actor=alice, post=post, poll=clean_poll(choices=DISHES))
    assert Poll.objects.filter(pk=post.pk).exists()


def test_an_editor_adds_a_poll_to_an_article(editor, official):
    article = create_article_with_poll(
        actor=editor,
        as_account=official,
        title="新商品の名前を決めよう",
        body="候補は三つです。",
        publish="now",
        poll=clean_poll(choices=["まるごとトマト", "完熟トマト", "朝どれトマト"]),
    )
    assert article.poll.choices.count() == 3 and article.author == official


def test_a_poll_without_votes_can_be_rewritten(poll, alice):
    spec = clean_poll(
        choices=["赤", "黄", "緑"],
        allows_multiple=True,
        results=Results.AFTER_CLOSE,
        closes_at=timezone.now() + timedelta(days=1),
    )
    update_poll(actor=alice, poll=poll, spec=spec)

    poll.refresh_from_db()
    assert [c.text for c in poll.choices.all()] == ["赤", "黄", "緑"]
    assert poll.allows_multiple and poll.results == Results.AFTER_CLOSE


def test_after_votes_only_the_closing_time_can_change(poll, alice, bob):
    cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(poll, 1))
    with pytest.raises(ValidationError) as error:
        update_poll(actor=alice, poll=poll, spec=clean_poll(choices=["赤", "黄"]))
    assert error.value.error_dict[next(iter(error.value.error_dict))][0].code == "has_votes"
    assert poll.choices.count() == 4

    later = timezone.now() + timedelta(days=3)
    assert set_closing(actor=alice, poll=poll, closes_at=later).closes_at == later
    assert set_closing(actor=alice, poll=poll, closes_at=None).closes_at is None
    with pytest.raises(ValidationError):
        set_closing(actor=alice, poll=poll, closes_at=timezone.now() - timedelta(hours=1))


def test_a_closed_poll_stays_closed(poll, alice):
    close_poll(actor=alice, poll=poll)
    poll.refresh_from_db()
    assert poll.is_closed()
    with pytest.raises(Refused):
        set_closing(actor=alice, poll=poll, closes_at=timezone.now() + timedelta(days=1))


def test_others_cannot_change_a_poll(poll, bob, mod):
    for actor in (bob, mod):
        with pytest.raises(Refused):
            close_poll(actor=actor, poll=poll)
    poll.refresh_from_db()
    assert poll.closes_at is None


def test_results_after_closing_need_a_closing_time_and_keep_it(secret_poll, alice):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        clean_poll(choices=DISHES, results=Results.AFTER_CLOSE)
    assert error.value.message_dict == {
        "poll_closes_at": ["Results shown only after closing need a closing time."]
    }
    # Nor can the close time be taken away afterwards.
    with pytest.raises(ValidationError) as error:
        set_closing(actor=alice, poll=secret_poll, closes_at=None)
    assert error.value.error_dict["poll_closes_at"][0].code == "needs_closing_time"
    assert Poll.objects.get(pk=secret_poll.pk).closes_at is not None
