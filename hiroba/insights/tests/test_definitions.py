"""Every KPI against its definition on the hand-built community of conftest.py.

Each expected number is derived in a comment from the story in ``community``; the figures are
read from the rollups (``rollup_day``), never from the Activity log.
"""

import pytest

from hiroba.insights.kpis import compare, daily_series, figures, space_breakdown
from hiroba.insights.periods import Period
from hiroba.insights.rollup import rollup_days

from .conftest import D0, D1, D2, D3


@pytest.fixture
def rolled(community):
    rollup_days(D0, D3)
    return community


def test_members_count_member_accounts_only(rolled):
    f = figures(Period(D1, D3))
    # Members total: member accounts registered on or before D3: alice, bob, charlie, dave
    # (manager, mod, editor and the official account are not members).
    assert f.members_total == 4
    # New members: registered in D1..D3: dave (D2).
    assert f.new_members == 1
    assert figures(Period.day(D1)).members_total == 3


def test_active_members_dau_mau_visitors_and_stickiness(rolled):
    f = figures(Period(D1, D3))
    # Active on a day: at least one Activity row that day (visits and sign-up included), members
    # only. D1: alice, bob, charlie (3). D2: bob (visit 00:10), charlie, alice, dave (4).
    # D3: alice, bob, charlie (NPS answers), dave (question) (4).
    assert [d.active for d in daily_series(Period(D1, D3))] == [3, 4, 4]
    # DAU: the average of those over the period's days.
    assert f.dau == pytest.approx(11 / 3)
    # Active members (period): distinct members active in D1..D3.
    assert f.active_members == 4
    # MAU: distinct members active in the 30 days ending D3 (D0's sign-ups add nobody new).
    assert f.mau == 4
    # Unique visitors: distinct members with a visit row: alice, bob.
    assert f.unique_visitors == 2
    # Stickiness: DAU ÷ MAU.
    assert f.stickiness == pytest.approx((11 / 3) / 4)
    # A single day: its own DAU, and MAU still over the 30 days ending on it.
    day = figures(Period.day(D1))
    assert (day.dau, day.active_members, day.mau) == (3, 3, 3)


def test_posts_posters_comments_reactions(rolled):
    f = figures(Period(D1, D3))
    # Posts of any kind published: D1 p1, the article, q1; D2 q2, idea1; D3 q3, idea2 = 7
    # (a question or an idea is one post, however many rows its service records).
    assert f.posts == 7
    # Posters: distinct members who published one: alice, charlie, dave, bob (the article is
    # by the official account, not a member).
    assert f.posters == 4
    # Comments, answers included: D1 bob, mod, bob's answer; D2 mod's answer, alice's reply;
    # D3 alice's answer, charlie on idea1 = 7.
    assert f.comments == 7
    # Reactions given: charlie on p1, manager on bob's comment, dave on q2 = 3.
    assert f.reactions == 3
    assert [(d.posts, d.comments, d.reactions) for d in daily_series(Period(D1, D3))] == [
        (3, 3, 2),
        (2, 2, 1),
        (2, 2, 0),
    ]


def test_questions_answered_solved_and_time_to_first_answer(rolled):
    f = figures(Period(D1, D3))
    assert f.questions_asked == 3
    # First answers in the period: q1 by bob (member, 3600 s), q2 by mod (staff, 1800 s),
    # q3 by alice (member, 600 s).
    assert (f.answered_by_member, f.answered_by_staff) == (2, 1)
    # Solved (first time) in the period: q2 with mod's answer, q1 with bob's (both on D2).
    assert (f.solved_by_member, f.solved_by_staff) == (1, 1)
    # Time to first answer: median and average of 3600, 1800, 600 seconds.
    assert f.answer_median_seconds == 1800
    assert f.answer_average_seconds == pytest.approx(2000)
    d1 = figures(Period.day(D1))
    assert (d1.answered_by_member, d1.solved_by_member, d1.answer_median_seconds) == (1, 0, 3600)


def test_ideas_reuse_the_ideas_stats_definition(rolled):
    f = figures(Period(D1, D3))
    # Submitted in the period: idea1 (D2), idea2 (D3); realized now: idea1. Rate 1/2.
    assert (f.ideas_submitted, f.ideas_realized, f.realization_rate) == (2, 1, 0.5)
    assert figures(Period.day(D3)).ideas_submitted == 1


def test_nps_is_the_latest_round_opened_by_the_end_of_the_period(rolled):
    # Answers 10, 9, 3: promoters 2, detractors 1 of 3: 100 × (2 − 1) / 3 = 33.3.
    f = figures(Period(D1, D3))
    assert (f.nps, f.nps_answers, f.nps_round) == (33.3, 3, "2026年春 NPS")
    # The round opened on D3: a period ending D2 has no NPS yet.
    assert figures(Period(D1, D2)).nps is None


def test_connections_are_distinct_member_pairs(rolled):
    f = figures(Period(D1, D3))
    # Pairs {a, b}, both members, one commented on / answered / liked the other's content:
    # {alice, bob} (comment on p1, answer on q1, reply to bob's comment), {alice, charlie}
    # (like on p1, comment on idea1), {charlie, dave} (like on q2), {alice, dave} (answer on
    # q3). Staff (mod's answer, the manager's like) make no pair. 4 pairs.
    assert f.connections == 4
    # Average connections per active member: 2 × pairs ÷ active members.
    assert f.connections_per_active == pytest.approx(2 * 4 / 4)
    # D1 alone: {alice, bob}, {alice, charlie}.
    assert figures(Period.day(D1)).connections == 2


def test_stay_time_from_visit_sessions(rolled):
    f = figures(Period(D1, D3))
    # Sessions: alice 09:00–09:20 (20 + 5 min), alice 11:00 (a gap over 30 minutes: 5 min),
    # bob 23:50 on D1 (5 min), bob 00:10 on D2 (a new day: 5 min).
    assert f.sessions == 4
    assert f.stay_total_seconds == (25 + 5 + 5 + 5) * 60
    assert f.stay_average_seconds == pytest.approx(10 * 60)


def test_previous_period_is_the_same_length_right_before(rolled):
    current, previous = compare(Period(D2, D3))
    assert (previous.start, previous.end) == (D0, D1)
    # D0: the registrations only; D1 as above.
    assert previous.new_members == 6 - 3  # alice, bob, charlie on D0 (staff not counted)
    assert previous.posts == 3
    assert current.posts == 4


def test_space_breakdown(rolled):
    rows = {row.name: row for row in space_breakdown(Period(D1, D3))}
    # レシピ: p1 and q2; comments bob, mod, mod's answer, alice's reply; likes charlie, manager,
    # dave; active members alice, bob, charlie, dave (the staff are not members).
    recipes = rows["レシピ"]
    assert (recipes.active_members, recipes.posters, recipes.posts) == (4, 2, 2)
    assert (recipes.comments, recipes.reactions) == (4, 3)
    assert (recipes.questions_asked, recipes.answered, recipes.solved) == (1, 1, 1)
    # 雑談: q1 (alice), bob's answer, alice accepts; q3 (dave), alice's answer.
    lounge = rows["雑談"]
    assert (lounge.active_members, lounge.posters, lounge.posts, lounge.comments) == (3, 2, 2, 2)
    assert (lounge.questions_asked, lounge.answered, lounge.solved) == (2, 2, 1)
    # アイデア: idea1 (alice), idea2 (bob), charlie's comment.
    ideas = rows["アイデア"]
    assert (ideas.active_members, ideas.posters, ideas.posts, ideas.comments) == (3, 2, 2, 1)


def test_members_per_level_come_from_the_health_score(community, clock):
    from datetime import timedelta

    from hiroba.accounts.models import Member
    from hiroba.activity.health import level_counts
    from hiroba.activity.health.batch import recompute_health
    from hiroba.insights.rollup import rollup_day, rollup_recent

    # Live (the hourly job, today): level_counts at the time of the run.
    clock.at(D3, 18)
    rollup_recent()
    levels = figures(Period.day(D3)).levels
    assert levels == level_counts(now=clock.now)
    # Members only, as every KPI: alice, bob, charlie and dave (staff and the official account
    # are left out).
    members = Member.objects.filter(role="member", is_official=False).count()
    assert sum(levels.values()) == members == 4
    assert levels["dormant"] < members  # the story's members are not dormant
    # A past day rebuilt: the health job's snapshot of the next morning (00:05), if any.
    clock.at(D2 + timedelta(days=1), 0, 5)
    recompute_health(now=clock.now)
    rollup_day(D2)
    assert figures(Period.day(D2)).levels == level_counts(now=clock.now)
    # Without a snapshot, a rebuilt day keeps what the job had stored.
    rollup_day(D3)
    assert figures(Period.day(D3)).levels == levels
