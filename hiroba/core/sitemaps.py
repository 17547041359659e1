"""One sitemap index for the public content of an open community, for search engines.

The apps that own public pages register a section each from their AppConfig.ready() (posts and
articles, questions, ideas, spaces, tags). Keyed, not counted: a section's rows are cut into
ranges of ids, each file lists the public rows whose id falls in its range, so the index costs
one query per section (its highest id) and each file one range scan, however many rows there
are. Django's sitemap framework pages with COUNT and OFFSET, which read every earlier row at
mineo scale. A file may hold fewer addresses than ids (gaps, private rows) but never more than
IDS_PER_FILE, well under the protocol's 50,000.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

IDS_PER_FILE = 10_000
MAX_PART = (2**63 - 1) // IDS_PER_FILE  # beyond it a file's first id overflows the column


@dataclass(frozen=True)
class Section:
    name: str
    highest: Callable[[], int | None]  # the highest id that may be listed: one query
    rows: Callable[[int, int], QuerySet]  # the public rows with start <= id < stop, by id
    entry: Callable[[object], tuple[str, datetime | None]]  # a row's path and last change


_SECTIONS: dict[str, Section] = {}


def register_section(
    name: str,
    *,
    highest: Callable[[], int | None],
    rows: Callable[[int, int], QuerySet],
    entry: Callable[[object], tuple[str, datetime | None]],
) -> None:
    _SECTIONS[name] = Section(name=name, highest=highest, rows=rows, entry=entry)


def section_entries(name: str, part: int) -> Iterable[tuple[str, datetime | None]]:
    """The (path, last change) of each public row in file ``part`` of the section."""
    section = _SECTIONS[name]
    start = part * IDS_PER_FILE
    return (section.entry(row) for row in section.rows(start, start + IDS_PER_FILE))


def _require_open(request) -> None:
    if not request.community.is_open:
        raise Http404("No sitemap")


@require_GET
def sitemap_index(request):
    _require_open(request)
    files = [
        request.build_absolute_uri(reverse("sitemap_part", args=[section.name, part]))
        for section in _SECTIONS.values()
        for part in range((section.highest() or 0) // IDS_PER_FILE + 1)
    ]
    return render(
        request, "core/sitemap_index.xml", {"files": files}, content_type="application/xml"
    )


@require_GET
def sitemap_part(request, section: str, part: int):
    _require_open(request)
    if section not in _SECTIONS or part > MAX_PART:
        raise Http404("No such sitemap file")
    urls = [
        {"loc": request.build_absolute_uri(path), "lastmod": lastmod}
        for path, lastmod in section_entries(section, part)
    ]
    return render(request, "core/sitemap.xml", {"urls": urls}, content_type="application/xml")


def latest(*moments: datetime | None) -> datetime | None:
    """The latest of the moments given (None where there is none)."""
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None
