"""Questions the Q&A tests share: alice asks in the public recipes space."""

import pytest

from hiroba.qa.services import ask_question


@pytest.fixture(autouse=True)
def _generous_rates(settings):
    # Tests ask and answer many times as one member; the budgets are tested in posts/.
    settings.HIROBA_RATE_POST = "1000/60"
    settings.HIROBA_RATE_COMMENT = "1000/60"


@pytest.fixture
def question(alice, recipes):
    return ask_question(
        actor=alice,
        space=recipes,
        title="ゆず塩ドレッシングの賞味期限は開封後どのくらい?",
        body="冷蔵庫で保存しています。開けてから一か月たっても使えますか?",
    )


@pytest.fixture
def restricted_question(alice, inner_circle):
    return ask_question(
        actor=alice,
        space=inner_circle,
        title="試作品の感想はどこに書けばいい?",
        body="教えてください",
    )
