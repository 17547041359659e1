"""The executive report as a one-page A4 PDF, drawn with ReportLab.

Japanese text uses ReportLab's built-in CID font (HeiseiKakuGo-W5, Adobe-Japan1): the PDF names
the font instead of embedding it and every PDF reader supplies one, so the report needs no font
file on the server. English uses Helvetica.
"""

import io

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from hiroba.insights.report.data import Report

JAPANESE_FONT = "HeiseiKakuGo-W5"
MARGIN = 14 * mm
GOOD, BAD, MUTED, INK = (
    colors.HexColor("#146c43"),
    colors.HexColor("#b02a37"),
    colors.HexColor("#6c757d"),
    colors.HexColor("#212529"),
)


def _font() -> str:
    if (get_language() or "").startswith("ja"):
        if JAPANESE_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(JAPANESE_FONT))
        return JAPANESE_FONT
    return "Helvetica"


def wrap(text: str, font: str, size: float, width: float, *, max_lines: int) -> list[str]:
    """Lines of ``text`` no wider than ``width``: broken at the last space that fits where there
    is one, else at any character (Japanese has no spaces between words, and a Japanese
    definition may still hold a few). A cut last line ends in "…"."""
    lines: list[str] = []
    line = ""
    for char in text.replace("\n", " "):
        if line and pdfmetrics.stringWidth(line + char, font, size) > width:
            head, space, tail = line.rpartition(" ")
            if space and head:
                lines.append(head)
                line = tail + char
            else:
                lines.append(line)
                line = char.lstrip()
        else:
            line += char
    if line.strip():
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return lines


def render_pdf(report: Report, *, community_name: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    font = _font()
    width, height = A4
    title = _("Community report")
    pdf.setTitle(f"{community_name} · {title} · {report.period}")
    y = height - MARGIN

    pdf.setFillColor(INK)
    pdf.setFont(font, 18)
    pdf.drawString(MARGIN, y - 18, f"{community_name}  {title}")
    pdf.setFont(font, 10)
    pdf.setFillColor(MUTED)
    subtitle = _("Period %(period)s, compared with %(previous)s. Made %(made)s.") % {
        "period": report.period,
        "previous": report.previous,
        "made": date_format(localtime(report.generated_at), "SHORT_DATETIME_FORMAT"),
    }
    pdf.drawString(MARGIN, y - 34, subtitle)
    y -= 46

    columns, gap = 3, 4 * mm
    card_w = (width - 2 * MARGIN - (columns - 1) * gap) / columns
    card_h = 36 * mm
    for index, headline in enumerate(report.headlines):
        row, column = divmod(index, columns)
        x = MARGIN + column * (card_w + gap)
        top = y - row * (card_h + gap)
        _card(pdf, font, headline, x, top, card_w, card_h)
    rows = (len(report.headlines) + columns - 1) // columns
    y -= rows * (card_h + gap) + 2 * mm

    pdf.setFillColor(INK)
    pdf.setFont(font, 12)
    pdf.drawString(MARGIN, y - 12, _("Trend"))
    y -= 18
    chart_w = (width - 2 * MARGIN - 2 * gap) / 3
    for index, trend in enumerate(report.trends):
        _trend(pdf, font, trend, MARGIN + index * (chart_w + gap), y, chart_w, 40 * mm)
    y -= 40 * mm + 6 * mm

    pdf.setFillColor(INK)
    pdf.setFont(font, 12)
    heading = _("Members per activity level")
    pdf.drawString(MARGIN, y - 12, f"{heading} ({_('today')})" if report.levels_now else heading)
    pdf.setFont(font, 10)
    levels = "   ".join(f"{label}: {count:,}" for label, count in report.levels)
    pdf.drawString(MARGIN, y - 28, levels or _("Not recorded for this period."))
    pdf.setFillColor(MUTED)
    pdf.setFont(font, 8)
    footer = _(
        "Members are member accounts; staff and editorial accounts are not counted. Days are "
        "days in the community's time zone. Figures come from the daily rollups of the "
        "activity log."
    )
    for n, line in enumerate(wrap(footer, font, 8, width - 2 * MARGIN, max_lines=2)):
        pdf.drawString(MARGIN, MARGIN + 10 - n * 10, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _card(pdf, font, headline, x, top, w, h) -> None:
    pdf.setStrokeColor(colors.HexColor("#dee2e6"))
    pdf.roundRect(x, top - h, w, h, 3 * mm, stroke=1, fill=0)
    inner = w - 8 * mm
    pdf.setFillColor(MUTED)
    pdf.setFont(font, 8.5)
    card = headline.card
    pdf.drawString(x + 4 * mm, top - 6 * mm, wrap(card.label, font, 8.5, inner, max_lines=1)[0])
    pdf.setFillColor(INK)
    pdf.setFont(font, 17)
    pdf.drawString(x + 4 * mm, top - 14 * mm, card.shown)
    pdf.setFont(font, 8)
    pdf.setFillColor(GOOD if headline.good else BAD if headline.good is False else MUTED)
    change = _("%(change)s (before: %(previous)s)") % {
        "change": card.change or "—",
        "previous": card.previous_shown,
    }
    pdf.drawString(x + 4 * mm, top - 19.5 * mm, change)
    pdf.setFillColor(MUTED)
    pdf.setFont(font, 6.5)
    for n, line in enumerate(wrap(card.definition, font, 6.5, inner, max_lines=4)):
        pdf.drawString(x + 4 * mm, top - 24.5 * mm - n * 8, line)


def _trend(pdf, font, trend, x, top, w, h) -> None:
    pdf.setFillColor(INK)
    pdf.setFont(font, 9)
    pdf.drawString(x, top - 10, trend.label)
    drawing = Drawing(w, h - 14)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 28, 14, w - 34, h - 34
    chart.data = [[value for _label, value in trend.points]]
    chart.categoryAxis.categoryNames = [label for label, _value in trend.points]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 6
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 6
    chart.valueAxis.valueMin = 0
    chart.lines[0].strokeColor = colors.HexColor("#0d6efd")
    chart.lines[0].strokeWidth = 1.5
    drawing.add(chart)
    renderPDF.draw(drawing, pdf, x, top - h)
