"""Votes stay exact when requests arrive at once, also while staff merge a duplicate.

Real threads with their own database connections (transactional test mode): SQLite serializes
writers with IMMEDIATE transactions, PostgreSQL with the idea row's lock.
"""

from functools import partial

import pytest
from django.core.exceptions import ValidationError

from conftest import make_member, run_in_threads
from hiroba.activity.models import Activity, Verb
from hiroba.ideas.models import Idea, Status, Vote
from hiroba.ideas.services import mark_duplicate, unvote_idea, vote_idea

WORKERS = 16

pytestmark = pytest.mark.django_db(transaction=True)


_run_in_threads = partial(run_in_threads, workers=WORKERS, returning=(ValidationError,))


def fresh(idea) -> Idea:
    return Idea.objects.select_related("post").get(pk=idea.pk)


def test_hundred_members_voting_at_once_count_hundred(idea):
    members = [make_member(f"fan{i:03d}") for i in range(100)]

    results = _run_in_threads([lambda m=m: vote_idea(actor=m, idea=fresh(idea)) for m in members])

    assert results == [True] * 100
    assert fresh(idea).vote_count == 100 == Vote.objects.filter(idea=idea).count()
    assert Activity.objects.filter(verb=Verb.IDEA_VOTE, subject_id=idea.pk).count() == 100


def test_one_member_voting_many_times_at_once_counts_once(idea, bob):
    results = _run_in_threads([lambda: vote_idea(actor=bob, idea=fresh(idea)) for _ in range(40)])

    assert results.count(True) == 1 and results.count(False) == 39
    assert fresh(idea).vote_count == 1
    assert Activity.objects.filter(verb=Verb.IDEA_VOTE, actor=bob).count() == 1


def test_votes_and_withdrawals_at_once_leave_the_count_equal_to_the_rows(idea):
    members = [make_member(f"fan{i:02d}") for i in range(20)]
    for member in members[:10]:
        vote_idea(actor=member, idea=idea)

    _run_in_threads(
        [lambda m=m: unvote_idea(actor=m, idea=fresh(idea)) for m in members[:10]]
        + [lambda m=m: vote_idea(actor=m, idea=fresh(idea)) for m in members[10:]]
    )

    assert fresh(idea).vote_count == 10 == Vote.objects.filter(idea=idea).count()


def test_a_merge_while_members_vote_for_both_ideas_counts_each_member_once(idea, other_idea, mod):
    members = [make_member(f"fan{i:02d}") for i in range(24)]
    for member in members[:8]:
        vote_idea(actor=member, idea=other_idea)

    calls = [lambda m=m: vote_idea(actor=m, idea=fresh(idea)) for m in members[4:16]]
    calls += [lambda m=m: vote_idea(actor=m, idea=fresh(other_idea)) for m in members[16:]]
    calls.insert(
        8,
        lambda: mark_duplicate(
            actor=mod, idea=fresh(other_idea), original=fresh(idea), note="同じです"
        ),
    )
    results = _run_in_threads(calls)

    original, duplicate = fresh(idea), fresh(other_idea)
    assert duplicate.status == Status.DUPLICATE and duplicate.vote_count == 0
    voters = set(Vote.objects.filter(idea=original).values_list("member_id", flat=True))
    assert original.vote_count == len(voters)
    assert not Vote.objects.filter(idea=duplicate).exists()
    # Everyone who voted for either idea and was not refused (a vote for the duplicate after
    # the merge is) has exactly one vote on the original.
    late = [m for m, result in zip(members[16:], results[-8:], strict=True) if result is True]
    refused = [r for r in results[-8:] if isinstance(r, ValidationError)]
    assert len(late) + len(refused) == 8
    assert voters == {m.pk for m in members[:16] + late}
