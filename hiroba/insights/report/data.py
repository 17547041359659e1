"""What the executive report shows, as plain values both the page and the PDF draw.

The headline figures are the dashboard's cards (``hiroba.insights.presenters``): the same
definitions, formatting and change against the period before. The report picks the ones a
company reads first and says whether each move is good news.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from hiroba.activity.health import level_counts
from hiroba.insights import definitions
from hiroba.insights.kpis import activity_figures, compare
from hiroba.insights.periods import Period, today
from hiroba.insights.presenters import Card, cards, ordered_levels

# Size and reach, activity, support, ideas, satisfaction, the members' network, time spent,
# events.
HEADLINES = (
    "members_total",
    "mau",
    "stickiness",
    "posts",
    "posters",
    "solved_by_member",
    "answer_median_seconds",
    "realization_rate",
    "nps",
    "connections",
    "connections_per_active",
    "stay_average_seconds",
    "events_held",
    "event_participants",
)
# Figures where a fall is the good news.
LOWER_IS_BETTER = frozenset({"answer_median_seconds", "answer_average_seconds"})
# The trend lines: the same figure over the last TREND_PERIODS periods of the same kind.
TREND_KEYS = ("mau", "posts", "connections")
TREND_PERIODS = 6


@dataclass
class Headline:
    card: Card
    # Whether the change is good news; None when there is nothing to compare or no change.
    good: bool | None


def good_news(card: Card) -> bool | None:
    if not card.direction:
        return None
    rose = card.direction == "up"
    return not rose if card.key in LOWER_IS_BETTER else rose


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
    generated_at: object
    # When the rollup behind the figures of the activity log ran (Figures.as_of).
    as_of: object = None


def earlier_periods(period: Period, count: int) -> list[Period]:
    """``count`` periods ending with ``period``, oldest first: months for a month, weeks for a
    week, days for a day, equal spans before a custom period."""
    periods = [period]
    for _n in range(count - 1):
        first = periods[0]
        before = first.start - timedelta(days=1)
        periods.insert(
            0, first.previous() if first.kind == "custom" else Period.of(first.kind, before)
        )
    return periods


def last_complete_month() -> Period:
    return Period.month(today().replace(day=1) - timedelta(days=1))


def _short(period: Period) -> str:
    """A label short enough for six side by side under a small chart."""
    if period.kind == "month":
        return period.start.strftime("%y/%m")
    return period.start.strftime("%m/%d")


def build_report(period: Period) -> Report:
    current, before = compare(period)
    by_key = {card.key: card for card in cards(current, before)}
    # The trend lines are figures of the activity log: no ideas or NPS to read for them.
    history = [(p, activity_figures(p)) for p in earlier_periods(period, TREND_PERIODS)]
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
    return Report(
        period=period,
        previous=period.previous(),
        headlines=[Headline(by_key[key], good_news(by_key[key])) for key in HEADLINES],
        trends=trends,
        levels=ordered_levels(stored),
        levels_now=levels_now,
        generated_at=timezone.now(),
        as_of=current.as_of,
    )
