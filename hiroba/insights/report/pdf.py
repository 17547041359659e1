"""The executive report as a one-page A4 PDF, drawn with ReportLab.

Japanese text uses ReportLab's built-in CID font (HeiseiKakuGo-W5, Adobe-Japan1): the PDF names
the font instead of embedding it and every PDF reader supplies one, so the report needs no font
file on the server. English uses Helvetica; a text Helvetica cannot draw (a Japanese community
name in the English report) takes the Japanese font.

Every text is a ReportLab Paragraph in a box of the page (``layout``). Japanese wraps with
ReportLab's own CJK rules (``wordWrap="CJK"``): a line never starts with a closing mark (。、」）
or ー and small kana, which hang in the margin instead, and a run of Latin letters or digits
("MAU", "9〜10") is not cut. A text longer than its box is drawn smaller until it fits, so a
long definition or subtitle stays inside its card and the grid rather than running past it.
"""

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

from hiroba.insights.definitions import MEMBER
from hiroba.insights.report.data import Headline, Report, TrendLine

JAPANESE_FONT = "HeiseiKakuGo-W5"
LATIN_FONT = "Helvetica"
MARGIN = 14 * mm
LEADING = 1.22  # line height per point of font size
GOOD, BAD, MUTED, INK = (
    colors.HexColor("#146c43"),
    colors.HexColor("#b02a37"),
    colors.HexColor("#6c757d"),
    colors.HexColor("#212529"),
)
BORDER = colors.HexColor("#dee2e6")
COLUMNS, GAP = 3, 4 * mm
CARD_H, PADDING = 36 * mm, 4 * mm
CHART_H = 40 * mm


def _japanese_font() -> str:
    if JAPANESE_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(JAPANESE_FONT))
    return JAPANESE_FONT


def _font() -> str:
    return _japanese_font() if (get_language() or "").startswith("ja") else LATIN_FONT


def font_for(text: str, font: str) -> str:
    """``font``, unless it is Helvetica and ``text`` holds a character outside its encoding."""
    if font == LATIN_FONT:
        try:
            text.encode("cp1252")
        except UnicodeEncodeError:
            return _japanese_font()
    return font


@dataclass(frozen=True)
class Box:
    """``text`` wrapped inside the rectangle whose top left corner is (x, top)."""

    text: str
    font: str
    size: float
    x: float
    top: float
    width: float
    height: float
    color: object = INK
    min_size: float = 4.5

    def paragraph(self, size: float) -> Paragraph:
        font = font_for(self.text, self.font)
        style = ParagraphStyle(
            "box",
            fontName=font,
            fontSize=size,
            leading=size * LEADING,
            textColor=self.color,
            # Japanese breaks between characters, under the kinsoku rules; other text at spaces.
            wordWrap="CJK" if font == JAPANESE_FONT else None,
        )
        return Paragraph(escape(self.text.replace("\n", " ")), style)

    def fit(self) -> Paragraph:
        """The text at the box's size when its lines fit the box's height, else at the largest
        smaller size (in quarter points, down to ``min_size``) that fits: shown whole, never
        cut. Wrapped (``.wrap``) to the box's width."""
        size = self.size
        while True:
            paragraph = self.paragraph(size)
            _width, height = paragraph.wrap(self.width, self.height)
            if height <= self.height or size <= self.min_size:
                return paragraph
            size -= 0.25

    def draw(self, pdf) -> None:
        paragraph = self.fit()
        paragraph.drawOn(pdf, self.x, self.top - paragraph.height)


@dataclass
class Layout:
    """Where everything of the page goes; ``render_pdf`` draws it."""

    boxes: list[Box] = field(default_factory=list)
    cards: list[tuple[float, float, float, float]] = field(default_factory=list)  # x, top, w, h
    charts: list[tuple[TrendLine, float, float, float, float]] = field(default_factory=list)
    grid_right: float = 0.0


def layout(report: Report, *, community_name: str) -> Layout:
    font = _font()
    width, height = A4
    inner = width - 2 * MARGIN
    page = Layout(grid_right=MARGIN + inner)
    space = "" if font == JAPANESE_FONT else " "  # between two sentences
    y = height - MARGIN

    title = f"{community_name}  {_('Community report')}"
    page.boxes.append(Box(title, font, 18, MARGIN, y, inner, 18 * LEADING, min_size=9))
    y -= 18 * LEADING + 1
    subtitle = _("Period %(period)s, compared with %(previous)s. Made %(made)s.") % {
        "period": report.period,
        "previous": report.previous,
        "made": date_format(localtime(report.generated_at), "DATETIME_FORMAT"),
    }
    if report.as_of:
        subtitle += space + _("Figures of the activity log as of %(time)s.") % {
            "time": date_format(localtime(report.as_of), "DATETIME_FORMAT")
        }
    page.boxes.append(Box(subtitle, font, 10, MARGIN, y, inner, 2 * 10 * LEADING, color=MUTED))
    y -= 2 * 10 * LEADING + 6

    card_w = (inner - (COLUMNS - 1) * GAP) / COLUMNS
    for index, headline in enumerate(report.headlines):
        row, column = divmod(index, COLUMNS)
        x = MARGIN + column * (card_w + GAP)
        top = y - row * (CARD_H + GAP)
        page.cards.append((x, top, card_w, CARD_H))
        page.boxes.extend(_card(font, headline, x, top, card_w))
    rows = (len(report.headlines) + COLUMNS - 1) // COLUMNS
    y -= rows * (CARD_H + GAP) + 2 * mm

    page.boxes.append(Box(_("Trend"), font, 12, MARGIN, y, inner, 12 * LEADING))
    y -= 18
    chart_w = (inner - 2 * GAP) / 3
    for index, trend in enumerate(report.trends):
        x = MARGIN + index * (chart_w + GAP)
        page.boxes.append(Box(trend.label, font, 9, x, y, chart_w, 9 * LEADING))
        page.charts.append((trend, x, y - 12, chart_w, CHART_H - 12))
    y -= CHART_H + 6 * mm

    heading = _("Members per activity level")
    heading = f"{heading} ({_('today')})" if report.levels_now else heading
    page.boxes.append(Box(heading, font, 12, MARGIN, y, inner, 12 * LEADING))
    y -= 18
    # Paragraph folds any run of spaces into one: a Japanese list takes "、", English no-break
    # spaces before a plain one (the CID font has no no-break space).
    gap = "、" if font == JAPANESE_FONT else "\u00a0\u00a0 "
    levels = gap.join(f"{label}: {count:,}" for label, count in report.levels)
    page.boxes.append(
        Box(levels or _("Not recorded for this period."), font, 10, MARGIN, y, inner, 2 * 12.2)
    )
    footer = f"{MEMBER}{space}{_('Figures come from the daily rollups of the activity log.')}"
    footer_h = 2 * 8 * LEADING
    page.boxes.append(Box(footer, font, 8, MARGIN, MARGIN + footer_h, inner, footer_h, MUTED))
    return page


def _card(font, headline: Headline, x, top, w) -> list[Box]:
    card, inner, left = headline.card, w - 2 * PADDING, x + PADDING
    change = _("%(change)s (before: %(previous)s)") % {
        "change": card.change or "—",
        "previous": card.previous_shown,
    }
    tone = GOOD if headline.good else BAD if headline.good is False else MUTED
    definition_top = top - 20.5 * mm
    return [
        Box(card.label, font, 8.5, left, top - 3.5 * mm, inner, 8.5 * LEADING, MUTED),
        Box(card.shown, font, 17, left, top - 7.5 * mm, inner, 17 * LEADING, min_size=9),
        Box(change, font, 8, left, top - 15.5 * mm, inner, 8 * LEADING, tone),
        Box(
            card.definition,
            font,
            6.5,
            left,
            definition_top,
            inner,
            definition_top - (top - CARD_H + 2.5 * mm),
            MUTED,
        ),
    ]


def render_pdf(report: Report, *, community_name: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    pdf.setTitle(f"{community_name} · {_('Community report')} · {report.period}")
    page = layout(report, community_name=community_name)
    pdf.setStrokeColor(BORDER)
    for x, top, w, h in page.cards:
        pdf.roundRect(x, top - h, w, h, 3 * mm, stroke=1, fill=0)
    for box in page.boxes:
        box.draw(pdf)
    font = _font()
    for trend, x, top, w, h in page.charts:
        _trend(pdf, font, trend, x, top, w, h)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _trend(pdf, font, trend, x, top, w, h) -> None:
    drawing = Drawing(w, h)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 28, 14, w - 34, h - 20
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
