"""The rollup job: idempotent, a rebuild equals day-by-day runs, the command and its progress."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hiroba.insights.bitsets import (
    decode_members,
    decode_numbers,
    encode_members,
    encode_numbers,
    members_of,
    pair_key,
)
from hiroba.insights.models import COMMUNITY, DailyRollup, DaySet
from hiroba.insights.periods import day_start
from hiroba.insights.rollup import rollup_day, rollup_days, rollup_recent

from .conftest import D0, D1, D2, D3


def snapshot():
    rollups = sorted(
        (tuple(v for k, v in row.items() if k not in ("id", "computed_at")))
        for row in DailyRollup.objects.values()
    )
    sets = sorted(
        (row["day"], row["space_id"], row["kind"], row["size"], bytes(row["data"]))
        for row in DaySet.objects.values()
    )
    return rollups, sets


def test_sets_round_trip():
    ids = [1, 7, 8, 800_000]
    assert members_of(decode_members(encode_members(ids))) == ids
    assert decode_members(encode_members([])) == 0
    assert (
        decode_members(encode_members([1, 2])) | decode_members(encode_members([2, 9]))
    ).bit_count() == 3
    assert list(decode_numbers(encode_numbers([pair_key(9, 2), pair_key(2, 9), 5]))) == [
        5,
        (2 << 32) | 9,
        (2 << 32) | 9,
    ]


def test_a_day_rolled_up_twice_gives_the_same_rows(community):
    rollup_day(D1)
    first = snapshot()
    assert DailyRollup.objects.filter(day=D1, space_id=COMMUNITY).get().posts == 3
    rollup_day(D1)
    assert snapshot() == first


def test_a_rebuild_equals_days_rolled_up_one_by_one(community):
    for day in (D3, D1, D2, D0, D2):
        rollup_day(day)
    incremental = snapshot()
    DailyRollup.objects.all().delete()
    DaySet.objects.all().delete()
    assert rollup_days(D0, D3) == 4
    assert snapshot() == incremental


def test_the_job_rolls_up_today_and_finalizes_yesterday(community, clock):
    clock.at(D2, 15)
    # D2 rolled up in the afternoon: it covers what had happened by then (the fixture's rows
    # are all in the database, but a live run reads the same day range).
    assert rollup_recent() == [D0, D1, D2]
    clock.at(D3, 0, 5)
    # After midnight: D2 was computed before it ended, so it is rolled up again; D1 was final.
    assert rollup_recent() == [D2, D3]
    final = DailyRollup.objects.get(day=D2, space_id=COMMUNITY).computed_at
    assert final >= day_start(D2 + timedelta(days=1))
    clock.at(D3, 1, 5)
    assert rollup_recent() == [D3]


def test_the_command_rebuilds_with_progress(community):
    out = StringIO()
    call_command("rollup", "--rebuild", "--from", str(D1), "--to", str(D3), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"[1/3] {D1}: active 3, posts 3, comments 3")
    assert lines[-1].startswith("Rebuilt 3 days")
    assert DailyRollup.objects.filter(space_id=COMMUNITY).count() == 3
    out = StringIO()
    call_command("rollup", "--day", str(D2), stdout=out)
    assert out.getvalue().startswith(f"{D2}: active 4, posts 2")


@pytest.mark.parametrize(
    "args",
    [["--day", "2026-02-30"], ["--day", "2026-03-01", "--rebuild"], ["--from", "2026-03-01"]],
)
def test_the_command_refuses_bad_arguments(db, args):
    with pytest.raises(CommandError):
        call_command("rollup", *args, stdout=StringIO())


def test_the_job_fills_the_cache_of_the_usual_periods(community, clock, django_assert_num_queries):
    from hiroba.insights.kpis import activity_figures, space_breakdown
    from hiroba.insights.periods import Period

    clock.at(D3, 18)
    rollup_recent()
    # This month so far (as the dashboard asks for it) and its comparison, and its spaces: only
    # the rollups' stamp is read (the key). (Ideas and NPS are read live, never from here.)
    this_month = Period.month(D3).so_far(D3)
    with django_assert_num_queries(3):
        current = activity_figures(this_month)
        activity_figures(this_month.previous())
        space_breakdown(this_month)
    assert current.posts == 7 + 3 - 3  # March 1–4: D1..D3's 7 posts (D0 had none)
    with django_assert_num_queries(2):
        activity_figures(Period.day(D2))
        activity_figures(Period.day(D2).previous())
