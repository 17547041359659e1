"""Polls through the API: the same rules as the pages; results only when the caller may see them."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiroba.api.tests.conftest import ApiClient, assert_error
from hiroba.polls.models import Poll, PollVote
from hiroba.polls.services import cast_vote, close_poll
from hiroba.polls.tests.conftest import choice_ids
from hiroba.posts.models import Post


@pytest.fixture
def api():
    return ApiClient


def test_a_member_makes_a_post_with_a_poll_and_others_vote(api, alice, bob, charlie, recipes):
    made = api(alice).post(
        "/posts",
        {
            "space": "recipes",
            "title": "好きなトマト料理は?",
            "body": "ひとつ選んでね",
            "poll": {"choices": ["カプレーゼ", "ミネストローネ", "ガスパチョ"]},
        },
    )
    assert made.status_code == 201, made.content
    poll_id = made.json()["id"]

    poll = api(bob).get(f"/polls/{poll_id}").json()
    assert poll["question"] == "好きなトマト料理は?" and poll["can_vote"] is True
    assert poll["results_visible"] is False and poll["my_choices"] == []
    assert [c["vote_count"] for c in poll["choices"]] == [None, None, None]
    first, second = poll["choices"][0]["id"], poll["choices"][1]["id"]

    voted = api(bob).post(f"/polls/{poll_id}/votes", {"choices": [first]})
    assert voted.status_code == 200, voted.content
    body = voted.json()
    assert body["results_visible"] is True and body["my_choices"] == [first]
    assert [c["vote_count"] for c in body["choices"]] == [1, 0, 0]
    assert [c["percent"] for c in body["choices"]] == [100, 0, 0]

    api(charlie).post(f"/polls/{poll_id}/votes", {"choices": [second]})
    changed = api(bob).post(f"/polls/{poll_id}/votes", {"choices": [second]}).json()
    assert [c["vote_count"] for c in changed["choices"]] == [0, 2, 0]
    assert changed["voter_count"] == 2 and changed["vote_count"] == 2

    withdrawn = api(bob).delete(f"/polls/{poll_id}/votes")
    assert withdrawn.status_code == 200 and withdrawn.json()["my_choices"] == []
    assert withdrawn.json()["voter_count"] == 1
    assert withdrawn.json()["results_visible"] is False


def test_a_multipart_post_carries_its_poll_as_json(api, alice, recipes):
    response = api(alice).post_multipart(
        "/posts",
        {"space": "recipes", "body": "写真つき", "poll": '{"choices": ["はい", "いいえ"]}'},
    )
    assert response.status_code == 201, response.content
    assert Poll.objects.get(pk=response.json()["id"]).choices.count() == 2


@pytest.mark.parametrize(
    "poll, field",
    [
        ({"choices": ["ひとつ"]}, "poll_choices"),
        ({"choices": ["a", "b"], "closes_at": "2001-01-01T00:00:00Z"}, "poll_closes_at"),
        ({"choices": ["a", "b"], "multiple": True, "max_choices": 3}, "poll_max_choices"),
        ({"choices": ["a", "b"], "results": "after_close"}, "poll_closes_at"),
    ],
)
def test_a_post_with_an_invalid_poll_is_422_and_saves_nothing(api, alice, recipes, poll, field):
    response = api(alice).post("/posts", {"space": "recipes", "body": "本文", "poll": poll})
    body = assert_error(response, 422, "invalid")
    assert field in body["details"]
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    "poll",
    [
        "not an object",
        {"choices": "a,b"},
        {"choices": ["a", "b"], "closes_at": "2030-01-01T00:00:00"},  # no time zone
        {"choices": ["a", "b"], "results": "never"},
        {"choices": [1, 2]},
    ],
)
def test_a_malformed_poll_is_422(api, alice, recipes, poll):
    response = api(alice).post("/posts", {"space": "recipes", "body": "本文", "poll": poll})
    assert_error(response, 422, "invalid_request")
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    "payload, code",
    [
        ({"choices": []}, "invalid"),
        ({"choices": [999999]}, "invalid"),
        ({"choices": ["1"]}, "invalid_request"),
        ({"choices": [0]}, "invalid_request"),
        ({"choices": [2**70]}, "invalid_request"),
        ({}, "invalid_request"),
        ({"choices": list(range(1, 20))}, "invalid_request"),
    ],
)
def test_bad_votes_are_422(api, poll, bob, payload, code):
    assert_error(api(bob).post(f"/polls/{poll.pk}/votes", payload), 422, code)
    assert not PollVote.objects.exists()


def test_two_answers_in_a_single_choice_poll_are_422(api, poll, bob):
    body = assert_error(
        api(bob).post(f"/polls/{poll.pk}/votes", {"choices": choice_ids(poll, 1, 2)}), 422
    )
    assert body["details"]["choices"] == ["選べるのは1個までです。"]  # the API answers in Japanese


def test_a_closed_poll_refuses_votes_and_withdrawals(api, poll, alice, bob):
    cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(poll, 1))
    close_poll(actor=alice, poll=poll)
    assert_error(
        api(bob).post(f"/polls/{poll.pk}/votes", {"choices": choice_ids(poll, 2)}),
        403,
        "poll_closed",
    )
    assert_error(api(bob).delete(f"/polls/{poll.pk}/votes"), 403, "poll_closed")
    shown = api().get(f"/polls/{poll.pk}").json()
    assert shown["is_closed"] and shown["results_visible"] and shown["can_vote"] is False
    assert [c["vote_count"] for c in shown["choices"]] == [1, 0, 0, 0]


def test_results_after_closing_stay_hidden_from_voters(api, secret_poll, bob):
    body = (
        api(bob)
        .post(f"/polls/{secret_poll.pk}/votes", {"choices": choice_ids(secret_poll, 2)})
        .json()
    )
    assert body["results_visible"] is False and body["my_choices"] == choice_ids(secret_poll, 2)
    assert all(c["vote_count"] is None and c["percent"] is None for c in body["choices"])
    assert body["voter_count"] == 1


def test_restricted_polls_are_404_to_outsiders_and_401_to_anonymous_writers(
    api, restricted_poll, charlie
):
    assert_error(api(charlie).get(f"/polls/{restricted_poll.pk}"), 404, "not_found")
    assert_error(api(charlie).post(f"/polls/{restricted_poll.pk}/votes", {"choices": [1]}), 404)
    assert_error(api().post(f"/polls/{restricted_poll.pk}/votes", {"choices": [1]}), 401)
    assert_error(api().get("/polls/999999"), 404)


def test_a_post_without_a_poll_is_404(api, alice, recipes):
    from hiroba.posts.services import publish_post

    post = publish_post(actor=alice, space=recipes, body="投票なし")
    assert_error(api(alice).get(f"/polls/{post.pk}"), 404)


def test_a_suspended_member_cannot_vote(api, poll, bob, cm):
    from hiroba.moderation.services import sanction_member

    sanction_member(actor=cm, member=bob, kind="suspend", reason="test")
    assert_error(
        api(bob).post(f"/polls/{poll.pk}/votes", {"choices": choice_ids(poll, 1)}),
        403,
        "suspended",
    )


def test_votes_are_rate_limited(api, poll, bob, settings):
    settings.HIROBA_RATE_POLL_VOTE = "2/60"
    client = api(bob)
    for position in (1, 2):
        client.post(f"/polls/{poll.pk}/votes", {"choices": choice_ids(poll, position)})
    assert_error(client.post(f"/polls/{poll.pk}/votes", {"choices": choice_ids(poll, 3)}), 429)


def test_the_poll_endpoint_has_a_fixed_query_count(api, poll, bob, django_assert_max_num_queries):
    cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(poll, 1))
    client = api(bob)
    client.get(f"/polls/{poll.pk}")
    # token, member, post (with author, space), spaces visible, poll, answers, picks
    with django_assert_max_num_queries(9):
        assert client.get(f"/polls/{poll.pk}").status_code == 200


@settings(
    deadline=None, max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    payload=st.one_of(
        st.dictionaries(st.text(max_size=8), st.integers() | st.text(max_size=5), max_size=3),
        st.fixed_dictionaries(
            {"choices": st.lists(st.integers(-5, 2**64) | st.text(max_size=3), max_size=12)}
        ),
    )
)
def test_no_vote_payload_is_a_server_error(api, poll, bob, payload):
    # One token for every example (fixtures are made once per test, not per example).
    if not hasattr(bob, "api_client"):
        bob.api_client = api(bob)
    response = bob.api_client.post(f"/polls/{poll.pk}/votes", payload)
    assert response.status_code in (200, 422, 429), response.content
    row = Poll.objects.get(pk=poll.pk)
    assert row.vote_count == PollVote.objects.filter(poll=poll).count()


def test_closing_time_is_reported_with_its_zone(api, alice, recipes, bob):
    from hiroba.polls.tests.conftest import make_poll

    closes = timezone.now() + timedelta(days=1)
    poll = make_poll(alice, recipes, closes_at=closes)
    shown = api(bob).get(f"/polls/{poll.pk}").json()
    assert shown["closes_at"].endswith(("Z", "+00:00")) and shown["is_closed"] is False


def test_the_writer_moves_the_close_time_and_closes_the_poll(api, poll, alice, bob):
    cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(poll, 1))
    later = (timezone.now() + timedelta(days=2)).isoformat()

    moved = api(alice).client.patch(
        f"/api/v1/polls/{poll.pk}",
        f'{{"closes_at": "{later}"}}',
        content_type="application/json",
        **api(alice).headers,
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["closes_at"] is not None and moved.json()["is_closed"] is False

    assert_error(api(bob).post(f"/polls/{poll.pk}/close"), 403, "not_writer")
    closed = api(alice).post(f"/polls/{poll.pk}/close")
    assert closed.status_code == 200 and closed.json()["is_closed"] is True
    assert_error(api(alice).post(f"/polls/{poll.pk}/close"), 403, "poll_closed")


def test_results_after_closing_without_a_closing_time_is_422(api, alice, recipes, secret_poll):
    response = api(alice).post(
        "/posts",
        {
            "space": "recipes",
            "body": "本文",
            "poll": {"choices": ["a", "b"], "results": "after_close"},
        },
    )
    body = assert_error(response, 422, "invalid")
    # The API answers in the community's language: the text is whatever the lead translates.
    assert list(body["details"]) == ["poll_closes_at"] and body["details"]["poll_closes_at"][0]
    cleared = api(alice).client.patch(
        f"/api/v1/polls/{secret_poll.pk}",
        '{"closes_at": null}',
        content_type="application/json",
        **api(alice).headers,
    )
    assert_error(cleared, 422, "invalid")
    assert Poll.objects.get(pk=secret_poll.pk).closes_at is not None
