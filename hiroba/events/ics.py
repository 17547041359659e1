"""An event as an iCalendar file (RFC 5545) and as "add to calendar" links.

Written here rather than with a library: one VEVENT needs a dozen lines, and the two rules that
matter (TEXT escaping, section 3.3.11; folding lines at 75 octets without splitting a UTF-8
character, section 3.1) fit in two small functions the tests hold to. It spares the project a
dependency for that.

The file says what anyone who may read the event may see: never the online link, which only
confirmed participants get.
"""

from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.utils import timezone

from hiroba.core.plaintext import markdown_excerpt, markdown_to_text
from hiroba.events.models import Event, EventStatus, Format
from hiroba.events.notify import event_url

PRODID = "-//Hiroba//Events//EN"
LINE_OCTETS = 75
# "Add to calendar" links carry a shorter description (the page has the whole).
LINK_DESCRIPTION = 300


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, line breaks as ``\\n``."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded into lines of at most 75 octets (continuations start with a
    space), never splitting a character's UTF-8 bytes; joined with CRLF."""
    parts, current, size = [], "", 0
    for char in line:
        octets = len(char.encode())
        limit = LINE_OCTETS if not parts else LINE_OCTETS - 1  # the leading space counts
        if size + octets > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += octets
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def location(event: Event) -> str:
    place = ", ".join(part for part in (event.venue, event.address) if part)
    if not place and event.format in (Format.ONLINE, Format.LIVE):
        return str(Format(event.format).label)
    return place


def build_ics(event: Event, *, now: datetime | None = None) -> str:
    """The event as a one-event VCALENDAR, lines ending in CRLF."""
    now = now or timezone.now()
    page = absolute_url(event_url(event))
    description = markdown_to_text(event.description or "").strip()
    description = f"{description}\n\n{page}" if description else page
    host = urlsplit(settings.SITE_URL).hostname or "hiroba"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{host}",
        f"DTSTAMP:{_utc(now)}",
        f"LAST-MODIFIED:{_utc(event.updated_at)}",
        f"DTSTART:{_utc(event.starts_at)}",
        f"DTEND:{_utc(event.ends_at)}",
        f"SUMMARY:{escape_text(event.title)}",
        f"DESCRIPTION:{escape_text(description)}",
    ]
    place = location(event)
    if place:
        lines.append(f"LOCATION:{escape_text(place)}")
    lines.append(f"URL:{page}")
    cancelled = event.status == EventStatus.CANCELLED
    lines.append(f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)


def _link_details(event: Event) -> str:
    excerpt = markdown_excerpt(event.description or "", LINK_DESCRIPTION)
    page = absolute_url(event_url(event))
    return f"{excerpt}\n\n{page}" if excerpt else page


def google_calendar_url(event: Event) -> str:
    """Google Calendar's "create event" template, filled in."""
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_utc(event.starts_at)}/{_utc(event.ends_at)}",
        "details": _link_details(event),
        "location": location(event),
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_calendar_url(event: Event) -> str:
    """Outlook on the web's compose form, filled in (Outlook.com and Microsoft 365 accounts)."""
    iso = "%Y-%m-%dT%H:%M:%SZ"
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": event.starts_at.astimezone(UTC).strftime(iso),
        "enddt": event.ends_at.astimezone(UTC).strftime(iso),
        "body": _link_details(event),
        "location": location(event),
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)
