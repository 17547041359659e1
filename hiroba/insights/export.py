"""The dashboard's data as CSV, one file per chart or table.

UTF-8 with a byte order mark (Excel in Japan opens it as UTF-8, not Shift_JIS), cells made safe
for spreadsheets as in the survey export (``hiroba.surveys.export.safe_cell``), numbers kept as
numbers. The files are small (a row per day, space or round), so they are built at once.
"""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hiroba.insights import kpis
from hiroba.insights.definitions import KPIS
from hiroba.insights.periods import Period
from hiroba.insights.presenters import CHARTS, HEADLINE, level_keys, level_label
from hiroba.surveys.export import BOM, safe_cell

EXPORTS = {
    "headline": gettext_lazy("Headline figures"),
    **{chart_id: title for chart_id, title, _kind, _fields in CHARTS},
    "levels": gettext_lazy("Members per activity level"),
    "spaces": gettext_lazy("By space"),
    "nps": gettext_lazy("NPS across rounds"),
}


def _headline(period: Period) -> list[list]:
    current, previous = kpis.compare(period)
    rows = [[_("Figure"), _("Definition"), period.iso(), period.previous().iso()]]
    for key, _style in HEADLINE:
        label, definition = KPIS[key]
        rows.append([str(label), str(definition), getattr(current, key), getattr(previous, key)])
    return rows


def _daily(period: Period, fields) -> list[list]:
    series = kpis.daily_series(period)
    rows = [[_("Day"), *[str(label) for _name, label in fields]]]
    rows += [[day.day.isoformat(), *[getattr(day, name) for name, _l in fields]] for day in series]
    return rows


def _levels(period: Period) -> list[list]:
    series = kpis.daily_series(period)
    keys = level_keys(series)
    rows = [[_("Day"), *[level_label(key) for key in keys]]]
    rows += [[day.day.isoformat(), *[day.levels.get(key, "") for key in keys]] for day in series]
    return rows


def _spaces(period: Period) -> list[list]:
    rows = [
        [
            _("Space"),
            _("Active members"),
            _("Posters"),
            _("Posts"),
            _("Comments"),
            _("Reactions"),
            _("Questions asked"),
            _("Answered"),
            _("Solved"),
        ]
    ]
    for r in kpis.space_breakdown(period):
        rows.append(
            [
                r.name,
                r.active_members,
                r.posters,
                r.posts,
                r.comments,
                r.reactions,
                r.questions_asked,
                r.answered,
                r.solved,
            ]
        )
    return rows


def _nps(period: Period) -> list[list]:
    rows = [[_("Round"), _("Opened"), "NPS", _("Answers")]]
    for r in kpis.nps_rounds(period):
        score = float(r.nps.score) if r.nps.score is not None else ""
        rows.append([r.title, timezone.localdate(r.opens_at).isoformat(), score, r.nps.total])
    return rows


def export_rows(chart: str, period: Period) -> list[list]:
    """The rows (header first) of one export; ``chart`` is a key of EXPORTS."""
    if chart == "headline":
        return _headline(period)
    if chart == "levels":
        return _levels(period)
    if chart == "spaces":
        return _spaces(period)
    if chart == "nps":
        return _nps(period)
    fields = next(f for chart_id, _t, _k, f in CHARTS if chart_id == chart)
    return _daily(period, fields)


def to_csv(rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return BOM + buffer.getvalue()
