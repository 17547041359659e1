"""Tickets and checking in at the venue: codes, the check_in service, the ticket page, the staff
page and the endpoint its offline queue syncs to (the browser's side: test_checkin_browser.py).
"""

import importlib
import json
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_member, run_in_threads
from hiroba.accounts.models import Role
from hiroba.activity.models import Activity, Verb
from hiroba.events.models import Application, ApplicationState, Event
from hiroba.events.services import apply_to_event, cancel_application, update_event
from hiroba.events.services_checkin import CheckInRefused, check_in, checkin_window
from hiroba.events.tests.helpers import open_event
from hiroba.events.tickets import display_code, is_well_formed, normalize_code

pytestmark = pytest.mark.django_db


def starting_soon(actor, **overrides):
    """An event whose check-in is open: it starts in an hour, applications are still open."""
    now = timezone.now()
    fields = {
        "starts_at": now + timedelta(hours=1),
        "ends_at": now + timedelta(hours=3),
        "applications_open_at": now - timedelta(days=1),
        "applications_close_at": now + timedelta(minutes=30),
        "venue": "渋谷ヒカリエ 8F",
    }
    return open_event(actor, **(fields | overrides))


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def checkins():
    return Activity.objects.filter(verb=Verb.EVENT_CHECK_IN)


# --- codes -------------------------------------------------------------------------------------


def test_every_new_application_gets_a_typable_code_unique_in_its_event(cm, alice, bob):
    event = open_event(cm, capacity=1)
    confirmed = apply_to_event(actor=alice, event=event)
    waitlisted = apply_to_event(actor=bob, event=event)

    codes = [fresh(confirmed).ticket_code, fresh(waitlisted).ticket_code]
    assert all(is_well_formed(code) for code in codes)
    assert not set("01OI") & set("".join(codes))
    assert codes[0] != codes[1]


@pytest.mark.parametrize("typed", ["abcd-2345", " ABCD 2345 ", "ＡＢＣＤ－２３４５", "abcdー2345"])
def test_codes_are_read_the_way_people_type_them(typed):
    assert normalize_code(typed) == "ABCD2345"
    assert display_code("ABCD2345") == "ABCD-2345"


# --- the service -------------------------------------------------------------------------------


def test_staff_check_in_a_confirmed_participant_and_count_them_once(cm, editor, alice):
    event = starting_soon(cm)
    application = apply_to_event(actor=alice, event=event)
    code = fresh(application).ticket_code
    assert (fresh(application).state, fresh(event).attended_count) == ("confirmed", 0)

    first = check_in(actor=editor, event=event, code=code.lower())
    again = check_in(actor=cm, event=event, code=display_code(code))

    assert (first.counted, again.counted) == (True, False)
    application = fresh(application)
    assert application.state == ApplicationState.ATTENDED
    assert application.checked_in_at is not None
    assert fresh(event).attended_count == 1
    [activity] = checkins()
    assert activity.actor == alice
    assert activity.data["by"] == editor.pk
    assert activity.data["application"] == application.pk


def test_a_check_in_is_dated_when_it_was_scanned(cm, alice):
    event = starting_soon(cm)
    code = fresh(apply_to_event(actor=alice, event=event)).ticket_code
    scanned = timezone.now() - timedelta(minutes=20)

    check_in(actor=cm, event=event, code=code, at=scanned)

    assert Application.objects.get(ticket_code=code).checked_in_at == scanned


def test_a_code_of_another_event_is_refused(cm, alice, bob):
    here = starting_soon(cm, title="春の工場見学")
    elsewhere = starting_soon(cm, title="秋の工場見学")
    apply_to_event(actor=bob, event=here)
    theirs = apply_to_event(actor=alice, event=elsewhere)

    with pytest.raises(CheckInRefused) as refused:
        check_in(actor=cm, event=here, code=fresh(theirs).ticket_code)

    assert refused.value.code == "other_event"
    assert fresh(theirs).state == ApplicationState.CONFIRMED
    assert (fresh(here).attended_count, fresh(elsewhere).attended_count) == (0, 0)
    assert not checkins().exists()


def test_a_cancelled_application_is_refused(cm, alice):
    event = starting_soon(cm)
    application = apply_to_event(actor=alice, event=event)
    cancel_application(actor=alice, application=application)

    with pytest.raises(CheckInRefused) as refused:
        check_in(actor=cm, event=event, code=fresh(application).ticket_code)

    assert refused.value.code == "cancelled"
    assert fresh(application).state == ApplicationState.CANCELLED
    assert fresh(event).attended_count == 0


def test_a_waitlisted_application_is_refused(cm, alice, bob):
    event = starting_soon(cm, capacity=1)
    apply_to_event(actor=alice, event=event)
    waiting = apply_to_event(actor=bob, event=event)

    with pytest.raises(CheckInRefused) as refused:
        check_in(actor=cm, event=event, code=fresh(waiting).ticket_code)

    assert refused.value.code == "waitlisted"
    assert fresh(event).attended_count == 0


@pytest.mark.parametrize("code", ["", "ABCD", "ABCD-0000", "ZZZZ-ZZZZ"])
def test_an_unknown_or_malformed_code_is_refused(cm, alice, code):
    event = starting_soon(cm)
    apply_to_event(actor=alice, event=event)

    with pytest.raises(CheckInRefused) as refused:
        check_in(actor=cm, event=event, code=code)

    assert refused.value.code == "unknown_code"


def test_check_in_opens_three_hours_before_the_start(cm, alice):
    event = open_event(cm)  # starts in two days
    code = fresh(apply_to_event(actor=alice, event=event)).ticket_code

    with pytest.raises(CheckInRefused) as refused:
        check_in(actor=cm, event=event, code=code)

    assert refused.value.code == "checkin_not_open"
    assert fresh(event).attended_count == 0


@pytest.mark.parametrize(
    ("ends", "closes"),
    [
        # An afternoon event: until the end of its day in the community's time zone (Tokyo).
        ("2026-03-04T14:00:00+09:00", "2026-03-05T00:00:00+09:00"),
        # An evening event: at least three hours after its end.
        ("2026-03-04T22:30:00+09:00", "2026-03-05T01:30:00+09:00"),
    ],
)
def test_the_check_in_window(ends, closes):
    ends = datetime.fromisoformat(ends)
    event = Event(starts_at=ends - timedelta(hours=2), ends_at=ends)

    assert checkin_window(event) == (ends - timedelta(hours=5), datetime.fromisoformat(closes))


def test_check_in_closes_after_the_event_day(cm, alice):
    event = starting_soon(cm)
    code = fresh(apply_to_event(actor=alice, event=event)).ticket_code
    now = timezone.now()
    event, _changed = update_event(
        actor=cm,
        event=event,
        applications_open_at=now - timedelta(days=5),
        applications_close_at=now - timedelta(days=4),
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=3) + timedelta(hours=2),
    )

    with pytest.raises(CheckInRefused) as refused:
        check_in(actor=cm, event=event, code=code)
    assert refused.value.code == "checkin_closed"

    # Scanned during the event, synced days later: counted.
    during = event.starts_at + timedelta(minutes=10)
    assert check_in(actor=cm, event=event, code=code, at=during).counted


@pytest.mark.parametrize("persona", ["alice", "bob", "mod"])
def test_members_and_moderators_cannot_check_in(request, cm, alice, persona):
    event = starting_soon(cm)
    application = apply_to_event(actor=alice, event=event)

    with pytest.raises(PermissionDenied):
        check_in(
            actor=request.getfixturevalue(persona),
            event=event,
            code=fresh(application).ticket_code,
        )

    assert fresh(application).state == ApplicationState.CONFIRMED
    assert fresh(event).attended_count == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_check_ins_of_one_code_count_once():
    cm = make_member("manager", Role.MANAGER)
    editors = [make_member(f"staff{i}", Role.EDITOR) for i in range(6)]
    fan = make_member("fan")
    event = starting_soon(cm)
    code = fresh(apply_to_event(actor=fan, event=event)).ticket_code

    outcomes = run_in_threads(
        [lambda e=e: check_in(actor=e, event=event, code=code) for e in editors],
        start_together=True,
    )

    assert sorted(o.counted for o in outcomes) == [False] * 5 + [True]
    assert Event.objects.get(pk=event.pk).attended_count == 1
    assert Application.objects.get(ticket_code=code).state == ApplicationState.ATTENDED
    assert checkins().count() == 1


# --- the ticket page ---------------------------------------------------------------------------


def test_a_participant_sees_their_ticket_with_qr_code_and_code(cm, alice):
    event = starting_soon(cm, title="工場見学ツアー")
    application = apply_to_event(actor=alice, event=event)
    client = Client()
    client.force_login(alice)

    response = client.get(reverse("events:ticket", args=[event.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert display_code(fresh(application).ticket_code) in page
    assert "<svg" in page and 'class="ticket-qr"' in page
    assert "工場見学ツアー" in page and "渋谷ヒカリエ 8F" in page


def test_an_application_without_a_code_gets_one_on_its_ticket_page(cm, alice):
    event = starting_soon(cm)
    application = apply_to_event(actor=alice, event=event)
    # A row from before codes existed (the migration covers old rows; this covers any other).
    Application.objects.filter(pk=application.pk).update(ticket_code="")
    client = Client()
    client.force_login(alice)

    response = client.get(reverse("events:ticket", args=[event.pk]))

    assert response.status_code == 200
    assert is_well_formed(fresh(application).ticket_code)
    assert display_code(fresh(application).ticket_code) in response.content.decode()


def test_ticket_page_is_404_for_anyone_but_a_confirmed_participant(cm, alice, bob, charlie):
    event = starting_soon(cm, capacity=1)
    apply_to_event(actor=alice, event=event)
    apply_to_event(actor=bob, event=event)  # waitlisted
    url = reverse("events:ticket", args=[event.pk])
    for member in (bob, charlie, cm):
        client = Client()
        client.force_login(member)
        assert client.get(url).status_code == 404, member
    client = Client()
    client.force_login(alice)
    assert client.get(reverse("events:ticket", args=[event.pk + 1000])).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page


def test_a_cancelled_application_has_no_ticket(cm, alice):
    event = starting_soon(cm)
    cancel_application(actor=alice, application=apply_to_event(actor=alice, event=event))
    client = Client()
    client.force_login(alice)

    assert client.get(reverse("events:ticket", args=[event.pk])).status_code == 404


# --- the staff page and its sync endpoint ------------------------------------------------------


def sync(client, event, items, **extra):
    return client.post(
        reverse("events:checkin_sync", args=[event.pk]),
        data=json.dumps({"items": items}),
        content_type="application/json",
        **extra,
    )


def test_staff_page_shows_the_count_and_members_get_403(cm, alice):
    event = starting_soon(cm)
    apply_to_event(actor=alice, event=event)
    url = reverse("events:checkin", args=[event.pk])
    staff = Client()
    staff.force_login(cm)
    member = Client()
    member.force_login(alice)

    page = staff.get(url)

    assert page.status_code == 200
    assert 'id="checkin-count">0<' in page.content.decode()
    assert "events/checkin.js" in page.content.decode()
    assert member.get(url).status_code == 403
    assert member.post(url, {"code": "ABCD2345"}).status_code == 403


def test_the_form_without_javascript_checks_in(cm, alice):
    event = starting_soon(cm)
    code = fresh(apply_to_event(actor=alice, event=event)).ticket_code
    staff = Client()
    staff.force_login(cm)

    response = staff.post(reverse("events:checkin", args=[event.pk]), {"code": code}, follow=True)

    assert response.status_code == 200
    assert fresh(event).attended_count == 1
    assert alice.display_name in response.content.decode()


def test_a_synced_batch_is_answered_per_item_and_counted_once(cm, alice, bob, charlie):
    event = starting_soon(cm)
    other = starting_soon(cm, title="別のイベント")
    code = fresh(apply_to_event(actor=alice, event=event)).ticket_code
    cancelled = apply_to_event(actor=bob, event=event)
    cancel_application(actor=bob, application=cancelled)
    foreign = fresh(apply_to_event(actor=charlie, event=other)).ticket_code
    scanned = (timezone.now() - timedelta(minutes=5)).isoformat()
    items = [
        {"client_id": "a", "code": code, "scanned_at": scanned},
        {"client_id": "b", "code": display_code(code), "scanned_at": scanned},
        {"client_id": "c", "code": fresh(cancelled).ticket_code, "scanned_at": scanned},
        {"client_id": "d", "code": foreign, "scanned_at": scanned},
        {"client_id": "e", "code": "ZZZZ2222", "scanned_at": "yesterday"},
        "nonsense",
    ]
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(cm)
    staff.get(reverse("events:checkin", args=[event.pk]))
    token = staff.cookies["csrftoken"].value

    response = sync(staff, event, items, HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 200
    body = response.json()
    assert [(r["client_id"], r["status"], r.get("code")) for r in body["results"]] == [
        ("a", "checked_in", None),
        ("b", "already", None),
        ("c", "refused", "cancelled"),
        ("d", "refused", "other_event"),
        ("e", "refused", "invalid"),
        ("", "refused", "invalid"),
    ]
    assert body["results"][0]["name"] == alice.display_name
    assert body["attended_count"] == 1

    # The same batch again (its answer was lost on the way back): nothing more is counted.
    replay = sync(staff, event, items[:2], HTTP_X_CSRFTOKEN=token).json()
    assert [r["status"] for r in replay["results"]] == ["already", "already"]
    assert fresh(event).attended_count == 1
    assert checkins().count() == 1


def test_sync_refuses_members_visitors_and_requests_without_csrf_token(cm, alice):
    event = starting_soon(cm)
    code = fresh(apply_to_event(actor=alice, event=event)).ticket_code
    items = [{"client_id": "a", "code": code, "scanned_at": timezone.now().isoformat()}]
    member = Client()
    member.force_login(alice)
    staff_without_token = Client(enforce_csrf_checks=True)
    staff_without_token.force_login(cm)

    assert sync(member, event, items).status_code == 403
    assert sync(member, event, items).json()["error"] == "editors_only"
    assert sync(Client(), event, items).status_code == 403
    assert sync(staff_without_token, event, items).status_code == 403
    assert fresh(event).attended_count == 0


@pytest.mark.parametrize(
    "body", ["not json", "[]", '{"items": 3}', '{"items": [' + "{}," * 100 + "{}]}"]
)
def test_a_malformed_sync_is_a_400(cm, body):
    event = starting_soon(cm)
    staff = Client()
    staff.force_login(cm)

    response = staff.post(
        reverse("events:checkin_sync", args=[event.pk]), data=body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid"


def test_staff_page_reads_a_fixed_number_of_queries(cm, django_assert_max_num_queries):
    event = starting_soon(cm, capacity=40)
    for i in range(25):
        member = make_member(f"fan{i:02d}")
        code = fresh(apply_to_event(actor=member, event=event)).ticket_code
        check_in(actor=cm, event=event, code=code)
    staff = Client()
    staff.force_login(cm)

    # The event, the count, the list with members; the rest is every page's (session, member,
    # community, the visit, the notification badge).
    with django_assert_max_num_queries(15):
        response = staff.get(reverse("events:checkin", args=[event.pk]))

    assert response.status_code == 200
    assert response.content.decode().count('class="badge text-bg-success"') == 20  # the last 20


def test_a_checked_in_participant_s_ticket_says_so(cm, alice):
    event = starting_soon(cm)
    code = fresh(apply_to_event(actor=alice, event=event)).ticket_code
    check_in(actor=cm, event=event, code=code)
    client = Client()
    client.force_login(alice)

    response = client.get(reverse("events:ticket", args=[event.pk]))

    assert response.status_code == 200
    assert "text-bg-success" in response.content.decode()


def test_the_migration_gives_codes_to_applications_without_one(cm, alice, bob):
    from django.apps import apps

    migration = importlib.import_module("hiroba.events.migrations.0003_checkin_ticket_codes")
    event = starting_soon(cm)
    kept = fresh(apply_to_event(actor=alice, event=event)).ticket_code
    blank = apply_to_event(actor=bob, event=event)
    Application.objects.filter(pk=blank.pk).update(ticket_code="")

    migration.give_codes(apps, None)

    assert is_well_formed(fresh(blank).ticket_code)
    assert fresh(blank).ticket_code != kept
    assert Application.objects.get(member=alice).ticket_code == kept
