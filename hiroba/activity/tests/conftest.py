from datetime import UTC, datetime

import pytest

# A fixed "now" for the tests that move the clock by hand: a Monday, 12:00 in Tokyo.
NOON = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)


@pytest.fixture
def health_settings(settings):
    """Round numbers, so that each expected score can be worked out by hand."""
    settings.HIROBA_HEALTH_SHORT_HALF_LIFE_DAYS = 7
    settings.HIROBA_HEALTH_LONG_HALF_LIFE_DAYS = 90
    settings.HIROBA_HEALTH_WEIGHTS = {"post": 5, "comment": 3, "reaction": 1, "visit": 0.5}
    settings.HIROBA_HEALTH_LEVELS = {"core": 100, "light": 10, "low": 1}
    settings.HIROBA_HEALTH_WARMING = {"min": 3, "ratio": 2}
    return settings


def joined(member, when):
    """Make ``member`` a member since ``when`` (their sign-up, the start of their tenure)."""
    from hiroba.accounts.models import Member
    from hiroba.activity.models import MemberHealth

    Member.objects.filter(pk=member.pk).update(date_joined=when)
    MemberHealth.objects.filter(member=member).update(since=when)
    member.date_joined = when
    return member
