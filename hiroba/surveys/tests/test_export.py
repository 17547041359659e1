"""The CSV export opens in Excel with Japanese intact, survives commas, quotes and newlines, and
cannot smuggle formulas into a spreadsheet."""

import csv
import io

import pytest
from django.urls import reverse

from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.surveys.export import safe_cell
from hiroba.surveys.services import submit_response
from hiroba.surveys.tests.helpers import answers_for, build_survey, client_for

BOM = b"\xef\xbb\xbf"


def _download(member, survey):
    response = client_for(member).get(reverse("surveys:export", args=[survey.pk]))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def _rows(raw: bytes) -> list[list[str]]:
    assert raw.startswith(BOM)
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_the_export_keeps_japanese_and_awkward_text_and_defuses_formulas(built, cm, alice, bob):
    submit_response(
        actor=alice,
        survey=built.survey,
        answers=answers_for(
            built,
            nps=10,
            reason='とても便利です。\n2行目, "引用" もあります',
            multiple=(1, 2),
            scale=5,
            short='=HYPERLINK("http://example.com")',
        ),
    )
    submit_response(
        actor=bob,
        survey=built.survey,
        answers=answers_for(built, nps=3, reason="-いまいち", single=2, short="@SUM(1)"),
    )

    rows = _rows(_download(cm, built.survey))

    header, first, second = rows
    assert header[:5] == ["Response", "Submitted at", "Updated at", "Member id", "Handle"]
    assert header[5:] == [
        "Q1. よく使う機能は?",
        "Q2. 好きな商品は? (いくつでも)",
        "Q3. 使いやすさ",
        "Q4. 友人に勧める可能性は?",
        "Q5. その理由は?",
        "Q6. ひとこと",
    ]
    assert first[3:5] == [str(alice.pk), "alice"]
    assert first[5:] == [
        "投稿",
        'ごまだれ, 濃いめ; "限定" 味噌',
        "5",
        "10",
        'とても便利です。\n2行目, "引用" もあります',
        '\'=HYPERLINK("http://example.com")',
    ]
    assert second[3:5] == [str(bob.pk), "bob"]
    assert second[5:] == ["イベント", "", "", "3", "'-いまいち", "'@SUM(1)"]
    entry = AuditEntry.objects.get(action=AuditAction.SURVEY_EXPORT)
    assert entry.actor == cm and entry.target_id == built.survey.pk


def test_an_anonymous_export_has_no_member_columns(cm, alice):
    anonymous = build_survey(cm, is_anonymous=True)
    submit_response(actor=alice, survey=anonymous.survey, answers=answers_for(anonymous, nps=7))

    header, row = _rows(_download(cm, anonymous.survey))

    assert "Handle" not in header and "Member id" not in header
    assert "alice" not in ",".join(row) and "Response" not in header
    assert row[1 + 3] == "7"  # the day, then Q1..Q6: NPS is Q4


def test_the_export_is_streamed_in_chunks(cm, alice, bob, charlie, monkeypatch):
    import hiroba.surveys.selectors as selectors

    monkeypatch.setattr(selectors, "EXPORT_CHUNK", 2)
    survey = build_survey(cm)
    for member in (alice, bob, charlie):
        submit_response(actor=member, survey=survey.survey, answers=answers_for(survey))

    rows = _rows(_download(cm, survey.survey))

    assert [r[4] for r in rows[1:]] == ["alice", "bob", "charlie"]


@pytest.mark.parametrize("persona", ["alice", "mod"])
def test_only_survey_staff_export(request, built, persona):
    response = client_for(request.getfixturevalue(persona)).get(
        reverse("surveys:export", args=[built.survey.pk])
    )
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action=AuditAction.SURVEY_EXPORT).count() == 0


@pytest.mark.parametrize("text", ["=1+1", "+81", "-1", "@x", "\tx", "\rx"])
def test_formula_starts_are_prefixed(text):
    assert safe_cell(text) == "'" + text
    assert safe_cell("ふつう=1") == "ふつう=1" and safe_cell(7) == 7
