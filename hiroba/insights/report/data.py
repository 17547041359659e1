"""What the executive report shows, as plain values both the page and the PDF draw."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from hiroba.insights import definitions
from hiroba.insights.kpis import Figures, compare, figures
from hiroba.insights.periods import Period, today

# The headline KPIs in the order the company reads them: size and reach, activity, support,
# ideas, satisfaction, the members' network, time spent.
HEADLINES = (
    "members_total",
    "mau",
    "stickiness",
    "posts",
    "posters",
    "solved",
    "answer_median_seconds",
    "realization_rate",
    "nps",
    "connections",
    "connections_per_active",
    "stay_average_seconds",
)
# Figures where a fall is the good news.
LOWER_IS_BETTER = frozenset({"answer_median_seconds"})
RATIOS = frozenset({"stickiness", "realization_rate"})
DURATIONS = frozenset({"answer_median_seconds", "stay_average_seconds"})
DECIMALS = frozenset({"connections_per_active"})
# The trend lines: the same figure over the last TREND_PERIODS periods of the same kind.
TREND_KEYS = ("mau", "posts", "connections")
TREND_PERIODS = 6


def solved_total(f: Figures) -> int:
    return f.solved_by_member + f.solved_by_staff


def _value(f: Figures, key: str):
    if key == "solved":
        return solved_total(f)
    return getattr(f, key)


def _label(key: str) -> str:
    return _("Questions solved") if key == "solved" else definitions.label(key)


def _definition(key: str) -> str:
    if key == "solved":
        return _(
            "Questions solved for the first time during the period, by a member's or staff's "
            "answer."
        )
    return definitions.definition(key)


def format_value(key: str, value) -> str:
    if value is None:
        return "—"
    if key in RATIOS:
        return f"{value * 100:.1f}%"
    if key in DURATIONS:
        return format_duration(value)
    if key == "nps":
        return f"{value:+.0f}"
    if key in DECIMALS:
        return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
    return number_format(value, use_l10n=True, force_grouping=True)


def format_duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 60:
        return _("%(minutes)d min") % {"minutes": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    return _("%(days).1f days") % {"days": hours / 24}


@dataclass
class Headline:
    key: str
    label: str
    definition: str
    value: object
    previous: object
    value_text: str
    previous_text: str
    change_text: str
    # "up", "down" or "flat"; ``good`` says whether the move is good news (None: no comparison).
    direction: str
    good: bool | None


def _headline(key: str, current: Figures, before: Figures) -> Headline:
    value, previous = _value(current, key), _value(before, key)
    direction, good, change = "flat", None, "—"
    if value is not None and previous is not None:
        delta = value - previous
        direction = "up" if delta > 0 else "down" if delta < 0 else "flat"
        if direction != "flat":
            good = (delta < 0) if key in LOWER_IS_BETTER else (delta > 0)
        if key in RATIOS:
            change = _("%(points)+.1f pt") % {"points": delta * 100}
        elif key == "nps":
            change = _("%(points)+.0f pt") % {"points": delta}
        elif previous:
            change = f"{delta / previous * 100:+.1f}%"
    return Headline(
        key=key,
        label=_label(key),
        definition=_definition(key),
        value=value,
        previous=previous,
        value_text=format_value(key, value),
        previous_text=format_value(key, previous),
        change_text=change,
        direction=direction,
        good=good,
    )


@dataclass
class TrendLine:
    key: str
    label: str
    points: list[tuple[str, float]]


@dataclass
class Report:
    period: Period
    previous: Period
    headlines: list[Headline]
    trends: list[TrendLine]
    levels: list[tuple[str, int]]
    # True when the period stored no level counts and ``levels`` are today's (a period that
    # includes today); an empty ``levels`` means the period's levels were never recorded.
    levels_now: bool
    new_members: int
    generated_at: object


def earlier_periods(period: Period, count: int) -> list[Period]:
    """``count`` periods ending with ``period``, oldest first: months for a month, weeks for a
    week, days for a day, equal spans before a custom period."""
    periods = [period]
    for _n in range(count - 1):
        first = periods[0]
        before = first.start - timedelta(days=1)
        periods.insert(
            0, Period.of(first.kind, before) if first.kind != "custom" else first.previous()
        )
    return periods


def _short(period: Period) -> str:
    """A label short enough for six side by side under a small chart."""
    if period.kind == "month":
        return period.start.strftime("%y/%m")
    return period.start.strftime("%m/%d")


def build_report(period: Period) -> Report:
    from hiroba.activity.health import Level, level_counts

    current, before = compare(period)
    history = [(p, figures(p)) for p in earlier_periods(period, TREND_PERIODS)]
    trends = [
        TrendLine(
            key=key,
            label=definitions.label(key),
            points=[(_short(p), float(getattr(f, key) or 0)) for p, f in history],
        )
        for key in TREND_KEYS
    ]
    stored, levels_now = current.levels, False
    if not stored and period.end >= today():
        stored, levels_now = level_counts(), True
    levels = [(str(level.label), int(stored.get(level.value, 0))) for level in Level if stored]
    return Report(
        period=period,
        previous=period.previous(),
        headlines=[_headline(key, current, before) for key in HEADLINES],
        trends=trends,
        levels=levels,
        levels_now=levels_now,
        new_members=current.new_members,
        generated_at=timezone.now(),
    )
