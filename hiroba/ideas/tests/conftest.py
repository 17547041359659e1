"""Ideas the idea tests share: a public ideas space, and alice's idea in it."""

import pytest

from hiroba.community.models import Visibility
from hiroba.community.services import create_space, invite_to_space
from hiroba.ideas.services import submit_idea
from hiroba.ideas.styles import forget_styles


@pytest.fixture(autouse=True)
def _fresh_styles():
    forget_styles()
    yield
    forget_styles()


@pytest.fixture(autouse=True)
def _generous_rates(settings):
    # Tests submit and vote many times as one member; the budgets are tested in posts/.
    settings.HIROBA_RATE_POST = "1000/60"
    settings.HIROBA_RATE_COMMENT = "1000/60"
    settings.HIROBA_RATE_REACTION = "10000/60"


@pytest.fixture
def secret_ideas(cm, alice, bob):
    space = create_space(
        actor=cm,
        slug="secret-ideas",
        name="モニター提案",
        visibility=Visibility.RESTRICTED,
        allows_ideas=True,
    )
    invite_to_space(actor=cm, space=space, member=alice)
    invite_to_space(actor=cm, space=space, member=bob)
    return space


@pytest.fixture
def idea(alice, ideas_space):
    return submit_idea(
        actor=alice,
        space=ideas_space,
        title="ドレッシングの小容量ボトルがほしい",
        body="一人暮らしだと使い切れないので、150mlくらいのサイズがあると嬉しいです。",
    )


@pytest.fixture
def other_idea(bob, ideas_space):
    return submit_idea(
        actor=bob,
        space=ideas_space,
        title="Smaller dressing bottles",
        body="A half-size bottle for people who live alone.",
    )


@pytest.fixture
def restricted_idea(alice, secret_ideas):
    return submit_idea(
        actor=alice, space=secret_ideas, title="試作品の味の感想を集める場所", body="ほしいです"
    )
