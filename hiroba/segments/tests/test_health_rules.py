"""Conditions on engagement now (hiroba.activity.health), at a fixed moment T, with round test
settings so that each score can be worked out by hand: a post weighs 5, a comment 3, a visit
0.5; long-term half-life 90 days, short-term 7; core ≥ 100, light ≥ 10, low ≥ 1, else dormant;
warming up: short-term score ≥ 3 and short-term pace ≥ 2 × the long-term pace (each member
joined a year before T).

  member  activity                       long-term score at T        level    warming
  kenji   30 posts 30 days before T      150·2^(−30/90) ≈ 119         core     no
  mina    4 posts 20 days before T       20·2^(−20/90)  ≈ 17.1        light    no
  sora    3 posts 2 hours before T       15·2^(−2h/90d) ≈ 14.99       light    yes
  taro    1 comment 10 days before T     3·2^(−10/90)   ≈ 2.78        low      no
  yuki    nothing at all (no health row) 0                            dormant  no
"""

from datetime import UTC, datetime, timedelta

import pytest

from conftest import make_member
from hiroba.activity.models import MemberHealth, Verb
from hiroba.activity.services import record_activity
from hiroba.segments import selectors, services
from hiroba.segments.rules import parse_rules

pytestmark = pytest.mark.django_db

T = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)  # 12:00 in Tokyo
DAY = timedelta(days=1)


@pytest.fixture
def people(settings):
    settings.HIROBA_HEALTH_SHORT_HALF_LIFE_DAYS = 7
    settings.HIROBA_HEALTH_LONG_HALF_LIFE_DAYS = 90
    settings.HIROBA_HEALTH_WEIGHTS = {"post": 5, "comment": 3, "reaction": 1, "visit": 0.5}
    settings.HIROBA_HEALTH_LEVELS = {"core": 100, "light": 10, "low": 1}
    settings.HIROBA_HEALTH_WARMING = {"min": 3, "ratio": 2}
    members = {h: make_member(h) for h in ("kenji", "mina", "sora", "taro", "yuki")}
    for member in members.values():  # members for a year: warming up compares their own paces
        member.date_joined = T - 365 * DAY
        member.save(update_fields=["date_joined"])
    # Forget the sign-ups (they happened "now", after T): each member's history starts below.
    MemberHealth.objects.all().delete()

    def act(handle, verb, at, times=1):
        for _ in range(times):
            record_activity(actor=members[handle], verb=verb, at=at)

    act("kenji", Verb.POST, T - 30 * DAY, times=30)
    act("mina", Verb.POST, T - 20 * DAY, times=4)
    act("sora", Verb.POST, T - timedelta(hours=2), times=3)
    act("taro", Verb.COMMENT, T - 10 * DAY)
    return members


def handles(rules) -> set[str]:
    found = selectors.members_matching(parse_rules(rules), now=T)
    return set(found.values_list("handle", flat=True))


def test_activity_level(people):
    assert handles([{"type": "level", "levels": ["core"]}]) == {"kenji"}
    assert handles([{"type": "level", "levels": ["light"]}]) == {"mina", "sora"}
    assert handles([{"type": "level", "levels": ["low", "dormant"]}]) == {"taro", "yuki"}


def test_score_from_min_up_to_not_including_max(people):
    # sora's 15 has decayed for two hours: just below 15.
    assert handles([{"type": "score", "min": 15, "max": 120}]) == {"kenji", "mina"}
    assert handles([{"type": "score", "min": 14, "max": 120}]) == {"kenji", "mina", "sora"}
    assert handles([{"type": "score", "min": 17, "max": 18}]) == {"mina"}
    # Never active members score 0: "below 3" includes them.
    assert handles([{"type": "score", "max": 3}]) == {"taro", "yuki"}


def test_warming_up(people):
    assert handles([{"type": "warming"}]) == {"sora"}


def test_last_visit_in_community_days(people):
    # taro was active on May 22 (Tokyo): within the last 11 days of June 1, not the last 10.
    assert "taro" in handles([{"type": "last_active", "within_days": 11}])
    assert "taro" not in handles([{"type": "last_active", "within_days": 10}])
    assert handles([{"type": "last_active", "within_days": 1}]) == {"sora"}
    # Not within the last 7 days: taro, kenji, mina, and yuki who was never active.
    assert handles([{"type": "last_active", "not_within_days": 7}]) == {
        "kenji",
        "mina",
        "taro",
        "yuki",
    }
    # Drifting away: active in the last 25 days, but not the last 7.
    drifting = [{"type": "last_active", "within_days": 25, "not_within_days": 7}]
    assert handles(drifting) == {"mina", "taro"}


@pytest.mark.parametrize(
    "rule",
    [
        {"type": "level", "levels": ["vip"]},
        {"type": "score", "min": 5, "max": 5},
        {"type": "score", "min": "NaN"},
        {"type": "score", "min": -1},
        {"type": "score"},
        {"type": "warming", "on": True},
        {"type": "last_active"},
        {"type": "last_active", "within_days": 0},
        {"type": "last_active", "within_days": 7, "not_within_days": 7},
    ],
)
def test_invalid_health_conditions_are_refused(people, rule):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        parse_rules([rule])
    assert rule["type"] in caught.value.message_dict


def test_member_rows_show_level_and_last_activity(people, cm):
    light = [{"type": "level", "levels": ["light"]}]
    segment = services.create_segment(actor=cm, name="light", rules=light)
    page = selectors.member_page(segment, now=T)
    rows = {row.handle: row for row in page.items}
    assert set(rows) == {"mina", "sora"}
    assert rows["mina"].level == "light"
    assert rows["sora"].last_active_at == T - timedelta(hours=2)


@pytest.mark.parametrize("share", [0.0, 1.0])
def test_level_means_the_same_whichever_plan_is_hinted(people, monkeypatch, share):
    """Broad levels are read members first, narrow ones from the health index: same members."""
    from hiroba.segments.rules import health

    monkeypatch.setattr(health, "BROAD_SHARE", share)
    assert handles([{"type": "level", "levels": ["light"]}]) == {"mina", "sora"}
    assert handles([{"type": "level", "levels": ["core", "dormant"]}]) == {"kenji", "yuki"}
