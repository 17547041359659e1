"""The KPIs of a period, read from the daily rollups (never from the Activity log).

The selectors the dashboard, the executive report and the API share:

- ``figures(period)`` -> ``Figures``: every headline number of the period (see
  ``hiroba.insights.definitions.KPIS`` for what each means);
- ``compare(period)`` -> ``(current, previous)``: the figures of the period and of the one it
  is compared with (``Period.previous``);
- ``daily_series(period)`` -> one ``Day`` per day of the period (the charts);
- ``space_breakdown(period)`` -> one ``SpaceRow`` per space with activity;
- ``nps_rounds(period)``: the NPS series as it stood at the end of the period (the trend
  chart and the headline; ``hiroba.insights.live``).

The figures of the activity log and the space breakdown are cached under a key that names the
period's rollup rows (``_stamp``), so a re-run rollup shows at once, and carry the time of the
rollup they come from (``Figures.as_of``, shown as "as of HH:MM"). The hourly job keeps the
figures of the usual periods and of every calendar month of the last year in ``PeriodFigures``
(``warm_cache``): the unions of a month's member sets and pairs take seconds at mineo scale,
reading them back a few milliseconds. Ideas and NPS are read from their own apps' definitions
(``hiroba.ideas.selectors.idea_stats``, ``hiroba.surveys.selectors.nps_trend``) on every call,
never from that cache, so they equal the ideas' and the surveys' own pages; a period that has
ended counts the NPS answers given before its end only (``nps_rounds``).
"""

import statistics
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db.models import Max, Sum
from django.utils import timezone

from hiroba.community.models import Space
from hiroba.insights.bitsets import decode_members, decode_numbers
from hiroba.insights.live import add_ideas, add_nps, nps_rounds
from hiroba.insights.models import COMMUNITY, DailyRollup, DaySet, PeriodFigures, SetKind
from hiroba.insights.periods import Period

MAU_DAYS = 30
CACHE_SECONDS = 65 * 60

SUMMED = (
    "new_members",
    "posts",
    "comments",
    "reactions",
    "questions_asked",
    "answered_by_member",
    "answered_by_staff",
    "solved_by_member",
    "solved_by_staff",
    "sessions",
    "stay_seconds",
    "events_held",
)


@dataclass
class Figures:
    """The headline numbers of one period. None: no data to divide by (shown as "—")."""

    start: date
    end: date
    members_total: int = 0
    new_members: int = 0
    dau: float = 0.0
    active_members: int = 0
    mau: int = 0
    unique_visitors: int = 0
    stickiness: float | None = None
    posts: int = 0
    posters: int = 0
    comments: int = 0
    reactions: int = 0
    questions_asked: int = 0
    answered_by_member: int = 0
    answered_by_staff: int = 0
    solved_by_member: int = 0
    solved_by_staff: int = 0
    answer_median_seconds: float | None = None
    answer_average_seconds: float | None = None
    ideas_submitted: int = 0
    ideas_realized: int = 0
    realization_rate: float | None = None
    nps: float | None = None
    nps_answers: int = 0
    nps_round: str = ""
    connections: int = 0
    connections_per_active: float | None = None
    sessions: int = 0
    stay_total_seconds: int = 0
    stay_average_seconds: float | None = None
    events_held: int = 0
    event_participants: int = 0
    levels: dict = field(default_factory=dict)
    # When the rollup the figures of the activity log come from ran (the latest of the
    # period's days); None when no day of the period is rolled up yet. Ideas and NPS are read
    # live. Not kept with the figures: read with the stamp, so a kept month says its own time.
    as_of: datetime | None = None

    def as_dict(self) -> dict:
        data = asdict(self)
        data["start"], data["end"] = self.start.isoformat(), self.end.isoformat()
        data["as_of"] = self.as_of.isoformat() if self.as_of else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Figures":
        known = {
            name: data[name]
            for name in cls.__dataclass_fields__
            if name in data and name != "as_of"
        }
        known["start"], known["end"] = (
            date.fromisoformat(data["start"]),
            date.fromisoformat(data["end"]),
        )
        return cls(**known)


def _ratio(numerator, denominator) -> float | None:
    return numerator / denominator if denominator else None


def _stamp(start: date, end: date) -> tuple[str, datetime | None]:
    """Which rollups a period reads, part of its cache key, and when the latest of them ran
    (one query). A rollup replaces its rows, and new rows get new ids (AUTOINCREMENT on SQLite,
    a sequence on PostgreSQL), so the largest id changes whenever one of the days is rolled up
    again."""
    found = DailyRollup.objects.filter(space_id=COMMUNITY, day__gte=start, day__lte=end).aggregate(
        latest=Max("pk"), as_of=Max("computed_at")
    )
    return str(found["latest"]), found["as_of"]


def _window(period: Period) -> date:
    """The first day a period's figures read: its own, or the 30 days of its MAU before it."""
    return min(period.start, period.end - timedelta(days=MAU_DAYS - 1))


def activity_figures(period: Period) -> Figures:
    """The period's figures from the rollups of the activity log, without ideas and NPS
    (cached until one of its days, or of the 30 before its end, is rolled up again): from the
    hourly job's stored figures when it kept this period, else computed from the rollups."""
    window = _window(period)
    stamp, as_of = _stamp(window, period.end)
    key = f"insights:figures:{period.start}:{period.end}:{stamp}"
    cached = cache.get(key)
    if cached is None:
        cached = _stored_figures(period, stamp) or _figures(period, window)
        cache.set(key, cached, CACHE_SECONDS)
    cached.as_of = as_of
    return cached


def figures(period: Period, *, rounds: list | None = None) -> Figures:
    """Every headline figure of the period: ``activity_figures``, with the ideas and the NPS
    read now from their own apps. ``rounds``: the period's ``nps_rounds`` when the caller
    read them already (the dashboard shows them beside the headline: one read, one number)."""
    result = activity_figures(period)
    add_ideas(result, period)
    add_nps(result, nps_rounds(period) if rounds is None else rounds)
    return result


def _stored_figures(period: Period, stamp: str) -> Figures | None:
    data = (
        PeriodFigures.objects.filter(start=period.start, end=period.end, stamp=stamp)
        .values_list("figures", flat=True)
        .first()
    )
    return None if data is None else Figures.from_dict(data)


def compare(period: Period, *, rounds: list | None = None) -> tuple[Figures, Figures]:
    """The period's figures and those of the period it is compared with (``Period.previous``);
    ``rounds`` as for ``figures``, of ``period``."""
    return figures(period, rounds=rounds), figures(period.previous())


def _figures(period: Period, window: date) -> Figures:
    result = Figures(period.start, period.end)
    rows = list(
        DailyRollup.objects.filter(
            space_id=COMMUNITY, day__gte=period.start, day__lte=period.end
        ).values("day", "members_total", "active", "connections", "levels", *SUMMED)
    )
    for name in SUMMED:
        total = sum(row[name] for row in rows)
        setattr(result, "stay_total_seconds" if name == "stay_seconds" else name, total)
    if rows:
        last = max(rows, key=lambda row: row["day"])
        result.members_total = last["members_total"]
        result.levels = last["levels"] or {}
    result.dau = sum(row["active"] for row in rows) / period.days
    _add_sets(result, period, window)
    result.stickiness = _ratio(result.dau, result.mau)
    result.connections_per_active = _ratio(2 * result.connections, result.active_members)
    result.stay_average_seconds = _ratio(result.stay_total_seconds, result.sessions)
    return result


def _add_sets(result: Figures, period: Period, window: date) -> None:
    sets = DaySet.objects.filter(
        space_id=COMMUNITY, day__gte=window, day__lte=period.end
    ).values_list("day", "kind", "data")
    unions = {kind: 0 for kind in SetKind}
    month = 0
    pairs: set[int] = set()
    seconds: list[int] = []
    for day, kind, data in sets.iterator(chunk_size=200):
        inside = day >= period.start
        if kind == SetKind.ACTIVE:
            bits = decode_members(data)
            month |= bits
            if inside:
                unions[kind] |= bits
        elif not inside:
            continue
        elif kind in (SetKind.VISITORS, SetKind.POSTERS, SetKind.ATTENDEES):
            unions[kind] |= decode_members(data)
        elif kind == SetKind.PAIRS:
            pairs.update(decode_numbers(data))
        elif kind == SetKind.ANSWER_SECONDS:
            seconds.extend(decode_numbers(data))
    result.active_members = unions[SetKind.ACTIVE].bit_count()
    result.unique_visitors = unions[SetKind.VISITORS].bit_count()
    result.posters = unions[SetKind.POSTERS].bit_count()
    result.event_participants = unions[SetKind.ATTENDEES].bit_count()
    result.mau = month.bit_count()
    result.connections = len(pairs)
    if seconds:
        result.answer_median_seconds = float(statistics.median(seconds))
        result.answer_average_seconds = sum(seconds) / len(seconds)


@dataclass
class Day:
    """One day's numbers (the charts' points): summable counts and the day's distinct counts."""

    day: date
    active: int = 0
    visitors: int = 0
    posters: int = 0
    new_members: int = 0
    members_total: int = 0
    posts: int = 0
    comments: int = 0
    reactions: int = 0
    questions_asked: int = 0
    answered_by_member: int = 0
    answered_by_staff: int = 0
    solved_by_member: int = 0
    solved_by_staff: int = 0
    connections: int = 0
    sessions: int = 0
    stay_seconds: int = 0
    levels: dict = field(default_factory=dict)


DAY_FIELDS = [name for name in Day.__dataclass_fields__ if name != "day"]


def daily_series(period: Period) -> list[Day]:
    """One Day per day of the period, oldest first (zeros for days without a rollup)."""
    rows = {
        row["day"]: row
        for row in DailyRollup.objects.filter(
            space_id=COMMUNITY, day__gte=period.start, day__lte=period.end
        ).values("day", *DAY_FIELDS)
    }
    return [Day(**rows[day]) if day in rows else Day(day) for day in period.dates()]


@dataclass
class SpaceRow:
    space_id: int
    name: str
    active_members: int = 0
    posters: int = 0
    posts: int = 0
    comments: int = 0
    reactions: int = 0
    questions_asked: int = 0
    answered: int = 0
    solved: int = 0


def space_breakdown(period: Period) -> list[SpaceRow]:
    """The period's figures per space (active members and posters distinct within the space),
    most active first. Cached like figures, stored by the job like figures; else three queries:
    the sums, the sets, the names."""
    stamp, _as_of = _stamp(_window(period), period.end)
    key = f"insights:spaces:{period.start}:{period.end}:{stamp}"
    cached = cache.get(key)
    if cached is None:
        stored = (
            PeriodFigures.objects.filter(start=period.start, end=period.end, stamp=stamp)
            .values_list("spaces", flat=True)
            .first()
        )
        if stored is not None:
            cached = [SpaceRow(**row) for row in stored]
        else:
            cached = _space_breakdown(period)
        cache.set(key, cached, CACHE_SECONDS)
    return cached


# Calendar months the job keeps figures for, besides the current periods: "any month" of the
# last year opens without recomputing its unions (a cold month takes seconds at mineo scale).
STORED_MONTHS = 13


def warm_cache(*, today: date) -> list[Period]:
    """Keep the figures (with their comparison) and the space breakdown of the periods the
    dashboard is asked for: yesterday, this and last week, this month so far and the calendar
    months of the last year. A period whose rollups did not change since is skipped, so after
    the first run each hour recomputes only the current periods."""
    yesterday = today - timedelta(days=1)
    periods = [
        Period.day(yesterday),
        Period.week(today).so_far(today),
        Period.week(today - timedelta(days=7)),
        Period.month(today).so_far(today),
    ]
    month = Period.month(today)
    for _n in range(STORED_MONTHS):
        month = Period.month(month.start - timedelta(days=1))
        periods.append(month)
    for period in periods:
        for each in (period, period.previous()):
            store_figures(each)
            activity_figures(each)  # and the shared cache, so the next view reads one stamp
            space_breakdown(each)
    return periods


def store_figures(period: Period) -> bool:
    """Compute and keep ``period``'s figures unless they are kept for its current rollups;
    True when they were computed."""
    window = _window(period)
    stamp, _as_of = _stamp(window, period.end)
    if (
        stamp == "None"
        or PeriodFigures.objects.filter(start=period.start, end=period.end, stamp=stamp).exists()
    ):
        return False
    result = _figures(period, window)
    spaces = _space_breakdown(period)
    PeriodFigures.objects.update_or_create(
        start=period.start,
        end=period.end,
        defaults={
            "stamp": stamp,
            "figures": result.as_dict(),
            "spaces": [asdict(row) for row in spaces],
            "computed_at": timezone.now(),
        },
    )
    return True


def _space_breakdown(period: Period) -> list[SpaceRow]:
    sums = (
        DailyRollup.objects.filter(day__gte=period.start, day__lte=period.end)
        .exclude(space_id=COMMUNITY)
        .values("space_id")
        .annotate(
            posts=Sum("posts"),
            comments=Sum("comments"),
            reactions=Sum("reactions"),
            questions_asked=Sum("questions_asked"),
            answered_member=Sum("answered_by_member"),
            answered_staff=Sum("answered_by_staff"),
            solved_member=Sum("solved_by_member"),
            solved_staff=Sum("solved_by_staff"),
        )
        .order_by()
    )
    rows = {}
    for row in sums:
        rows[row["space_id"]] = SpaceRow(
            space_id=row["space_id"],
            name="",
            posts=row["posts"],
            comments=row["comments"],
            reactions=row["reactions"],
            questions_asked=row["questions_asked"],
            answered=row["answered_member"] + row["answered_staff"],
            solved=row["solved_member"] + row["solved_staff"],
        )
    if not rows:
        return []
    unions: dict[tuple[int, str], int] = {}
    sets = (
        DaySet.objects.filter(
            day__gte=period.start,
            day__lte=period.end,
            kind__in=[SetKind.ACTIVE, SetKind.POSTERS],
        )
        .exclude(space_id=COMMUNITY)
        .values_list("space_id", "kind", "data")
    )
    for space_id, kind, data in sets.iterator(chunk_size=500):
        unions[(space_id, kind)] = unions.get((space_id, kind), 0) | decode_members(data)
    names = dict(Space.objects.filter(pk__in=list(rows)).values_list("pk", "name"))
    for space_id, row in rows.items():
        row.name = names.get(space_id, str(space_id))
        row.active_members = unions.get((space_id, SetKind.ACTIVE), 0).bit_count()
        row.posters = unions.get((space_id, SetKind.POSTERS), 0).bit_count()
    return sorted(rows.values(), key=lambda r: (-r.active_members, r.name))
