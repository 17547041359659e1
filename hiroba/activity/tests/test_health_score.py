"""The health score "now": decayed sums, the O(1) update, levels and warming up.

Definitions checked here (docs/health.md): with half-life h, an activity of weight w at time t
counts w·2^(−(now − t)/h) now; the short-term score uses h = 7 days, the long-term one 90 days
(test settings); the level follows the long-term score (core ≥ 100, light ≥ 10, low ≥ 1, else
dormant); warming up is a short-term score ≥ 3 and a short-term rate per day of half-life ≥ 2×
the long-term one.
"""

import math
import sqlite3
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_member
from hiroba.accounts.models import Member
from hiroba.activity import health
from hiroba.activity.health import maths
from hiroba.activity.health import sqlite as health_sqlite
from hiroba.activity.health.updates import _merge
from hiroba.activity.models import Activity, Level, MemberHealth, Verb
from hiroba.activity.services import record_activity
from hiroba.activity.tests.conftest import NOON, joined
from hiroba.posts.services import publish_post

pytestmark = pytest.mark.usefixtures("health_settings")
DAY = timedelta(days=1)


def act(member, verb, at, times=1):
    for _ in range(times):
        record_activity(actor=member, verb=verb, at=at)


def members(q):
    return set(Member.objects.filter(q).values_list("handle", flat=True))


def test_scores_decay_as_worked_out_by_hand(alice):
    MemberHealth.objects.filter(member=alice).delete()  # forget the sign-up (weight 0 here)
    act(alice, Verb.POST, NOON)
    act(alice, Verb.COMMENT, NOON + 3 * DAY)
    act(alice, Verb.VISIT, NOON + 4 * DAY)

    scores = health.scores_for(alice, now=NOON + 10 * DAY)

    # 5 posted 10 days ago, 3 commented 7 days ago, 0.5 visited 6 days ago.
    short = 5 * 2 ** (-10 / 7) + 3 * 2 ** (-7 / 7) + 0.5 * 2 ** (-6 / 7)
    long = 5 * 2 ** (-10 / 90) + 3 * 2 ** (-7 / 90) + 0.5 * 2 ** (-6 / 90)
    assert scores.short == pytest.approx(short, rel=1e-12)  # 3.6260…
    assert scores.long == pytest.approx(long, rel=1e-12)  # 7.9363…
    assert scores.level == Level.LOW
    assert scores.last_active_at == NOON + 4 * DAY


def test_a_member_who_never_did_anything_scores_zero_and_is_dormant(alice):
    MemberHealth.objects.filter(member=alice).delete()
    assert health.scores_for(alice, now=NOON) == (0.0, 0.0, Level.DORMANT, None)
    assert members(health.level_q([Level.DORMANT], now=NOON)) == {"alice"}


def test_one_activity_adds_exactly_its_weight_at_its_time(alice, recipes):
    before = health.scores_for(alice)

    post = publish_post(actor=alice, space=recipes, body="トマトの肉詰め")

    at = Activity.objects.get(verb=Verb.POST, subject_id=post.pk).created_at
    after = health.scores_for(alice, now=at)
    decay = (at - (before.last_active_at or at)).total_seconds()
    short_before = before.short * math.exp(-decay / health.current().short_tau)
    assert after.short - short_before == pytest.approx(5, rel=1e-9)
    assert after.last_active_at == at


def test_the_update_is_one_statement_however_long_the_history(alice, bob):
    act(alice, Verb.COMMENT, NOON - 300 * DAY, times=200)
    MemberHealth.objects.filter(member=bob).delete()

    for member in (alice, bob):  # a long history, and no row at all yet
        with CaptureQueriesContext(connection) as queries:
            record_activity(actor=member, verb=Verb.REACTION, at=NOON)
        writes = [q["sql"] for q in queries if not q["sql"].startswith(("BEGIN", "SAVEPOINT"))]
        assert len(writes) == 2  # the upsert of the member's row, the Activity row
        assert "ON CONFLICT" in writes[0]
        assert "activity_memberhealth" in writes[0]


def test_anonymous_activity_changes_no_score(db):
    record_activity(actor=AnonymousUser(), verb=Verb.ARTICLE_READ)
    record_activity(actor=None, verb=Verb.POST)
    assert Activity.objects.count() == 2
    assert not MemberHealth.objects.exists()


def test_a_verb_without_weight_moves_the_last_activity_only(alice):
    MemberHealth.objects.filter(member=alice).delete()
    act(alice, Verb.POST, NOON)
    before = MemberHealth.objects.get(member=alice)

    act(alice, Verb.SPACE_JOIN, NOON + DAY)  # not in the test weights

    after = MemberHealth.objects.get(member=alice)
    assert (after.short_ln, after.long_ln) == (before.short_ln, before.long_ln)
    assert after.last_active_at == NOON + DAY


def test_an_activity_older_than_the_last_one_does_not_move_the_last_activity_back(alice):
    MemberHealth.objects.filter(member=alice).delete()
    act(alice, Verb.POST, NOON)
    act(alice, Verb.POST, NOON - 30 * DAY)
    assert health.scores_for(alice, now=NOON).last_active_at == NOON


def test_weights_and_half_lives_come_from_the_settings(alice, settings):
    MemberHealth.objects.filter(member=alice).delete()
    settings.HIROBA_HEALTH_WEIGHTS = {"post": 8}
    settings.HIROBA_HEALTH_SHORT_HALF_LIFE_DAYS = 2
    act(alice, Verb.POST, NOON)
    assert health.scores_for(alice, now=NOON + 4 * DAY).short == pytest.approx(8 / 4)


def test_level_thresholds_come_from_the_settings(alice, settings):
    MemberHealth.objects.filter(member=alice).delete()
    act(alice, Verb.POST, NOON, times=3)  # long-term score 15 now
    assert health.scores_for(alice, now=NOON).level == Level.LIGHT

    settings.HIROBA_HEALTH_LEVELS = {"core": 12, "light": 5, "low": 1}

    assert health.scores_for(alice, now=NOON).level == Level.CORE
    assert members(health.level_q(Level.CORE, now=NOON)) == {"alice"}


def test_a_dormant_core_member_drops_a_level_when_the_decay_says(alice, bob):
    """40 posts (200) at NOON, then silence: the long-term score halves every 90 days, so it
    crosses core (100) after 90 days, light (10) after 90·log2(20) ≈ 389 days and low (1)
    after 90·log2(200) ≈ 688 days."""
    MemberHealth.objects.filter(member=alice).delete()
    act(alice, Verb.POST, NOON, times=40)
    crossings = {
        Level.CORE: 90.0,
        Level.LIGHT: 90 * math.log2(20),
        Level.LOW: 90 * math.log2(200),
    }
    expected_after = {Level.CORE: Level.LIGHT, Level.LIGHT: Level.LOW, Level.LOW: Level.DORMANT}

    for level, days in crossings.items():
        before, after = NOON + (days - 0.01) * DAY, NOON + (days + 0.01) * DAY
        assert health.scores_for(alice, now=before).level == level
        assert "alice" in members(health.level_q([level], now=before))
        assert health.level_counts(now=before)[level] == 1

        assert health.scores_for(alice, now=after).level == expected_after[level]
        assert "alice" not in members(health.level_q([level], now=after))
        assert "alice" in members(health.level_q([expected_after[level]], now=after))
        assert health.level_counts(now=after)[level] == 0


def test_level_counts_put_members_without_a_row_among_the_dormant(alice, bob, charlie):
    MemberHealth.objects.filter(member__in=[alice, bob]).delete()
    act(alice, Verb.POST, NOON, times=30)  # 150: core
    act(bob, Verb.POST, NOON)  # 5: low
    MemberHealth.objects.filter(member=charlie).delete()  # no row at all

    counts = health.level_counts(now=NOON)

    assert counts == {"core": 1, "light": 0, "low": 1, "dormant": 1}
    assert list(counts) == ["core", "light", "low", "dormant"]
    assert members(health.level_q([Level.CORE, Level.LOW], now=NOON)) == {"alice", "bob"}
    assert members(health.level_q([Level.DORMANT], now=NOON)) == {"charlie"}


def test_score_q_selects_by_the_long_term_score_now(alice, bob, charlie):
    MemberHealth.objects.filter(member__in=[alice, bob, charlie]).delete()
    act(alice, Verb.POST, NOON, times=4)  # 20
    act(bob, Verb.POST, NOON)  # 5

    assert members(health.score_q(min_score=10, now=NOON)) == {"alice"}
    assert members(health.score_q(min_score=4, max_score=19, now=NOON)) == {"bob"}
    assert members(health.score_q(max_score=5, now=NOON)) == {"charlie"}
    # 90 days later alice's 20 is 10: still ≥ 10, then below it.
    assert members(health.score_q(min_score=10, now=NOON + 89 * DAY)) == {"alice"}
    assert members(health.score_q(min_score=10, now=NOON + 91 * DAY)) == set()


def test_a_member_back_after_months_of_silence_is_warming_up_the_same_day(alice, bob):
    MemberHealth.objects.filter(member__in=[alice, bob]).delete()
    joined(alice, NOON - 730 * DAY)  # a member for two years
    act(alice, Verb.POST, NOON - 200 * DAY, times=20)  # busy long ago, then silent
    morning = NOON - timedelta(hours=3)  # 09:00 in Tokyo
    assert "alice" not in members(health.warming_q(now=morning))

    act(alice, Verb.POST, morning)

    evening = NOON + timedelta(hours=11)  # 23:00 in Tokyo, the same day
    assert members(health.warming_q(now=evening)) == {"alice"}
    listed = health.warming_members(limit=10, now=evening)
    assert [(w.member.handle, round(w.short, 2)) for w in listed] == [
        ("alice", round(5 * 2 ** (-14 / 168), 2))
    ]


def test_a_steady_member_is_not_warming_up(alice):
    MemberHealth.objects.filter(member=alice).delete()
    for week in range(52):  # a post every week for a year, the last one today
        act(alice, Verb.POST, NOON - week * 7 * DAY)
    scores = health.scores_for(alice, now=NOON)
    assert scores.short >= 3
    assert "alice" not in members(health.warming_q(now=NOON))


def test_a_steady_member_of_a_young_community_is_not_warming_up(alice):
    """Warming up compares paces, each sum divided by what the member's tenure T allows it to
    hold: short/(τs·(1 − e^(−T/τs))) ≥ 2 × long/(τl·(1 − e^(−T/τl)))."""
    MemberHealth.objects.filter(member=alice).delete()
    joined(alice, NOON - 60 * DAY)  # the community opened two months ago
    for day in range(0, 60, 2):  # a post every other day since, the last one today
        act(alice, Verb.POST, NOON - day * DAY)
    scores = health.scores_for(alice, now=NOON)
    # The rule without the tenure (rates per day of half-life) would call her warming up:
    assert scores.short / 7 >= 2 * scores.long / 90
    assert "alice" not in members(health.warming_q(now=NOON))
    assert health.warming_members(limit=10, now=NOON) == []


def test_a_newcomer_is_warming_up_only_when_their_pace_rises(alice, bob):
    MemberHealth.objects.filter(member__in=[alice, bob]).delete()
    for member in (alice, bob):
        joined(member, NOON - 30 * DAY)
        for week in range(4, 0, -1):  # a like a week since they joined
            act(member, Verb.REACTION, NOON - week * 7 * DAY)
    assert members(health.warming_q(now=NOON)) == set()

    act(alice, Verb.POST, NOON - DAY, times=3)  # alice steps up: three posts yesterday
    act(bob, Verb.COMMENT, NOON)  # bob comments once: short ≥ 3, his pace ×1.7 only
    assert health.scores_for(bob, now=NOON).short >= 3

    assert members(health.warming_q(now=NOON)) == {"alice"}
    assert [w.member.handle for w in health.warming_members(limit=10, now=NOON)] == ["alice"]


def test_a_newcomers_first_burst_is_their_usual_pace(alice):
    MemberHealth.objects.filter(member=alice).delete()
    joined(alice, NOON - 2 * DAY)
    act(alice, Verb.POST, NOON - DAY, times=4)  # all they have done, since they joined
    assert "alice" not in members(health.warming_q(now=NOON))


def test_a_visit_alone_is_not_warming_up(alice):
    MemberHealth.objects.filter(member=alice).delete()
    act(alice, Verb.VISIT, NOON)
    assert "alice" not in members(health.warming_q(now=NOON))


def test_the_warming_list_is_paged_by_its_cursor(db):
    people = [make_member(f"fan{i}") for i in range(5)]
    # Members for a year, silent until now: each comment makes them warm up.
    Member.objects.filter(pk__in=[p.pk for p in people]).update(date_joined=NOON - 365 * DAY)
    people = list(Member.objects.filter(pk__in=[p.pk for p in people]).order_by("pk"))
    for i, member in enumerate(people):
        act(member, Verb.COMMENT, NOON, times=1 + i)
    act(people[0], Verb.COMMENT, NOON)  # fan0 ties with fan1: the member id breaks the tie

    first = health.warming_members(limit=3, now=NOON)
    second = health.warming_members(limit=3, after=first[-1].cursor, now=NOON)

    assert [w.member.handle for w in first] == ["fan4", "fan3", "fan2"]
    assert [w.member.handle for w in second] == ["fan1", "fan0"]
    assert health.warming_members(limit=3, after="not-a-cursor", now=NOON) == []


def test_the_warming_list_costs_one_query(alice, bob, django_assert_num_queries):
    joined(alice, NOON - 365 * DAY)
    joined(bob, NOON - 365 * DAY)
    act(alice, Verb.POST, NOON)
    act(bob, Verb.POST, NOON)
    with django_assert_num_queries(1):
        listed = health.warming_members(limit=10, now=NOON)
        assert {w.member.display_name for w in listed} == {"アリス", "Bob"}


def test_score_history_has_one_point_per_day_from_the_members_own_rows(alice):
    MemberHealth.objects.filter(member=alice).delete()
    act(alice, Verb.POST, NOON - 200 * DAY, times=4)  # before the window
    act(alice, Verb.POST, NOON - 10 * DAY)
    act(alice, Verb.COMMENT, NOON - 2 * DAY)

    points = health.score_history(alice, days=30, now=NOON)

    assert len(points) == 30
    assert points[-1].day == NOON.date() and points[0].day == (NOON - 29 * DAY).date()
    # The end of the day 5 days ago (Tokyo midnight = 15:00 UTC): only the old posts and the
    # post of 10 days ago count then.
    end = NOON - 5 * DAY + timedelta(hours=12)
    long = 20 * 2 ** (-(end - (NOON - 200 * DAY)) / (90 * DAY)) + 5 * 2 ** (
        -(end - (NOON - 10 * DAY)) / (90 * DAY)
    )
    assert points[-6].long == pytest.approx(long, rel=1e-9)
    assert points[-1].short == pytest.approx(health.scores_for(alice, now=NOON).short)


def test_score_history_costs_two_queries(alice, django_assert_num_queries):
    act(alice, Verb.POST, NOON - DAY)
    with django_assert_num_queries(2):
        health.score_history(alice, days=90, now=NOON)


def test_the_python_fallbacks_of_ln_and_exp_give_sqlites_results():
    """A SQLite built without math functions gets these: the merge SQL must give the same."""
    raw = sqlite3.connect(":memory:")
    raw.create_function("ln", 1, health_sqlite._ln, deterministic=True)
    raw.create_function("exp", 1, health_sqlite._exp, deterministic=True)
    raw.execute("CREATE TABLE h (k INTEGER PRIMARY KEY, v REAL)")
    sql = f"INSERT INTO h VALUES (1, ?) ON CONFLICT (k) DO UPDATE SET v = {_merge('h', 'v')}"
    for value in (math.log(5), math.log(3), None, math.log(2)):
        raw.execute(sql, [value])
    (stored,) = raw.execute("SELECT v FROM h").fetchone()
    assert math.exp(stored) == pytest.approx(10)
    assert health_sqlite._ln(0) is None and health_sqlite._exp(1000) == math.inf
    assert maths.add_ln(maths.add_ln(math.log(5), None), math.log(5)) == pytest.approx(math.log(10))


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HIROBA_HEALTH_LEVELS", {"core": 100, "light": 10, "low": 1, "cor": 500}),
        ("HIROBA_HEALTH_LEVELS", {"core": 10, "light": 100, "low": 1}),
        ("HIROBA_HEALTH_WARMING", {"min": 3, "ratio": 2, "minimum": 5}),
        ("HIROBA_HEALTH_SHORT_HALF_LIFE_DAYS", 0),
    ],
)
def test_a_bad_setting_stops_with_a_clear_error(settings, name, value):
    from django.core.exceptions import ImproperlyConfigured

    setattr(settings, name, value)
    with pytest.raises(ImproperlyConfigured):
        health.current()


def test_the_environment_overrides_single_weights_and_refuses_a_bad_entry(monkeypatch):
    from config.env import ImproperlyConfiguredEnv
    from config.settings import _env_numbers

    monkeypatch.setenv("HIROBA_TEST_WEIGHTS", "post=8, visit=0")
    assert _env_numbers("HIROBA_TEST_WEIGHTS", {"post": 5, "comment": 3}) == {
        "post": 8,
        "comment": 3,
        "visit": 0,
    }
    for bad in ("post", "post=lots", "=4"):
        monkeypatch.setenv("HIROBA_TEST_WEIGHTS", bad)
        with pytest.raises(ImproperlyConfiguredEnv):
            _env_numbers("HIROBA_TEST_WEIGHTS", {})
