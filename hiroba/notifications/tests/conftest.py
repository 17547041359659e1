"""What the notification tests share: test verbs registered as an app would, posts to notify about."""

import pytest
from django.utils.translation import gettext_lazy

from hiroba.accounts.models import Role
from hiroba.notifications.messages import Category, register
from hiroba.posts.services import publish_post

# Messages the catalog already translates, so the reader's language shows in the tests.
SUSPENDED = "test_suspended"
ROLE = "test_role"
FOLLOWED = "test_followed"


def _role_label(value):
    return Role(value).label


register(SUSPENDED, gettext_lazy("%(name)s is suspended."), category=Category.OWN)
register(
    ROLE,
    gettext_lazy("%(name)s is now %(role)s."),
    category=Category.OWN,
    formatters={"role": _role_label},
)
register(FOLLOWED, gettext_lazy("The official account %(name)s is created."), category="following")


@pytest.fixture(autouse=True)
def _generous_rates(settings):
    settings.HIROBA_RATE_POST = "1000/60"
    settings.HIROBA_RATE_COMMENT = "1000/60"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the after-commit callbacks (the notification jobs) when the block ends."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def alice_post(alice, recipes):
    return publish_post(actor=alice, space=recipes, title="ゆず胡椒のパスタ", body="作りました")
