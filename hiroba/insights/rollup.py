"""Rolling the Activity log up into a day's DailyRollup and DaySet rows.

``rollup_day(day)`` reads that day's Activity rows only (the ``activity_time`` index), plus the
comments of the day to learn whose post or comment each one answered, and replaces the day's
rows in one transaction, so running it twice gives the same rows. ``rollup_days`` walks a range
(the rebuild) and reports progress. The definitions of the figures are in ``hiroba.insights.kpis``.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import CharField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from hiroba.accounts.models import Member, outsiders_q
from hiroba.activity.health import level_counts
from hiroba.activity.models import Activity, LevelSnapshot, Verb
from hiroba.events.models import Event, EventStatus
from hiroba.insights.bitsets import encode_members, encode_numbers, pair_key
from hiroba.insights.kpis import warm_cache
from hiroba.insights.models import COMMUNITY, DailyRollup, DaySet, SetKind
from hiroba.insights.periods import day_start
from hiroba.posts.models import Comment

# A session is cut where its member was away longer than this: a session cookie lives for
# weeks, and its visits on two evenings are two stays, not one of a day.
SESSION_GAP = timedelta(minutes=30)
VISIT_SECONDS = 5 * 60  # hiroba.activity.services.VISIT_INTERVAL: the last visit's own minutes
CHUNK = 2000  # ids per IN (...) query

MEMBER_SETS = (SetKind.ACTIVE, SetKind.VISITORS, SetKind.POSTERS, SetKind.ATTENDEES)
SPACE_SETS = (SetKind.ACTIVE, SetKind.POSTERS)


@dataclass
class _Tally:
    """One (day, space)'s numbers while the day's rows are read."""

    counts: dict = field(default_factory=lambda: defaultdict(int))
    active: set = field(default_factory=set)
    visitors: set = field(default_factory=set)
    posters: set = field(default_factory=set)
    attendees: set = field(default_factory=set)


def non_members() -> dict[int, datetime]:
    """The accounts the KPIs do not count as members (``outsiders_q``: staff, official editorial
    accounts, banned and closed accounts), with the time each joined. Read once per run (a scan
    of the accounts: no index serves these flags); they are few, so the member counts subtract
    them in Python rather than naming them in SQL."""
    return dict(Member.objects.filter(outsiders_q()).values_list("pk", "date_joined"))


def _members(since, until, outsiders: dict[int, datetime]) -> dict:
    """Counted on the date_joined index over all accounts, less the outsiders who had joined
    by then: the members as the levels, the segments and the to-do count them."""
    joined = Member.objects.filter(date_joined__lt=until)
    before = sum(1 for at in outsiders.values() if at < until)
    during = sum(1 for at in outsiders.values() if since <= at < until)
    return {
        "members_total": joined.count() - before,
        "new_members": joined.filter(date_joined__gte=since).count() - during,
    }


def events_held(since: datetime, until: datetime, *, now: datetime | None = None) -> int:
    """Events whose end fell in [since, until) and has passed: published ones, whatever they
    became since (closed, drawn, held, archived), not drafts or called-off ones. The one
    definition of "events held": the rollup stores it per day, the KPIs sum the days."""
    until = min(until, now or timezone.now())
    return (
        Event.objects.filter(ends_at__gte=since, ends_at__lt=until)
        .exclude(status__in=(EventStatus.DRAFT, EventStatus.CANCELLED))
        .count()
    )


def _stays(visits: dict) -> tuple[int, int]:
    """(sessions, seconds) from {(member, session key): [visit times]} of one day."""
    sessions = seconds = 0
    for times in visits.values():
        times.sort()
        first = last = times[0]
        for moment in times[1:]:
            if moment - last > SESSION_GAP:
                sessions += 1
                seconds += int((last - first).total_seconds()) + VISIT_SECONDS
                first = moment
            last = moment
        sessions += 1
        seconds += int((last - first).total_seconds()) + VISIT_SECONDS
    return sessions, seconds


def _comment_owners(comment_ids: list[int]) -> dict[int, tuple[int | None, int | None]]:
    """{comment id: (its post's author, the author of the comment it replies to)}.

    A day's comments have neighbouring ids (ids grow with time), so they are read as one id
    range when it is dense enough; otherwise by lists of ids.
    """
    if not comment_ids:
        return {}
    fields = ("pk", "post__author_id", "parent__author_id")
    low, high = min(comment_ids), max(comment_ids)
    if high - low < 2 * len(comment_ids) + CHUNK:
        rows = Comment.objects.filter(pk__gte=low, pk__lte=high).values_list(*fields)
        return {pk: (post_author, parent_author) for pk, post_author, parent_author in rows}
    owners = {}
    for start in range(0, len(comment_ids), CHUNK):
        rows = Comment.objects.filter(pk__in=comment_ids[start : start + CHUNK]).values_list(
            *fields
        )
        owners.update({pk: (post_author, parent_author) for pk, post_author, parent_author in rows})
    return owners


def _levels(day: date, live: bool) -> dict | None:
    """Members per activity level (hiroba.activity.health): counted now for a day rolled up
    live; for a past day, the health job's snapshot taken just after it ended (00:05 the next
    day), or None to keep what the row had."""
    if live:
        return dict(level_counts(now=timezone.now()))
    snapshot = LevelSnapshot.objects.filter(day=day + timedelta(days=1)).first()
    if snapshot is None:
        return None
    return {level: getattr(snapshot, level) for level in ("core", "light", "low", "dormant")}


def _number(value) -> int | None:
    """A JSON number read with KT: an int on SQLite (json_extract), a text on PostgreSQL (->>)."""
    return int(value) if value not in (None, "") else None


def _true(value) -> bool:
    """A JSON boolean read with KT: 1 on SQLite, "true" on PostgreSQL."""
    return value in (True, 1, "true")


def rollup_day(
    day: date, *, levels: bool = False, outsiders: dict[int, datetime] | None = None
) -> DailyRollup:
    """Build (or rebuild) ``day``'s rows from its Activity rows; returns the community row.

    ``levels``: count the members per activity level now (the job does, for the day it rolls
    up live). Otherwise a past day takes the health job's snapshot of the next morning, or
    keeps what it had: levels are a state of "now" that the Activity rows of a day do not give.
    ``outsiders``: non_members(), when the caller rolls up many days. A member banned since is
    left out of a rebuilt past day, as of every figure: members are who they are when counted.

    Two reads of the day's rows: the visits (verb and time index) with their time and session,
    and the rest without their time, each picking only the keys of ``data`` it needs in SQL:
    converting 60,000 datetimes and JSON documents in Python was half the time of a day.
    """
    since, until = day_start(day), day_start(day + timedelta(days=1))
    outsiders = non_members() if outsiders is None else outsiders
    tallies: dict[int, _Tally] = defaultdict(_Tally)
    visits: dict[tuple, list] = defaultdict(list)
    pairs: set[int] = set()
    seconds: list[int] = []
    articles: set[int] = set()
    comments: list[tuple[int, int]] = []  # (comment id, its author)
    community = tallies[COMMUNITY]

    def is_member(pk) -> bool:
        return pk is not None and pk not in outsiders

    of_day = Activity.objects.filter(created_at__gte=since, created_at__lt=until).order_by()
    # The time as text, parsed by fromisoformat (in C) rather than by the backend's converter:
    # naive UTC on SQLite, aware on PostgreSQL; a session only needs differences of one kind.
    visit_rows = of_day.filter(verb=Verb.VISIT).values_list(
        "actor_id", KT("data__session"), Cast("created_at", CharField())
    )
    for actor, session, created in visit_rows.iterator(chunk_size=5000):
        if is_member(actor):
            community.active.add(actor)
            community.visitors.add(actor)
            visits[(actor, session or "")].append(datetime.fromisoformat(created))

    rows = of_day.exclude(verb=Verb.VISIT).values_list(
        "actor_id",
        "verb",
        "subject_id",
        "space_id",
        KT("data__as"),
        KT("data__owner"),
        KT("data__by_staff"),
        KT("data__seconds"),
        KT("data__first"),
    )
    for actor, verb, subject, space, as_, owner, by_staff, spent, first in rows.iterator(
        chunk_size=5000
    ):
        places = (community, tallies[space]) if space else (community,)
        member = is_member(actor)
        author = _number(as_) or actor
        if member:
            for tally in places:
                tally.active.add(actor)
        if verb == Verb.ARTICLE_PUBLISH:
            if subject in articles:  # unpublished and published again the same day
                continue
            articles.add(subject)
        if verb in (Verb.POST, Verb.ARTICLE_PUBLISH):
            for tally in places:
                tally.counts["posts"] += 1
                if is_member(author):
                    tally.posters.add(author)
        elif verb == Verb.COMMENT:
            for tally in places:
                tally.counts["comments"] += 1
            comments.append((subject, author))
        elif verb == Verb.REACTION:
            for tally in places:
                tally.counts["reactions"] += 1
            owner = _number(owner)
            if member and is_member(owner) and owner != actor:
                pairs.add(pair_key(actor, owner))
        elif verb == Verb.QUESTION_ASK:
            for tally in places:
                tally.counts["questions_asked"] += 1
        elif verb == Verb.QUESTION_ANSWERED:
            by = "answered_by_staff" if _true(by_staff) else "answered_by_member"
            spent = _number(spent) or 0
            for tally in places:
                tally.counts[by] += 1
                tally.counts["answer_seconds"] += spent
            seconds.append(spent)
        elif verb == Verb.EVENT_CHECK_IN:
            # Event participants: members checked in at an event (the check-in's Activity).
            if member:
                community.attendees.add(actor)
        elif verb == Verb.QUESTION_SOLVED and _true(first):
            by = "solved_by_staff" if _true(by_staff) else "solved_by_member"
            for tally in places:
                tally.counts[by] += 1

    owners = _comment_owners([pk for pk, _author in comments])
    for pk, author in comments:
        if not is_member(author):
            continue
        for owner in owners.get(pk, ()):
            if is_member(owner) and owner != author:
                pairs.add(pair_key(author, owner))

    community.counts.update(_members(since, until, outsiders))
    community.counts["events_held"] = events_held(since, until)
    community.counts["connections"] = len(pairs)
    community.counts["sessions"], community.counts["stay_seconds"] = _stays(visits)
    return _save(day, tallies, pairs, seconds, _levels(day, levels))


# A lock per day on PostgreSQL: two rollups of one day at once (the hourly job and a rebuild)
# would each delete the other's rows unseen and then insert twice. SQLite's IMMEDIATE
# transactions already run writers one after the other.
ROLLUP_LOCK = 0x48524F4C  # "HROL": the first key of pg_advisory_xact_lock(key, day)


@transaction.atomic
def _save(day, tallies, pairs, seconds, levels) -> DailyRollup:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [ROLLUP_LOCK, day.toordinal()])
    kept = DailyRollup.objects.filter(day=day, space_id=COMMUNITY).values_list("levels", flat=True)
    if levels is None:
        levels = next(iter(kept), None) or {}
    DailyRollup.objects.filter(day=day).delete()
    DaySet.objects.filter(day=day).delete()
    now = timezone.now()
    rollups, sets = [], []
    for space, tally in sorted(tallies.items()):
        rollups.append(
            DailyRollup(
                day=day,
                space_id=space,
                active=len(tally.active),
                visitors=len(tally.visitors),
                posters=len(tally.posters),
                event_participants=len(tally.attendees),
                levels=levels if space == COMMUNITY else {},
                computed_at=now,
                **tally.counts,
            )
        )
        for kind in MEMBER_SETS if space == COMMUNITY else SPACE_SETS:
            ids = getattr(tally, kind)
            sets.append(
                DaySet(day=day, space_id=space, kind=kind, size=len(ids), data=encode_members(ids))
            )
    sets.append(
        DaySet(day=day, kind=SetKind.PAIRS, size=len(pairs), data=encode_numbers(pairs)),
    )
    sets.append(
        DaySet(
            day=day, kind=SetKind.ANSWER_SECONDS, size=len(seconds), data=encode_numbers(seconds)
        )
    )
    DailyRollup.objects.bulk_create(rollups)
    DaySet.objects.bulk_create(sets)
    return rollups[0]


def first_activity_day() -> date | None:
    first = Activity.objects.order_by("created_at").values_list("created_at", flat=True).first()
    return timezone.localdate(first) if first else None


def rollup_days(
    start: date, end: date, *, progress: Callable[[date, int, int, DailyRollup], None] | None = None
) -> int:
    """Roll up every day from ``start`` to ``end`` (included), oldest first; returns the count."""
    total = (end - start).days + 1
    outsiders = non_members()
    for i in range(total):
        day = start + timedelta(days=i)
        row = rollup_day(day, outsiders=outsiders)
        if progress is not None:
            progress(day, i + 1, total, row)
    return total


def rollup_recent(*, now=None) -> list[date]:
    """The periodic job's work: today so far, and the two days before it if their rollup was
    computed before they ended (after midnight, yesterday gets its final rollup; a missed run
    is caught up on the next one), then fills the KPI cache for the usual periods. Returns the
    days rolled up, oldest first."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    days = []
    for back in (2, 1):
        day = today - timedelta(days=back)
        computed = (
            DailyRollup.objects.filter(day=day, space_id=COMMUNITY)
            .values_list("computed_at", flat=True)
            .first()
        )
        if computed is None or computed < day_start(day + timedelta(days=1)):
            days.append(day)
    days.append(today)
    for day in days:
        rollup_day(day, levels=day == today)
    warm_cache(today=today)
    return days
