"""Survey responses as CSV: one row per response, one column per question.

UTF-8 with a byte order mark, so that Excel in Japan opens Japanese text correctly (without the
mark it guesses Shift_JIS). Streamed a chunk of responses at a time, so 100,000 responses never
sit in memory. Multiple choice answers are joined with "; " in the choices' order.

Cells are made safe for spreadsheets (CSV injection): a text that starts with = + - @, a tab or a
carriage return gets a leading apostrophe, so a spreadsheet shows it as text instead of running
it as a formula. Numbers (scale and NPS answers, ids) are written as numbers.

An anonymous survey's export has no response id and no time, only the day, and its rows come in
an order that does not follow the order of answering (see selectors.iter_responses): neither can
be lined up with the members' activity.
"""

import csv
from collections.abc import Iterator

from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from hiroba.surveys.models import Question, Survey
from hiroba.surveys.selectors import iter_responses

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MULTIPLE_SEPARATOR = "; "


def safe_cell(value) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def line_writer():
    """A csv.writer whose ``writerow`` returns the row's line, for a CSV streamed from a
    generator (surveys', segments' and events' exports)."""
    return csv.writer(_Echo())


def _header(survey: Survey, questions: list[Question]) -> list[str]:
    if survey.is_anonymous:
        # No response id: ids are sequential, so they would tell the order members answered in.
        columns = [_("Submitted on")]
    else:
        columns = [_("Response"), _("Submitted at"), _("Updated at"), _("Member id"), _("Handle")]
    return columns + [f"Q{i}. {q.text}" for i, q in enumerate(questions, start=1)]


def _cell(question: Question, values: list, choices: dict) -> object:
    """One question's cell: choice texts in the question's order, the number, or the text."""
    if not values:
        return ""
    if question.has_choices:
        known = sorted(choices[c] for c, _n, _t in values if c in choices)
        return MULTIPLE_SEPARATOR.join(text for _position, text in known)
    choice_id, number, text = values[0]
    return number if number is not None else text


def _when(moment, zone) -> str:
    return localtime(moment, zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def _day(moment, zone) -> str:
    return localtime(moment, zone).strftime("%Y-%m-%d") if moment else ""


def export_rows(survey: Survey, questions: list[Question], *, zone=None) -> Iterator[list]:
    """The header row (made at once, in the current language), then one row per response."""
    header = _header(survey, questions)
    return _rows(survey, questions, header, zone)


def _rows(survey, questions, header, zone) -> Iterator[list]:
    yield header
    choices = {
        c.pk: ((c.position, c.pk), c.text)
        for q in questions
        if q.has_choices
        for c in q.choices.all()
    }
    for response, answers in iter_responses(survey):
        if survey.is_anonymous:
            row: list = [_day(response["submitted_at"], zone)]
        else:
            row = [
                response["id"],
                _when(response["submitted_at"], zone),
                _when(response["updated_at"], zone),
                response["member_id"] or "",
                response["member__handle"] or "",
            ]
        row += [_cell(q, answers.get(q.pk, []), choices) for q in questions]
        yield row


def stream_csv(survey: Survey, questions: list[Question], *, zone=None) -> Iterator[str]:
    """The CSV text in pieces: the byte order mark, then one line per row."""
    rows = export_rows(survey, questions, zone=zone)
    return _lines(rows)


def _lines(rows, batch: int = 200) -> Iterator[str]:
    # Rows are sent in batches: one network write per row would cost more than the rows.
    writer = line_writer()
    lines = [BOM]
    for row in rows:
        lines.append(writer.writerow([safe_cell(value) for value in row]))
        if len(lines) >= batch:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)
