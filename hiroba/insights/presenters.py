"""The KPI figures as the dashboard shows them: cards with a definition and the change against
the previous period, and the charts' data. No queries here: it shapes what ``kpis`` returned."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hiroba.activity.health import LEVEL_ORDER, Level
from hiroba.insights.definitions import KPIS
from hiroba.insights.kpis import Day, Figures

# How each headline figure is written: a count, a decimal, a share, NPS points or a duration.
COUNT, DECIMAL, SHARE, SCORE, DURATION = "count", "decimal", "share", "score", "duration"

HEADLINE = [
    ("members_total", COUNT),
    ("new_members", COUNT),
    ("dau", DECIMAL),
    ("active_members", COUNT),
    ("mau", COUNT),
    ("unique_visitors", COUNT),
    ("stickiness", SHARE),
    ("posts", COUNT),
    ("posters", COUNT),
    ("comments", COUNT),
    ("reactions", COUNT),
    ("questions_asked", COUNT),
    ("answered_by_member", COUNT),
    ("answered_by_staff", COUNT),
    ("solved_by_member", COUNT),
    ("solved_by_staff", COUNT),
    ("answer_median_seconds", DURATION),
    ("answer_average_seconds", DURATION),
    ("ideas_submitted", COUNT),
    ("ideas_realized", COUNT),
    ("realization_rate", SHARE),
    ("nps", SCORE),
    ("connections", COUNT),
    ("connections_per_active", DECIMAL),
    ("sessions", COUNT),
    ("stay_total_seconds", DURATION),
    ("stay_average_seconds", DURATION),
    ("events_held", COUNT),
    ("event_participants", COUNT),
]


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    minutes = round(seconds / 60)
    if minutes < 60:
        return _("%(minutes)d min") % {"minutes": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    return _("%(days)d days %(hours)d h") % {"days": hours // 24, "hours": hours % 24}


def show(value, style: str) -> str:
    if value is None:
        return "—"
    if style == COUNT:
        return f"{value:,}"
    if style == DECIMAL:
        return f"{value:,.2f}"
    if style == SHARE:
        return f"{100 * value:.1f}%"
    if style == SCORE:
        return f"{value:+.1f}"
    return duration(value)


def change(current, previous, style: str) -> tuple[str, str]:
    """(text, direction) of the change: percent for counts and durations, points for shares
    and NPS. direction is "up", "down" or "" (same, or nothing to compare with)."""
    if current is None or previous is None:
        return "", ""
    if style in (SHARE, SCORE):
        points = (current - previous) * (100 if style == SHARE else 1)
        text = _("%(points)+.1f pt") % {"points": points}
    elif previous:
        text = f"{100 * (current - previous) / previous:+.1f}%"
    else:
        return ("", "") if current == previous else (_("new"), "up")
    return text, ("up" if current > previous else "down" if current < previous else "")


@dataclass
class Card:
    key: str
    label: str
    definition: str
    value: object
    previous: object
    shown: str
    previous_shown: str
    change: str
    direction: str


def cards(current: Figures, previous: Figures) -> list[Card]:
    result = []
    for key, style in HEADLINE:
        now, before = getattr(current, key), getattr(previous, key)
        text, direction = change(now, before, style)
        result.append(
            Card(
                key=key,
                label=str(KPIS[key][0]),
                definition=str(KPIS[key][1]),
                value=now,
                previous=before,
                shown=show(now, style),
                previous_shown=show(before, style),
                change=text,
                direction=direction,
            )
        )
    return result


# The daily charts: (id, title, chart type, [(Day field, series label)]).
CHARTS = [
    (
        "activity",
        gettext_lazy("Active members per day"),
        "line",
        [
            ("active", gettext_lazy("Active members (DAU)")),
            ("visitors", gettext_lazy("Visitors")),
            ("posters", gettext_lazy("Posters")),
        ],
    ),
    (
        "members",
        gettext_lazy("New members per day"),
        "bar",
        [("new_members", gettext_lazy("New members"))],
    ),
    (
        "content",
        gettext_lazy("Posts, comments and reactions per day"),
        "bar",
        [
            ("posts", gettext_lazy("Posts")),
            ("comments", gettext_lazy("Comments")),
            ("reactions", gettext_lazy("Reactions")),
        ],
    ),
    (
        "questions",
        gettext_lazy("Questions per day"),
        "bar",
        [
            ("questions_asked", gettext_lazy("Asked")),
            ("answered_by_member", gettext_lazy("Answered by members")),
            ("answered_by_staff", gettext_lazy("Answered by staff")),
            ("solved_by_member", gettext_lazy("Solved by members")),
            ("solved_by_staff", gettext_lazy("Solved by staff")),
        ],
    ),
    (
        "connections",
        gettext_lazy("Connections and visits per day"),
        "line",
        [
            ("connections", gettext_lazy("Connections made that day")),
            ("sessions", gettext_lazy("Visits (sessions)")),
        ],
    ),
]
CHART_IDS = [chart[0] for chart in CHARTS]


def level_label(key: str) -> str:
    try:
        return str(Level(key).label)
    except ValueError:
        return key


def level_keys(series: list[Day]) -> list[str]:
    """The levels present in the series, core first (PostgreSQL's jsonb keeps no key order)."""
    present = {key for day in series for key in day.levels}
    return [level.value for level in LEVEL_ORDER if level.value in present]


def ordered_levels(levels: dict) -> list[tuple[str, int]]:
    """[(label, count)] core first."""
    return [
        (level_label(level.value), levels[level.value])
        for level in LEVEL_ORDER
        if level.value in levels
    ]


def chart_data(series: list[Day], rounds: list) -> dict:
    """{chart id: {type, title, labels, datasets: [{label, data}]}} for dashboard.js."""
    labels = [day.day.isoformat() for day in series]
    charts = {
        chart_id: {
            "type": kind,
            "title": str(title),
            "labels": labels,
            "datasets": [
                {"label": str(label), "data": [getattr(day, name) for day in series]}
                for name, label in fields
            ],
        }
        for chart_id, title, kind, fields in CHARTS
    }
    levels = level_keys(series)
    if levels:
        charts["levels"] = {
            "type": "line",
            "title": str(KPIS["levels"][0]),
            "labels": labels,
            "datasets": [
                {"label": level_label(key), "data": [day.levels.get(key) for day in series]}
                for key in levels
            ],
        }
    if rounds:
        charts["nps"] = {
            "type": "line",
            "title": _("NPS across rounds"),
            "labels": [r.title for r in rounds],
            "datasets": [
                {
                    "label": "NPS",
                    "data": [
                        float(r.nps.score) if r.nps.score is not None else None for r in rounds
                    ],
                }
            ],
        }
    return charts
