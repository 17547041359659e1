"""The event's .ics file (RFC 5545: escaped text, lines folded at 75 octets, CRLF) and its
"add to calendar" links; a 404 for whoever may not read the event."""

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from hiroba.events.ics import build_ics, escape_text, fold, google_calendar_url
from hiroba.events.lifecycle import cancel_event
from hiroba.events.services import create_event
from hiroba.events.tests.helpers import event_fields, open_event

pytestmark = pytest.mark.django_db


def unfolded(ics: str) -> dict[str, str]:
    """The content lines (continuations joined) by name, as a reader of RFC 5545 parses them."""
    assert ics.endswith("\r\n")
    lines = ics[:-2].split("\r\n")
    for line in lines:
        assert len(line.encode()) <= 75, line
        assert "\n" not in line and "\r" not in line
    logical: list[str] = []
    for line in lines:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    values = {}
    for line in logical:
        name, _, value = line.partition(":")
        values.setdefault(name, value)
    return values


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def test_text_is_escaped_as_rfc_5545_says():
    assert escape_text("a, b; c\\d\r\ne") == "a\\, b\\; c\\\\d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "工場見学" * 40
    folded = fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert parts[0] + "".join(part[1:] for part in parts[1:]) == line


def test_the_ics_file_holds_the_event(cm):
    event = open_event(
        cm,
        title="工場見学ツアー, 秋; 特別回 " + "とても長い題名" * 10,
        description="**集合**は正門です。\n\n持ち物: 帽子, 水",
        venue="本社工場",
        address="東京都千代田区1-2-3",
        online_url="https://meet.example.com/secret",
    )
    ics = build_ics(event, now=datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC))
    values = unfolded(ics)

    assert ics.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert values["BEGIN"] == "VCALENDAR" and ics.endswith("END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert values["UID"].startswith(f"event-{event.pk}@")
    assert values["DTSTAMP"] == "20260304T050607Z"
    assert values["DTSTART"] == event.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert values["DTEND"] == event.ends_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert unescape(values["SUMMARY"]) == event.title
    description = unescape(values["DESCRIPTION"])
    assert "集合は正門です。" in description and "**" not in description
    assert f"/events/{event.pk}/" in description.splitlines()[-1]
    assert unescape(values["LOCATION"]) == "本社工場, 東京都千代田区1-2-3"
    assert values["STATUS"] == "CONFIRMED"
    assert "secret" not in ics  # the online link is for confirmed participants only


def test_a_called_off_event_says_cancelled(cm):
    event = cancel_event(actor=cm, event=open_event(cm))
    assert unfolded(build_ics(event))["STATUS"] == "CANCELLED"


def test_the_google_link_carries_the_times_in_utc(cm):
    event = open_event(cm, venue="本社")
    query = parse_qs(urlsplit(google_calendar_url(event)).query)
    start = event.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    end = event.ends_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert query["action"] == ["TEMPLATE"] and query["text"] == [event.title]
    assert query["dates"] == [f"{start}/{end}"] and query["location"] == ["本社"]


def test_the_calendar_links_partial_links_all_three(cm):
    event = open_event(cm)
    html = render_to_string("events/_calendar_links.html", {"event": event})
    assert reverse("events:ics", args=[event.pk]) in html
    assert "https://calendar.google.com/calendar/render?" in html
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in html


def test_readers_download_the_file(client, cm, alice, inner_circle):
    event = open_event(cm, space=inner_circle)
    client.force_login(alice)

    response = client.get(reverse("events:ics", args=[event.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="event-{event.pk}.ics"' in response["Content-Disposition"]
    assert unfolded(response.content.decode())["SUMMARY"] == escape_text(event.title)


def test_outsiders_get_the_404_of_a_missing_event(client, cm, alice, charlie, inner_circle):
    event = open_event(cm, space=inner_circle)
    draft = create_event(actor=cm, **event_fields())
    missing = client.get(reverse("events:ics", args=[event.pk + 1000]))

    client.force_login(charlie)
    hidden = client.get(reverse("events:ics", args=[event.pk]))
    client.force_login(alice)
    unpublished = client.get(reverse("events:ics", args=[draft.pk]))
    client.logout()
    anonymous = client.get(reverse("events:ics", args=[event.pk]))

    assert missing.status_code == 404
    for response in (hidden, unpublished, anonymous):
        assert response.status_code == 404
        assert event.title not in response.content.decode()
