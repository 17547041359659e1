"""Who is in a segment: the interface later features (newsletters, events, campaigns,
ambassadors) use to target members, and the reads of the console and the API.

Who can be in a segment at all: the community's members as every figure counts them
(``hiroba.accounts.models.members_q``): not staff, not official editorial accounts, not banned
or closed accounts. So a segment without conditions counts the members the KPIs and the levels
count, and "warming up" or "light members" picks the members the to-do and the levels name.
Suspended members are included (they still read); a feature that must leave them out (a
campaign entry, say) filters them itself.

Every read checks the conditions again (``parse_rules``), so a segment reads what its
conditions mean now: "the latest NPS round" is found anew, a survey that became unusable is
refused with a ValidationError rather than picking the wrong people.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import caches
from django.db.models import QuerySet
from django.utils import timezone

from hiroba.accounts.models import Member, members_q
from hiroba.accounts.regions import Region
from hiroba.activity import health
from hiroba.activity.health.maths import score_at
from hiroba.activity.models import Level
from hiroba.core.pagination import Page, keyset_page
from hiroba.segments.models import Segment
from hiroba.segments.rules import parse_rules, rules_q
from hiroba.segments.rules.base import Rule

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
COUNT_SECONDS = 60

ELIGIBLE = members_q()


def eligible_members() -> QuerySet[Member]:
    return Member.objects.filter(ELIGIBLE)


def members_matching(rules: list[Rule], *, now=None) -> QuerySet[Member]:
    """Members meeting every one of the parsed conditions (no conditions: every member)."""
    return eligible_members().filter(rules_q(rules, now=now or timezone.now()))


def members_of(segment: Segment, *, now=None) -> QuerySet[Member]:
    """The segment's members now, as a queryset to filter further, count or walk.

    Raises ValidationError when a condition cannot be read any more (see the module doc).
    """
    return members_matching(parse_rules(segment.rules), now=now)


def count_members(segment: Segment, *, now=None) -> int:
    return members_of(segment, now=now).count()


def count_matching(rules: list[dict], *, now=None) -> int:
    """The live count of conditions not saved yet (the builder, the API's preview)."""
    return members_matching(parse_rules(rules), now=now).count()


def iter_member_ids(segment: Segment, *, batch: int = 1000, now=None) -> Iterator[list[int]]:
    """The members' ids in ascending order, a list of at most ``batch`` at a time.

    Walked by key (id > last), one short query per batch, so that a job sending to 800,000
    members holds no long read transaction and can stop and resume between batches. The
    conditions are checked once, here (a refusal is raised before the first batch): ``now``
    is fixed for the whole walk.
    """
    members = members_of(segment, now=now or timezone.now()).order_by("pk")
    return _walk_ids(members, batch)


def _walk_ids(members: QuerySet, batch: int) -> Iterator[list[int]]:
    last = 0
    while True:
        ids = list(members.filter(pk__gt=last).values_list("pk", flat=True)[:batch])
        if not ids:
            return
        yield ids
        if len(ids) < batch:
            return
        last = ids[-1]


def cached_count(segment: Segment) -> int:
    return counted_at(segment)[0]


def counted_at(segment: Segment) -> tuple[int, datetime]:
    """The count and when it was counted, kept for a minute in this process's memory (the
    console's list of segments says "as of" that time).

    The key holds the segment's last change, so an edit is counted afresh at once; members
    joining or leaving show within COUNT_SECONDS. Memory, not the shared cache: on the embedded
    default that cache is a table, and a read of a list should not write.
    """
    key = f"segment-count:{segment.pk}:{segment.updated_at.timestamp()}"
    store = caches["fragments"]
    found = store.get(key)
    if found is None:
        found = (count_members(segment), timezone.now())
        store.set(key, found, COUNT_SECONDS)
    return found


def list_segments() -> list[Segment]:
    """Every segment, last changed first (a community has dozens, not thousands)."""
    return list(Segment.objects.select_related("created_by").order_by("-updated_at", "-id"))


def segment_names(segment_ids) -> dict[int, str]:
    """{id: name} of the segments among ``segment_ids`` that exist (no query for none)."""
    wanted = {pk for pk in segment_ids if pk is not None}
    if not wanted:
        return {}
    return dict(Segment.objects.filter(pk__in=wanted).values_list("pk", "name"))


def get_segment(segment_id) -> Segment | None:
    return Segment.objects.select_related("created_by").filter(pk=segment_id).first()


@dataclass
class MemberRow:
    """What the member list, the API and the export show of a member in a segment."""

    id: int
    handle: str
    display_name: str
    region: str
    date_joined: object
    last_active_at: object = None
    level: str = ""

    @property
    def region_name(self) -> str:
        return str(Region(self.region).label) if self.region in Region.values else ""

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label) if self.level in Level.values else ""


# The health row comes in the same query (a LEFT JOIN on its primary key): the level is worked
# out from the stored long-term sum at the moment of reading, as level_q decides it.
MEMBER_FIELDS = (
    "pk",
    "handle",
    "display_name",
    "region",
    "date_joined",
    "health__long_ln",
    "health__last_active_at",
)


def _rows(values: list[dict], now) -> list[MemberRow]:
    config = health.current()
    return [
        MemberRow(
            id=v["pk"],
            handle=v["handle"],
            display_name=v["display_name"],
            region=v["region"],
            date_joined=v["date_joined"],
            last_active_at=v["health__last_active_at"],
            level=health.level_of(score_at(v["health__long_ln"], now, config.long_tau), config),
        )
        for v in values
    ]


def member_page(
    segment: Segment, *, cursor: str | None = None, size: int | None = None, now=None
) -> Page:
    """One page of the segment's members, newest member first, keyset on id."""
    size = max(1, min(size or PAGE_SIZE, MAX_PAGE_SIZE))
    now = now or timezone.now()
    members = members_of(segment, now=now).values(*MEMBER_FIELDS)
    page = keyset_page(members, order=("-pk",), kinds=(int,), cursor=cursor, size=size)
    return Page(_rows(page.items, now), page.next_cursor)


def iter_member_rows(segment: Segment, *, batch: int = 1000, now=None) -> Iterator[MemberRow]:
    """Every member of the segment as a row, oldest member first (the CSV export).

    The conditions are checked here, before the first row: a refusal is a ValidationError the
    caller can answer, not an error in the middle of a streamed file.
    """
    now = now or timezone.now()
    members = members_of(segment, now=now).order_by("pk")
    return _walk_rows(members, batch, now)


def _walk_rows(members: QuerySet, batch: int, now) -> Iterator[MemberRow]:
    last = 0
    while True:
        rows = _rows(list(members.filter(pk__gt=last).values(*MEMBER_FIELDS)[:batch]), now)
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1].id
