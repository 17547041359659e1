"""Adding a poll while writing a post or an article, and changing it later from the poll."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from hiroba.polls.models import Poll, Results
from hiroba.polls.services import cast_vote
from hiroba.polls.tests.conftest import choice_ids
from hiroba.posts.models import Post


def compose(client, **data):
    return client.post(reverse("posts:compose_in_space", args=["recipes"]), data)


def test_the_compose_page_offers_a_poll_with_four_blank_answers(alice, recipes):
    page = client_for(alice).get(reverse("posts:compose_in_space", args=["recipes"]))
    content = page.content.decode()
    assert "Add a poll" in content and content.count('name="poll_choices"') == 4
    assert "polls/compose.js" in content and '<details class="card mb-3 poll-compose">' in content


def test_a_post_with_a_poll_from_the_compose_page(alice, recipes):
    response = compose(
        client_for(alice),
        title="好きなトマト料理は?",
        body="ひとつ選んでね",
        poll_choices=["カプレーゼ", "ミネストローネ", "", ""],
        poll_results="after_close",
        poll_closes_at=(timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
    )

    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/p/{post.pk}/")
    poll = Poll.objects.get(pk=post.pk)
    assert [c.text for c in poll.choices.all()] == ["カプレーゼ", "ミネストローネ"]
    assert poll.results == Results.AFTER_CLOSE and not poll.allows_multiple


def test_a_post_without_poll_fields_gets_no_poll(alice, recipes):
    compose(client_for(alice), body="ただの投稿", poll_choices=["", "", "", ""])
    assert Post.objects.count() == 1 and not Poll.objects.exists()


@pytest.mark.parametrize(
    "poll, error",
    [
        ({"poll_choices": ["ひとつだけ", "", "", ""]}, "Give at least 2 answers"),
        ({"poll_choices": ["同じ", "同じ"]}, "Each answer must be different."),
        ({"poll_question": "質問だけ"}, "Give at least 2 answers"),
        (
            {"poll_choices": ["a", "b"], "poll_multiple": "on", "poll_max_choices": "5"},
            "Choose a number between 1 and the number of answers (2).",
        ),
        ({"poll_choices": ["a", "b"], "poll_closes_at": "2001-01-01T10:00"}, "in the future"),
        ({"poll_choices": ["a", "b"], "poll_closes_at": "someday"}, "Enter a valid date/time."),
        ({"poll_choices": ["a", "b"], "poll_results": "never"}, "Select a valid choice."),
        (
            {"poll_choices": ["a", "b"], "poll_results": "after_close"},
            "Results shown only after closing need a closing time.",
        ),
    ],
)
def test_an_invalid_poll_saves_no_post_and_keeps_what_was_typed(alice, recipes, poll, error):
    response = compose(client_for(alice), title="トマトの投票", body="本文はここに", **poll)

    assert response.status_code == 422
    content = html.unescape(response.content.decode())
    assert error in content
    assert 'value="トマトの投票"' in content and "本文はここに" in content
    for typed in poll.get("poll_choices", []):
        assert f'value="{typed}"' in content
    assert '<details class="card mb-3 poll-compose" open>' in content
    assert not Post.objects.exists() and not Poll.objects.exists()


def test_ten_answers_typed_stay_on_the_form(alice, recipes):
    answers = [f"答え{i}" for i in range(10)]
    response = compose(client_for(alice), body="", poll_choices=answers)
    content = response.content.decode()
    assert content.count('name="poll_choices"') == 10 and 'value="答え9"' in content


def test_an_editor_writes_an_article_with_a_poll(editor, official):
    future = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(editor).post(
        reverse("posts:article_new"),
        {
            "as_account": official.pk,
            "title": "新商品の名前を決めよう",
            "body": "候補は三つ。",
            "publish": "now",
            "poll_choices": ["まるごとトマト", "完熟トマト", "朝どれトマト"],
            "poll_multiple": "on",
            "poll_max_choices": "2",
            "poll_closes_at": future,
        },
    )
    article = Post.objects.get(kind="article")
    assert response.status_code == 302
    poll = Poll.objects.get(pk=article.pk)
    assert poll.allows_multiple and poll.max_choices == 2 and poll.closes_at > timezone.now()
    assert poll.choices.count() == 3
    assert "まるごとトマト" in client_for(editor).get(response["Location"]).content.decode()


def test_an_article_with_a_bad_poll_is_not_saved(editor, official):
    response = client_for(editor).post(
        reverse("posts:article_new"),
        {"as_account": official.pk, "title": "T", "body": "B", "publish": "now",
         "poll_choices": ["ひとつ"]},
    )  # fmt: skip
    assert response.status_code == 422 and not Post.objects.exists()


def test_editing_a_post_shows_no_poll_fields(poll, alice):
    content = client_for(alice).get(reverse("posts:edit", args=[poll.pk])).content.decode()
    assert "poll_choices" not in content


# --- changing the poll later ----------------------------------------------------------------


def edit_url(poll) -> str:
    return reverse("polls:edit", args=[poll.pk])


def test_the_writer_rewrites_a_poll_before_anyone_votes(poll, alice):
    client = client_for(alice)
    content = client.get(edit_url(poll)).content.decode()
    assert "Nobody has voted yet" in content and 'value="ガスパチョ"' in content

    response = client.post(
        edit_url(poll), {"poll_choices": ["赤", "黄"], "poll_results": "after_vote"}
    )

    assert response.status_code == 302
    assert [c.text for c in Poll.objects.get(pk=poll.pk).choices.all()] == ["赤", "黄"]


def test_after_a_vote_only_the_closing_time_changes(poll, alice, bob):
    cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(poll, 1))
    client = client_for(alice)
    content = client.get(edit_url(poll)).content.decode()
    assert "1 member has voted" in content and 'name="poll_choices"' not in content

    later = timezone.localtime() + timedelta(days=3)
    response = client.post(
        edit_url(poll),
        {"poll_closes_at": later.strftime("%Y-%m-%dT%H:%M"), "poll_choices": ["x", "y"]},
    )

    assert response.status_code == 302
    row = Poll.objects.get(pk=poll.pk)
    assert row.closes_at is not None and row.choices.count() == 4


def test_closing_a_poll_now(poll, alice, bob):
    response = client_for(alice).post(reverse("polls:close", args=[poll.pk]))
    assert response.status_code == 302
    assert Poll.objects.get(pk=poll.pk).is_closed()


def test_others_cannot_change_a_poll(poll, bob, mod):
    for member in (bob, mod):
        client = client_for(member)
        assert client.get(edit_url(poll)).status_code == 403
        assert client.post(reverse("polls:close", args=[poll.pk])).status_code == 403
    assert not Poll.objects.get(pk=poll.pk).is_closed()


def test_the_edit_page_refuses_results_after_closing_without_a_closing_time(
    poll, secret_poll, alice, bob
):
    client = client_for(alice)
    response = client.post(
        edit_url(poll), {"poll_choices": ["赤", "黄"], "poll_results": "after_close"}
    )
    assert response.status_code == 200
    assert "Results shown only after closing need a closing time." in html.unescape(
        response.content.decode()
    )
    assert Poll.objects.get(pk=poll.pk).results == Results.AFTER_VOTE
    # Once voted in, emptying the close time of a results-after-closing poll is refused too.
    cast_vote(actor=bob, poll=secret_poll, choice_ids=choice_ids(secret_poll, 1))
    response = client.post(edit_url(secret_poll), {"poll_closes_at": ""})
    assert response.status_code == 200
    assert "Results shown only after closing need a closing time." in html.unescape(
        response.content.decode()
    )
    assert Poll.objects.get(pk=secret_poll.pk).closes_at is not None
