"""The console's segment pages: managers build, count, list, export and delete segments; everyone
else gets 403 (members, moderators, editors) or the login page (visitors)."""

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.segments import services
from hiroba.segments.models import Segment

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    raw = b"".join(response.streaming_content).decode("utf-8")
    assert raw.startswith("\ufeff")
    return list(csv.reader(io.StringIO(raw[1:])))


def osaka_promoters(town) -> dict:
    """The builder's form for: light members in Osaka who answered the last NPS with 9–10."""
    return {
        "name": "大阪の推奨者",
        "description": "秋のNPSで9–10",
        "levels": ["light"],
        "regions": ["27"],
        "nps_survey": "latest",
        "nps_categories": ["promoter"],
    }


def test_done_when_segment_built_counted_and_exported_through_the_pages(town):
    client = client_for(town.cm)
    assert client.get(reverse("console:segment_new")).status_code == 200

    live = client.post(reverse("console:segment_live_count"), osaka_promoters(town))
    assert live.status_code == 200
    assert '<span class="kpi-value">1</span>' in live.content.decode()  # alice is core

    response = client.post(reverse("console:segment_new"), osaka_promoters(town))
    segment = Segment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("console:segment", args=[segment.pk])
    assert segment.rules == [
        {"type": "level", "levels": ["light"]},
        {"type": "region", "regions": ["27"]},
        {"type": "nps", "survey": "latest", "categories": ["promoter"]},
    ]

    page = client.get(response["Location"]).content.decode()
    assert '<span class="kpi-value" id="segment-count">1</span>' in page
    assert "@dave" in page and "@alice" not in page and "@bob" not in page

    export = client.get(reverse("console:segment_export", args=[segment.pk]))
    assert export.status_code == 200
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    assert export["Content-Disposition"].startswith(f'attachment; filename="segment-{segment.pk}-')
    rows = read_csv(export)
    assert rows[0] == [
        "Member id",
        "Handle",
        "Display name",
        "Region",
        "Joined on",
        "Last active on",
        "Activity level",
    ]
    [dave] = rows[1:]
    assert dave[:4] == [str(town.dave.pk), "dave", "大阪 だいすけ", "Osaka"]
    today = timezone.localdate().isoformat()
    assert dave[4:] == [today, today, "Light"]
    assert not any("@example.com" in cell for row in rows for cell in row)
    [entry] = AuditEntry.objects.filter(action=AuditAction.SEGMENT_EXPORT)
    assert entry.actor == town.cm and entry.target_id == segment.pk
    assert entry.data["rules"] == segment.rules and "email" not in entry.data["fields"]


def test_export_cells_cannot_run_as_formulas(town):
    from hiroba.accounts.services import update_profile

    update_profile(actor=town.alice, member=town.alice, display_name="=HYPERLINK(1)")
    segment = services.create_segment(
        actor=town.cm, name="大阪", rules=[{"type": "region", "regions": ["27"]}]
    )
    rows = read_csv(client_for(town.cm).get(reverse("console:segment_export", args=[segment.pk])))
    assert [row[2] for row in rows[1:] if row[1] == "alice"] == ["'=HYPERLINK(1)"]


def test_bad_input_is_a_form_error_never_a_500(town):
    client = client_for(town.cm)
    data = {
        "name": "",
        "posts_min": "5",
        "posts_max": "1",
        "joined_from": "not a date",
        "regions": ["XX"],
        "answer_question": "999999",
    }
    response = client.post(reverse("console:segment_new"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required." in page
    assert "Enter a valid date." in page
    assert not Segment.objects.exists()

    data = {"name": "x", "posts_min": "5", "posts_max": "1"}
    page = client.post(reverse("console:segment_new"), data).content.decode()
    assert "The minimum is larger than the maximum." in page
    live = client.post(reverse("console:segment_live_count"), data).content.decode()
    assert "The minimum is larger than the maximum." in live and "kpi-value" not in live
    assert not Segment.objects.exists()


def test_an_anonymous_survey_is_refused_with_a_clear_message(town, cm):
    from hiroba.surveys.tests.helpers import build_survey

    secret = build_survey(cm, title="匿名アンケート", is_anonymous=True)
    client = client_for(town.cm)
    data = {"name": "x", "nps_survey": str(secret.survey.pk), "nps_categories": ["promoter"]}
    page = client.post(reverse("console:segment_new"), data).content.decode()
    assert "匿名アンケート” is anonymous: its answers cannot be used to pick members." in page
    data = {"name": "x", "answer_question": str(secret.single.pk)}
    page = client.post(reverse("console:segment_new"), data).content.decode()
    assert "is anonymous" in page
    assert not Segment.objects.exists()


def test_survey_answer_fields_follow_the_question(town):
    client = client_for(town.cm)
    single = town.latest.single
    url = reverse("console:segment_answer_fields")
    page = client.get(url, {"answer_question": single.pk}).content.decode()
    assert "投稿" in page and 'name="answer_choices"' in page
    page = client.get(url, {"answer_question": town.latest.scale.pk}).content.decode()
    assert 'name="answer_min"' in page and "from 1 to 5" in page
    assert client.get(url, {"answer_question": "x"}).status_code == 200

    chosen = town.latest.choice(single, 1)
    data = {"name": "機能", "answer_question": single.pk, "answer_choices": [chosen]}
    response = client.post(reverse("console:segment_new"), data)
    assert response.status_code == 302
    rule = {"type": "survey_answer", "question": single.pk, "choices": [chosen]}
    assert Segment.objects.get().rules == [rule]


def test_list_counts_lazily_with_pinned_queries(town, django_assert_max_num_queries):
    for n in range(5):
        services.create_segment(
            actor=town.cm, name=f"大阪 {n}", rules=[{"type": "region", "regions": ["27"]}]
        )
    client = client_for(town.cm)
    client.get(reverse("console:home"))  # the session's first page records the visit
    # Session, viewer, the segments with their authors, unread notifications: whatever the
    # number of segments, whose counts come one request each after the page.
    with django_assert_max_num_queries(4):
        page = client.get(reverse("console:segments")).content.decode()
    assert page.count("segment-count") == 5 and "Region" in page
    segment = Segment.objects.first()
    with django_assert_max_num_queries(4):
        count = client.get(reverse("console:segment_count", args=[segment.pk]))
    # The count, and when it was counted (it is kept for a minute).
    assert re.fullmatch(r"2 <small[^>]*>as of \d\d:\d\d</small>", count.content.decode().strip())


def test_member_list_is_keyset_paged_with_pinned_queries(
    town, monkeypatch, django_assert_max_num_queries
):
    from hiroba.segments import selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    segment = services.create_segment(actor=town.cm, name="全員", rules=[])
    client = client_for(town.cm)
    url = reverse("console:segment", args=[segment.pk])
    client.get(reverse("console:home"))  # the session's first page records the visit
    page = selectors.member_page(segment, size=2)
    assert len(page.items) == 2 and page.next_cursor
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == 1 + 2  # the header row and one page
    seen = []
    cursor = None
    while True:
        page = selectors.member_page(segment, cursor=cursor, size=2)
        seen += [row.handle for row in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    assert sorted(seen) == sorted(selectors.eligible_members().values_list("handle", flat=True))
    more = client.get(url, {"cursor": "garbage"}, HTTP_HX_REQUEST="true")
    assert more.status_code == 200


def test_edit_shows_the_saved_conditions_and_saves_changes(town):
    segment = services.create_segment(
        actor=town.cm,
        name="大阪",
        rules=[{"type": "region", "regions": ["27"]}, {"type": "answers", "min": 1}],
    )
    client = client_for(town.cm)
    url = reverse("console:segment_edit", args=[segment.pk])
    page = client.get(url).content.decode()
    assert '<option value="27" selected>' in page
    assert 'name="answers_min" value="1"' in page
    response = client.post(url, {"name": "大阪・兵庫", "regions": ["27", "28"]})
    assert response.status_code == 302
    segment.refresh_from_db()
    assert segment.name == "大阪・兵庫"
    assert segment.rules == [{"type": "region", "regions": ["27", "28"]}]
    assert AuditEntry.objects.filter(action=AuditAction.SEGMENT_CHANGE).count() == 1


def test_delete_asks_first(town):
    segment = services.create_segment(actor=town.cm, name="大阪", rules=[])
    client = client_for(town.cm)
    url = reverse("console:segment_delete", args=[segment.pk])
    assert "Delete “大阪”?" in client.get(url).content.decode()
    assert Segment.objects.exists()
    assert client.post(url)["Location"] == reverse("console:segments")
    assert not Segment.objects.exists()
    assert client.get(reverse("console:segment", args=[segment.pk])).status_code == 404


def test_a_segment_that_cannot_be_read_says_why(town, cm):
    from hiroba.surveys.tests.helpers import build_survey

    segment = services.create_segment(
        actor=town.cm, name="推奨者", rules=[{"type": "nps", "categories": ["promoter"]}]
    )
    build_survey(cm, title="匿名NPS", is_nps_round=True, is_anonymous=True)
    client = client_for(town.cm)
    page = client.get(reverse("console:segment", args=[segment.pk])).content.decode()
    assert "cannot be read now" in page and "is anonymous" in page
    export = client.get(reverse("console:segment_export", args=[segment.pk]))
    assert export.status_code == 302
    assert not AuditEntry.objects.filter(action=AuditAction.SEGMENT_EXPORT).exists()
    count = client.get(reverse("console:segment_count", args=[segment.pk])).content.decode()
    assert "Cannot be counted" in count


@pytest.mark.parametrize("persona", ["alice", "mod", "editor"])
def test_everyone_but_managers_gets_403(town, persona, request):
    segment = services.create_segment(actor=town.cm, name="大阪", rules=[])
    client = client_for(request.getfixturevalue(persona))
    for name, args in [
        ("console:segments", []),
        ("console:segment_new", []),
        ("console:segment", [segment.pk]),
        ("console:segment_edit", [segment.pk]),
        ("console:segment_delete", [segment.pk]),
        ("console:segment_count", [segment.pk]),
        ("console:segment_export", [segment.pk]),
        ("console:segment_answer_fields", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 403, name
    assert client.post(reverse("console:segment_live_count"), {}).status_code == 403
    assert client.post(reverse("console:segment_delete", args=[segment.pk])).status_code == 403
    assert Segment.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.SEGMENT_EXPORT).exists()


def test_visitors_are_sent_to_log_in(db):
    response = Client().get(reverse("console:segments"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_segments_link_shows_for_managers_only(town, editor):
    url = reverse("console:segments")
    assert url in client_for(town.cm).get(reverse("console:home")).content.decode()
    assert url not in client_for(editor).get(reverse("console:home")).content.decode()


def test_builder_and_live_count_have_pinned_queries(town, django_assert_max_num_queries):
    segment = services.create_segment(
        actor=town.cm,
        name="大阪",
        rules=[
            {"type": "region", "regions": ["27"]},
            {"type": "survey_answer", "question": town.latest.single.pk, "choices": [
                town.latest.choice(town.latest.single, 0)
            ]},
        ],
    )  # fmt: skip
    client = client_for(town.cm)
    client.get(reverse("console:home"))  # the session's first page records the visit
    # Session, viewer, the segment, spaces, surveys, their NPS questions, their questions, the
    # chosen question and its choices, unread notifications.
    with django_assert_max_num_queries(10):
        assert client.get(reverse("console:segment_edit", args=[segment.pk])).status_code == 200
    # The form's lists, the conditions' own checks (one or two each), and the count.
    data = {**osaka_promoters(town), "spaces": [str(town.recipes.pk)], "answers_min": "1"}
    with django_assert_max_num_queries(14):
        live = client.post(reverse("console:segment_live_count"), data)
    assert '<span class="kpi-value">0</span>' in live.content.decode()


def test_the_upper_end_of_a_number_answer_is_named_as_such_in_japanese():
    from django.utils import translation

    from hiroba.segments.forms import SegmentForm

    with translation.override("ja"):
        assert str(SegmentForm.base_fields["answer_min"].label) == "回答の数値（下限）"
        assert str(SegmentForm.base_fields["answer_max"].label) == "回答の数値（上限）"
