"""Reads for the idea pages, the API and (later) the console: the board's keyset lists, an idea
with its history, the review queue, and the realization figures."""

import hashlib
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from hiroba.community.permissions import hidden_space_ids
from hiroba.core.pagination import Page, keyset_page
from hiroba.ideas.models import Follow, Idea, Status, StatusChange, Vote
from hiroba.ideas.permissions import readable_ideas
from hiroba.posts import selectors as post_selectors
from hiroba.posts.models import Status as PostStatus

PAGE_SIZE = 20

# Each sort walks its own index: (field, type of the field for the cursor).
SORTS = {
    "votes": ("vote_count", int),
    "new": ("submitted_at", datetime),
    "changed": ("status_changed_at", datetime),
}


def list_ideas(
    actor,
    *,
    status: str | None = None,
    space=None,
    sort: str = "votes",
    cursor: str | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    """A page of readable ideas, in ``sort`` order (most votes, newest, recently changed).

    Items are Idea rows with their post, author and space. Each combination of status, space
    and sort walks one of Idea's indexes (idea_<space_><status_><sort>) and stops after a page.
    """
    field_name, kind = SORTS.get(sort, SORTS["votes"])
    ideas = readable_ideas(actor)
    if status:
        ideas = ideas.filter(status=status)
    if space is not None:
        ideas = ideas.filter(space=space)
    return keyset_page(
        _with_post(ideas),
        order=(f"-{field_name}", "-post_id"),
        kinds=(kind, int),
        cursor=cursor,
        size=size,
    )


def _with_post(ideas: QuerySet) -> QuerySet:
    return ideas.select_related("post", "post__author", "post__space")


def voted_idea_ids(actor, ideas) -> set[int]:
    """Which of ``ideas`` the actor voted for, in one query (none for visitors)."""
    ids = [idea.pk for idea in ideas]
    if not ids or not actor.is_authenticated:
        return set()
    return set(Vote.objects.filter(member=actor, idea_id__in=ids).values_list("idea_id", flat=True))


@dataclass
class IdeaPage:
    """What the idea page shows besides the post: the history, the reader's vote and follow,
    the ideas merged into this one, and the comments (posts' get_thread)."""

    idea: Idea
    history: list[StatusChange]
    voted: bool
    following: bool
    merged: list[Idea]
    thread: post_selectors.Thread | None
    merged_more: int = 0  # merged ideas beyond the MERGED_SHOWN listed


MERGED_SHOWN = 50


def get_idea_page(actor, idea: Idea, *, with_thread: bool = True) -> IdeaPage:
    history = list(
        StatusChange.objects.filter(idea=idea)
        .select_related("actor", "duplicate_of__post")
        .order_by("created_at", "id")
    )
    voted = following = False
    if actor.is_authenticated:
        voted = Vote.objects.filter(idea=idea, member=actor).exists()
        following = Follow.objects.filter(idea=idea, member=actor).exists()
    duplicates = readable_ideas(actor, Idea.objects.filter(duplicate_of=idea))
    merged = list(duplicates.select_related("post").order_by("post_id")[: MERGED_SHOWN + 1])
    merged_more = 0
    if len(merged) > MERGED_SHOWN:
        merged = merged[:MERGED_SHOWN]
        merged_more = duplicates.count() - MERGED_SHOWN
    thread = post_selectors.get_thread(actor, idea.post) if with_thread else None
    return IdeaPage(idea, history, voted, following, merged, thread, merged_more)


def latest_notes(ideas) -> dict[int, StatusChange]:
    """The change that gave each of ``ideas`` its current status (the showcase's "how it was
    realized"), in one query."""
    wanted = {idea.pk: idea.status for idea in ideas}
    if not wanted:
        return {}
    notes: dict[int, StatusChange] = {}
    changes = StatusChange.objects.filter(idea_id__in=list(wanted)).order_by("created_at", "id")
    for change in changes:
        if change.new_status == wanted[change.idea_id]:
            notes[change.idea_id] = change
    return notes


def list_history(idea: Idea) -> list[StatusChange]:
    return list(
        StatusChange.objects.filter(idea=idea).select_related("actor").order_by("created_at", "id")
    )


# --- the review queue --------------------------------------------------------------------------

QUEUE_ORDERS = ("oldest", "votes")


def review_queue(
    actor, *, order: str = "oldest", cursor: str | None = None, size: int = PAGE_SIZE
) -> Page:
    """Ideas nobody has reviewed yet (status new): oldest first, or most voted first.

    Oldest first walks idea_status_new backwards; most voted walks idea_status_votes.
    """
    ideas = _with_post(readable_ideas(actor).filter(status=Status.NEW))
    if order == "votes":
        order_by, kinds = ("-vote_count", "-post_id"), (int, int)
    else:
        order_by, kinds = ("submitted_at", "post_id"), (datetime, int)
    return keyset_page(ideas, order=order_by, kinds=kinds, cursor=cursor, size=size)


def due_for_revisit(
    actor, *, now: datetime, cursor: str | None = None, size: int = PAGE_SIZE
) -> Page:
    """Parked ideas whose revisit date has come, the longest overdue first, by key
    (revisit_at, post_id) on idea_parked: every due idea is reachable, none is cut off."""
    ideas = readable_ideas(actor).filter(revisit_at__isnull=False, revisit_at__lte=now)
    return keyset_page(
        _with_post(ideas),
        order=("revisit_at", "post_id"),
        kinds=(datetime, int),
        cursor=cursor,
        size=size,
    )


def count_due(actor, *, now: datetime) -> int:
    return readable_ideas(actor).filter(revisit_at__isnull=False, revisit_at__lte=now).count()


def count_parked(actor) -> int:
    return readable_ideas(actor).filter(revisit_at__isnull=False).count()


# --- realization figures -----------------------------------------------------------------------


@dataclass
class IdeaStats:
    """The realization figures of the ideas submitted in [since, until) (no bound: all time).

    Definitions (the stats page prints them):
    - submitted: ideas submitted in the period, visible (not deleted, hidden or held), not merged
      into another idea as duplicates (their votes count on the original);
    - reviewed: of those, the ones whose status left "new" at least once;
    - planned: the ones that were planned or realized at some point;
    - realized: the ones whose status is "realized" now;
    - realization rate: realized / submitted;
    - first staff response: the earlier of the first status change and the first comment by
      staff (not by the idea's own author); the median is over the ideas that had one, in
      seconds from submission.
    """

    since: datetime | None
    until: datetime | None
    submitted: int = 0
    reviewed: int = 0
    planned: int = 0
    realized: int = 0
    responded: int = 0
    median_response_seconds: float | None = None
    response_seconds: list[float] = field(default_factory=list, repr=False)

    @property
    def realization_rate(self) -> float | None:
        return self.realized / self.submitted if self.submitted else None

    @property
    def funnel(self) -> list[tuple[str, int]]:
        return [
            ("submitted", self.submitted),
            ("reviewed", self.reviewed),
            ("planned", self.planned),
            ("realized", self.realized),
        ]


def _cohort(
    since: datetime | None,
    until: datetime | None,
    space_id: int | None,
    exclude_space_ids=(),
) -> QuerySet:
    ideas = Idea.objects.filter(
        post__status=PostStatus.PUBLISHED, post__deleted_at__isnull=True
    ).exclude(status=Status.DUPLICATE)
    if since is not None:
        ideas = ideas.filter(submitted_at__gte=since)
    if until is not None:
        ideas = ideas.filter(submitted_at__lt=until)
    if space_id is not None:
        ideas = ideas.filter(space_id=space_id)
    if exclude_space_ids:
        ideas = ideas.exclude(space_id__in=list(exclude_space_ids))
    return ideas


def idea_stats(
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    space_id: int | None = None,
    exclude_space_ids=(),
) -> IdeaStats:
    """The realization rate, the funnel and the median time to a first staff response, for the
    ideas submitted in [since, until), in one space or all (but ``exclude_space_ids``)."""
    return _stats_by(since, until, space_id, exclude_space_ids, by_space=False).get(
        None, IdeaStats(since, until)
    )


SUMMARY_SECONDS = 300


def board_summary(actor, *, days: int, space_id: int | None = None) -> IdeaStats:
    """The board's figures for the last ``days``: idea_stats over the spaces ``actor`` may
    read, cached for a few minutes per set of readable spaces (counting a year of ideas on
    every board view would read them all each time)."""
    hidden, digest = _visibility(actor)
    key = f"ideas:summary:{days}:{space_id}:{digest}"
    stats = cache.get(key)
    if stats is None:
        stats = idea_stats(
            since=timezone.now() - timedelta(days=days),
            space_id=space_id,
            exclude_space_ids=hidden,
        )
        stats.response_seconds = []  # the median is kept; the list stays out of the cache
        cache.set(key, stats, SUMMARY_SECONDS)
    return stats


def _visibility(actor) -> tuple[list[int], str]:
    """The spaces hidden from ``actor`` and a digest of them: one cache entry per set."""
    hidden = sorted(hidden_space_ids(actor))
    return hidden, hashlib.sha1(",".join(map(str, hidden)).encode()).hexdigest()


def stats_page(actor, *, days: int | None) -> tuple[IdeaStats, dict[int, IdeaStats]]:
    """The stats page's figures for the last ``days`` (None: all time), overall and by space, over
    the spaces ``actor`` may read; cached like board_summary (per set of readable spaces and
    period, SUMMARY_SECONDS), since each view would otherwise read the whole cohort."""
    hidden, digest = _visibility(actor)
    key = f"ideas:stats:{days if days else 'all'}:all-spaces:{digest}"
    cached = cache.get(key)
    if cached is None:
        since = timezone.now() - timedelta(days=days) if days else None
        overall = idea_stats(since=since, exclude_space_ids=hidden)
        by_space = idea_stats_by_space(since=since, exclude_space_ids=hidden)
        for item in (overall, *by_space.values()):
            item.response_seconds = []  # the medians are kept; the lists stay out of the cache
        cached = (overall, by_space)
        cache.set(key, cached, SUMMARY_SECONDS)
    return cached


def idea_stats_by_space(
    *, since: datetime | None = None, until: datetime | None = None, exclude_space_ids=()
) -> dict[int, IdeaStats]:
    """idea_stats for every space with ideas in the period, by space id."""
    return _stats_by(since, until, None, exclude_space_ids, by_space=True)


def _stats_by(since, until, space_id, exclude_space_ids, *, by_space: bool):
    cohort = _cohort(since, until, space_id, exclude_space_ids)
    counts = {
        "submitted": Count("pk"),
        "reviewed": Count("pk", filter=Q(reviewed_at__isnull=False)),
        "planned": Count("pk", filter=Q(planned_at__isnull=False)),
        "realized": Count("pk", filter=Q(status=Status.REALIZED)),
    }
    if by_space:
        rows = list(cohort.order_by().values("space_id").annotate(**counts))
    else:
        rows = [cohort.aggregate(**counts)]
    stats: dict[int | None, IdeaStats] = {}
    for row in rows:
        key = row.get("space_id") if by_space else None
        stats[key] = IdeaStats(
            since,
            until,
            submitted=row["submitted"],
            reviewed=row["reviewed"],
            planned=row["planned"],
            realized=row["realized"],
        )
    responses = cohort.filter(first_response_at__isnull=False).values_list(
        "space_id", "submitted_at", "first_response_at"
    )
    for space, submitted_at, responded_at in responses.iterator(2000):
        key = space if by_space else None
        if key in stats:
            seconds = max(0.0, (responded_at - submitted_at).total_seconds())
            stats[key].response_seconds.append(seconds)
    for item in stats.values():
        item.responded = len(item.response_seconds)
        if item.response_seconds:
            item.median_response_seconds = float(statistics.median(item.response_seconds))
    return stats


def count_unreviewed(actor) -> int:
    """Ideas in status new that the actor may read: the review queue's length."""
    return readable_ideas(actor).filter(status=Status.NEW).count()
