"""Reading the health score "now": levels, scores and the warming-up list as index ranges.

"Long-term score ≥ x at time t" is ``long_ln ≥ ln x + (t − E)/τ`` (maths.threshold_ln), so
every question below is a range over an indexed column, whatever the time.
"""

import math
from datetime import datetime, timedelta
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import ExpressionWrapper, F, FloatField, Func, Q, Value
from django.db.models.functions import Coalesce, Exp, Greatest, Least, Ln
from django.utils import timezone

from hiroba.activity.health import config as health_config
from hiroba.activity.health.config import HealthConfig
from hiroba.activity.health.maths import elapsed, score_at, threshold_ln
from hiroba.activity.health.outsiders import outsiders_q
from hiroba.activity.models import Activity, Level, MemberHealth
from hiroba.core.pagination import Page, decode_cursor, encode_cursor, key_of, keyset_page

LEVEL_ORDER = (Level.CORE, Level.LIGHT, Level.LOW, Level.DORMANT)


class Scores(NamedTuple):
    short: float
    long: float
    level: Level
    last_active_at: datetime | None


class WarmingMember(NamedTuple):
    member: object  # accounts.Member
    short: float
    long: float
    cursor: str  # pass as ``after=`` for the next page


class HistoryPoint(NamedTuple):
    day: object  # datetime.date, the community's day
    short: float
    long: float


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def level_bounds(config: HealthConfig, now: datetime) -> dict[str, float]:
    """The stored ``long_ln`` from which each level starts at ``now``."""
    return {
        name: threshold_ln(config.levels[name], now, config.long_tau)
        for name in ("core", "light", "low")
    }


def level_of(long_score: float, config: HealthConfig | None = None) -> Level:
    config = config or health_config.current()
    for level in (Level.CORE, Level.LIGHT, Level.LOW):
        if long_score >= config.levels[level.value]:
            return level
    return Level.DORMANT


def _level_ranges(prefix: str, now: datetime) -> dict[Level, Q]:
    bounds = level_bounds(health_config.current(), now)
    column = f"{prefix}long_ln"
    return {
        Level.CORE: Q(**{f"{column}__gte": bounds["core"]}),
        Level.LIGHT: Q(**{f"{column}__gte": bounds["light"], f"{column}__lt": bounds["core"]}),
        Level.LOW: Q(**{f"{column}__gte": bounds["low"], f"{column}__lt": bounds["light"]}),
        # No row, or no weighted activity, is dormant too.
        Level.DORMANT: Q(**{f"{column}__isnull": True}) | Q(**{f"{column}__lt": bounds["low"]}),
    }


def level_q(levels, *, now: datetime | None = None) -> Q:
    """Members (a filter over Member) whose activity level now is one of ``levels``."""
    if isinstance(levels, str):
        levels = [levels]
    ranges = _level_ranges("health__", _now(now))
    q = Q(pk__in=[])
    for level in levels:
        q |= ranges[Level(level)]
    return q


def score_q(*, min_score: float | None = None, max_score: float | None = None, now=None) -> Q:
    """Members whose long-term score now is ≥ ``min_score`` and < ``max_score``.

    Members without any weighted activity have a score of 0.
    """
    tau = health_config.current().long_tau
    moment = _now(now)
    q = Q()
    if min_score is not None and min_score > 0:
        q &= Q(health__long_ln__gte=threshold_ln(min_score, moment, tau))
    if max_score is not None:
        if max_score <= 0:
            return Q(pk__in=[])
        below = Q(health__long_ln__lt=threshold_ln(max_score, moment, tau))
        if min_score is None or min_score <= 0:
            below |= Q(health__long_ln__isnull=True)
        q &= below
    return q


class _EpochSeconds(Func):
    """Seconds from the epoch E (maths.EPOCH, 2020-01-01 UTC) to a datetime column."""

    output_field = FloatField()
    # julianday('2020-01-01 00:00:00') = 2458849.5; 1577836800 = E as a Unix time.
    template = "((julianday(%(expressions)s) - 2458849.5) * 86400.0)"

    def as_postgresql(self, compiler, connection, **extra):
        template = "(CAST(EXTRACT(EPOCH FROM %(expressions)s) AS double precision) - 1577836800.0)"
        return self.as_sql(compiler, connection, template=template, **extra)


# Tenures are clamped to [a minute, 40 time constants]: at 0 the formula is 0/0, and beyond 40
# τ the tenure term is below 1e-17 while PostgreSQL's exp() would refuse to underflow.
MIN_TENURE = 60.0
MAX_TENURE_TAUS = 40.0


def _filled(tenure, tau: float):
    """SQL for ln(1 − e^(−T/τ)): ln of the share of its steady level a sum can have reached
    after a tenure T of steady activity."""
    x = Least(Greatest(tenure / Value(tau), Value(MIN_TENURE / tau)), Value(MAX_TENURE_TAUS))
    return Ln(Value(1.0) - Exp(-x))


def _warming_filter(prefix: str, now: datetime, config: HealthConfig | None = None) -> Q:
    """Warming up at ``now``: a short-term score ≥ min, and a short-term pace at least
    ``ratio`` times the member's own long-term pace.

    A member acting at a steady rate r for a tenure T (since sign-up or first activity, the
    earlier) has short = r·τs·(1 − e^(−T/τs)) and long = r·τl·(1 − e^(−T/τl)), so each sum divided
    by what the tenure allows is their pace, and warming up is

        short/(τs·(1 − e^(−T/τs))) ≥ ratio · long/(τl·(1 − e^(−T/τl)))
        ⇔ short_ln ≥ long_ln + ln(ratio · τs/τl) + (now − E)·(1/τs − 1/τl)
                     + ln(1 − e^(−T/τs)) − ln(1 − e^(−T/τl))

    For T ≫ τl the last two terms vanish (the rule compares the sums' rates per day of
    half-life); in a young community they stop a steady member from looking like a riser.
    The first condition is a range on the short-term index; the second is checked per row.
    """
    config = config or health_config.current()
    offset = math.log(
        config.warming_ratio * config.short_half_life_days / config.long_half_life_days
    ) + elapsed(now) * (1 / config.short_tau - 1 / config.long_tau)
    started = Coalesce(_EpochSeconds(f"{prefix}since"), Value(-1e12))
    tenure = Value(elapsed(now)) - started
    bound = (
        F(f"{prefix}long_ln")
        + Value(offset)
        + _filled(tenure, config.short_tau)
        - _filled(tenure, config.long_tau)
    )
    if config.warming_min > 0:
        floor = Q(
            **{f"{prefix}short_ln__gte": threshold_ln(config.warming_min, now, config.short_tau)}
        )
    else:  # no minimum: any weighted activity
        floor = Q(**{f"{prefix}short_ln__isnull": False})
    return floor & Q(
        **{f"{prefix}short_ln__gte": ExpressionWrapper(bound, output_field=FloatField())}
    )


def warming_count(*, now: datetime | None = None, config: HealthConfig | None = None) -> int:
    """How many members are warming up now (with ``config``'s rule), as ``warming_members``
    lists them (no staff, official, banned or closed accounts). One query."""
    return (
        MemberHealth.objects.filter(_warming_filter("", _now(now), config))
        .exclude(outsiders_q("member__"))
        .count()
    )


def warming_q(*, now: datetime | None = None) -> Q:
    """Members (a filter over Member) warming up now (definition in ``_warming_filter``)."""
    return _warming_filter("health__", _now(now))


def level_counts(
    *, now: datetime | None = None, config: HealthConfig | None = None
) -> dict[str, int]:
    """Members per level now (with ``config``'s thresholds: the current ones, or candidates for
    a preview); members without a health row are dormant. Two queries.

    Members are the community's fans, as in the KPIs: staff, official editorial accounts and
    banned or closed accounts are left out (``outsiders_q``). Three counts of index ranges
    ("long_ln ≥ bound": a walk of the health_long index each) and the count of accounts, as
    scalar subqueries: a single pass with a conditional count per level reads every row of the
    table instead (40 times slower on SQLite at 800,000 members); then the few outsiders'
    scores, taken back out of those counts.
    """
    bounds = level_bounds(config or health_config.current(), _now(now))
    health_table = connection.ops.quote_name(MemberHealth._meta.db_table)
    long_ln = connection.ops.quote_name(MemberHealth._meta.get_field("long_ln").column)
    members = connection.ops.quote_name(get_user_model()._meta.db_table)
    at_least = f"(SELECT COUNT(*) FROM {health_table} WHERE {long_ln} >= %s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {at_least}, {at_least}, {at_least}, (SELECT COUNT(*) FROM {members})",
            [bounds["core"], bounds["light"], bounds["low"]],
        )
        core, light_up, low_up, total = cursor.fetchone()
    outsiders = (
        get_user_model().objects.filter(outsiders_q()).values_list("health__long_ln", flat=True)
    )
    for score in outsiders:
        total -= 1
        if score is not None:
            core -= score >= bounds["core"]
            light_up -= score >= bounds["light"]
            low_up -= score >= bounds["low"]
    return {
        Level.CORE.value: core,
        Level.LIGHT.value: light_up - core,
        Level.LOW.value: low_up - light_up,
        Level.DORMANT.value: max(0, total - low_up),
    }


WARMING_ORDER = ("-short_ln", "-member_id")
WARMING_KINDS = (float, int)


def warming_page(*, size: int, cursor: str | None = None, now: datetime | None = None) -> Page:
    """Members warming up now (not staff, official, banned or closed accounts: the people to
    thank or invite), the highest short-term score first, a keyset page of WarmingMember.
    One query (walks the short-term index from the top)."""
    if cursor and decode_cursor(cursor, WARMING_KINDS) is None:
        return Page([], None)  # a cursor we did not make: an empty page, not the first again
    moment = _now(now)
    config = health_config.current()
    rows = (
        MemberHealth.objects.filter(_warming_filter("", moment))
        .exclude(outsiders_q("member__"))
        .select_related("member")
    )
    page = keyset_page(rows, order=WARMING_ORDER, kinds=WARMING_KINDS, cursor=cursor, size=size)
    items = [
        WarmingMember(
            member=row.member,
            short=score_at(row.short_ln, moment, config.short_tau),
            long=score_at(row.long_ln, moment, config.long_tau),
            cursor=encode_cursor(*key_of(row, WARMING_ORDER)),
        )
        for row in page.items
    ]
    return Page(items, page.next_cursor)


def warming_members(
    *, limit: int, after: str | None = None, now: datetime | None = None
) -> list[WarmingMember]:
    """The first ``limit`` members of warming_page after the item whose ``cursor`` is
    ``after``."""
    return warming_page(size=limit, cursor=after, now=now).items


def _health_row(member) -> MemberHealth | None:
    """The member's row: the one ``select_related("health")`` brought along, or one query."""
    if type(member).health.is_cached(member):
        try:
            return member.health
        except MemberHealth.DoesNotExist:
            return None
    return MemberHealth.objects.filter(member_id=member.pk).first()


def scores_for(member, *, now: datetime | None = None) -> Scores:
    """The member's short- and long-term scores and level now. One query, none if the member
    was read with ``select_related("health")``."""
    moment = _now(now)
    config = health_config.current()
    row = _health_row(member)
    if row is None:
        return Scores(0.0, 0.0, Level.DORMANT, None)
    long = score_at(row.long_ln, moment, config.long_tau)
    return Scores(
        short=score_at(row.short_ln, moment, config.short_tau),
        long=long,
        level=level_of(long, config),
        last_active_at=row.last_active_at,
    )


def score_history(member, *, days: int = 90, now: datetime | None = None) -> list[HistoryPoint]:
    """The member's scores at the end of each of the last ``days`` days (the community's days;
    the last point is now), from their own Activity rows of the window. Two queries (one if
    the member was read with ``select_related("health")``).

    The score at an earlier moment m is the score now without the terms of later activity,
    grown back by the decay between m and now: e^((now − m)/τ)·(score now − Σ later terms).
    """
    moment = _now(now)
    config = health_config.current()
    today = timezone.localdate(moment)
    first_day = today - timedelta(days=days - 1)
    tz = timezone.get_current_timezone()
    days_list = [first_day + timedelta(days=i) for i in range(days)]
    # Each day's point is taken at its end (the next midnight), today's now.
    ends = [
        min(moment, datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=tz))
        for day in days_list
    ]
    now_scores = scores_for(member, now=moment)
    rows = list(
        Activity.objects.filter(actor_id=member.pk, created_at__gt=ends[0], created_at__lte=moment)
        .order_by("-created_at")
        .values_list("verb", "created_at")
    )
    points: list[HistoryPoint] = []
    later_short = later_long = 0.0
    index = 0
    for day, end in zip(reversed(days_list), reversed(ends), strict=True):
        while index < len(rows) and rows[index][1] > end:
            verb, at = rows[index]
            weight = config.weight(verb)
            ago = (moment - at).total_seconds()
            later_short += weight * math.exp(-ago / config.short_tau)
            later_long += weight * math.exp(-ago / config.long_tau)
            index += 1
        back = (moment - end).total_seconds()
        short = max(0.0, now_scores.short - later_short) * math.exp(back / config.short_tau)
        long = max(0.0, now_scores.long - later_long) * math.exp(back / config.long_tau)
        points.append(HistoryPoint(day, short, long))
    points.reverse()
    return points
