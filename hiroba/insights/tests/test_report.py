"""The executive report: its headlines are the KPIs of the period beside those of the period
before, formatted for a manager; the page and the PDF show them. Built on the hand-built
community of conftest.py (figures read from its rollups)."""

import base64
import re
import zlib

import pytest
from django.urls import reverse
from django.utils import translation

from hiroba.insights.periods import Period
from hiroba.insights.report import build_report
from hiroba.insights.report.data import earlier_periods, format_duration
from hiroba.insights.report.pdf import render_pdf, wrap
from hiroba.insights.rollup import rollup_days

from .conftest import D0, D1, D3


@pytest.fixture
def rolled(community):
    rollup_days(D0, D3)
    return community


def headlines(report) -> dict:
    return {h.key: h for h in report.headlines}


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
    assert (members.value, members.previous) == (4, 3)
    assert (members.change_text, members.direction, members.good) == ("+33.3%", "up", True)
    # Questions solved: q1 by a member, q2 by staff, both for the first time in D1..D3.
    assert by_key["solved"].value == 2
    # Time to first answer: a median of 3600, 1800 and 600 s is 30 min; there was none before,
    # so there is nothing to compare with.
    answer = by_key["answer_median_seconds"]
    assert (answer.value_text, answer.previous_text, answer.good) == ("30 min", "—", None)
    # NPS: 2 promoters, 1 detractor of 3 answers: +33.
    assert by_key["nps"].value_text == "+33"
    assert all(h.definition for h in report.headlines)


def test_a_fall_in_time_to_first_answer_is_good_news(rolled):
    # D1 alone: 3600 s; D1..D3 seen against D1 shifted: compare D3 (600 s) with D2 (1800 s).
    with translation.override("en"):
        answer = headlines(build_report(Period.day(D3)))["answer_median_seconds"]
    assert (answer.value, answer.previous) == (600, 1800)
    assert (answer.direction, answer.good, answer.change_text) == ("down", True, "-66.7%")


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


def test_durations_read_as_people_say_them():
    with translation.override("en"):
        assert [format_duration(s) for s in (90, 3 * 3600 + 12 * 60, 3 * 86400)] == [
            "2 min",
            "3 h 12 min",
            "3.0 days",
        ]


def test_wrap_breaks_japanese_anywhere_and_english_at_spaces():
    assert wrap("会員数は登録済みの会員アカウントの数です", "Helvetica", 10, 60, max_lines=9)
    lines = wrap("one two three four five six", "Helvetica", 10, 40, max_lines=9)
    assert all(" " not in line.strip() or len(line) < 20 for line in lines)
    assert " ".join(lines) == "one two three four five six"
    cut = wrap("one two three four five six", "Helvetica", 10, 40, max_lines=2)
    assert len(cut) == 2 and cut[-1].endswith("…")


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
    params = {"kind": "custom", "start": D1.isoformat(), "end": D3.isoformat()}
    member = make_member("erin")
    client.force_login(member)
    assert client.get(url, params).status_code == 403

    editor = type(member).objects.get(handle="editor")
    client.force_login(editor)
    client.get(reverse("home"))  # the first page of a session also records the visit
    # Uncached: the figures of 7 periods (the 6 of the trend and the one before), about 7 queries
    # each (rollups, sets, cache stamp, ideas, NPS), plus the session and the viewer. Bounded by
    # the number of periods, not by the community's size.
    with django_assert_max_num_queries(52):
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
        {"kind": "custom", "start": "2026-03-04", "end": "2026-03-01"},
        {"kind": "custom"},
        {"kind": "month", "start": "yesterday"},
        {"kind": "fortnight"},
        {"kind": "custom", "start": "2020-01-01", "end": "2026-01-01"},
    ):
        response = client.get(url, {**params, "format": "pdf"})
        assert response.status_code == 200, params
        assert response["Content-Type"].startswith("text/html"), params
        assert (
            "text-danger" in response.content.decode()
            or "alert-danger" in response.content.decode()
        )


def test_levels_are_todays_when_the_period_reaches_today(rolled):
    # The clock stands on D3: a period ending on D3 shows the levels of now.
    report = build_report(Period(D1, D3))
    assert report.levels_now is True
    assert len(report.levels) == 4
    # alice acted most of all; every level count is one of the health score's (level_counts).
    assert sum(count for _label, count in report.levels) >= 4
    # A past period whose days stored no levels says so instead of showing zeros.
    past = build_report(Period.day(D1))
    assert (past.levels_now, past.levels) == (False, [])
