"""The demo's ideas (hiroba/demo/ideas.py), seeded as the demo seeder will call them: every status
shows, votes equal their rows, the history and the funnel dates lie in the past, in order."""

import pytest
from django.utils import timezone

from hiroba.accounts.models import Member
from hiroba.community.selectors import get_community
from hiroba.demo import people
from hiroba.demo.ideas import IDEAS, IDEAS_SPACE, seed_ideas
from hiroba.demo.seeding import Seeder
from hiroba.ideas import selectors
from hiroba.ideas.models import Idea, Status, StatusChange, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.HIROBA_RATE_POST = settings.HIROBA_RATE_COMMENT = "100000/60"
    settings.HIROBA_RATE_REACTION = "100000/60"
    seeder = Seeder(members=30, posts=0)
    demo = seeder._people_and_spaces()
    ideas = seed_ideas(seeder, demo)
    seeder._finish(demo)
    return seeder, ideas


def test_the_demo_ideas_cover_every_status_with_exact_votes(seeded):
    seeder, ideas = seeded
    assert len(ideas) == len(IDEAS)
    statuses = set(Idea.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    for idea in Idea.objects.all():
        assert idea.vote_count == Vote.objects.filter(idea=idea).count()
        assert idea.submitted_at <= idea.status_changed_at <= timezone.now()
        assert idea.submitted_at == idea.post.published_at
        changes = list(StatusChange.objects.filter(idea=idea).order_by("created_at", "id"))
        assert all(idea.submitted_at <= c.created_at <= seeder.now for c in changes)
    duplicate = Idea.objects.get(status=Status.DUPLICATE)
    assert duplicate.duplicate_of_id == ideas[0].pk and duplicate.vote_count == 0
    stats = selectors.idea_stats()
    assert stats.realized == 1 and stats.submitted == len(IDEAS) - 1
    assert stats.median_response_seconds and stats.median_response_seconds > 3600


def test_a_parked_demo_idea_is_due_for_review(seeded):
    staff = Member.objects.get(handle=people.EDITOR.handle)
    due = selectors.due_for_revisit(staff, now=timezone.now())
    assert [i.post.title for i in due.items] == [
        "English ingredient labels on the back of the bottles"
    ]


def test_the_demo_proposes_ideas_in_its_ideas_space_by_default(seeded):
    assert get_community().default_ideas_space.slug == IDEAS_SPACE[0]
