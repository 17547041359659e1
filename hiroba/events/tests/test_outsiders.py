"""The outsiders' audit: an event limited to a restricted space, one limited to a saved segment,
and a draft show nothing of themselves to a member they are not for, nor to a visitor.

Every address of the ``events`` URL namespace and every operation of /api/v1/events is asked
for, by each outsider, with the hidden event's ids and with ids that do not exist; the two
answers must be the same (status, template, redirect, JSON body). The addresses and operations
are read from the URL resolver and the API's router, so a new one is checked the day it is
added: one that takes no event (or application) id must be added to an allowlist below, with
the reason it needs no check. Then the lists, the month calendar, the home page, search, the
sitemap and notifications must not name the event.

The outsider who shows the most is a former insider: bob applied (and got his seat, and
commented on the live page) while the event was for him, then left its space or its segment.
"""

import difflib
import json
import re
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db.models import Max
from django.test import Client
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver
from django.utils import timezone

from hiroba.accounts.services import update_profile
from hiroba.api.tests.conftest import ApiClient
from hiroba.community.services import remove_from_space, update_community_settings
from hiroba.events import notify
from hiroba.events.after import publish_event_report
from hiroba.events.api import router
from hiroba.events.lifecycle import cancel_event
from hiroba.events.live.models import LiveComment
from hiroba.events.live.services import post_live_comment
from hiroba.events.live.stream import _open
from hiroba.events.models import (
    Application,
    ApplicationState,
    Event,
    EventStatus,
    Format,
    Selection,
)
from hiroba.events.permissions import can_read_event, is_public_event
from hiroba.events.services import apply_to_event, create_event, update_event
from hiroba.events.sitemaps import event_rows
from hiroba.events.staff import MESSAGE_VERB, message_participants
from hiroba.events.tests.helpers import event_fields, open_event
from hiroba.notifications.models import Notification
from hiroba.segments.services import create_segment

pytestmark = pytest.mark.django_db

OSAKA, TOKYO = "27", "13"
SECRET_URL = "https://meet.example.com/secret-room"

# Addresses of the events namespace that take no event or application id, and why they need
# no outsider check of their own (what they list is checked below, by the titles it shows).
NO_EVENT_ID = {
    "list": "lists the events the reader may see (checked: the title is absent)",
    "calendar": "the month's events the reader may see (checked: the title is absent)",
}
# The same for the API's operations (method, path under /api/v1/events).
API_NO_EVENT_ID = {
    ("GET", ""): "lists the events the caller may see (checked: the title is absent)",
    ("POST", ""): "creates an event: staff only, 401/403 before anything is read",
    ("GET", "/applications/mine"): "the caller's own applications (checked: the title is absent)",
}
# Valid bodies, so that an operation's answer is about the event, not about the body.
API_BODIES = {
    ("PATCH", "/{event_id}"): {"title": "改題"},
    ("PUT", "/{event_id}/questions"): {"questions": []},
    ("POST", "/{event_id}/applications"): {"companions": 0},
}
# The ids an address may take, and where the audit finds one for the hidden event.
KNOWN_IDS = {"event_id", "application_id", "comment_id"}
# What a POST sends, so that a view that forgot its check would act (and answer otherwise).
POST_DATA = {
    "apply": {"companions": "0"},
    "live_comment": {"body": "見えていますか"},
    "live_hide": {"reason": "test"},
    "checkin": {"code": "ABCD"},
}


@dataclass
class Hidden:
    kind: str
    event: Event
    insider: object  # a member who sees it (not staff)
    outsiders: dict = field(default_factory=dict)  # label -> member (None: a visitor)
    applications: dict = field(default_factory=dict)  # label -> their application, if any
    comment: LiveComment | None = None


def _started(event: Event) -> Event:
    """The lottery was drawn, the event started an hour ago and ends in two: every page of it
    (ticket, live page, draw, check-in, photo report) has something to show."""
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(
        status=EventStatus.DRAWN,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
        applications_close_at=now - timedelta(hours=2),
        applications_open_at=now - timedelta(hours=3),
    )
    Application.objects.filter(event=event).update(state=ApplicationState.CONFIRMED, draw_rank=1)
    return Event.objects.select_related("space").get(pk=event.pk)


def _secret_fields(title: str, **extra) -> dict:
    return {
        "title": title,
        "selection": Selection.LOTTERY,
        "format": Format.HYBRID,
        "venue": "秘密の会場",
        "online_url": SECRET_URL,
        **extra,
    }


@pytest.fixture(params=["restricted", "segment", "draft"])
def hidden(request, cm, alice, bob, charlie) -> Hidden:
    kind = request.param
    title = f"秘密の集い{kind}"
    if kind == "draft":
        event = create_event(actor=cm, **event_fields(**_secret_fields(title)))
        return Hidden(kind, event, insider=None, outsiders={"member": alice, "visitor": None})
    if kind == "restricted":
        space = request.getfixturevalue("inner_circle")  # alice and bob are invited
        event = open_event(cm, **_secret_fields(title, space=space))
    else:
        update_profile(actor=alice, member=alice, region=OSAKA)
        update_profile(actor=bob, member=bob, region=OSAKA)
        osaka = create_segment(
            actor=cm, name="大阪の会員", rules=[{"type": "region", "regions": [OSAKA]}]
        )
        event = open_event(cm, **_secret_fields(title, audience_segment_id=osaka.pk))
    application = apply_to_event(actor=bob, event=event)
    apply_to_event(actor=alice, event=event)
    event = _started(event)
    comment = post_live_comment(actor=bob, event=event, body="始まりましたね")
    # Then bob is no longer among those the event is for.
    if kind == "restricted":
        remove_from_space(actor=cm, space=event.space, member=bob)
    else:
        update_profile(actor=bob, member=bob, region=TOKYO)
    assert can_read_event(alice, event) and not can_read_event(bob, event)
    return Hidden(
        kind,
        event,
        insider=alice,
        outsiders={"former insider": bob, "member": charlie, "visitor": None},
        applications={"former insider": application},
        comment=comment,
    )


def client_for(member) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if member is not None:
        client.force_login(member)
    return client


def _missing(model) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1000


def event_patterns() -> list:
    """(name, id names) of every address in the ``events`` namespace."""
    _prefix, resolver = get_resolver().namespace_dict["events"]
    found = []

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            else:
                found.append((pattern.name, frozenset(pattern.pattern.converters)))

    walk(resolver.url_patterns)
    return found


_TOKEN = re.compile(
    rb'(name="csrfmiddlewaretoken" value="|nonce="|csrf-token" content="|"X-CSRFToken": ")[^"]*'
)


def _signature(response, url: str, missing_url: str) -> tuple:
    """What an answer shows: status, templates, where it redirects, its body (ids of the
    address asked for written as the missing one's; per-request tokens left out)."""
    templates = tuple(t.name for t in getattr(response, "templates", []) or [])
    location = response.get("Location", "").replace(url, missing_url)
    body = b"" if getattr(response, "streaming", False) else response.content
    body = _TOKEN.sub(rb"\1", body).replace(url.encode(), missing_url.encode())
    return response.status_code, templates, location, response.get("Content-Type", ""), body


def _difference(got: tuple, want: tuple) -> str:
    """The first differing part of two signatures, readably (bodies as a line diff)."""
    for index, (a, b) in enumerate(zip(got, want, strict=True)):
        if a != b and index == 4:
            lines = difflib.unified_diff(
                b.decode(errors="replace").splitlines(),
                a.decode(errors="replace").splitlines(),
                lineterm="",
                n=0,
            )
            return "\n".join(list(lines)[:20])
        if a != b:
            return f"{a!r} != {b!r}"
    return ""


def _request(client: Client, method: str, url: str, name: str):
    # Every answer rendered from scratch: a navigation bar kept from the one before would leave
    # its template out of this one's list (the bodies are compared as they are).
    caches["fragments"].clear()
    if method == "GET":
        return client.get(url)
    if name == "checkin_sync":
        items = {"items": [{"code": "ABCD", "client_id": "c1"}]}
        return client.post(url, json.dumps(items), content_type="application/json")
    return client.post(url, POST_DATA.get(name, {}))


def test_every_event_address_answers_an_outsider_as_for_a_missing_event(hidden):
    event = hidden.event
    missing_ids = {
        "event_id": _missing(Event),
        "application_id": _missing(Application),
        "comment_id": _missing(LiveComment),
    }
    checked = 0
    for name, ids in event_patterns():
        if not ids:
            assert name in NO_EVENT_ID, (
                f"events:{name} takes no id: add an outsider check, or list it in NO_EVENT_ID "
                "with the reason it needs none"
            )
            continue
        assert ids <= KNOWN_IDS, f"events:{name} takes {set(ids) - KNOWN_IDS}: teach this test"
        for label, outsider in hidden.outsiders.items():
            application = hidden.applications.get(label)
            own = {
                "event_id": event.pk,
                "application_id": application.pk if application else missing_ids["application_id"],
                "comment_id": hidden.comment.pk if hidden.comment else missing_ids["comment_id"],
            }
            url = reverse(f"events:{name}", kwargs={k: own[k] for k in ids})
            missing_url = reverse(f"events:{name}", kwargs={k: missing_ids[k] for k in ids})
            for method in ("GET", "POST"):
                client = client_for(outsider)
                seen = _request(client, method, url, name)
                expected = _request(client, method, missing_url, name)
                where = f"{method} events:{name} as {label} ({hidden.kind})"
                assert seen.status_code in (302, 404, 405), (where, seen.status_code)
                if seen.status_code == 302:
                    assert outsider is None and "/login/" in seen["Location"], where
                got = _signature(seen, url, missing_url)
                want = _signature(expected, missing_url, missing_url)
                assert got == want, (where, _difference(got, want))
                assert event.title.encode() not in seen.content, where
                checked += 1
    assert checked
    # Nothing was done in the outsiders' names either.
    application = hidden.applications.get("former insider")
    if application is not None:
        application.refresh_from_db()
        assert application.state == ApplicationState.CONFIRMED
    comments = LiveComment.objects.filter(event=event)
    assert list(comments) == ([hidden.comment] if hidden.comment else [])
    assert (
        not Application.objects.filter(
            event=event, member__in=[m for m in hidden.outsiders.values() if m is not None]
        )
        .exclude(pk__in=[a.pk for a in hidden.applications.values()])
        .exists()
    )


def test_the_addresses_show_the_event_to_those_it_is_for(hidden, cm):
    """The control: the same addresses answer those the event is for, so the 404s above are the
    outsiders' and not the test's."""
    event = hidden.event
    readers = [cm] + ([hidden.insider] if hidden.insider else [])
    for reader in readers:
        client = client_for(reader)
        for name in ("detail", "ics", "draw", "live", "live_stream"):
            url = reverse(f"events:{name}", args=[event.pk])
            assert client.get(url).status_code == 200, (name, reader)
    if hidden.insider is not None:
        ticket = client_for(hidden.insider).get(reverse("events:ticket", args=[event.pk]))
        assert ticket.status_code == 200
        report = client_for(hidden.insider).get(reverse("events:report_new", args=[event.pk]))
        assert report.status_code == 200


def test_the_live_stream_under_asgi_is_the_same_404(hidden, bob, charlie):
    missing = _missing(Event)
    for member in (bob, charlie, None):
        client = client_for(member)
        cookies = {key: morsel.value for key, morsel in client.cookies.items()}
        assert _open(cookies, hidden.event.pk, 0) is None
        assert _open(cookies, missing, 0) is None


def _api_operations() -> list[tuple[str, str]]:
    return [
        (method, path)
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    ]


def test_every_api_operation_answers_an_outsider_as_for_a_missing_event(hidden):
    event = hidden.event
    missing_event, missing_application = _missing(Event), _missing(Application)
    checked = 0
    for method, path in _api_operations():
        if "{" not in path:
            assert (method, path) in API_NO_EVENT_ID, (
                f"{method} /events{path} takes no id: add an outsider check, or list it in "
                "API_NO_EVENT_ID with the reason it needs none"
            )
            continue
        params = set(re.findall(r"{(\w+)}", path))
        assert params <= {"event_id", "application_id"}, f"{path}: teach this test"
        for label, outsider in hidden.outsiders.items():
            application = hidden.applications.get(label)
            own = {
                "event_id": event.pk,
                "application_id": application.pk if application else missing_application,
            }
            missing = {"event_id": missing_event, "application_id": missing_application}
            api = ApiClient(outsider)
            answers = []
            for ids in (own, missing):
                url = "/api/v1/events" + path.format(**ids)
                body = json.dumps(API_BODIES.get((method, path), {}))
                answers.append(
                    api.client.generic(
                        method, url, body, content_type="application/json", **api.headers
                    )
                )
            seen, expected = answers
            where = f"{method} /events{path} as {label} ({hidden.kind})"
            assert seen.status_code in (401, 403, 404), (where, seen.status_code, seen.content)
            assert seen.status_code == expected.status_code, where
            assert seen.json() == expected.json(), where
            checked += 1
    assert checked
    application = hidden.applications.get("former insider")
    if application is not None:
        application.refresh_from_db()
        assert application.state == ApplicationState.CONFIRMED


def test_the_api_shows_the_event_to_those_it_is_for(hidden, cm):
    readers = [cm] + ([hidden.insider] if hidden.insider else [])
    for reader in readers:
        response = ApiClient(reader).get(f"/events/{hidden.event.pk}")
        assert response.status_code == 200
        assert response.json()["title"] == hidden.event.title


def _titles_shown(member, title: str) -> dict[str, bool]:
    client = client_for(member)
    month = timezone.localdate().strftime("%Y-%m")
    pages = {
        "list upcoming": reverse("events:list"),
        "list past": reverse("events:list") + "?tab=past",
        "calendar": reverse("events:calendar") + f"?month={month}",
        "home": reverse("home"),
        # The box echoes the words asked for: the whole title is asked by its first part.
        "search": reverse("search:search") + f"?q={title[:5]}",
    }
    if member is not None:
        pages["list mine"] = reverse("events:list") + "?tab=mine"
    shown = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 302), (name, response.status_code)
        shown[name] = title in response.content.decode()
    api = ApiClient(member)
    for when in ("upcoming", "past"):
        items = api.get("/events", when=when).json()["items"]
        shown[f"api {when}"] = any(item["title"] == title for item in items)
    if member is not None:
        items = api.get("/events/applications/mine").json()["items"]
        shown["api mine"] = any(title in json.dumps(item, ensure_ascii=False) for item in items)
    return shown


def test_lists_calendar_home_and_search_leave_the_event_out(hidden):
    title = hidden.event.title
    for label, outsider in hidden.outsiders.items():
        shown = _titles_shown(outsider, title)
        assert not any(shown.values()), (label, hidden.kind, [k for k, v in shown.items() if v])
    if hidden.insider is not None:
        # The control: the event is upcoming, on this month's calendar and on the home page.
        shown = _titles_shown(hidden.insider, title)
        for place in ("list upcoming", "calendar", "home", "list mine", "api upcoming"):
            assert shown[place], (place, hidden.kind)


def test_outsiders_hear_nothing_more_of_the_event(
    hidden, cm, alice, bob, django_capture_on_commit_callbacks
):
    """A change, a staff message, the day-before reminder or a cancellation tells those the
    event is for, not a former insider who still holds an application (the new title would
    reach them)."""
    if hidden.kind == "draft":
        pytest.skip("nobody applies to a draft")
    event = hidden.event
    before = Notification.objects.filter(recipient=bob).count()
    with django_capture_on_commit_callbacks(execute=True):
        event, _ = update_event(actor=cm, event=event, title="改題された秘密の集い")
        message_participants(
            actor=cm, event=event, group="participants", subject="持ち物", body="筆記用具"
        )
        notify.reminder(event, [alice.pk, bob.pk])
        cancel_event(actor=cm, event=event, reason="荒天のため")
    told = set(Notification.objects.filter(recipient=alice).values_list("verb", flat=True))
    assert {"event_changed", MESSAGE_VERB, "event_reminder", "event_cancelled"} <= told
    assert Notification.objects.filter(recipient=bob).count() == before
    page = client_for(bob).get(reverse("notifications:list")).content.decode()
    assert "改題" not in page and "持ち物" not in page


# --- sitemap ---------------------------------------------------------------------------------

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _sitemap_locations(client: Client) -> list[str]:
    from xml.etree import ElementTree

    index = ElementTree.fromstring(client.get(reverse("sitemap")).content)
    locations = []
    for loc in index.findall("s:sitemap/s:loc", NS):
        part = ElementTree.fromstring(client.get(loc.text).content)
        locations += [url.text for url in part.findall("s:url/s:loc", NS)]
    return locations


def test_the_sitemap_lists_public_events_only(hidden, cm, recipes, lounge):
    public = open_event(cm, title="公開イベント")
    in_public_space = open_event(cm, title="公開スペースの会", space=recipes)
    members_only = open_event(cm, title="メンバー限定スペースの会", space=lounge)
    draft = create_event(actor=cm, **event_fields(title="下書き"))
    locations = _sitemap_locations(Client())
    listed = {
        int(loc.rsplit("/events/", 1)[1].strip("/")) for loc in locations if "/events/" in loc
    }
    assert listed == {public.pk, in_public_space.pk}
    assert not {hidden.event.pk, draft.pk, members_only.pk} & listed
    # The section's filter is is_public_event's rule.
    everything = Event.objects.select_related("space")
    assert {e.pk for e in everything if is_public_event(e)} == {
        pk for pk, _updated in event_rows(0, 10_000)
    }


def test_a_closed_community_lists_no_events(cm, django_capture_on_commit_callbacks):
    event = open_event(cm, title="公開イベント")
    with django_capture_on_commit_callbacks(execute=True):
        update_community_settings(actor=cm, is_open=False)
    assert not is_public_event(event)
    part = Client().get(reverse("sitemap_part", args=["events", 0]))
    assert part.status_code in (302, 404)
    assert f"/events/{event.pk}/" not in part.content.decode()


def test_a_photo_report_does_not_name_the_event_to_outsiders(hidden, alice, charlie, recipes):
    """A segment's event has no space: its reports go where the writer picks, maybe a public
    space. Their cards (cached for every reader) and pages name the event only to those it is
    for; a restricted space's reports stay in its space."""
    if hidden.kind == "draft":
        pytest.skip("a draft has no reports")
    event = hidden.event
    space = recipes if hidden.kind == "segment" else event.space
    post = publish_event_report(
        actor=alice, event=event, space=space, title="レポート", body="楽しかった!"
    )
    detail, feed = (
        reverse("posts:detail", args=[post.pk]),
        reverse("posts:space", args=[space.slug]),
    )
    for reader, insider in ((alice, True), (charlie, False), (None, False)):
        client = client_for(reader)
        # The card in a public space's feed, cached for all its readers, names a segment's
        # event to nobody; the post's page to those the event is for.
        for url, sees in ((detail, insider), (feed, insider and hidden.kind == "restricted")):
            response = client.get(url)
            if response.status_code == 404:
                assert not insider and hidden.kind == "restricted", url
                continue
            assert response.status_code == 200, (url, response.status_code)
            content = response.content.decode()
            assert (event.title in content) is sees, (url, reader)
            if url == feed:
                assert "Event report" in content  # the badge, without the event's name


def test_the_calendar_file_the_share_card_and_the_api_keep_the_online_address(hidden, cm, charlie):
    """The online address is for confirmed participants: not in the .ics, the calendar links,
    the link preview or the API's answer to anyone else, even for a public event."""
    public = open_event(cm, **_secret_fields("公開オンライン会", selection=Selection.FIRST_COME))
    assert is_public_event(public)
    readers = [None, charlie] + ([hidden.insider] if hidden.insider else [])
    for reader in readers:
        client = client_for(reader)
        page = client.get(reverse("events:detail", args=[public.pk])).content.decode()
        assert 'property="og:title" content="公開オンライン会' in page
        assert SECRET_URL not in page
        ics = client.get(reverse("events:ics", args=[public.pk]))
        assert ics.status_code == 200 and SECRET_URL not in ics.content.decode()
        answer = ApiClient(reader).get(f"/events/{public.pk}").json()
        assert SECRET_URL not in json.dumps(answer)
    # The hidden event's own .ics, to those it is for (bob holds a seat but no longer sees it).
    if hidden.insider is not None:
        own = client_for(hidden.insider).get(reverse("events:ics", args=[hidden.event.pk]))
        assert own.status_code == 200 and hidden.event.title in own.content.decode()
        assert SECRET_URL not in own.content.decode()
    # No link preview for an event that is not public, even to those who see it.
    viewer = hidden.insider or cm
    page = client_for(viewer).get(reverse("events:detail", args=[hidden.event.pk])).content
    tags = re.findall(r"<meta [^>]*>", page.decode())
    assert tags and not [tag for tag in tags if hidden.event.title in tag or "秘密" in tag]
