"""The O(1) update: one activity is one upsert of its member's row, exact under concurrency.

The row is inserted if missing and otherwise merged in the same statement
(``INSERT … ON CONFLICT DO UPDATE``, on SQLite and PostgreSQL alike): the database adds the
term to the stored logarithm itself, so two activities at once cannot lose one another.
"""

from datetime import datetime

from django.db import connection

from hiroba.activity.health import config as health_config
from hiroba.activity.health.maths import NEGLIGIBLE_GAP, ln_term
from hiroba.activity.models import Level, MemberHealth


def _merge(table: str, column: str) -> str:
    """SQL for ln(e^old + e^new) where either side may be NULL (an empty sum)."""
    old, new = f"{table}.{column}", f"excluded.{column}"
    gap = NEGLIGIBLE_GAP
    return (
        f"CASE WHEN {new} IS NULL THEN {old}"
        f" WHEN {old} IS NULL THEN {new}"
        f" WHEN {old} - {new} > {gap} THEN {old}"
        f" WHEN {new} - {old} > {gap} THEN {new}"
        f" WHEN {old} >= {new} THEN {old} + ln(1 + exp({new} - {old}))"
        f" ELSE {new} + ln(1 + exp({old} - {new})) END"
    )


def _upsert_sql() -> str:
    meta = MemberHealth._meta
    q = connection.ops.quote_name
    table = q(meta.db_table)
    col = {f.name: q(f.column) for f in meta.concrete_fields}
    names = ["member", "short_ln", "long_ln", "last_active_at", "since", "level", "previous_level"]
    last, since = col["last_active_at"], col["since"]
    return (
        f"INSERT INTO {table} ({', '.join(col[n] for n in names)})"
        f" VALUES (%s, %s, %s, %s, %s, %s, %s)"
        f" ON CONFLICT ({col['member']}) DO UPDATE SET"
        f" {col['short_ln']} = {_merge(table, col['short_ln'])},"
        f" {col['long_ln']} = {_merge(table, col['long_ln'])},"
        f" {last} = CASE WHEN {table}.{last} IS NULL OR excluded.{last} > {table}.{last}"
        f" THEN excluded.{last} ELSE {table}.{last} END,"
        f" {since} = CASE WHEN {table}.{since} IS NULL OR excluded.{since} < {table}.{since}"
        f" THEN excluded.{since} ELSE {table}.{since} END"
    )


def add_activity(
    *, member_id: int, verb: str, at: datetime, joined: datetime | None = None
) -> None:
    """Add one activity of ``verb`` at ``at`` to the member's decayed sums (one statement).

    Verbs without weight still move ``last_active_at``. ``joined`` (the member's sign-up) and
    ``at`` set the start of their tenure, ``since``, when earlier than the stored one.
    """
    config = health_config.current()
    weight = config.weight(verb)
    field = MemberHealth._meta.get_field("last_active_at")
    params = [
        member_id,
        ln_term(weight, at, config.short_tau),
        ln_term(weight, at, config.long_tau),
        field.get_db_prep_value(at, connection),
        field.get_db_prep_value(min(at, joined) if joined else at, connection),
        Level.DORMANT.value,
        "",
    ]
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(), params)
