"""The batch jobs: the rebuild from Activity equals the per-activity updates, and the nightly
recompute stores each member's level and the day's counts."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from conftest import make_member
from hiroba.activity import health
from hiroba.activity.health.batch import rebuild_due, rebuild_health, recompute_health
from hiroba.activity.models import Activity, HealthState, Level, LevelSnapshot, MemberHealth, Verb
from hiroba.activity.services import record_activity
from hiroba.activity.tests.conftest import NOON, joined

pytestmark = pytest.mark.usefixtures("health_settings")
DAY = timedelta(days=1)


def act(member, verb, at, times=1):
    for _ in range(times):
        record_activity(actor=member, verb=verb, at=at)


def stored():
    return {
        row.member_id: (row.short_ln, row.long_ln, row.last_active_at)
        for row in MemberHealth.objects.all()
    }


@pytest.fixture
def history(alice, bob, charlie):
    act(alice, Verb.POST, NOON - 400 * DAY, times=30)
    act(alice, Verb.COMMENT, NOON - 3 * DAY, times=4)
    act(bob, Verb.REACTION, NOON - 40 * DAY)
    act(bob, Verb.VISIT, NOON - DAY)
    act(charlie, Verb.SPACE_JOIN, NOON - 2 * DAY)  # no weight: last activity only
    record_activity(actor=None, verb=Verb.ARTICLE_READ, at=NOON)
    return alice, bob, charlie


def test_a_rebuild_gives_back_the_scores_the_updates_made(history):
    incremental = stored()
    MemberHealth.objects.all().delete()

    result = rebuild_health(activity_chunk=3, member_batch=2)  # many small batches

    rebuilt = stored()
    assert rebuilt.keys() == incremental.keys()
    for member_id, (short, long, last) in incremental.items():
        r_short, r_long, r_last = rebuilt[member_id]
        assert r_last == last
        assert (r_short is None) == (short is None)
        if short is not None:
            assert r_short == pytest.approx(short, abs=1e-9)
            assert r_long == pytest.approx(long, abs=1e-9)
    assert result.members == len(incremental)
    assert result.activity_rows == Activity.objects.count()


def test_a_rebuild_applies_new_weights_to_the_whole_history(history, settings):
    alice = history[0]
    assert health.scores_for(alice, now=NOON).level == Level.LIGHT
    rebuild_health()
    assert not rebuild_due()
    settings.HIROBA_HEALTH_WEIGHTS = {"post": 50, "comment": 3}
    assert rebuild_due()

    rebuild_health()

    # 30 posts 400 days ago now weigh 1500·2^(-400/90), plus 4 comments of 3 days ago.
    expected = 1500 * 2 ** (-400 / 90) + 12 * 2 ** (-3 / 90)
    assert health.scores_for(alice, now=NOON).long == pytest.approx(expected, rel=1e-9)
    assert not rebuild_due()


def test_a_rebuild_clears_sums_whose_verbs_lost_their_weight(history, settings):
    bob = history[1]
    settings.HIROBA_HEALTH_WEIGHTS = {"post": 5}
    rebuild_health()
    row = MemberHealth.objects.get(member=bob)
    assert (row.short_ln, row.long_ln) == (None, None)
    latest = Activity.objects.filter(actor=bob).order_by("-created_at").first().created_at
    assert row.last_active_at == latest  # the sign-up, today


def test_the_recompute_stores_levels_and_remembers_the_previous_one(history):
    alice, bob, charlie = history
    first = recompute_health(now=NOON)
    assert MemberHealth.objects.get(member=alice).level == Level.LIGHT
    assert MemberHealth.objects.get(member=bob).level == Level.LOW
    assert MemberHealth.objects.get(member=charlie).level == Level.DORMANT
    assert first.counts == health.level_counts(now=NOON)

    later = NOON + 300 * DAY  # alice's 30 old posts and 4 comments have faded below 10
    second = recompute_health(now=later)

    row = MemberHealth.objects.get(member=alice)
    assert (row.previous_level, row.level, row.level_since) == (Level.LIGHT, Level.LOW, later)
    assert second.changed == 2  # alice light → low, bob low → dormant
    assert recompute_health(now=later).changed == 0  # nothing to do a second time


def test_a_rebuild_sets_each_tenure_from_sign_up_or_first_activity(history):
    bob = history[1]
    joined(bob, NOON - 900 * DAY)  # signed up long before his first activity
    MemberHealth.objects.all().delete()

    rebuild_health()

    since = dict(MemberHealth.objects.values_list("member__handle", "since"))
    assert since["alice"] == NOON - 400 * DAY  # imported history older than the account
    assert since["bob"] == NOON - 900 * DAY
    assert since["charlie"] == NOON - 2 * DAY  # his space join, before his account's date


def test_the_recompute_writes_the_days_counts(history):
    alice = history[0]
    act(alice, Verb.POST, NOON)
    recompute_health(now=NOON)
    recompute_health(now=NOON + timedelta(hours=1))  # the same Tokyo day: one row

    snapshot = LevelSnapshot.objects.get()
    assert snapshot.day == NOON.date()
    counts = health.level_counts(now=NOON + timedelta(hours=1))
    assert (snapshot.core, snapshot.light, snapshot.low, snapshot.dormant) == tuple(counts.values())
    assert snapshot.warming == 1  # alice, back with a post after 400 quiet days


def test_the_command_rebuilds_and_recomputes(history, capsys):
    MemberHealth.objects.all().delete()
    call_command("health", "--rebuild")
    out = capsys.readouterr().out
    assert "rebuilt 3 members' scores" in out and "levels now:" in out
    assert HealthState.objects.get().fingerprint == health.current().fingerprint


def test_the_recompute_alone_says_when_a_rebuild_is_due(history, settings, capsys):
    rebuild_health()
    settings.HIROBA_HEALTH_LONG_HALF_LIFE_DAYS = 30
    call_command("health", "--recompute")
    assert "hiroba health --rebuild" in capsys.readouterr().err


def test_a_rebuild_counts_activity_recorded_after_it_read_the_table(alice, settings):
    """Rows after the mark are read again, per batch of members, under the scores' lock."""
    act(alice, Verb.POST, NOON - DAY)
    expected = stored()
    mark = Activity.objects.order_by("-id").first().pk
    late = make_member("latecomer")
    act(late, Verb.COMMENT, NOON)  # ids after the mark, like rows recorded during the read
    expected.update({k: v for k, v in stored().items() if k == late.pk})
    MemberHealth.objects.all().delete()

    rebuild_health(activity_chunk=max(1, mark // 2))

    got = stored()
    assert got.keys() == expected.keys()
    assert got[late.pk][1] == pytest.approx(expected[late.pk][1], abs=1e-9)
