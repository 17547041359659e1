"""The score's upsert is exact when one member's activities arrive at once.

Real threads with their own connections (transactional test mode): SQLite serializes writers
with IMMEDIATE transactions, PostgreSQL locks the member's row in ON CONFLICT DO UPDATE.
"""

import math

import pytest
from django.db import transaction

from conftest import make_member, run_in_threads
from hiroba.activity import health
from hiroba.activity.health.batch import rebuild_health
from hiroba.activity.models import Activity, MemberHealth, Verb
from hiroba.activity.services import record_activity

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("health_settings")]


def _expected_long(member, now):
    tau = health.current().long_tau
    weights = health.current().weights
    return sum(
        weights.get(verb, 0) * math.exp(-(now - at).total_seconds() / tau)
        for verb, at in Activity.objects.filter(actor=member).values_list("verb", "created_at")
    )


def _comment(member):
    with transaction.atomic():  # as inside a service
        record_activity(actor=member, verb=Verb.COMMENT)


@pytest.mark.parametrize("has_row", [True, False], ids=["existing-row", "first-activity"])
def test_twenty_activities_at_once_for_one_member_sum_exactly(alice, has_row):
    if not has_row:
        MemberHealth.objects.filter(member=alice).delete()

    run_in_threads([lambda: _comment(alice) for _ in range(20)])

    assert Activity.objects.filter(actor=alice, verb=Verb.COMMENT).count() == 20
    row = MemberHealth.objects.get(member=alice)
    now = row.last_active_at
    # Every comment counts: 20 × 3, less a sliver of decay over the seconds the test took.
    assert health.scores_for(alice, now=now).long == pytest.approx(
        _expected_long(alice, now), rel=1e-9
    )
    assert 59.9 < health.scores_for(alice, now=now).long <= 60


def test_a_rebuild_while_members_act_leaves_every_score_equal_to_its_rows(db):
    """Activity recorded while the rebuild reads and writes is counted once, never lost or
    doubled: afterwards each member's score equals the one computed from their Activity rows."""
    people = [make_member(f"fan{i}") for i in range(6)]
    for member in people:
        for _ in range(15):
            _comment(member)
    MemberHealth.objects.all().delete()  # as after an import: only the rows are right

    def act(member):
        for _ in range(10):
            _comment(member)

    def rebuild():
        rebuild_health(activity_chunk=7, member_batch=2)  # many short transactions

    run_in_threads([rebuild, *[lambda m=m: act(m) for m in people]])

    for member in people:
        now = MemberHealth.objects.get(member=member).last_active_at
        assert Activity.objects.filter(actor=member, verb=Verb.COMMENT).count() == 25
        assert health.scores_for(member, now=now).long == pytest.approx(
            _expected_long(member, now), rel=1e-9
        )
