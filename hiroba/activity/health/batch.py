"""The batch jobs: the nightly recompute of stored levels, and the rebuild of every sum from the
Activity table (after the weights or half-lives change, or after a bulk import).

Both are a few set-based statements; neither decays anything, because the stored sums are
measured at a fixed epoch (maths.py).
"""

import time
from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Case, F, Max, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from hiroba.activity.health import config as health_config
from hiroba.activity.health.maths import elapsed
from hiroba.activity.health.queries import level_bounds, level_counts, warming_count
from hiroba.activity.models import Activity, HealthState, Level, LevelSnapshot, MemberHealth

ACTIVITY_CHUNK = 500_000  # Activity ids per read of the table
MEMBER_BATCH = 50_000  # member ids per write of the scores (one short transaction each)
REBUILD_TABLE = "health_rebuild"


class Recomputed(NamedTuple):
    changed: int  # rows whose stored level changed
    counts: dict[str, int]
    warming: int
    seconds: float


class Rebuilt(NamedTuple):
    activity_rows: int  # Activity id range read
    members: int  # health rows written
    seconds: float


def health_state() -> HealthState:
    state, _ = HealthState.objects.get_or_create(pk=1)
    return state


def rebuild_due() -> bool:
    """The stored sums were not built from Activity with the settings' weights and half-lives:
    never rebuilt (the feature arrived on a community with history), or the settings changed."""
    state = HealthState.objects.filter(pk=1).first()
    fingerprint = state.fingerprint if state else ""
    return fingerprint != health_config.current().fingerprint and Activity.objects.exists()


def _level_case(now: datetime) -> Case:
    bounds = level_bounds(health_config.current(), now)
    return Case(
        When(long_ln__gte=bounds["core"], then=Value(Level.CORE.value)),
        When(long_ln__gte=bounds["light"], then=Value(Level.LIGHT.value)),
        When(long_ln__gte=bounds["low"], then=Value(Level.LOW.value)),
        default=Value(Level.DORMANT.value),
    )


def recompute_health(*, now: datetime | None = None) -> Recomputed:
    """Store each member's level as of ``now`` (rows whose level changed get the old one in
    ``previous_level`` and ``level_since = now``), and the day's counts per level.

    One UPDATE of the rows whose level changed, two counting queries and the snapshot.
    """
    started = time.monotonic()
    now = now or timezone.now()
    level = _level_case(now)
    with transaction.atomic():
        changed = MemberHealth.objects.exclude(level=level).update(
            previous_level=F("level"), level=level, level_since=now
        )
        counts = level_counts(now=now)
        warming = warming_count(now=now)
        LevelSnapshot.objects.update_or_create(
            day=timezone.localdate(now),
            defaults={**counts, "warming": warming, "taken_at": now},
        )
        HealthState.objects.update_or_create(pk=1, defaults={"recomputed_at": now})
    return Recomputed(changed, counts, warming, time.monotonic() - started)


# --- Rebuild from Activity ------------------------------------------------------------------


def _seconds_since(column: str) -> str:
    """SQL for the seconds from a reference time (the first parameter) to ``column``."""
    if connection.vendor == "sqlite":
        return f"((julianday({column}) - julianday(%s)) * 86400.0)"
    return f"(CAST(EXTRACT(EPOCH FROM {column}) AS double precision) - %s)"


def _reference_param(reference: datetime):
    if connection.vendor == "sqlite":
        field = Activity._meta.get_field("created_at")
        return field.get_db_prep_value(reference, connection)
    return reference.timestamp()


def _create_rebuild_table(cursor) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {REBUILD_TABLE}")
    if connection.vendor == "sqlite":
        types = ("INTEGER", "REAL", "TEXT")
    else:
        types = ("bigint", "double precision", "timestamp with time zone")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {REBUILD_TABLE} (member_id {types[0]} PRIMARY KEY,"
        f" short_sum {types[1]} NOT NULL, long_sum {types[1]} NOT NULL, last_at {types[2]})"
    )


def _accumulate(cursor, *, where: str, where_params: list, reference: datetime) -> None:
    """Add the weighted, decayed terms of the Activity rows matching ``where`` to the rebuild
    table, per member, as plain sums relative to ``reference`` (numbers near 1, no overflow)."""
    config = health_config.current()
    weighted = [(verb, w) for verb, w in sorted(config.weights.items()) if w > 0]
    weight_sql = (
        "CASE verb " + " ".join("WHEN %s THEN %s" for _ in weighted) + " ELSE 0 END"
        if weighted
        else "0"
    )
    weight_params = [x for pair in weighted for x in pair]
    table = Activity._meta.db_table
    # exp() of less than -700 would underflow (PostgreSQL refuses): such terms are 0.
    term = "CASE WHEN w = 0 OR x / %s < -700 THEN 0 ELSE w * exp(x / %s) END"
    cursor.execute(
        f"INSERT INTO {REBUILD_TABLE} (member_id, short_sum, long_sum, last_at)"
        f" SELECT actor_id, SUM({term}), SUM({term}), MAX(created_at) FROM ("
        f"  SELECT actor_id, created_at, {weight_sql} AS w, {_seconds_since('created_at')} AS x"
        f"  FROM {table} WHERE actor_id IS NOT NULL AND {where}"
        f" ) AS terms WHERE 1 = 1 GROUP BY actor_id"
        f" ON CONFLICT (member_id) DO UPDATE SET"
        f" short_sum = {REBUILD_TABLE}.short_sum + excluded.short_sum,"
        f" long_sum = {REBUILD_TABLE}.long_sum + excluded.long_sum,"
        f" last_at = CASE WHEN {REBUILD_TABLE}.last_at IS NULL"
        f" OR excluded.last_at > {REBUILD_TABLE}.last_at"
        f" THEN excluded.last_at ELSE {REBUILD_TABLE}.last_at END",
        [
            config.short_tau,
            config.short_tau,
            config.long_tau,
            config.long_tau,
            *weight_params,
            _reference_param(reference),
            *where_params,
        ],
    )


def _write_scores(cursor, *, low: int, high: int, reference: datetime) -> None:
    """Replace the sums of members low ≤ id < high by the rebuilt ones (ln at the epoch)."""
    config = health_config.current()
    table = MemberHealth._meta.db_table
    cursor.execute(
        f"INSERT INTO {table} (member_id, short_ln, long_ln, last_active_at, level,"
        f" previous_level) SELECT member_id, NULL, NULL, NULL, %s, '' FROM {REBUILD_TABLE}"
        f" WHERE member_id >= %s AND member_id < %s ON CONFLICT (member_id) DO NOTHING",
        [Level.DORMANT.value, low, high],
    )

    def ln_at_epoch(column: str) -> str:
        return (
            f"(SELECT CASE WHEN r.{column} > 0 THEN ln(r.{column}) + %s END"
            f" FROM {REBUILD_TABLE} r WHERE r.member_id = {table}.member_id)"
        )

    shift = elapsed(reference)
    cursor.execute(
        f"UPDATE {table} SET short_ln = {ln_at_epoch('short_sum')},"
        f" long_ln = {ln_at_epoch('long_sum')},"
        f" last_active_at = (SELECT r.last_at FROM {REBUILD_TABLE} r"
        f" WHERE r.member_id = {table}.member_id)"
        f" WHERE member_id >= %s AND member_id < %s",
        [shift / config.short_tau, shift / config.long_tau, low, high],
    )
    write_since(low=low, high=high)


def write_since(*, low: int, high: int) -> None:
    """Each row's tenure start (members low ≤ id < high): the earlier of sign-up and first
    activity, an index seek on activity_actor_time per member. Migration 0003 does the same."""
    joined = Subquery(
        get_user_model().objects.filter(pk=OuterRef("member_id")).values("date_joined")[:1]
    )
    first = Subquery(
        Activity.objects.filter(actor_id=OuterRef("member_id"))
        .order_by("created_at")
        .values("created_at")[:1]
    )
    MemberHealth.objects.filter(member_id__gte=low, member_id__lt=high).update(
        since=Least(joined, Coalesce(first, joined))
    )


def _lock_scores(cursor) -> None:
    """Wait for every transaction that is adding to a score, and hold new ones back until
    commit. SQLite's IMMEDIATE transaction already does both."""
    if connection.vendor == "postgresql":
        cursor.execute(f"LOCK TABLE {MemberHealth._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")


def rebuild_health(
    *,
    activity_chunk: int = ACTIVITY_CHUNK,
    member_batch: int = MEMBER_BATCH,
    say: Callable[[str], None] | None = None,
) -> Rebuilt:
    """Recompute every member's sums from the Activity table with the current weights.

    Exact while the site runs: the Activity rows up to a mark M (taken once every transaction
    that touched a score has committed) are read in id chunks without locking anything; then,
    one batch of members at a time and under the scores' lock, the rows after M are added and
    the batch's scores are replaced. An activity recorded meanwhile is either after M and
    committed (read then), or waits for the lock and adds itself to the new score.
    """
    say = say or (lambda line: None)
    started = time.monotonic()
    reference = timezone.now()
    with connection.cursor() as cursor:
        with transaction.atomic():
            _lock_scores(cursor)
            mark = Activity.objects.aggregate(m=Max("id"))["m"] or 0
        first = Activity.objects.order_by("id").values_list("id", flat=True).first() or 0
        _create_rebuild_table(cursor)
        try:
            say(f"reading Activity ids {first:,}–{mark:,}")
            for low in range(first, mark + 1, activity_chunk):
                high = min(low + activity_chunk, mark + 1)
                _accumulate(
                    cursor, where="id >= %s AND id < %s", where_params=[low, high],
                    reference=reference,
                )  # fmt: skip
                say(f"  ids < {high:,} ({time.monotonic() - started:.1f} s)")
            top = (get_user_model().objects.aggregate(m=Max("id"))["m"] or 0) + 1
            say(f"writing the scores of member ids 1–{top - 1:,}")
            for low in range(0, top, member_batch):
                high = min(low + member_batch, top)
                with transaction.atomic():
                    _lock_scores(cursor)
                    _accumulate(
                        cursor,
                        where="id > %s AND actor_id >= %s AND actor_id < %s",
                        where_params=[mark, low, high],
                        reference=reference,
                    )
                    _write_scores(cursor, low=low, high=high, reference=reference)
                say(f"  members < {high:,} ({time.monotonic() - started:.1f} s)")
        finally:
            cursor.execute(f"DROP TABLE IF EXISTS {REBUILD_TABLE}")
    members = MemberHealth.objects.count()
    HealthState.objects.update_or_create(
        pk=1,
        defaults={
            "fingerprint": health_config.current().fingerprint,
            "rebuilt_at": timezone.now(),
        },
    )
    return Rebuilt(mark - first + 1 if mark else 0, members, time.monotonic() - started)
