"""cast_vote and withdraw_vote: one vote per member, changes replace, counters equal the rows."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone, translation
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from hiroba.activity.models import Activity, Verb
from hiroba.core.errors import RateLimited, Refused
from hiroba.moderation.services import sanction_member
from hiroba.moderation.services.actions import moderate_post
from hiroba.polls.models import Poll, PollChoice, PollVote
from hiroba.polls.permissions import access_poll
from hiroba.polls.services import cast_vote, close_poll, withdraw_vote
from hiroba.polls.tests.conftest import choice_ids
from hiroba.posts.services import delete_post


def counts(poll) -> tuple[int, int, list[int]]:
    row = Poll.objects.get(pk=poll.pk)
    per_choice = list(PollChoice.objects.filter(poll=poll).values_list("vote_count", flat=True))
    return row.voter_count, row.vote_count, per_choice


def assert_counters_match_rows(poll) -> None:
    row = Poll.objects.get(pk=poll.pk)
    votes = PollVote.objects.filter(poll=poll)
    assert row.vote_count == votes.count()
    assert row.voter_count == votes.values("member").distinct().count()
    for choice in PollChoice.objects.filter(poll=poll):
        assert choice.vote_count == votes.filter(choice=choice).count(), choice.text


def test_a_first_vote_counts_once_and_is_recorded(poll, bob):
    assert counts(poll) == (0, 0, [0, 0, 0, 0])

    after = cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(poll, 2))

    assert (after.voter_count, after.vote_count) == (1, 1)
    assert counts(poll) == (1, 1, [0, 1, 0, 0])
    activity = Activity.objects.get(verb=Verb.POLL_VOTE, actor=bob)
    assert activity.subject_id == poll.pk and activity.space_id == poll.post.space_id
    assert activity.data == {"choices": choice_ids(poll, 2), "previous": []}


def test_voting_the_same_answer_again_changes_nothing(poll, bob):
    cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(poll, 1))
    cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(poll, 1))

    assert counts(poll) == (1, 1, [1, 0, 0, 0])
    assert Activity.objects.filter(verb=Verb.POLL_VOTE, actor=bob).count() == 1


def test_changing_a_vote_replaces_the_earlier_pick(poll, bob, charlie):
    cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(poll, 1))
    cast_vote(actor=charlie, poll=poll, choice_ids=choice_ids(poll, 1))

    cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(poll, 3))

    assert counts(poll) == (2, 2, [1, 0, 1, 0])
    assert list(PollVote.objects.filter(member=bob).values_list("choice_id", flat=True)) == (
        choice_ids(poll, 3)
    )
    change = Activity.objects.filter(verb=Verb.POLL_VOTE, actor=bob).latest("id")
    assert change.data == {"choices": choice_ids(poll, 3), "previous": choice_ids(poll, 1)}


def test_a_multiple_choice_vote_counts_one_voter_and_each_pick(multi_poll, bob, charlie):
    cast_vote(actor=bob, poll=multi_poll, choice_ids=choice_ids(multi_poll, 1, 2))
    cast_vote(actor=charlie, poll=multi_poll, choice_ids=choice_ids(multi_poll, 2))

    assert counts(multi_poll) == (2, 3, [1, 2, 0, 0])

    cast_vote(actor=bob, poll=multi_poll, choice_ids=choice_ids(multi_poll, 2, 4))

    assert counts(multi_poll) == (2, 3, [0, 2, 0, 1])
    assert_counters_match_rows(multi_poll)


@translation.override("en")  # the messages checked are the English ones
def test_a_multiple_choice_poll_refuses_more_than_its_limit(multi_poll, bob):
    with pytest.raises(ValidationError) as error:
        cast_vote(actor=bob, poll=multi_poll, choice_ids=choice_ids(multi_poll, 1, 2, 3))

    assert error.value.error_dict[next(iter(error.value.error_dict))][0].code == "too_many_choices"
    assert "up to 2" in str(error.value.message_dict["choices"])
    assert counts(multi_poll) == (0, 0, [0, 0, 0, 0])


def test_a_single_choice_poll_refuses_two_answers(poll, bob):
    with pytest.raises(ValidationError) as error:
        cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(poll, 1, 2))
    assert error.value.error_dict[next(iter(error.value.error_dict))][0].code == "too_many_choices"
    assert not PollVote.objects.exists()


@pytest.mark.parametrize("bad", [[], None, ["abc"], [999_999_999], [2**70], [None]], ids=str)
def test_bad_choices_are_a_validation_error(poll, bob, bad):
    with pytest.raises(ValidationError) as error:
        cast_vote(actor=bob, poll=poll, choice_ids=bad)
    assert "choices" in error.value.message_dict
    assert not PollVote.objects.exists()


def test_an_answer_of_another_poll_is_refused(poll, multi_poll, bob):
    with pytest.raises(ValidationError) as error:
        cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(multi_poll, 1))
    assert error.value.error_dict[next(iter(error.value.error_dict))][0].code == "unknown_choice"
    assert counts(multi_poll)[0] == 0


@translation.override("en")  # the messages checked are the English ones
def test_a_closed_poll_refuses_votes_changes_and_withdrawals(poll, alice, bob, charlie):
    cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(poll, 1))
    close_poll(actor=alice, poll=poll)
    poll = access_poll(bob, poll.pk)

    for call in (
        lambda: cast_vote(actor=charlie, poll=poll, choice_ids=choice_ids(poll, 2)),
        lambda: cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(poll, 2)),
        lambda: withdraw_vote(actor=bob, poll=poll),
    ):
        with pytest.raises(Refused) as refused:
            call()
        assert refused.value.code == "poll_closed"
        assert "closed" in refused.value.message
    assert counts(poll) == (1, 1, [1, 0, 0, 0])


def test_a_poll_past_its_closing_time_refuses_votes(poll, bob):
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(Refused) as refused:
        cast_vote(actor=bob, poll=access_poll(bob, poll.pk), choice_ids=choice_ids(poll, 1))
    assert refused.value.code == "poll_closed"


def test_withdrawing_takes_every_pick_back(multi_poll, bob):
    cast_vote(actor=bob, poll=multi_poll, choice_ids=choice_ids(multi_poll, 1, 3))

    assert withdraw_vote(actor=bob, poll=multi_poll) is True
    assert withdraw_vote(actor=bob, poll=multi_poll) is False

    assert counts(multi_poll) == (0, 0, [0, 0, 0, 0])
    last = Activity.objects.filter(verb=Verb.POLL_VOTE, actor=bob).latest("id")
    assert last.data == {"choices": [], "previous": choice_ids(multi_poll, 1, 3)}


def test_a_suspended_member_cannot_vote(poll, bob, cm):
    sanction_member(actor=cm, member=bob, kind="suspend", reason="test")
    bob.refresh_from_db()
    with pytest.raises(Refused) as refused:
        cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(poll, 1))
    assert refused.value.code == "suspended"
    assert not PollVote.objects.exists()


def test_an_outsider_cannot_find_or_vote_in_a_restricted_poll(restricted_poll, bob, charlie):
    with pytest.raises(Http404):
        access_poll(charlie, restricted_poll.pk)
    with pytest.raises(Http404):
        cast_vote(actor=charlie, poll=restricted_poll, choice_ids=choice_ids(restricted_poll, 1))
    cast_vote(actor=bob, poll=restricted_poll, choice_ids=choice_ids(restricted_poll, 1))
    assert counts(restricted_poll)[0] == 1


def test_a_deleted_or_hidden_post_takes_its_poll_out_of_voting(poll, alice, bob, mod):
    other = access_poll(bob, poll.pk)
    moderate_post(actor=mod, post=poll.post, action="hide", reason="spam")
    with pytest.raises(Http404):
        access_poll(bob, poll.pk)
    with pytest.raises(Http404):  # the page was open before the post was hidden
        cast_vote(actor=bob, poll=access_poll(mod, poll.pk), choice_ids=choice_ids(poll, 1))
    with pytest.raises(Http404):  # its writer still sees the hidden post, but cannot vote
        cast_vote(actor=alice, poll=access_poll(alice, poll.pk), choice_ids=choice_ids(poll, 1))
    assert other.pk == poll.pk and not PollVote.objects.exists()


def test_a_deleted_post_is_a_404(poll, alice, bob):
    delete_post(actor=alice, post=poll.post)
    with pytest.raises(Http404):
        access_poll(bob, poll.pk)


def test_votes_are_rate_limited(poll, bob, settings):
    settings.HIROBA_RATE_POLL_VOTE = "3/60"
    for position in (1, 2, 3):
        cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(poll, position))
    with pytest.raises(RateLimited):
        cast_vote(actor=bob, poll=poll, choice_ids=choice_ids(poll, 4))
    assert counts(poll) == (1, 1, [0, 0, 1, 0])


@examples(
    deadline=None, max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["bob", "charlie"]),
            st.one_of(st.none(), st.sets(st.integers(1, 4), min_size=1, max_size=3)),
        ),
        max_size=12,
    )
)
def test_any_sequence_of_votes_matches_a_plain_oracle(multi_poll, bob, charlie, steps):
    """Votes, changes, withdrawals and refused votes in any order: each member's picks are the
    last accepted ones, and every counter equals the rows."""
    members = {"bob": bob, "charlie": charlie}
    for member in members.values():
        withdraw_vote(actor=member, poll=multi_poll)  # hypothesis reuses the fixtures
    expected = {name: set() for name in members}
    for name, positions in steps:
        if positions is None:
            withdraw_vote(actor=members[name], poll=multi_poll)
            expected[name] = set()
            continue
        try:
            cast_vote(
                actor=members[name],
                poll=multi_poll,
                choice_ids=choice_ids(multi_poll, *sorted(positions)),
            )
        except ValidationError:
            assert len(positions) > multi_poll.limit
        else:
            expected[name] = set(positions)
    for name, member in members.items():
        picked = PollVote.objects.filter(poll=multi_poll, member=member)
        assert {v.choice.position for v in picked} == expected[name]
    assert_counters_match_rows(multi_poll)
