"""Events through the API: the same rules as the services, 4xx JSON bodies with codes, and the
same 404 for an event a caller may not see as for a missing one."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from hiroba.accounts.services import update_profile
from hiroba.api.tests.conftest import ApiClient, assert_error
from hiroba.events.models import Application, ApplicationState, Event, EventQuestion, EventStatus
from hiroba.events.services import apply_to_event, create_event, set_event_questions
from hiroba.events.tests.helpers import event_fields, open_event
from hiroba.segments.services import create_segment

OSAKA, TOKYO = "27", "13"


def patch(client: ApiClient, path: str, data: dict):
    return client.client.patch(
        f"/api/v1{path}", json.dumps(data), content_type="application/json", **client.headers
    )


def put(client: ApiClient, path: str, data: dict):
    return client.client.put(
        f"/api/v1{path}", json.dumps(data), content_type="application/json", **client.headers
    )


def iso(moment) -> str:
    return moment.isoformat()


def new_event_body(**overrides) -> dict:
    now = timezone.now()
    body = {
        "title": "工場見学",
        "description": "**工場**を見学します",
        "format": "hybrid",
        "venue": "本社工場",
        "online_url": "https://meet.example.com/secret",
        "starts_at": iso(now + timedelta(days=3)),
        "ends_at": iso(now + timedelta(days=3, hours=2)),
        "applications_open_at": iso(now - timedelta(hours=1)),
        "applications_close_at": iso(now + timedelta(days=2)),
        "capacity": 2,
        "companions_allowed": 1,
    }
    return body | overrides


@pytest.fixture
def osaka(cm, alice, bob):
    update_profile(actor=alice, member=alice, region=OSAKA)
    update_profile(actor=bob, member=bob, region=TOKYO)
    return create_segment(actor=cm, name="大阪", rules=[{"type": "region", "regions": [OSAKA]}])


# --- staff: create, change, publish, questions -------------------------------------------------


def test_staff_create_change_and_publish_an_event(editor):
    api = ApiClient(editor)
    created = api.post("/events", new_event_body())
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["audience"] == "all"
    assert body["description_html"].startswith("<p><strong>工場</strong>")
    # Staff read the online address and the segment of what they run.
    assert body["online_url"] == "https://meet.example.com/secret"
    event_id = body["id"]

    changed = patch(api, f"/events/{event_id}", {"capacity": 5, "venue": "第二工場"})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["capacity"], changed.json()["venue"]) == (5, "第二工場")
    # null on a field that cannot be empty leaves it alone.
    assert patch(api, f"/events/{event_id}", {"title": None}).json()["title"] == "工場見学"

    published = api.post(f"/events/{event_id}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert Event.objects.get(pk=event_id).status == EventStatus.PUBLISHED
    assert_error(api.post(f"/events/{event_id}/publish"), 422, "invalid")


def test_invalid_events_are_422_naming_the_field(editor):
    api = ApiClient(editor)
    now = timezone.now()
    answer = api.post("/events", new_event_body(ends_at=iso(now + timedelta(days=1))))
    body = assert_error(answer, 422, "invalid")
    assert "ends_at" in body["details"]

    naive = api.post("/events", new_event_body(starts_at="2030-01-01T10:00:00"))
    body = assert_error(naive, 422, "invalid_request")
    assert body["details"][0]["field"] == "starts_at"

    far = api.post("/events", new_event_body(starts_at="0001-01-01T00:00:00+09:00"))
    assert_error(far, 422, "invalid_request")
    assert not Event.objects.exists()


def test_members_may_not_create_change_or_run_events(alice, cm):
    event = open_event(cm)
    api = ApiClient(alice)
    assert_error(api.post("/events", new_event_body()), 403, "editors_only")
    assert_error(patch(api, f"/events/{event.pk}", {"title": "x"}), 403, "editors_only")
    assert_error(api.post(f"/events/{event.pk}/publish"), 403, "editors_only")
    assert_error(put(api, f"/events/{event.pk}/questions", {"questions": []}), 403)
    assert_error(api.get(f"/events/{event.pk}/applications"), 403, "editors_only")
    assert_error(ApiClient().post("/events", new_event_body()), 401, "login_required")
    assert Event.objects.get(pk=event.pk).title == event.title


def test_a_segment_audience_must_name_a_saved_segment(editor, osaka):
    api = ApiClient(editor)
    missing = api.post("/events", new_event_body(audience_segment_id=osaka.pk + 50))
    body = assert_error(missing, 422, "invalid")
    assert "audience_segment_id" in body["details"]

    made = api.post("/events", new_event_body(audience_segment_id=osaka.pk)).json()
    assert (made["audience"], made["audience_segment_id"]) == ("segment", osaka.pk)


def test_a_restricted_space_is_chosen_by_slug(cm, inner_circle):
    made = ApiClient(cm).post("/events", new_event_body(space="inner"))
    assert made.status_code == 201, made.content
    assert made.json()["space"] == {"slug": "inner", "name": inner_circle.name}
    assert_error(ApiClient(cm).post("/events", new_event_body(space="nowhere")), 404)


def test_staff_set_questions_and_bad_ones_are_422_by_index(cm):
    event = open_event(cm)
    api = ApiClient(cm)
    bad = put(
        api,
        f"/events/{event.pk}/questions",
        {"questions": [{"kind": "single", "text": "一択", "choices": ["ひとつ"]}]},
    )
    body = assert_error(bad, 422, "invalid")
    assert list(body["details"]) == ["questions.0.choices"]

    unknown_kind = put(api, f"/events/{event.pk}/questions", {"questions": [{"kind": "x"}]})
    assert_error(unknown_kind, 422, "invalid_request")

    good = put(
        api,
        f"/events/{event.pk}/questions",
        {
            "questions": [
                {
                    "kind": "single",
                    "text": "参加方法",
                    "required": True,
                    "choices": ["会場", "配信"],
                },
                {"kind": "nps", "text": "おすすめ度"},
            ]
        },
    )
    assert good.status_code == 200, good.content
    questions = good.json()["questions"]
    assert [c["text"] for c in questions[0]["choices"]] == ["会場", "配信"]
    assert (questions[1]["min"], questions[1]["max"]) == (0, 10)
    assert EventQuestion.objects.filter(event=event).count() == 2


def test_questions_cannot_change_once_someone_applied(cm, alice):
    event = open_event(cm)
    apply_to_event(actor=alice, event=event)
    answer = put(ApiClient(cm), f"/events/{event.pk}/questions", {"questions": []})
    assert_error(answer, 403, "has_applications")


# --- members: list, read, apply, cancel --------------------------------------------------------


def test_members_list_upcoming_and_past_events_by_cursor(cm, alice):
    for day in (3, 4, 5):
        open_event(
            cm,
            title=f"day {day}",
            starts_at=timezone.now() + timedelta(days=day),
            ends_at=timezone.now() + timedelta(days=day, hours=1),
        )
    create_event(actor=cm, **event_fields(title="draft"))
    api = ApiClient(alice)

    first = api.get("/events", limit=2).json()
    assert [e["title"] for e in first["items"]] == ["day 3", "day 4"]
    second = api.get("/events", limit=2, cursor=first["next_cursor"]).json()
    assert [e["title"] for e in second["items"]] == ["day 5"] and second["next_cursor"] is None

    ended = open_event(cm, title="ended")
    Event.objects.filter(pk=ended.pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    past = api.get("/events", when="past").json()
    assert [e["title"] for e in past["items"]] == ["ended"]


def test_list_query_count_is_pinned(cm, alice, django_assert_max_num_queries):
    for _ in range(5):
        open_event(cm)
    api = ApiClient(alice)
    api.get("/events")  # the community's row is made on the first read
    # The token (read, last use), the spaces and alice's memberships, the segments events
    # use, the page: whatever the number of events.
    with django_assert_max_num_queries(6):
        assert len(api.get("/events").json()["items"]) == 5


def test_a_member_applies_with_companions_and_answers(cm, alice):
    event = open_event(cm, companions_allowed=1, online_url="https://meet.example.com/secret")
    single, text = set_event_questions(
        actor=cm,
        event=event,
        questions=[
            {"kind": "single", "text": "参加方法", "required": True, "choices": ["会場", "配信"]},
            {"kind": "short_text", "text": "アレルギー"},
        ],
    )
    api = ApiClient(alice)
    before = api.get(f"/events/{event.pk}").json()
    assert before["my_application"] is None and before["online_url"] is None
    assert before["audience_segment_id"] is None

    applied = api.post(
        f"/events/{event.pk}/applications",
        {"companions": 1, "answers": {str(single.pk): 2, str(text.pk): "えび"}},
    )
    assert applied.status_code == 201, applied.content
    assert applied.json()["state"] == "confirmed"
    stored = Application.objects.get(member=alice)
    assert stored.answers == {str(single.pk): 2, str(text.pk): "えび"}
    assert stored.companions == 1

    after = api.get(f"/events/{event.pk}").json()
    assert after["my_application"]["id"] == stored.pk
    # Only now, with a seat, does alice read where to join online.
    assert after["online_url"] == "https://meet.example.com/secret"
    assert after["seats_left"] == event.capacity - 2

    again = api.post(f"/events/{event.pk}/applications", {})
    assert_error(again, 409, "already_applied")


def test_wrong_answers_are_422_naming_each_question(cm, alice):
    event = open_event(cm)
    (single,) = set_event_questions(
        actor=cm,
        event=event,
        questions=[{"kind": "single", "text": "参加方法", "required": True, "choices": ["a", "b"]}],
    )
    api = ApiClient(alice)
    missing = api.post(f"/events/{event.pk}/applications", {"answers": {}})
    body = assert_error(missing, 422, "invalid")
    assert list(body["details"]) == [f"q{single.pk}"]

    unknown = api.post(f"/events/{event.pk}/applications", {"answers": {str(single.pk): 7}})
    assert list(assert_error(unknown, 422, "invalid")["details"]) == [f"q{single.pk}"]

    typed = api.post(f"/events/{event.pk}/applications", {"answers": {str(single.pk): 1.5}})
    assert_error(typed, 422, "invalid_request")

    too_many = api.post(f"/events/{event.pk}/applications", {"companions": 3})
    assert "companions" in assert_error(too_many, 422, "invalid")["details"]
    assert not Application.objects.exists()


def test_a_waitlisted_member_does_not_read_the_online_url(cm, alice, bob):
    event = open_event(cm, capacity=1, online_url="https://meet.example.com/secret")
    apply_to_event(actor=alice, event=event)
    waiting = ApiClient(bob).post(f"/events/{event.pk}/applications", {}).json()
    assert waiting["state"] == "waitlisted" and waiting["waitlist_position"] == 1
    assert ApiClient(bob).get(f"/events/{event.pk}").json()["online_url"] is None


def test_a_member_lists_and_cancels_their_applications(cm, alice, bob):
    event = open_event(cm, capacity=1)
    mine = apply_to_event(actor=alice, event=event)
    waiting = apply_to_event(actor=bob, event=event)
    api = ApiClient(alice)

    listed = api.get("/events/applications/mine").json()
    assert [a["id"] for a in listed["items"]] == [mine.pk]
    assert listed["items"][0]["event_title"] == event.title

    # Bob's application is not alice's to cancel, nor to know of.
    assert_error(api.post(f"/events/applications/{waiting.pk}/cancel"), 404, "not_found")

    cancelled = api.post(f"/events/applications/{mine.pk}/cancel")
    assert cancelled.status_code == 200, cancelled.content
    assert cancelled.json()["state"] == "cancelled"
    # Her seat went to bob, first on the waitlist.
    assert Application.objects.get(pk=waiting.pk).state == ApplicationState.CONFIRMED
    assert_error(api.post(f"/events/applications/{mine.pk}/cancel"), 422, "invalid")


def test_staff_list_an_events_applications_by_state(cm, alice, bob, charlie):
    event = open_event(cm, capacity=1)
    (question,) = set_event_questions(
        actor=cm, event=event, questions=[{"kind": "short_text", "text": "ひとこと"}]
    )
    apply_to_event(actor=alice, event=event, answers={str(question.pk): "楽しみ"})
    apply_to_event(actor=bob, event=event)
    apply_to_event(actor=charlie, event=event)
    api = ApiClient(cm)

    everyone = api.get(f"/events/{event.pk}/applications", limit=2).json()
    assert [a["member"]["handle"] for a in everyone["items"]] == ["alice", "bob"]
    assert everyone["items"][0]["answers"] == {str(question.pk): "楽しみ"}
    rest = api.get(f"/events/{event.pk}/applications", cursor=everyone["next_cursor"]).json()
    assert [a["member"]["handle"] for a in rest["items"]] == ["charlie"]

    waiting = api.get(f"/events/{event.pk}/applications", state="waitlisted").json()
    assert [a["member"]["handle"] for a in waiting["items"]] == ["bob", "charlie"]
    assert_error(api.get(f"/events/{event.pk}/applications", state="nope"), 422)


# --- who sees what: the same 404 -----------------------------------------------------------------


def test_a_segments_event_is_404_for_outsiders_everywhere(cm, alice, bob, osaka):
    event = open_event(cm, title="大阪の会", audience_segment_id=osaka.pk)
    missing = event.pk + 1000

    inside = ApiClient(alice)
    assert inside.get(f"/events/{event.pk}").json()["audience"] == "segment"
    assert [e["id"] for e in inside.get("/events").json()["items"]] == [event.pk]

    outside = ApiClient(bob)
    for client in (outside, ApiClient()):
        assert client.get("/events").json()["items"] == []
        hidden = client.get(f"/events/{event.pk}")
        nothing = client.get(f"/events/{missing}")
        assert_error(hidden, 404, "not_found")
        assert hidden.json() == nothing.json()
    hidden = outside.post(f"/events/{event.pk}/applications", {})
    assert hidden.json() == outside.post(f"/events/{missing}/applications", {}).json()
    assert_error(hidden, 404, "not_found")
    assert not Application.objects.filter(member=bob).exists()

    # Staff see it; the segment's id is theirs to read.
    staff = ApiClient(cm).get(f"/events/{event.pk}").json()
    assert staff["audience_segment_id"] == osaka.pk


def test_a_restricted_spaces_event_and_a_draft_are_404_for_outsiders(cm, charlie, inner_circle):
    inner = open_event(cm, space=inner_circle)
    draft = create_event(actor=cm, **event_fields())
    api = ApiClient(charlie)
    assert api.get("/events").json()["items"] == []
    for event in (inner, draft):
        assert_error(api.get(f"/events/{event.pk}"), 404, "not_found")
        assert_error(api.post(f"/events/{event.pk}/applications", {}), 404, "not_found")


def test_staff_cannot_act_on_a_missing_event(cm):
    assert_error(patch(ApiClient(cm), "/events/999999", {"title": "x"}), 404, "not_found")
    assert_error(ApiClient(cm).get("/events/999999/applications"), 404, "not_found")
