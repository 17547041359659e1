"""The poll on the post page: voting with and without JavaScript, results when this reader may
see them, closing, bad input as a message (never a 500), 404s, and a pinned query count."""

import html
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hiroba.polls.models import Poll, PollVote
from hiroba.polls.services import cast_vote, close_poll
from hiroba.polls.tests.conftest import choice_ids, make_poll
from hiroba.posts.models import Comment
from hiroba.posts.services import add_reaction


def client_for(member=None, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if member is not None:
        client.force_login(member)
    return client


def page(client, poll, **params) -> str:
    response = client.get(reverse("posts:detail", args=[poll.pk]), params)
    assert response.status_code == 200
    return text(response)


def text(response) -> str:
    return html.unescape(response.content.decode())


def poll_block(html: str) -> str:
    match = re.search(r'<section class="card poll.*?</section>', html, re.S)
    assert match, "no poll block on the page"
    return match.group(0)


def vote_url(poll) -> str:
    return reverse("polls:vote", args=[poll.pk])


HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_member_sees_the_question_and_radio_buttons(poll, bob):
    block = poll_block(page(client_for(bob), poll))
    assert "好きなトマト料理は?" in block and "Choose one answer" in block
    assert block.count('type="radio"') == 4 and "0 voters" in block
    assert "Results show after you vote." in block
    assert "<progress" not in block  # no results before voting


def test_a_multiple_choice_poll_shows_checkboxes_and_its_limit(multi_poll, bob):
    block = poll_block(page(client_for(bob), multi_poll))
    assert block.count('type="checkbox"') == 4 and "Choose up to 2 answers" in block


def test_voting_without_javascript_redirects_to_the_results(poll, bob, charlie):
    cast_vote(actor=charlie, poll=poll, choice_ids=choice_ids(poll, 1))
    client = client_for(bob)

    response = client.post(vote_url(poll), {"choice": choice_ids(poll, 2)})

    assert response.status_code == 302
    assert response["Location"] == reverse("posts:detail", args=[poll.pk]) + f"#poll-{poll.pk}"
    html = page(client, poll)
    assert "Thank you for voting." in html
    block = poll_block(html)
    assert 'type="radio"' not in block and "2 voters" in block
    assert re.search(r"ミネストローネ.*?Your vote.*?50%", block, re.S)
    assert 'value="50"' in block and "Change my vote" in block


def test_voting_with_htmx_swaps_in_the_results(poll, bob):
    response = client_for(bob).post(vote_url(poll), {"choice": choice_ids(poll, 3)}, **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith('<section class="card poll')
    assert "100%" in html and "1 voter" in html
    assert PollVote.objects.get(member=bob).choice_id == choice_ids(poll, 3)[0]


def test_changing_a_vote_from_the_page(poll, bob):
    cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(poll, 1))
    client = client_for(bob)

    # Without JavaScript, "Change my vote" is a link back to the page with the form open.
    block = poll_block(page(client, poll, change_vote=poll.pk))
    assert re.search(rf'value="{choice_ids(poll, 1)[0]}"[^>]*checked', block)
    assert "Save my new vote" in block and "Keep my vote" in block
    # With htmx, the block alone.
    fragment = client.get(reverse("polls:detail", args=[poll.pk]), {"change": "1"}, **HTMX)
    assert "Save my new vote" in fragment.content.decode()

    client.post(vote_url(poll), {"choice": choice_ids(poll, 4)})

    assert list(PollVote.objects.filter(member=bob).values_list("choice_id", flat=True)) == (
        choice_ids(poll, 4)
    )
    assert Poll.objects.get(pk=poll.pk).voter_count == 1


def test_withdrawing_a_vote_from_the_page(poll, bob):
    cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(poll, 1))
    response = client_for(bob).post(reverse("polls:withdraw", args=[poll.pk]), **HTMX)
    assert response.status_code == 200 and 'type="radio"' in response.content.decode()
    assert Poll.objects.get(pk=poll.pk).voter_count == 0


def test_results_after_closing_stay_hidden_until_the_poll_closes(secret_poll, alice, bob, mod):
    cast_vote(actor=bob, poll=secret_poll, choice_ids=choice_ids(secret_poll, 1))

    block = poll_block(page(client_for(bob), secret_poll))
    assert "Thank you for voting. The results show when the poll closes." in block
    assert "<progress" not in block and "Closes in" in block
    anon_block = poll_block(page(client_for(), secret_poll))
    assert "<progress" not in anon_block and "Log in to vote." in anon_block
    # The writer and staff see them early, and are told that members do not.
    for early in (alice, mod):
        block = poll_block(page(client_for(early), secret_poll))
        assert "100%" in block and "Only you and staff see these results now" in block

    close_poll(actor=alice, poll=secret_poll)

    for reader in (bob, None):
        block = poll_block(page(client_for(reader), secret_poll))
        assert "100%" in block and "Closed on" in block
        assert "Only you and staff" not in block and 'type="radio"' not in block


def test_a_closed_poll_refuses_a_vote_with_a_clear_message(poll, alice, bob):
    close_poll(actor=alice, poll=poll)

    response = client_for(bob).post(vote_url(poll), {"choice": choice_ids(poll, 1)}, **HTMX)
    assert response.status_code == 403
    assert "This poll closed on" in response.content.decode()

    client = client_for(bob)
    response = client.post(vote_url(poll), {"choice": choice_ids(poll, 1)})
    assert response.status_code == 302
    assert "This poll closed on" in page(client, poll)
    assert not PollVote.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Choose an answer first."),
        ({"choice": ["999999"]}, "Choose among this poll's answers."),
        ({"choice": ["abc"]}, "Choose among this poll's answers."),
        ({"choice": ["1" * 40]}, "Choose among this poll's answers."),
        ({"choice": "two"}, "Choose among this poll's answers."),
    ],
)
def test_bad_votes_are_a_message_not_an_error(poll, bob, data, message):
    response = client_for(bob).post(vote_url(poll), data, **HTMX)
    assert response.status_code == 422
    assert message in text(response)
    client = client_for(bob)
    assert client.post(vote_url(poll), data).status_code == 302
    assert message in page(client, poll)
    assert not PollVote.objects.exists()


def test_too_many_answers_in_a_multiple_choice_poll(multi_poll, bob):
    response = client_for(bob).post(
        vote_url(multi_poll), {"choice": choice_ids(multi_poll, 1, 2, 3)}, **HTMX
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Choose up to 2 answers." in html
    assert len(re.findall(r"checked", html)) == 0 and 'type="checkbox"' in html


def test_an_outsider_gets_404_for_a_restricted_poll(restricted_poll, bob, charlie):
    assert "試作品" in poll_block(page(client_for(bob), restricted_poll))
    client = client_for(charlie)
    assert client.post(vote_url(restricted_poll), {"choice": ["1"]}).status_code == 404
    assert client.get(reverse("polls:detail", args=[restricted_poll.pk]), **HTMX).status_code == 404
    assert not PollVote.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(poll):
    response = client_for().post(vote_url(poll), {"choice": choice_ids(poll, 1)})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    block = poll_block(page(client_for(), poll))
    assert "Log in to vote." in block and "csrfmiddlewaretoken" not in block


def test_a_suspended_member_sees_the_poll_but_cannot_vote(poll, bob, cm):
    from hiroba.moderation.services import sanction_member

    sanction_member(actor=cm, member=bob, kind="suspend", reason="test")
    block = poll_block(page(client_for(bob), poll))
    assert 'type="radio"' not in block
    response = client_for(bob).post(vote_url(poll), {"choice": choice_ids(poll, 1)}, **HTMX)
    assert response.status_code == 403 and "suspended" in response.content.decode()


def test_a_post_without_a_poll_has_no_poll_block(alice, recipes):
    from hiroba.posts.services import publish_post

    post = publish_post(actor=alice, space=recipes, body="投票なし")
    html = client_for(alice).get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert 'class="card poll' not in html


def test_closing_times_show_in_the_community_time_zone(alice, recipes, bob):
    closes = timezone.now().replace(microsecond=0) + timedelta(days=2)
    poll = make_poll(alice, recipes, closes_at=closes)
    block = poll_block(page(client_for(bob), poll))
    tokyo = timezone.localtime(closes, timezone=__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))
    # Written as English writes a moment (hiroba/core/formats/en): "4 Mar 2026, 14:05".
    month = __import__("calendar").month_abbr[tokyo.month]
    assert f"{tokyo.day} {month} {tokyo.year}, {tokyo:%H:%M}" in block
    assert "Closes in 1" in block or "Closes in 2" in block


@pytest.mark.parametrize("comments", [5, 50])
def test_the_post_page_with_a_poll_has_a_fixed_query_count(
    comments, poll, alice, bob, django_assert_max_num_queries
):
    cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(poll, 1))
    Comment.objects.bulk_create(
        Comment(post=poll.post, author=alice, created_by=alice, body=f"c{i}", body_html=f"c{i}")
        for i in range(comments)
    )
    add_reaction(actor=bob, post=poll.post)
    client = client_for(bob)
    client.get(reverse("posts:detail", args=[poll.pk]))

    # The post page's own queries (see posts/tests/test_pages.py, which counts the poll lookup)
    # plus one: the reader's picks (the answers come with their poll in the lookup).
    with django_assert_max_num_queries(12):
        response = client.get(reverse("posts:detail", args=[poll.pk]))
    assert "100%" in poll_block(response.content.decode())
