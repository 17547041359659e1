"""The console's tools for one event: the questions of its application form, calling it off, and
the lottery's draw (the button while it can be drawn, the draw's record once made)."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_member
from hiroba.activity.models import Activity, Verb
from hiroba.events import notify as notices
from hiroba.events.models import (
    Application,
    ApplicationState,
    Draw,
    EventQuestion,
    EventStatus,
    Selection,
)
from hiroba.events.services import apply_to_event, set_event_questions
from hiroba.events.tests.helpers import open_event
from hiroba.events.tests.lottery_helpers import close_now, closed_lottery, entrants
from hiroba.notifications.models import Notification

pytestmark = pytest.mark.django_db

PREFIX = "q"


@pytest.fixture
def client():
    """Pages in English, so that the assertions read the messages as written."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def formset_data(rows: list[dict], *, initial: int = 0) -> dict:
    """The questions editor's POST: ``rows`` in the order shown (the first ``initial`` were
    questions already saved), each with kind, text, help_text, required, choices (lines),
    ORDER and DELETE as a member of staff would fill them in."""
    data = {
        f"{PREFIX}-TOTAL_FORMS": str(len(rows)),
        f"{PREFIX}-INITIAL_FORMS": str(initial),
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "20",
    }
    for i, row in enumerate(rows):
        for name, value in row.items():
            if name in ("required", "DELETE"):
                if value:
                    data[f"{PREFIX}-{i}-{name}"] = "on"
            else:
                data[f"{PREFIX}-{i}-{name}"] = str(value)
    return data


def blank_row() -> dict:
    """An extra row left as shown: the kind's initial value and nothing else."""
    return {"kind": "single", "text": "", "help_text": "", "choices": "", "ORDER": ""}


def saved_questions(event) -> list[tuple]:
    return [
        (q.position, q.kind, q.text, q.required, [c["text"] for c in q.choices])
        for q in EventQuestion.objects.filter(event=event).order_by("position")
    ]


def questions_url(event) -> str:
    return reverse("console:event_questions", args=[event.pk])


QUESTIONS = [
    {"kind": "single", "text": "参加経験", "help_text": "", "required": True,
     "choices": ["はじめて", "2回目以上"]},
    {"kind": "short_text", "text": "アレルギー", "help_text": "食事の準備に使います",
     "required": False, "choices": []},
    {"kind": "scale", "text": "期待度", "help_text": "", "required": False, "choices": []},
]  # fmt: skip


# --- the questions editor ----------------------------------------------------------------------


def test_editor_adds_questions_from_an_empty_form(client, editor):
    event = open_event(editor)
    client.force_login(editor)
    page = client.get(questions_url(event))
    assert page.status_code == 200
    assert len(page.context["formset"].forms) == 2  # two empty rows to fill in
    assert 'id="questions-form"' in page.content.decode()

    rows = [
        {"kind": "multiple", "text": "興味のある工程", "help_text": "いくつでも",
         "required": True, "choices": "発酵\n\n瓶詰め\n 出荷 ", "ORDER": ""},
        {"kind": "long_text", "text": "質問したいこと", "help_text": "", "choices": "",
         "ORDER": ""},
    ]  # fmt: skip
    response = client.post(questions_url(event), formset_data(rows))

    assert response.status_code == 302
    assert response["Location"] == questions_url(event)
    assert saved_questions(event) == [
        (1, "multiple", "興味のある工程", True, ["発酵", "瓶詰め", "出荷"]),
        (2, "long_text", "質問したいこと", False, []),
    ]
    first = EventQuestion.objects.get(event=event, position=1)
    assert first.help_text == "いくつでも"
    assert first.choices[0] == {"id": 1, "text": "発酵"}
    change = Activity.objects.filter(verb=Verb.EVENT_UPDATE, actor=editor).latest("id")
    assert change.data["fields"] == ["questions"]
    # The page shows them again, as rows to edit, with two empty rows after them.
    again = client.get(questions_url(event))
    assert "Questions on the application form: 2." in again.content.decode()
    assert [f.initial["text"] for f in again.context["formset"].forms[:2]] == [
        "興味のある工程",
        "質問したいこと",
    ]
    assert len(again.context["formset"].forms) == 4


def test_staff_edit_reorder_and_remove_questions(client, cm):
    event = open_event(cm)
    set_event_questions(actor=cm, event=event, questions=QUESTIONS)
    client.force_login(cm)
    rows = [
        # The first question moves to the end and gets a third choice.
        {"kind": "single", "text": "参加経験", "help_text": "", "required": True,
         "choices": "はじめて\n2回目\n3回目以上", "ORDER": "3"},
        # The second is removed.
        {"kind": "short_text", "text": "アレルギー", "help_text": "", "choices": "", "ORDER": "2",
         "DELETE": True},
        # The third comes first and becomes required.
        {"kind": "scale", "text": "期待度", "help_text": "", "required": True, "choices": "",
         "ORDER": "1"},
        # A new one in an empty row (no number: after the others).
        {"kind": "nps", "text": "友人に勧めたいですか", "help_text": "", "choices": "",
         "ORDER": ""},
        blank_row(),
    ]  # fmt: skip

    response = client.post(questions_url(event), formset_data(rows, initial=3))

    assert response.status_code == 302
    assert saved_questions(event) == [
        (1, "scale", "期待度", True, []),
        (2, "single", "参加経験", True, ["はじめて", "2回目", "3回目以上"]),
        (3, "nps", "友人に勧めたいですか", False, []),
    ]


def test_bad_questions_come_back_422_beside_their_fields(client, editor):
    event = open_event(editor)
    set_event_questions(actor=editor, event=event, questions=QUESTIONS[:1])
    before = saved_questions(event)
    client.force_login(editor)
    rows = [
        # The service's rule: a choice question needs two choices.
        {"kind": "single", "text": "参加経験", "help_text": "", "choices": "はじめて",
         "ORDER": "1"},
        # The form's: a question needs its text.
        {"kind": "short_text", "text": "", "help_text": "説明だけ", "choices": "", "ORDER": ""},
    ]  # fmt: skip

    response = client.post(questions_url(event), formset_data(rows, initial=1))

    assert response.status_code == 422
    forms = response.context["formset"].forms
    assert forms[1].errors["text"]
    assert saved_questions(event) == before
    # Once the form's own checks pass, the service's come back beside the field too.
    rows[1]["text"] = "アレルギー"
    response = client.post(questions_url(event), formset_data(rows, initial=1))
    assert response.status_code == 422
    forms = response.context["formset"].forms
    assert forms[0].errors["choices"] == ["Give at least two choices."]
    assert not forms[1].errors
    html = response.content.decode()
    assert "Give at least two choices." in html
    assert 'id="id_q-0-choices_error"' in html
    assert saved_questions(event) == before


def test_questions_are_read_only_once_a_member_applied(client, editor, alice):
    event = open_event(editor)
    set_event_questions(actor=editor, event=event, questions=QUESTIONS[1:])
    apply_to_event(actor=alice, event=event)
    before = saved_questions(event)
    client.force_login(editor)

    page = client.get(questions_url(event))

    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="questions-fixed"' in html
    assert "Members have applied, so the questions are fixed" in html
    assert 'id="questions-form"' not in html
    assert "アレルギー" in html and "期待度" in html
    # A form sent anyway (opened before alice applied) is refused, with the reason.
    rows = [{"kind": "short_text", "text": "別の質問", "help_text": "", "choices": "",
             "ORDER": "1"}]  # fmt: skip
    response = client.post(questions_url(event), formset_data(rows))
    assert response.status_code == 403
    assert 'id="questions-fixed"' in response.content.decode()
    assert saved_questions(event) == before


def test_questions_of_a_cancelled_event_are_read_only(client, editor):
    event = open_event(editor)
    client.force_login(editor)
    client.post(reverse("console:event_cancel", args=[event.pk]), {"confirm": "on"})
    page = client.get(questions_url(event))
    assert "This event is cancelled or archived" in page.content.decode()
    response = client.post(questions_url(event), formset_data([blank_row()]))
    assert response.status_code == 422


def test_the_event_page_and_edit_form_link_to_the_questions(client, editor):
    event = open_event(editor)
    set_event_questions(actor=editor, event=event, questions=QUESTIONS)
    client.force_login(editor)
    detail = client.get(reverse("console:event", args=[event.pk])).content.decode()
    assert questions_url(event) in detail
    assert "Questions on the application form: 3" in detail
    edit = client.get(reverse("console:event_edit", args=[event.pk])).content.decode()
    assert questions_url(event) in edit


# --- who may ----------------------------------------------------------------------------------


def test_members_and_moderators_get_403_on_the_tools(client, cm, alice, mod):
    event = open_event(cm)
    apply_to_event(actor=alice, event=event)
    for persona in (alice, mod):
        client.force_login(persona)
        assert client.get(questions_url(event)).status_code == 403
        response = client.post(questions_url(event), formset_data([blank_row()]))
        assert response.status_code == 403
        response = client.post(
            reverse("console:event_cancel", args=[event.pk]), {"confirm": "on", "reason": "x"}
        )
        assert response.status_code == 403
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert Application.objects.get(member=alice).state == ApplicationState.CONFIRMED


def test_a_missing_event_is_404_on_the_tools(client, editor):
    client.force_login(editor)
    assert client.get(reverse("console:event_questions", args=[999])).status_code == 404
    response = client.post(reverse("console:event_cancel", args=[999]), {"confirm": "on"})
    assert response.status_code == 404


# --- calling an event off ---------------------------------------------------------------------


def test_staff_cancel_an_event_and_its_applicants_are_told(
    client, cm, alice, bob, django_capture_on_commit_callbacks
):
    event = open_event(cm, capacity=1)
    apply_to_event(actor=alice, event=event)  # confirmed
    apply_to_event(actor=bob, event=event)  # waitlisted
    bystander = make_member("bystander")
    client.force_login(cm)
    assert (
        'id="cancel-form"' in client.get(reverse("console:event", args=[event.pk])).content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("console:event_cancel", args=[event.pk]),
            {"reason": "台風の接近のため中止します。", "confirm": "on"},
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("console:event", args=[event.pk])
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED and event.cancelled_at is not None
    assert (event.confirmed_seats, event.waitlisted_count) == (0, 0)
    assert set(Application.objects.filter(event=event).values_list("state", flat=True)) == {
        ApplicationState.CANCELLED
    }
    told = Notification.objects.filter(verb=notices.CANCELLED)
    assert sorted(told.values_list("recipient__handle", flat=True)) == ["alice", "bob"]
    assert told.first().params["reason"] == "台風の接近のため中止します。"
    assert not Notification.objects.filter(recipient=bystander).exists()
    assert Activity.objects.filter(verb=Verb.EVENT_CALL_OFF, actor=cm).count() == 1
    # The console shows the cancelled event, without the form or the edit button.
    html = client.get(reverse("console:event", args=[event.pk])).content.decode()
    assert 'id="event-cancelled"' in html
    assert 'id="cancel-form"' not in html
    assert reverse("console:event_edit", args=[event.pk]) not in html


def test_cancelling_needs_the_box_ticked(client, cm, alice):
    event = open_event(cm)
    apply_to_event(actor=alice, event=event)
    client.force_login(cm)
    response = client.post(
        reverse("console:event_cancel", args=[event.pk]), {"reason": "中止します"}
    )
    assert response.status_code == 422
    assert "Tick the box to confirm that the event is off." in response.content.decode()
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert not Notification.objects.filter(verb=notices.CANCELLED).exists()


def test_a_cancelled_event_cannot_be_cancelled_again(client, cm):
    event = open_event(cm)
    client.force_login(cm)
    assert (
        client.post(reverse("console:event_cancel", args=[event.pk]), {"confirm": "on"}).status_code
        == 302
    )
    response = client.post(reverse("console:event_cancel", args=[event.pk]), {"confirm": "on"})
    assert response.status_code == 422
    assert 'id="cancel-refused"' in response.content.decode()
    assert "This event can no longer be cancelled." in response.content.decode()
    assert Activity.objects.filter(verb=Verb.EVENT_CALL_OFF).count() == 1


# --- the draw ---------------------------------------------------------------------------------


def test_the_draw_button_shows_only_while_the_lottery_can_be_drawn(client, cm):
    members = entrants(3)
    lottery = open_event(cm, selection=Selection.LOTTERY, capacity=2)
    for member in members:
        apply_to_event(actor=member, event=lottery)
    first_come = open_event(cm, title="先着の会")
    client.force_login(cm)
    url = reverse("console:event", args=[lottery.pk])

    # Applications still open: no button yet, and a word on when.
    html = client.get(url).content.decode()
    assert 'id="draw-summary"' in html and "run-draw" not in html
    assert reverse("events:draw", args=[lottery.pk]) in html
    # A first-come event has no draw at all.
    html = client.get(reverse("console:event", args=[first_come.pk])).content.decode()
    assert 'id="draw-summary"' not in html and "run-draw" not in html
    assert reverse("events:checkin", args=[first_come.pk]) in html
    assert reverse("events:detail", args=[first_come.pk]) in html

    close_now(cm, lottery)
    html = client.get(url).content.decode()
    assert "run-draw" in html
    assert reverse("events:run_draw", args=[lottery.pk]) in html

    response = client.post(reverse("events:run_draw", args=[lottery.pk]))
    assert response.status_code == 302
    draw = Draw.objects.get(event=lottery)
    lottery.refresh_from_db()
    assert lottery.status == EventStatus.DRAWN
    html = client.get(url).content.decode()
    assert "run-draw" not in html
    assert draw.seed in html and draw.entrants_hash in html and draw.algorithm in html


def test_a_cancelled_lottery_offers_no_draw(client, cm):
    event = closed_lottery(cm, entrants(2))
    client.force_login(cm)
    client.post(reverse("console:event_cancel", args=[event.pk]), {"confirm": "on"})
    html = client.get(reverse("console:event", args=[event.pk])).content.decode()
    assert "run-draw" not in html


def test_the_event_page_with_its_draw_and_questions_keeps_its_queries(
    client, cm, django_assert_max_num_queries
):
    event = open_event(cm, selection=Selection.LOTTERY, capacity=3)
    set_event_questions(actor=cm, event=event, questions=QUESTIONS[1:])
    for member in entrants(5):
        apply_to_event(actor=member, event=event, answers={})
    close_now(cm, event)
    client.force_login(cm)
    client.post(reverse("events:run_draw", args=[event.pk]))
    client.get(reverse("console:home"))  # the session's first visit is recorded once
    # Session, viewer, the event with its space, draw and question count (one query), the
    # funnel's aggregate, the survey answers, the participants' page, the unread badge: the same
    # as before the tools came.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("console:event", args=[event.pk]))
    assert response.context["draw"].seats == 3
    html = response.content.decode()
    assert "Questions on the application form: 2" in html
    assert response.context["draw"].seed in html
