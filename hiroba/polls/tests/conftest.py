"""Polls the tests share: alice asks the recipes space which tomato dish they like best."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hiroba.polls.models import Results
from hiroba.polls.services import clean_poll, publish_post_with_poll

DISHES = ["トマトのカプレーゼ", "ミネストローネ", "トマトすき焼き", "ガスパチョ"]


@pytest.fixture(autouse=True)
def _generous_rates(settings):
    # Tests vote many times as one member; the budget itself is tested in test_votes.py.
    settings.HIROBA_RATE_POST = "1000/60"
    settings.HIROBA_RATE_POLL_VOTE = "10000/60"


def make_poll(actor, space, *, title="好きなトマト料理は?", choices=DISHES, **rules):
    spec = clean_poll(choices=choices, **rules)
    post = publish_post_with_poll(
        actor=actor, space=space, title=title, body="ひとつ選んでください。", poll=spec
    )
    return post.poll


@pytest.fixture
def poll(alice, recipes):
    return make_poll(alice, recipes)


@pytest.fixture
def multi_poll(alice, recipes):
    return make_poll(
        alice,
        recipes,
        title="夏に食べたいトマト料理は? (2つまで)",
        allows_multiple=True,
        max_choices=2,
    )


@pytest.fixture
def secret_poll(alice, recipes):
    """Results only after closing, closing in a day."""
    return make_poll(
        alice,
        recipes,
        title="新商品の名前はどれがいい?",
        choices=["まるごとトマト", "完熟トマト", "朝どれトマト"],
        results=Results.AFTER_CLOSE,
        closes_at=timezone.now() + timedelta(days=1),
    )


@pytest.fixture
def restricted_poll(alice, inner_circle):
    return make_poll(alice, inner_circle, title="試作品はどちらがいい?", choices=["A", "B"])


def choice_ids(poll, *positions):
    by_position = {c.position: c.pk for c in poll.choices.all()}
    return [by_position[p] for p in positions]
