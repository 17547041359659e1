"""A segment's members as CSV, for a manager to take into a spreadsheet or a mailing tool.

What leaves, and why only this: the member's id (to join with the company's own data), handle
and display name (who they are in the community), region, the day they joined, the day they
were last active and their activity level (why they are in the segment). Not the e-mail address,
birth year or anything they wrote: newsletters and invitations are sent by Hiroba itself to a
segment, so addresses need not leave the audit's reach, and the rest is not needed to act on a
list. Each export is audited (SEGMENT_EXPORT) with its conditions and these columns.

UTF-8 with a byte order mark and cells made safe for spreadsheets, as the survey export
(hiroba.surveys.export): Excel in Japan reads Japanese correctly, and a display name that starts
with = + - @ is shown as text, never run as a formula.
"""

from collections.abc import Iterable, Iterator

from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from hiroba.accounts.regions import Region
from hiroba.segments.selectors import MemberRow
from hiroba.surveys.export import BOM, line_writer, safe_cell

EXPORT_FIELDS = ("id", "handle", "display_name", "region", "joined_on", "last_active_on", "level")
BATCH = 200


def _header() -> list[str]:
    return [
        _("Member id"),
        _("Handle"),
        _("Display name"),
        _("Region"),
        _("Joined on"),
        _("Last active on"),
        _("Activity level"),
    ]


def _day(moment, zone) -> str:
    return localtime(moment, zone).strftime("%Y-%m-%d") if moment else ""


def _row(member: MemberRow, zone, regions: dict) -> list:
    return [
        member.id,
        member.handle,
        member.display_name,
        regions.get(member.region, ""),
        _day(member.date_joined, zone),
        _day(member.last_active_at, zone),
        member.level_label,
    ]


def stream_csv(rows: Iterable[MemberRow], *, zone=None) -> Iterator[str]:
    """The CSV text in pieces. The header and region names are made now, in the current
    language: the body is produced after the view has returned."""
    header = _header()
    regions = {code: str(label) for code, label in Region.choices}
    return _lines(header, rows, zone, regions)


def _lines(header, rows, zone, regions) -> Iterator[str]:
    writer = line_writer()
    lines = [BOM, writer.writerow(header)]
    for member in rows:
        lines.append(writer.writerow([safe_cell(v) for v in _row(member, zone, regions)]))
        if len(lines) >= BATCH:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)
