"""Votes stay exact when many requests arrive at once.

Real threads with their own database connections (transactional test mode): SQLite serializes
writers with IMMEDIATE transactions, PostgreSQL with the poll row's lock.
"""

from functools import partial

import pytest
from django.core.exceptions import ValidationError

from conftest import make_member, run_in_threads
from hiroba.activity.models import Activity, Verb
from hiroba.core.errors import Refused
from hiroba.polls.models import Poll, PollChoice, PollVote
from hiroba.polls.permissions import access_poll
from hiroba.polls.services import cast_vote, close_poll, withdraw_vote
from hiroba.polls.tests.conftest import choice_ids
from hiroba.polls.tests.test_votes import assert_counters_match_rows

WORKERS = 16

pytestmark = pytest.mark.django_db(transaction=True)


_run_in_threads = partial(run_in_threads, workers=WORKERS, returning=(ValidationError, Refused))


def fresh(poll, actor) -> Poll:
    return access_poll(actor, poll.pk)


def test_hundred_members_voting_at_once_count_hundred(poll):
    members = [make_member(f"fan{i:03d}") for i in range(100)]
    ids = choice_ids(poll, 1, 2, 3, 4)

    results = _run_in_threads(
        [
            lambda m=m, i=i: cast_vote(actor=m, poll=fresh(poll, m), choice_ids=[ids[i % 4]])
            for i, m in enumerate(members)
        ]
    )

    assert all(isinstance(r, Poll) for r in results), results
    row = Poll.objects.get(pk=poll.pk)
    assert (row.voter_count, row.vote_count) == (100, 100)
    assert list(PollChoice.objects.filter(poll=poll).values_list("vote_count", flat=True)) == [
        25,
        25,
        25,
        25,
    ]
    assert PollVote.objects.filter(poll=poll).count() == 100
    assert Activity.objects.filter(verb=Verb.POLL_VOTE, subject_id=poll.pk).count() == 100


def test_the_same_member_voting_many_times_at_once_counts_once(poll, bob):
    ids = choice_ids(poll, 2)

    _run_in_threads(
        [lambda: cast_vote(actor=bob, poll=fresh(poll, bob), choice_ids=ids) for _ in range(40)]
    )

    row = Poll.objects.get(pk=poll.pk)
    assert (row.voter_count, row.vote_count) == (1, 1)
    assert PollVote.objects.filter(poll=poll, member=bob).count() == 1
    assert Activity.objects.filter(verb=Verb.POLL_VOTE, actor=bob).count() == 1


def test_changes_and_withdrawals_racing_keep_counters_equal_to_rows(multi_poll, bob, charlie):
    picks = [
        choice_ids(multi_poll, 1),
        choice_ids(multi_poll, 1, 2),
        choice_ids(multi_poll, 3, 4),
        choice_ids(multi_poll, 2, 4),
    ]
    calls = []
    for i in range(60):
        member = bob if i % 2 else charlie
        if i % 7 == 0:
            calls.append(lambda m=member: withdraw_vote(actor=m, poll=fresh(multi_poll, m)))
        else:
            calls.append(
                lambda m=member, p=picks[i % 4]: cast_vote(
                    actor=m, poll=fresh(multi_poll, m), choice_ids=p
                )
            )

    _run_in_threads(calls)

    assert_counters_match_rows(multi_poll)
    for member in (bob, charlie):
        assert PollVote.objects.filter(member=member).count() <= 2


def test_a_single_choice_change_race_leaves_one_row_per_member(poll, bob):
    ids = choice_ids(poll, 1, 2, 3, 4)

    _run_in_threads(
        [
            lambda i=i: cast_vote(actor=bob, poll=fresh(poll, bob), choice_ids=[ids[i % 4]])
            for i in range(40)
        ]
    )

    assert PollVote.objects.filter(poll=poll, member=bob).count() == 1
    assert_counters_match_rows(poll)


def test_votes_racing_a_close_are_either_counted_or_refused(poll, alice):
    members = [make_member(f"late{i:02d}") for i in range(30)]
    ids = choice_ids(poll, 1)
    calls = [lambda m=m: cast_vote(actor=m, poll=fresh(poll, m), choice_ids=ids) for m in members]
    calls.insert(15, lambda: close_poll(actor=alice, poll=fresh(poll, alice)))

    results = _run_in_threads(calls)

    counted = [r for r in results if isinstance(r, Poll) and r.pk == poll.pk]
    refused = [r for r in results if isinstance(r, Refused)]
    assert len(counted) + len(refused) == 31
    assert all(r.code == "poll_closed" for r in refused)
    assert_counters_match_rows(poll)
    closed_at = Poll.objects.get(pk=poll.pk).closes_at
    assert not PollVote.objects.filter(poll=poll, created_at__gt=closed_at).exists()
