"""The executive report: its headlines are the KPIs of the period beside those of the period
before, formatted for a manager; the page and the PDF show them. Built on the hand-built
community of conftest.py (figures read from its rollups)."""

import base64
import re
import zlib

import pytest
from django.urls import reverse
from django.utils import translation
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from hiroba.insights.periods import Period
from hiroba.insights.report import build_report
from hiroba.insights.report.data import HEADLINES, earlier_periods, last_complete_month
from hiroba.insights.report.pdf import MARGIN, render_pdf
from hiroba.insights.rollup import rollup_days

from .conftest import D0, D1, D3
from .pdf_page import read_page


@pytest.fixture
def rolled(community):
    rollup_days(D0, D3)
    return community


def headlines(report) -> dict:
    return {h.card.key: h for h in report.headlines}


def pdf_text(data: bytes) -> str:
    """The page's drawing operators, decoded (ReportLab writes ASCII85 over Flate): the text
    drawn in Helvetica is readable in them."""
    streams = re.findall(rb"/ASCII85Decode /FlateDecode.*?stream\r?\n(.*?)~>endstream", data, re.S)
    assert streams
    return "\n".join(
        zlib.decompress(base64.a85decode(stream.strip(), adobe=False)).decode("latin-1")
        for stream in streams
    )


def test_headlines_compare_with_the_period_before(rolled):
    with translation.override("en"):
        report = build_report(Period(D1, D3))
    by_key = headlines(report)
    # The period before: the three days ending on D0. Members then: alice, bob, charlie (3);
    # now dave too (4): +33.3%, and more members is good news.
    members = by_key["members_total"]
    assert (members.card.value, members.card.previous) == (4, 3)
    assert (members.card.change, members.card.direction, members.good) == ("+33.3%", "up", True)
    # Solved by members: q1, whose accepted answer is bob's, solved for the first time on D2.
    assert by_key["solved_by_member"].card.value == 1
    # Time to first answer: a median of 3600, 1800 and 600 s is 30 min; there was none before,
    # so there is nothing to compare with.
    answer = by_key["answer_median_seconds"]
    assert (answer.card.shown, answer.card.previous_shown, answer.good) == ("30 min", "—", None)
    # NPS: 2 promoters, 1 detractor of 3 answers: +33.3.
    assert by_key["nps"].card.shown == "+33.3"
    assert all(h.card.definition for h in report.headlines)


def test_a_fall_in_time_to_first_answer_is_good_news(rolled):
    # D1 alone: 3600 s; D1..D3 seen against D1 shifted: compare D3 (600 s) with D2 (1800 s).
    with translation.override("en"):
        answer = headlines(build_report(Period.day(D3)))["answer_median_seconds"]
    assert (answer.card.value, answer.card.previous) == (600, 1800)
    assert (answer.card.direction, answer.good, answer.card.change) == ("down", True, "-66.7%")


def test_trend_covers_the_periods_of_the_same_kind():
    months = earlier_periods(Period.month(D1), 3)
    assert [(p.start.isoformat(), p.end.isoformat()) for p in months] == [
        ("2026-01-01", "2026-01-31"),
        ("2026-02-01", "2026-02-28"),
        ("2026-03-01", "2026-03-31"),
    ]
    custom = earlier_periods(Period(D1, D3), 2)
    assert [p.days for p in custom] == [3, 3] and custom[0].end.day == D0.day


def test_trend_lines_end_with_the_period(rolled):
    report = build_report(Period(D1, D3))
    posts = next(t for t in report.trends if t.key == "posts")
    assert len(posts.points) == 6 and posts.points[-1][1] == 7  # 7 posts in D1..D3


# What may not start a line in Japanese (kinsoku): closing marks, the prolonged sound mark and
# small kana; ReportLab hangs them at the end of the line before.
NOT_AT_LINE_START = "。、，．」』）】〕!),.:;?ーぁぃぅぇぉっゃゅょァィゥェォッャュョ"
GRID_RIGHT = A4[0] - MARGIN
LONG_NAME = "ひろば ファンコミュニティ Hiroba Fan Community of the Longest Name"


def drawn(rolled_report, language: str, name: str = LONG_NAME):
    with translation.override(language):
        return read_page(render_pdf(rolled_report(), community_name=name))


@pytest.fixture
def report_of(rolled):
    # A custom period: its subtitle names two ranges of dates and the time it was made.
    return lambda: build_report(Period(D1, D3))


def _word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def test_japanese_lines_break_where_japanese_may_break(report_of):
    lines, _outlines = drawn(report_of, "ja")
    with translation.override("ja"):
        texts = [text for h in report_of().headlines for text in (h.card.label, h.card.definition)]
    japanese = [line for line in lines if line.font == "HeiseiKakuGo-W5"]
    assert len(japanese) > 40
    for before, line in zip(japanese, japanese[1:], strict=False):
        next_line = line.x == before.x and 0 < before.y - line.y <= 1.6 * line.size
        if not next_line:  # the next line of the same paragraph (wherever the PDF starts it)
            continue
        assert line.text[0] not in NOT_AT_LINE_START, (before.text, line.text)
        # A number or a Latin word is never cut ("9〜1" / "0", "MA" / "U"); a break at a space
        # (the space is not drawn) is a break between words.
        if any(before.text + line.text in text for text in texts):
            assert not (_word_char(before.text[-1]) and _word_char(line.text[0])), (
                before.text,
                line.text,
            )
    # The NPS definition's ranges stay whole on their lines.
    text = "".join(line.text for line in japanese)
    assert "9〜10" in text and "0〜6" in text


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_line_stays_inside_its_card_and_the_grid(report_of, language):
    lines, outlines = drawn(report_of, language)
    cards = [o for o in outlines if o.top - o.bottom > 90 and o.right - o.left > 120]
    assert len(cards) == len(HEADLINES) == 14
    rows = sorted({(card.bottom, card.top) for card in cards})
    gaps = [(lower[1], upper[0]) for lower, upper in zip(rows, rows[1:], strict=False)]
    for line in lines:
        # A closing mark may hang at the end of a Japanese line, into the card's padding.
        hanging = line.text[-1] in NOT_AT_LINE_START
        end = line.x + line.width - (line.size if hanging else 0)
        assert line.x >= MARGIN - 0.5 and end <= GRID_RIGHT + 0.5, line.text
        for card in cards:
            if card.left <= line.x <= card.right and card.bottom - 5 <= line.y <= card.top:
                assert end <= card.right - 2 * mm, line.text  # inside the card's padding
                assert line.y >= card.bottom + 1 * mm, line.text  # not below its frame
        assert not any(low < line.y < high for low, high in gaps), line.text  # between rows


def test_the_english_report_draws_a_japanese_community_name(report_of):
    lines, _outlines = drawn(report_of, "en", "ひろば")
    assert any(line.text.startswith("ひろば") and line.font == "HeiseiKakuGo-W5" for line in lines)


def test_pdf_is_one_a4_page_with_the_figures(rolled):
    with translation.override("en"):
        data = render_pdf(build_report(Period(D1, D3)), community_name="Hiroba")
    assert data.startswith(b"%PDF")
    assert data.count(b"/Type /Page\n") == 1 or b"/Count 1" in data
    text = pdf_text(data)
    assert "Community report" in text and "Members" in text and "+33.3%" in text


def test_japanese_pdf_names_the_japanese_font(rolled):
    with translation.override("ja"):
        data = render_pdf(build_report(Period(D1, D3)), community_name="ひろば")
    assert b"/HeiseiKakuGo-W5" in data and b"UniJIS-UCS2-H" in data


@pytest.mark.django_db
def test_report_page_pdf_and_refusals(client, rolled, django_assert_max_num_queries):
    from conftest import make_member

    url = reverse("console:report")
    params = {"period": "custom", "day": D1.isoformat(), "end": D3.isoformat()}
    member = make_member("erin")
    client.force_login(member)
    assert client.get(url, params).status_code == 403

    editor = type(member).objects.get(handle="editor")
    client.force_login(editor)
    client.get(reverse("home"))  # the first page of a session also records the visit
    # Uncached: the figures of 7 periods (the 6 of the trend and the one before), about 8 queries
    # each (cache stamp, kept figures, rollups, sets, ideas, NPS), plus the session and the
    # viewer. Bounded by the number of periods, not by the community's size.
    with django_assert_max_num_queries(58):
        page = client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-kpi="members_total"' in html and "+33.3%" in html
    pdf = client.get(url, {**params, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "report-2026-03-02-2026-03-04.pdf" in pdf["Content-Disposition"]


@pytest.mark.django_db
def test_bad_periods_are_form_errors_not_500(client, rolled):
    from hiroba.accounts.models import Member

    client.force_login(Member.objects.get(handle="manager"))
    url = reverse("console:report")
    for params in (
        {"period": "custom", "day": "2026-03-04", "end": "2026-03-01"},
        {"period": "custom"},
        {"period": "month", "day": "yesterday"},
        {"period": "fortnight"},
        {"period": "custom", "day": "2020-01-01", "end": "2026-01-01"},
    ):
        response = client.get(url, {**params, "format": "pdf"})
        assert response.status_code == 400, params
        assert response["Content-Type"].startswith("text/html"), params
        assert "invalid-feedback" in response.content.decode(), params


@pytest.mark.django_db
def test_without_a_period_the_report_is_the_last_complete_month(client, rolled):
    from hiroba.accounts.models import Member

    client.force_login(Member.objects.get(handle="manager"))
    response = client.get(reverse("console:report"))
    # The clock stands on D3 (4 March): the last complete month is February.
    assert last_complete_month() == Period.month(D0.replace(month=2))
    assert response.context["report"].period == last_complete_month()
