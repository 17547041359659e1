"""A card's cache key follows every fact the card shows, read either way: from the feed's narrow
query (posts.cards.card_values) or from a post loaded with its card (selectors.with_cards).

A fact missing from the key would leave members looking at a stale card for ten minutes, and
the two readings disagreeing would render every card twice; so each change below is made
through its service and must change the key, read both ways, to the same new key."""

from datetime import timedelta

import pytest
from django.db.models import F

from hiroba.accounts.services import set_icon, update_profile
from hiroba.events.after import publish_event_report
from hiroba.events.models import Event, EventStatus
from hiroba.events.services import update_event
from hiroba.events.tests.helpers import open_event
from hiroba.ideas.services import change_idea_status, submit_idea, update_status_styles, vote_idea
from hiroba.posts import jobs
from hiroba.posts.cards import card_of_post, card_of_values, card_values
from hiroba.posts.models import Post
from hiroba.posts.selectors import with_cards
from hiroba.posts.services import add_comment, add_reaction, edit_post, publish_post, set_pinned
from hiroba.posts.templatetags.post_cards import _card_key
from hiroba.qa.models import Question
from hiroba.qa.services import accept_answer, ask_question


def key(post: Post) -> str:
    """The post's card key for a member reading the home feed, read both ways (which agree)."""
    by_values = card_of_values(card_values(Post.objects.filter(pk=post.pk)).get())
    by_post = card_of_post(with_cards(Post.objects.filter(pk=post.pk)).get())
    assert by_values.facts == by_post.facts
    keys = {
        _card_key(card, liked=False, reader="member", space_id=None)
        for card in (by_values, by_post)
    }
    assert len(keys) == 1
    return keys.pop()


@pytest.fixture
def post(alice, recipes):
    return publish_post(actor=alice, space=recipes, title="題", body="本文")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda post, bob, cm: add_reaction(actor=bob, post=post), id="a like"),
        pytest.param(
            lambda post, bob, cm: add_comment(actor=bob, post=post, body="いいね"), id="a comment"
        ),
        pytest.param(
            lambda post, bob, cm: set_pinned(actor=cm, post=post, pinned=True), id="the pin"
        ),
        pytest.param(
            lambda post, bob, cm: edit_post(actor=post.author, post=post, body="直した"),
            id="an edit",
        ),
        pytest.param(
            lambda post, bob, cm: update_profile(
                actor=post.author, member=post.author, display_name="新しい名前"
            ),
            id="the author's name",
        ),
    ],
)
def test_a_change_the_card_shows_makes_a_new_key(post, bob, cm, change):
    before = key(post)

    change(post, bob, cm)

    assert key(post) != before


def test_a_new_icon_makes_a_new_key(post, alice, jpeg_upload):
    before = key(post)

    set_icon(actor=alice, member=alice, upload=jpeg_upload())

    assert key(post) != before


def test_thumbnails_made_make_a_new_key(alice, recipes, jpeg_upload):
    post = publish_post(actor=alice, space=recipes, body="写真", photos=[jpeg_upload()] * 2)
    before = key(post)  # the sizes are made after commit: the card shows the originals

    jobs.make_photo_sizes(post.pk)

    assert post.photos.exclude(thumb="").count() == 2
    assert key(post) != before


def test_a_questions_state_makes_a_new_key(alice, bob, recipes):
    question = ask_question(actor=alice, space=recipes, title="おすすめの油は?", body="教えて")
    asked = key(question.post)

    answer = add_comment(actor=bob, post=question.post, body="胡麻油です")
    answered = key(question.post)
    accept_answer(actor=alice, question=Question.objects.get(pk=question.pk), answer=answer)

    assert Question.objects.get(pk=question.pk).state == "solved"
    assert len({asked, answered, key(question.post)}) == 3


def test_an_ideas_votes_status_and_labels_make_a_new_key(alice, bob, cm, ideas_space):
    idea = submit_idea(actor=alice, space=ideas_space, title="夜の部", body="夜にも開いて")
    keys = [key(idea.post)]

    vote_idea(actor=bob, idea=idea)
    keys.append(key(idea.post))
    change_idea_status(actor=cm, idea=idea, status="under_review", note="検討します")
    keys.append(key(idea.post))
    update_status_styles(actor=cm, styles={"under_review": {"label": "相談中", "color": "info"}})
    keys.append(key(idea.post))

    assert len(set(keys)) == 4


EVENT_TIMES = ("starts_at", "ends_at", "applications_open_at", "applications_close_at")


def test_a_reports_event_makes_a_new_key_when_renamed(cm, recipes):
    event = open_event(cm, title="料理教室", space=recipes)
    # A test's clock: the whole event moves three days back, so it took place yesterday.
    moved = {name: F(name) - timedelta(days=3) for name in EVENT_TIMES}
    Event.objects.filter(pk=event.pk).update(**moved, status=EventStatus.HELD)
    event.refresh_from_db()
    report = publish_event_report(actor=cm, event=event, space=recipes, body="楽しかった")
    before = key(report)

    update_event(actor=cm, event=event, title="秋の料理教室")

    assert key(report) != before


def test_a_post_without_its_kinds_row_has_no_kind_part(alice, recipes):
    """A kind's row missing (written later, or removed) reads the same both ways: no state."""
    question = ask_question(actor=alice, space=recipes, title="油は?", body="教えて")
    Question.objects.filter(pk=question.pk).delete()

    key(question.post)  # agrees both ways
    assert card_of_values(card_values(Post.objects.filter(pk=question.pk)).get()).facts[5] == ""
