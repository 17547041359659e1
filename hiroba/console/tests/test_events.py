"""The console's event screens: the list, the create and edit forms, an event's funnel, its
participants (filters, pages, CSV) and messages to a group of them."""

import csv
import io
from datetime import UTC, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from conftest import make_member
from hiroba.activity.models import Activity, Verb
from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.events.audiences import KIND as ATTENDEES
from hiroba.events.models import Application, ApplicationState, Event, EventStatus
from hiroba.events.services import apply_to_event, cancel_application, create_event
from hiroba.events.tests.helpers import ask_how_and_allergies, event_fields, open_event
from hiroba.notifications.models import Notification
from hiroba.segments.services import create_segment, delete_segment
from hiroba.surveys.services import submit_response
from hiroba.surveys.tests.helpers import answers_for, build_survey

FORMAT = "%Y-%m-%dT%H:%M"


def _local(moment) -> str:
    return timezone.localtime(moment).strftime(FORMAT)


def form_data(**overrides) -> dict:
    fields = event_fields()
    data = {
        "title": fields["title"],
        "description": fields["description"],
        "format": "offline",
        "venue": "本社工場",
        "address": "東京都千代田区1-1",
        "online_url": "",
        "stream_url": "",
        "starts_at": _local(fields["starts_at"]),
        "ends_at": _local(fields["ends_at"]),
        "applications_open_at": _local(fields["applications_open_at"]),
        "applications_close_at": _local(fields["applications_close_at"]),
        "cancel_deadline": "",
        "confirm_deadline": "",
        "capacity": "30",
        "companions_allowed": "1",
        "selection": "first_come",
        "space": "",
        "audience_segment_id": "",
    }
    return data | overrides


def png(size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 50, 50)).save(buffer, "PNG")
    return SimpleUploadedFile("cover.png", buffer.getvalue(), content_type="image/png")


def attend(application: Application) -> None:
    """What the check-in slice's service does to the rows (that service is not in this branch)."""
    Application.objects.filter(pk=application.pk).update(
        state=ApplicationState.ATTENDED, checked_in_at=timezone.now()
    )
    Event.objects.filter(pk=application.event_id).update(attended_count=F("attended_count") + 1)


# --- access ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["events", "event_new"])
def test_members_and_moderators_get_403(client, alice, mod, name):
    client.force_login(alice)
    assert client.get(reverse(f"console:{name}")).status_code == 403
    client.force_login(mod)
    assert client.get(reverse(f"console:{name}")).status_code == 403


@pytest.mark.django_db
def test_members_get_403_on_an_event_and_its_export(client, cm, alice):
    event = open_event(cm)
    client.force_login(alice)
    for name in ("event", "event_edit", "event_export"):
        assert client.get(reverse(f"console:{name}", args=[event.pk])).status_code == 403
    response = client.post(
        reverse("console:event_message", args=[event.pk]),
        {"group": "everyone", "subject": "x", "body": "y"},
    )
    assert response.status_code == 403
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_missing_event_is_404(client, editor):
    client.force_login(editor)
    assert client.get(reverse("console:event", args=[999])).status_code == 404
    assert client.get(reverse("console:event_edit", args=[999])).status_code == 404


@pytest.mark.django_db
def test_the_nav_shows_events_to_editors_not_moderators(client, editor, mod):
    client.force_login(editor)
    assert reverse("console:events") in client.get(reverse("console:home")).content.decode()
    client.force_login(mod)
    assert reverse("console:events") not in client.get(reverse("console:home")).content.decode()


# --- create, edit, publish ---------------------------------------------------------------------


@pytest.mark.django_db
def test_editor_creates_a_draft_with_a_cover_in_the_community_time(client, editor):
    client.force_login(editor)
    data = form_data(starts_at="2030-05-01T10:00", ends_at="2030-05-01T12:00",
                     applications_open_at="2030-04-01T09:00",
                     applications_close_at="2030-04-30T18:00")  # fmt: skip
    data["cover"] = png()
    assert not Event.objects.exists()
    response = client.post(reverse("console:event_new"), data)
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("console:event", args=[event.pk])
    assert event.status == EventStatus.DRAFT
    assert event.venue == "本社工場" and event.companions_allowed == 1
    # 10:00 in Tokyo is 01:00 UTC.
    assert event.starts_at.astimezone(UTC).hour == 1
    # The cover was re-encoded as a JPEG (no PNG leaves the upload).
    assert event.cover.name.startswith("events/event") and event.cover.name.endswith(".jpg")
    assert Activity.objects.filter(verb=Verb.EVENT_CREATE, subject_id=event.pk).exists()


@pytest.mark.django_db
def test_bad_input_comes_back_with_messages_and_422(client, editor):
    client.force_login(editor)
    data = form_data(ends_at=form_data()["starts_at"], capacity="0")
    response = client.post(reverse("console:event_new"), data)
    assert response.status_code == 422
    assert not Event.objects.exists()
    form = response.context["form"]
    assert "capacity" in form.errors
    # The service's rule (the end after the start) comes back beside its field.
    data = form_data(ends_at=form_data()["starts_at"])
    response = client.post(reverse("console:event_new"), data)
    assert response.status_code == 422
    assert "ends_at" in response.context["form"].errors
    shown = response.context["form"].errors["ends_at"][0]
    assert shown and shown in response.content.decode()


@pytest.mark.django_db
def test_a_broken_cover_is_a_form_error_and_no_event(client, editor):
    client.force_login(editor)
    data = form_data(cover=SimpleUploadedFile("x.png", b"not an image", "image/png"))
    response = client.post(reverse("console:event_new"), data)
    assert response.status_code == 422
    assert "cover" in response.context["form"].errors
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_edit_changes_fields_but_not_the_selection(client, cm, alice, bob):
    event = open_event(cm, capacity=5)
    apply_to_event(actor=alice, event=event)
    apply_to_event(actor=bob, event=event)
    client.force_login(cm)
    page = client.get(reverse("console:event_edit", args=[event.pk]))
    assert page.status_code == 200
    assert page.context["form"].fields["selection"].disabled
    url = reverse("console:event_edit", args=[event.pk])
    data = form_data(
        title="工場見学（追加回）",
        starts_at=_local(event.starts_at),
        ends_at=_local(event.ends_at),
        applications_open_at=_local(event.applications_open_at),
        applications_close_at=_local(event.applications_close_at),
        capacity="5",
        selection="lottery",
    )
    assert client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert event.title == "工場見学（追加回）" and event.selection == "first_come"
    # Below the seats taken: the service's refusal on the capacity field, nothing saved.
    response = client.post(url, data | {"capacity": "1", "title": "変更"})
    assert response.status_code == 422
    assert "capacity" in response.context["form"].errors
    event.refresh_from_db()
    assert (event.capacity, event.title) == (5, "工場見学（追加回）")


@pytest.mark.django_db
def test_publish_button_publishes_a_draft_once(client, editor):
    event = create_event(actor=editor, **event_fields())
    client.force_login(editor)
    url = reverse("console:event_publish", args=[event.pk])
    assert client.post(url).status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    response = client.post(url, follow=True)
    notes = [str(m) for m in response.context["messages"]]
    # The first post's success, then the second's refusal (in the page's language).
    assert len(notes) == 2 and notes[1] in response.content.decode()
    assert Activity.objects.filter(verb=Verb.EVENT_PUBLISH).count() == 1


@pytest.mark.django_db
def test_the_segment_choice_is_stored_as_its_id(client, cm):
    from hiroba.segments.services import create_segment

    segment = create_segment(actor=cm, name="コア会員", description="", rules=[])
    client.force_login(cm)
    response = client.post(
        reverse("console:event_new"), form_data(audience_segment_id=str(segment.pk))
    )
    assert response.status_code == 302
    assert Event.objects.get().audience_segment_id == segment.pk
    response = client.post(reverse("console:event_new"), form_data(audience_segment_id="9999"))
    assert response.status_code == 422


# --- list and detail ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_shows_drafts_with_seats_and_applications(client, cm, alice, bob,
                                                       django_assert_max_num_queries):  # fmt: skip
    draft = create_event(actor=cm, **event_fields(title="下書きの会"))
    published = open_event(cm, title="公開中の会", capacity=10)
    apply_to_event(actor=alice, event=published)
    application = apply_to_event(actor=bob, event=published)
    cancel_application(actor=bob, application=application)
    for n in range(5):
        create_event(actor=cm, **event_fields(title=f"イベント{n}"))
    client.force_login(cm)
    client.get(reverse("console:home"))  # the session's first visit is recorded once
    # Session, viewer, the page of events with their counts, the unread badge.
    with django_assert_max_num_queries(5):
        response = client.get(reverse("console:events"))
    html = response.content.decode()
    assert draft.title in html and published.title in html
    row = next(e for e in response.context["page"].items if e.pk == published.pk)
    assert (row.applications_made, row.confirmed_seats) == (2, 1)
    drafts = client.get(reverse("console:events"), {"status": "draft"}).context["page"].items
    assert published.pk not in {e.pk for e in drafts} and draft.pk in {e.pk for e in drafts}


@pytest.mark.django_db
def test_staff_see_which_segment_an_event_is_for(client, cm, django_assert_max_num_queries):
    osaka = create_segment(
        actor=cm, name="大阪の会員", rules=[{"type": "region", "regions": ["27"]}]
    )
    gone = create_segment(actor=cm, name="消える", rules=[])
    limited = open_event(cm, title="大阪の会", audience_segment_id=osaka.pk)
    orphan = open_event(cm, title="孤児の会", audience_segment_id=gone.pk)
    open_event(cm, title="みんなの会")
    delete_segment(actor=cm, segment=gone)  # its event stays, for staff only (eligibility.py)
    client.force_login(cm)
    client.get(reverse("console:home"))
    # The list's five queries and one for the names of the segments on the page.
    with django_assert_max_num_queries(6):
        html = client.get(reverse("console:events"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.count("Segment: 大阪の会員") == 1
    assert html.count("A deleted segment (staff only)") == 1
    detail = client.get(reverse("console:event", args=[limited.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Segment: 大阪の会員" in detail.content.decode()
    other = client.get(reverse("console:event", args=[orphan.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "A deleted segment (staff only)" in other.content.decode()


@pytest.fixture
def crowd(cm):
    """An event with confirmed, waitlisted, cancelled and attended applications."""
    event = open_event(cm, capacity=3)
    members = [make_member(f"fan{n}", display_name=f"ファン{n}") for n in range(6)]
    applications = [apply_to_event(actor=m, event=event) for m in members]
    # fan0..fan2 confirmed, fan3..fan5 waitlisted; fan5 cancels; fan0 and fan1 attend.
    cancel_application(actor=members[5], application=applications[5])
    attend(applications[0])
    attend(applications[1])
    Event.objects.filter(pk=event.pk).update(view_count=40)
    event.refresh_from_db()
    return event, members


@pytest.mark.django_db
def test_the_funnel_counts_each_stage_by_its_definition(client, cm, crowd,
                                                        django_assert_max_num_queries):  # fmt: skip
    event, members = crowd
    asked = build_survey(
        cm, title="参加の感想", audience_kind=ATTENDEES, audience_target_id=event.pk
    )
    submit_response(actor=members[0], survey=asked.survey, answers=answers_for(asked))
    build_survey(cm, title="ほかの調査")  # all members: not this event's stage
    client.force_login(cm)
    client.get(reverse("console:home"))  # the session's first visit is recorded once
    # Session, viewer, event, the funnel's one aggregate, the survey answers, the participants'
    # page, the unread badge.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("console:event", args=[event.pk]))
    funnel = {stage.key: stage for stage in response.context["funnel"]}
    assert funnel["views"].count == 40
    # Every application made, the cancelled one included.
    assert funnel["applications"].count == 6
    # Confirmed (fan2), attended (fan0, fan1); waitlisted and cancelled are not selected.
    assert funnel["selected"].count == 3
    assert funnel["attended"].count == 2
    assert funnel["applications"].percent == 15.0
    assert funnel["survey_answers"].count == 1
    assert funnel["survey_answers"].percent == 50.0
    assert [s.key for s in response.context["funnel"]] == [
        "views", "applications", "selected", "attended", "survey_answers",
    ]  # fmt: skip


@pytest.mark.django_db
def test_participants_filter_by_state_check_in_and_name(client, cm, crowd):
    event, _members = crowd
    client.force_login(cm)
    url = reverse("console:event", args=[event.pk])

    def handles(**params):
        page = client.get(url, params).context["page"]
        return [a.member.handle for a in page.items]

    assert handles() == [f"fan{n}" for n in range(6)]
    assert handles(state="waitlisted") == ["fan3", "fan4"]
    assert handles(checked_in="yes") == ["fan0", "fan1"]
    assert handles(checked_in="no", state="confirmed") == ["fan2"]
    assert handles(q="fan4") == ["fan4"]
    assert handles(q="ファン3") == ["fan3"]
    assert handles(state="nonsense") == handles()  # an unknown filter is no filter


@pytest.mark.django_db
def test_participants_page_by_key(client, cm, crowd, monkeypatch):
    from hiroba.events import participants

    monkeypatch.setattr(participants, "PAGE_SIZE", 4)
    event, _members = crowd
    client.force_login(cm)
    url = reverse("console:event", args=[event.pk])
    first = client.get(url).context["page"]
    assert len(first.items) == 4 and first.next_cursor
    rest = client.get(url, {"cursor": first.next_cursor}, HTTP_HX_REQUEST="true")
    assert [a.member.handle for a in rest.context["page"].items] == ["fan4", "fan5"]
    assert rest.context["page"].next_cursor is None


# --- export ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_export_is_bom_utf8_formula_safe_filtered_and_audited(client, cm, crowd):
    event, members = crowd
    evil = make_member("evil", display_name='=HYPERLINK("http://x")')
    apply_to_event(actor=evil, event=event)  # waitlisted
    client.force_login(cm)
    assert not AuditEntry.objects.filter(action=AuditAction.EVENT_EXPORT).exists()
    response = client.get(reverse("console:event_export", args=[event.pk]), {"state": "waitlisted"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 1 + 3  # fan3, fan4 and evil: the filter holds in the file
    by_handle = {row[2]: row for row in rows[1:]}
    assert by_handle["evil"][3] == '\'=HYPERLINK("http://x")'
    assert by_handle["fan3"][3] == "ファン3"
    assert "@" not in raw.decode("utf-8-sig").replace("'", "")  # no e-mail addresses
    entry = AuditEntry.objects.get(action=AuditAction.EVENT_EXPORT)
    assert (entry.actor, entry.target_type, entry.target_id) == (cm, "event", event.pk)
    assert entry.data["filters"] == {"state": "waitlisted", "checked_in": "", "q": ""}
    assert "handle" in entry.data["fields"] and "email" not in entry.data["fields"]


# --- messages ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_message_reaches_the_chosen_group_only(
    client, cm, crowd, mailoutbox, django_capture_on_commit_callbacks
):
    event, members = crowd
    client.force_login(cm)
    url = reverse("console:event_message", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"group": "waitlisted", "subject": "空席のお知らせ", "body": "明日までお待ちください"},
        )
    assert response.status_code == 302
    notified = Notification.objects.filter(verb="event_message")
    assert sorted(n.recipient.handle for n in notified) == ["fan3", "fan4"]
    note = notified.first()
    assert note.params["subject"] == "空席のお知らせ" and note.params["event"] == event.title
    entry = AuditEntry.objects.get(action=AuditAction.EVENT_MESSAGE)
    assert entry.data == {"group": "waitlisted", "subject": "空席のお知らせ", "recipients": 2}
    # The e-mail copies go to the same two members.
    assert sorted(m.to[0] for m in mailoutbox) == ["fan3@example.com", "fan4@example.com"]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url, {"group": "attended", "subject": "ご来場ありがとう", "body": "アンケートへ"}
        )
    thanked = Notification.objects.filter(verb="event_message", params__subject="ご来場ありがとう")
    assert sorted(n.recipient.handle for n in thanked) == ["fan0", "fan1"]


@pytest.mark.django_db
def test_a_bad_message_is_422_and_sends_nothing(client, cm, crowd):
    event, _members = crowd
    client.force_login(cm)
    url = reverse("console:event_message", args=[event.pk])
    response = client.post(url, {"group": "waitlisted", "subject": "", "body": "x" * 500})
    assert response.status_code == 422
    form = response.context["message_form"]
    assert "subject" in form.errors and "body" in form.errors
    # A group with nobody in it: the service says so beside the group.
    response = client.post(url, {"group": "won", "subject": "当選", "body": "おめでとう"})
    assert response.status_code == 422
    assert "group" in response.context["message_form"].errors
    assert not Notification.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.EVENT_MESSAGE).exists()


@pytest.mark.django_db
def test_audit_log_names_the_event(cm):
    from hiroba.core.audit_targets import show_targets

    event = open_event(cm)
    from hiroba.events.staff import record_participants_export

    record_participants_export(actor=cm, event=event, filters={})
    entry = AuditEntry.objects.get()
    show_targets([entry])
    assert entry.shown_target.name == event.title
    assert entry.shown_target.url == reverse("console:event", args=[event.pk])


@pytest.mark.django_db
def test_ended_events_sort_by_start(client, cm):
    later = open_event(cm, title="後の会")
    earlier = create_event(
        actor=cm,
        **event_fields(
            title="先の会",
            starts_at=later.starts_at - timedelta(hours=3),
            ends_at=later.starts_at - timedelta(hours=2),
        ),
    )
    client.force_login(cm)
    items = client.get(reverse("console:events")).context["page"].items
    assert [e.pk for e in items] == [later.pk, earlier.pk]


@pytest.mark.django_db
def test_export_has_a_column_per_question_with_the_answers_as_read(client, cm, alice, bob):
    event = open_event(cm, capacity=5)
    how, note = ask_how_and_allergies(cm, event)
    apply_to_event(actor=alice, event=event, answers={str(how.pk): how.choices[1]["id"]})
    apply_to_event(
        actor=bob, event=event, answers={str(how.pk): how.choices[0]["id"], str(note.pk): "=1+1"}
    )
    client.force_login(cm)
    raw = b"".join(
        client.get(reverse("console:event_export", args=[event.pk])).streaming_content
    ).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))
    assert rows[0][-2:] == ["参加方法", "アレルギー"]
    by_handle = {row[2]: row[-2:] for row in rows[1:]}
    assert by_handle == {"alice": ["オンライン", ""], "bob": ["会場", "'=1+1"]}
