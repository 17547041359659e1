"""An event's applications as staff read them: filtered pages for the console and the CSV file.

Filters: the application's state, checked in or not, and a search in the member's handle or
display name. Pages go by application id (the order members applied in), by key. The CSV is
streamed a batch of rows at a time, UTF-8 with a byte order mark and cells made safe for
spreadsheets (``hiroba.surveys.export``), times in ISO 8601 in the community's time zone.

What leaves in the file, and why only this: the member's id, handle and display name (who they
are), the application's state, companions, ticket code, waitlist position and draw rank (what
staff act on at the door and after the draw), and when they applied and checked in. Not the
e-mail address: messages to participants are sent by Hiroba (``staff.message_participants``).
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from hiroba.core.pagination import Page, keyset_page
from hiroba.events.models import Application, ApplicationState, Event
from hiroba.events.questions import answer_labels, event_questions
from hiroba.surveys.export import BOM, line_writer, safe_cell

PAGE_SIZE = 50
EXPORT_BATCH = 500
CHECKED_IN = {"yes": True, "no": False}
EXPORT_FIELDS = (
    "application",
    "member_id",
    "handle",
    "display_name",
    "state",
    "companions",
    "ticket_code",
    "waitlist_position",
    "draw_rank",
    "applied_at",
    "checked_in_at",
)


@dataclass(frozen=True)
class Filters:
    state: str = ""
    checked_in: str = ""  # "yes", "no" or "" (either)
    q: str = ""

    @classmethod
    def from_query(cls, params) -> "Filters":
        """Read from a query string; values it does not know read as "no filter"."""
        state = params.get("state", "")
        checked = params.get("checked_in", "")
        return cls(
            state=state if state in ApplicationState.values else "",
            checked_in=checked if checked in CHECKED_IN else "",
            q=(params.get("q", "") or "").strip().lstrip("@")[:50],
        )

    def as_dict(self) -> dict:
        return {"state": self.state, "checked_in": self.checked_in, "q": self.q}


def participants(event: Event, filters: Filters) -> QuerySet[Application]:
    """The event's applications matching ``filters``, with their members."""
    rows = Application.objects.filter(event=event).select_related("member")
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.checked_in:
        rows = rows.filter(checked_in_at__isnull=not CHECKED_IN[filters.checked_in])
    if filters.q:
        # Within one event's applications (thousands at most), a substring match is cheap.
        rows = rows.filter(
            Q(member__handle__icontains=filters.q) | Q(member__display_name__icontains=filters.q)
        )
    return rows


def participant_page(event: Event, filters: Filters, *, cursor: str | None = None) -> Page:
    return keyset_page(
        participants(event, filters), order=("id",), kinds=(int,), cursor=cursor, size=PAGE_SIZE
    )


def _header() -> list[str]:
    return [
        _("Application"),
        _("Member id"),
        _("Handle"),
        _("Display name"),
        _("State"),
        _("Companions"),
        _("Ticket code"),
        _("Waitlist position"),
        _("Draw rank"),
        _("Applied at"),
        _("Checked in at"),
    ]


def _when(moment, zone) -> str:
    return localtime(moment, zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def stream_csv(event: Event, filters: Filters, *, zone=None) -> Iterator[str]:
    """The CSV text in pieces, a column per question of the application form after the fixed
    ones. The header and the states' names are made now, in the current
    language: the body is produced after the view has returned."""
    asked = event_questions(event)
    header = _header() + [question.text for question in asked]
    states = {value: str(label) for value, label in ApplicationState.choices}
    return _lines(participants(event, filters).order_by("id"), header, states, zone, asked)


def _lines(rows, header, states, zone, asked) -> Iterator[str]:
    writer = line_writer()
    lines = [BOM, writer.writerow(header)]
    for row in rows.iterator(chunk_size=EXPORT_BATCH):
        cells = [
            row.pk,
            row.member_id,
            row.member.handle,
            row.member.display_name,
            states.get(row.state, row.state),
            row.companions,
            row.ticket_code,
            row.waitlist_position if row.waitlist_position is not None else "",
            row.draw_rank if row.draw_rank is not None else "",
            _when(row.created_at, zone),
            _when(row.checked_in_at, zone),
            # The answers to the application form's questions, as people read them.
            *(answer_labels(question, row.answers.get(str(question.pk))) for question in asked),
        ]
        lines.append(writer.writerow([safe_cell(cell) for cell in cells]))
        if len(lines) >= EXPORT_BATCH:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)
