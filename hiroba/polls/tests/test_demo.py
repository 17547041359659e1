"""The demo's polls (hiroba/demo/polls.py) through a small seeded community."""

import pytest

from hiroba.activity.models import Activity, Verb
from hiroba.demo.seeding import Seeder
from hiroba.polls.models import Poll
from hiroba.polls.tests.test_votes import assert_counters_match_rows


@pytest.fixture
def seeded(db, settings):
    settings.HIROBA_RATE_POST = settings.HIROBA_RATE_COMMENT = "100000/60"
    settings.HIROBA_RATE_REACTION = "100000/60"
    seeder = Seeder(members=30)  # its run() calls seed_polls
    seeder.run()
    return seeder


def test_the_demo_polls_have_votes_that_add_up(seeded):
    polls = {p.post.title: p for p in Poll.objects.select_related("post")}
    assert set(polls) == {
        "好きなトマト料理は?",
        "新しいドレッシングの名前、どれがいい?",
        "Which day works best for the online cooking class?",
    }
    assert sum(p.voter_count for p in polls.values()) > 10
    for poll in polls.values():
        assert_counters_match_rows(poll)
    assert polls["新しいドレッシングの名前、どれがいい?"].post.kind == "article"
    assert polls["Which day works best for the online cooking class?"].is_closed()
    assert not polls["好きなトマト料理は?"].is_closed()
    # Votes happened in the past, with the rest of the demo.
    votes = Activity.objects.filter(verb=Verb.POLL_VOTE)
    assert votes.count() == sum(p.voter_count for p in polls.values())
    assert all(v.created_at < seeded.now for v in votes)
