"""The members' event pages: the lists, the calendar, an event's page, applying and cancelling
through them, what outsiders cannot see, the online address, the share card and the view count."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hiroba.events.models import Application, ApplicationState, Event, Format
from hiroba.events.services import apply_to_event, create_event
from hiroba.events.tests.helpers import event_fields, open_event

pytestmark = pytest.mark.django_db


def client_for(member=None, language="ja") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if member is not None:
        client.force_login(member)
    return client


def past_event(cm, **overrides):
    now = timezone.now()
    return open_event(
        cm,
        **{
            "title": "昨年の収穫祭",
            "starts_at": now - timedelta(days=3),
            "ends_at": now - timedelta(days=3) + timedelta(hours=2),
            "applications_open_at": now - timedelta(days=10),
            "applications_close_at": now - timedelta(days=4),
        }
        | overrides,
    )


def detail(event) -> str:
    return reverse("events:detail", args=[event.pk])


def same_page(one, other) -> bool:
    """Two pages alike but for their address and per-response nonces and tokens."""

    def plain(response):
        html = response.content.decode()
        html = re.sub(r'nonce="[^"]*"|value="[^"]*"|"X-CSRFToken": "[^"]*"', "", html)
        return re.sub(r"/events/\d+/", "/events/N/", html)

    return plain(one) == plain(other)


def fresh(event) -> Event:
    return Event.objects.get(pk=event.pk)


# --- the lists and the calendar ----------------------------------------------------------------


def test_the_list_shows_upcoming_and_past_events_in_their_tabs(cm, alice):
    soon = open_event(cm, title="秋の工場見学ツアー", venue="横浜工場")
    past = past_event(cm)
    create_event(actor=cm, **event_fields(title="下書きのイベント"))
    client = client_for(alice)

    upcoming = client.get(reverse("events:list")).content.decode()
    assert soon.title in upcoming and "横浜工場" in upcoming
    assert past.title not in upcoming and "下書きのイベント" not in upcoming
    assert detail(soon) in upcoming

    html = client.get(reverse("events:list"), {"tab": "past"}).content.decode()
    assert past.title in html and soon.title not in html


def test_the_list_pages_by_key_and_a_hostile_cursor_reads_as_the_start(cm, alice):
    now = timezone.now()
    for i in range(23):
        open_event(
            cm,
            title=f"勉強会 第{i + 1}回",
            starts_at=now + timedelta(days=2, hours=i),
            ends_at=now + timedelta(days=2, hours=i, minutes=50),
        )
    client = client_for(alice)
    first = client.get(reverse("events:list"))
    assert len(first.context["page"].items) == 20
    cursor = first.context["page"].next_cursor
    rest = client.get(reverse("events:list"), {"cursor": cursor}, HTTP_HX_REQUEST="true")
    assert [e.title for e in rest.context["page"].items] == [
        "勉強会 第21回",
        "勉強会 第22回",
        "勉強会 第23回",
    ]
    assert client.get(reverse("events:list"), {"cursor": "%%", "tab": "x"}).status_code == 200


def test_the_mine_tab_lists_my_applications_with_their_states(cm, alice, bob):
    full = open_event(cm, title="少人数の試食会", capacity=1)
    roomy = open_event(cm, title="オンライン説明会", format=Format.ONLINE)
    apply_to_event(actor=bob, event=full)
    apply_to_event(actor=alice, event=full)
    apply_to_event(actor=alice, event=roomy)

    response = client_for(alice, "en").get(reverse("events:list"), {"tab": "mine"})

    html = response.content.decode()
    assert "少人数の試食会" in html and "オンライン説明会" in html
    states = re.findall(r'data-state="(\w+)"', html)
    assert states == ["confirmed", "waitlisted"]  # newest first
    assert "Waitlist number 1" in html


def test_visitors_are_sent_to_log_in_for_the_mine_tab(cm):
    response = client_for().get(reverse("events:list"), {"tab": "mine"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_calendar_lists_events_on_their_days(cm, alice):
    # At noon, so that two hours never run past midnight whenever the test runs.
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    starts_at = noon + timedelta(days=2)
    event = open_event(
        cm, title="クリスマス料理教室", starts_at=starts_at, ends_at=starts_at + timedelta(hours=2)
    )
    local = timezone.localtime(event.starts_at)
    month = f"{local:%Y-%m}"

    response = client_for(alice).get(reverse("events:calendar"), {"month": month})

    assert response.status_code == 200
    days = [d for week in response.context["weeks"] for d in week if d.events]
    assert [(d.day, [e.title for e in d.events]) for d in days] == [
        (local.date(), ["クリスマス料理教室"])
    ]
    assert "クリスマス料理教室" in response.content.decode()


def test_an_event_over_several_days_shows_on_each(cm, alice):
    now = timezone.now()
    event = open_event(
        cm, title="二日間の合宿", starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=3)
    )
    local = timezone.localtime(event.starts_at)
    response = client_for(alice).get(reverse("events:calendar"), {"month": f"{local:%Y-%m}"})
    days = [d.day for week in response.context["weeks"] for d in week if d.events]
    assert len(days) == 2


@pytest.mark.parametrize("month", ["2026-13", "12-2026", "99999-01", "1999-12", "2026-1", "\x00"])
def test_a_month_the_calendar_cannot_show_is_a_clear_400(alice, month):
    response = client_for(alice, "en").get(reverse("events:calendar"), {"month": month})
    assert response.status_code == 400
    assert "is not a month the calendar can show" in response.content.decode()


def test_a_calendar_month_far_from_today_still_renders(alice):
    assert (
        client_for(alice).get(reverse("events:calendar"), {"month": "2200-12"}).status_code == 200
    )


# --- who sees what -----------------------------------------------------------------------------


def test_outsiders_get_the_same_404_for_a_restricted_event_as_for_a_missing_one(
    cm, alice, charlie, inner_circle
):
    event = open_event(cm, title="アンバサダー限定の座談会", space=inner_circle)
    local = timezone.localtime(event.starts_at)
    month = {"month": f"{local:%Y-%m}"}

    assert client_for(alice).get(detail(event)).status_code == 200
    for outsider in (charlie, None):
        client = client_for(outsider)
        hidden = client.get(detail(event))
        missing = client.get(reverse("events:detail", args=[event.pk + 1000]))
        assert hidden.status_code == missing.status_code == 404
        assert same_page(hidden, missing)
        assert event.title not in client.get(reverse("events:list")).content.decode()
        assert event.title not in client.get(reverse("events:calendar"), month).content.decode()
        assert event.title not in client.get(reverse("home")).content.decode()
        response = client.post(reverse("events:apply", args=[event.pk]), {"companions": "0"})
        assert response.status_code in (302, 404)  # a visitor is sent to log in first
    assert not Application.objects.exists()
    assert event.title in client_for(alice).get(reverse("events:list")).content.decode()


def test_the_online_address_is_for_confirmed_participants_and_staff(cm, alice, bob, charlie):
    url = "https://meet.example.com/hiroba-secret-room"
    event = open_event(cm, format=Format.ONLINE, online_url=url, capacity=1)

    assert url not in client_for(alice).get(detail(event)).content.decode()
    apply_to_event(actor=alice, event=event)
    apply_to_event(actor=bob, event=event)  # waitlisted: the one seat is alice's

    assert url in client_for(alice).get(detail(event)).content.decode()
    assert url in client_for(cm).get(detail(event)).content.decode()
    for outsider in (bob, charlie, None):
        assert url not in client_for(outsider).get(detail(event)).content.decode()


# --- the event's page --------------------------------------------------------------------------


def test_the_event_page_shows_when_where_and_the_map(cm, alice):
    event = open_event(
        cm,
        title="味噌づくり体験",
        venue="広場キッチン",
        address="東京都渋谷区神南1-2-3",
        companions_allowed=2,
    )
    response = client_for(alice).get(detail(event))

    html = response.content.decode()
    assert response.status_code == 200
    assert "味噌づくり体験" in html and "広場キッチン" in html and "東京都渋谷区神南1-2-3" in html
    assert "<strong>工場</strong>" in html  # the rendered Markdown
    start = timezone.localtime(event.starts_at)
    assert f"{start:%Y/%m/%d %H:%M}" in html  # the community's time zone, Japanese format
    assert (
        "https://www.google.com/maps/search/?api=1&amp;query="
        "%E6%9D%B1%E4%BA%AC%E9%83%BD%E6%B8%8B%E8%B0%B7%E5%8C%BA%E7%A5%9E%E5%8D%971-2-3"
    ) in html
    assert 'name="companions"' in html and '<option value="2">2</option>' in html


def test_a_public_event_has_a_share_card_and_a_members_only_one_has_none(
    cm, alice, lounge, jpeg_upload
):
    event = open_event(cm, title="春のピクニック", description="みんなで**お弁当**を持って集まろう")
    response = client_for().get(detail(event))
    html = response.content.decode()
    assert '<meta property="og:title" content="春のピクニック">' in html
    description = re.search(r'<meta property="og:description" content="([^"]*)"', html)[1]
    assert "みんなでお弁当を持って集まろう" in description and "**" not in description
    assert '<meta name="twitter:card" content="summary">' in html
    assert "social-plugins.line.me" in html

    members_only = open_event(cm, title="メンバー限定の茶話会", space=lounge)
    html = client_for(alice).get(detail(members_only)).content.decode()
    assert 'content="メンバー限定の茶話会"' not in html
    assert "social-plugins.line.me" not in html


def test_the_share_card_uses_the_cover_as_a_large_image(cm):
    event = open_event(cm, title="表紙のあるイベント")
    Event.objects.filter(pk=event.pk).update(cover="events/cover.jpg")
    html = client_for().get(detail(event)).content.decode()
    assert '<meta property="og:image" content="http://testserver/media/events/cover.jpg">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_page_views_are_counted_once_per_member_and_not_for_staff(cm, alice, bob):
    event = open_event(cm)
    alice_client = client_for(alice)

    alice_client.get(detail(event))
    assert fresh(event).view_count == 1
    alice_client.get(detail(event))
    assert fresh(event).view_count == 1
    client_for(bob).get(detail(event))
    assert fresh(event).view_count == 2
    client_for(cm).get(detail(event))
    assert fresh(event).view_count == 2
    client_for().get(detail(event))
    assert fresh(event).view_count == 3


# --- applying and cancelling through the pages -------------------------------------------------


def test_a_member_applies_with_companions_from_the_page(cm, alice):
    event = open_event(cm, companions_allowed=2)
    client = client_for(alice, "en")

    response = client.post(reverse("events:apply", args=[event.pk]), {"companions": "2"})

    assert response.status_code == 302 and response["Location"] == detail(event)
    application = Application.objects.get(event=event, member=alice)
    assert (application.state, application.companions) == (ApplicationState.CONFIRMED, 2)
    assert fresh(event).confirmed_seats == 3
    html = client.get(detail(event)).content.decode()
    assert "your place at this event is confirmed" in html
    assert 'data-state="confirmed"' in html
    assert reverse("events:cancel", args=[application.pk]) in html


def test_a_full_event_puts_the_member_on_the_waitlist(cm, alice, bob):
    event = open_event(cm, capacity=1)
    apply_to_event(actor=bob, event=event)
    client = client_for(alice, "en")
    assert "Join the waitlist" in client.get(detail(event)).content.decode()

    client.post(reverse("events:apply", args=[event.pk]))

    html = client.get(detail(event)).content.decode()
    assert "you are on the waitlist (number 1)" in html
    assert 'data-state="waitlisted"' in html


@pytest.mark.parametrize(
    ("setup", "data", "status", "message"),
    [
        ("closed", {}, 403, "Applications for this event have closed."),
        ("twice", {}, 409, "You have already applied to this event."),
        ("open", {"companions": "5"}, 422, "Select a valid choice."),
        ("open", {"companions": "lots"}, 422, "Select a valid choice."),
    ],
)
def test_refused_applications_answer_4xx_with_the_reason(cm, alice, setup, data, status, message):
    now = timezone.now()
    if setup == "closed":
        event = open_event(cm, applications_close_at=now + timedelta(days=1))
        Event.objects.filter(pk=event.pk).update(applications_close_at=now - timedelta(minutes=1))
    else:
        event = open_event(cm, companions_allowed=1)
    if setup == "twice":
        apply_to_event(actor=alice, event=event)

    response = client_for(alice, "en").post(reverse("events:apply", args=[event.pk]), data)

    assert response.status_code == status
    assert message in response.content.decode()
    assert Application.objects.filter(member=alice).count() == (1 if setup == "twice" else 0)


def test_a_suspended_member_is_refused_with_the_reason(cm, alice, mod):
    from hiroba.moderation.services import sanction_member

    event = open_event(cm)
    sanction_member(actor=mod, member=alice, kind="suspend", reason="荒らし", days=3)
    alice.refresh_from_db()
    response = client_for(alice, "en").post(reverse("events:apply", args=[event.pk]))
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_a_member_cancels_from_the_page_and_the_waitlist_moves_up(cm, alice, bob):
    event = open_event(cm, capacity=1)
    mine = apply_to_event(actor=alice, event=event)
    waiting = apply_to_event(actor=bob, event=event)
    client = client_for(alice, "en")

    response = client.post(reverse("events:cancel", args=[mine.pk]))

    assert response.status_code == 302
    assert Application.objects.get(pk=mine.pk).state == ApplicationState.CANCELLED
    assert Application.objects.get(pk=waiting.pk).state == ApplicationState.CONFIRMED
    html = client.get(detail(event)).content.decode()
    assert "Your application is cancelled." in html and 'data-state="cancelled"' in html
    assert 'action="' + reverse("events:apply", args=[event.pk]) in html  # may apply again


def test_someone_elses_application_is_a_404(cm, alice, bob):
    event = open_event(cm)
    theirs = apply_to_event(actor=bob, event=event)

    assert client_for(alice).post(reverse("events:cancel", args=[theirs.pk])).status_code == 404
    missing = reverse("events:cancel", args=[theirs.pk + 1000])
    assert client_for(alice).post(missing).status_code == 404
    assert Application.objects.get(pk=theirs.pk).state == ApplicationState.CONFIRMED


def test_cancelling_after_the_deadline_is_refused_with_the_reason(cm, alice):
    now = timezone.now()
    event = open_event(cm, cancel_deadline=now + timedelta(days=1))
    mine = apply_to_event(actor=alice, event=event)
    Event.objects.filter(pk=event.pk).update(cancel_deadline=now - timedelta(minutes=1))
    client = client_for(alice, "en")
    assert "Cancellations have closed" in client.get(detail(event)).content.decode()

    response = client.post(reverse("events:cancel", args=[mine.pk]))

    # A refusal by the event's rules, like applying after applications closed.
    assert response.status_code == 403
    assert (
        "Cancellations for this event have closed; please contact the organizers."
        in response.content.decode()
    )
    assert Application.objects.get(pk=mine.pk).state == ApplicationState.CONFIRMED
    assert fresh(event).confirmed_seats == 1


def test_get_on_apply_and_cancel_is_not_allowed(cm, alice):
    event = open_event(cm)
    client = client_for(alice)
    assert client.get(reverse("events:apply", args=[event.pk])).status_code == 405


# --- the home page -----------------------------------------------------------------------------


def test_the_home_page_shows_the_soonest_events(cm, alice, charlie, inner_circle):
    now = timezone.now()
    for i in range(4):
        open_event(
            cm,
            title=f"交流会 {i + 1}",
            starts_at=now + timedelta(days=2 + i),
            ends_at=now + timedelta(days=2 + i, hours=1),
        )
    open_event(
        cm,
        title="内輪の会",
        space=inner_circle,
        starts_at=now + timedelta(hours=30),
        ends_at=now + timedelta(hours=31),
        applications_close_at=now + timedelta(hours=20),
    )

    html = client_for(alice).get(reverse("home")).content.decode()
    section = html[html.index('id="home-events"') :]
    assert re.findall(r"(内輪の会|交流会 \d)", section)[:3] == ["内輪の会", "交流会 1", "交流会 2"]

    html = client_for(charlie).get(reverse("home")).content.decode()
    section = html[html.index('id="home-events"') :]
    assert re.findall(r"(内輪の会|交流会 \d)", section)[:3] == ["交流会 1", "交流会 2", "交流会 3"]


# --- query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 40])
def test_the_list_query_count_does_not_grow_with_events(
    cm, alice, count, django_assert_num_queries
):
    now = timezone.now()
    for i in range(count):
        event = open_event(
            cm,
            title=f"イベント {i}",
            starts_at=now + timedelta(days=2, hours=i),
            ends_at=now + timedelta(days=2, hours=i, minutes=30),
        )
        if i % 2:
            apply_to_event(actor=alice, event=event)
    client = client_for(alice)
    client.get(reverse("events:list"))  # warm the community memo and the session

    # session, member, the kept spaces' generation number (no restricted space, so no
    # membership query), the segments events are limited to (none here, so no membership check
    # follows), events, unread notifications
    with django_assert_num_queries(6):
        assert client.get(reverse("events:list")).status_code == 200
    # the applications with their events instead
    with django_assert_num_queries(6):
        assert client.get(reverse("events:list"), {"tab": "mine"}).status_code == 200
    with django_assert_num_queries(6):
        assert client.get(reverse("events:calendar")).status_code == 200


@pytest.mark.parametrize(("in_space", "queries"), [(False, 5), (True, 7)])
def test_the_event_page_query_count(
    request, cm, alice, bob, in_space, queries, django_assert_num_queries
):
    space = request.getfixturevalue("inner_circle") if in_space else None
    event = open_event(cm, capacity=2, space=space)
    apply_to_event(actor=bob, event=event)
    apply_to_event(actor=alice, event=event)
    client = client_for(alice)
    client.get(detail(event))  # warm up; the view is counted once

    # session, member, the event, (spaces, memberships to read a space's event,) the member's
    # application, unread notifications
    with django_assert_num_queries(queries):
        assert client.get(detail(event)).status_code == 200


# --- visitors and hostile input ----------------------------------------------------------------


def test_a_visitors_event_page_carries_no_csrf_token_so_it_can_be_cached(cm):
    event = open_event(cm, title="誰でも見られるイベント")
    response = client_for().get(detail(event))
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies
    assert reverse("account_login") in response.content.decode()  # log in to apply


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/events/99999999999999999999999/"),
        ("post", "/events/99999999999999999999999/apply/"),
        ("post", "/events/applications/99999999999999999999999/cancel/"),
    ],
)
def test_ids_past_any_column_are_a_404(alice, method, path):
    assert getattr(client_for(alice), method)(path).status_code == 404


def test_staff_may_cancel_a_members_application_after_the_deadline(cm, alice):
    from hiroba.events.services import cancel_application

    now = timezone.now()
    event = open_event(cm, cancel_deadline=now + timedelta(days=1))
    mine = apply_to_event(actor=alice, event=event)
    Event.objects.filter(pk=event.pk).update(cancel_deadline=now - timedelta(minutes=1))

    cancel_application(actor=cm, application=mine)

    assert Application.objects.get(pk=mine.pk).state == ApplicationState.CANCELLED
    assert fresh(event).confirmed_seats == 0


def test_the_event_page_links_a_confirmed_members_ticket_and_the_live_page(cm, alice, bob):
    event = open_event(cm, format=Format.HYBRID, capacity=1)
    apply_to_event(actor=alice, event=event)
    apply_to_event(actor=bob, event=event)  # waitlisted

    ticket = reverse("events:ticket", args=[event.pk])
    live = reverse("events:live", args=[event.pk])
    html = client_for(alice).get(detail(event)).content.decode()
    assert ticket in html and live in html
    html = client_for(bob).get(detail(event)).content.decode()
    assert ticket not in html and live in html
    offline = open_event(cm, title="会場だけのイベント")
    assert (
        live.replace(str(event.pk), str(offline.pk))
        not in client_for(bob).get(detail(offline)).content.decode()
    )
