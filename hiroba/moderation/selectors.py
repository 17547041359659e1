"""Reads for the queue, the audit log, word rules and sanctions: explicit joins, pages by key."""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Q

from hiroba.accounts.models import Member
from hiroba.audit.models import AuditEntry
from hiroba.core.pagination import Page, keyset_page
from hiroba.moderation.models import Report, Sanction, TargetType, WordRule
from hiroba.posts.models import Comment, Post

QUEUE_PAGE = 20
AUDIT_PAGE = 50


@dataclass
class QueueItem:
    """One target in the queue with its open reports."""

    target_type: str
    target_id: int
    report_count: int
    latest_id: int
    target: Post | Comment | Member | None = None
    reports: list[Report] = field(default_factory=list)

    @property
    def reasons(self) -> list[tuple[str, int]]:
        """Each reason's label and how many open reports give it, most frequent first."""
        counts: dict[str, int] = {}
        for report in self.reports:
            label = report.get_reason_display()
            counts[label] = counts.get(label, 0) + 1
        return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))

    @property
    def is_held(self) -> bool:
        return getattr(self.target, "status", "") == "held"

    @property
    def author(self):
        if self.target_type == TargetType.MEMBER:
            return self.target
        return getattr(self.target, "author", None)


REPORTS_SHOWN = 10


def list_queue(*, cursor: str | None = None, size: int = QUEUE_PAGE) -> Page:
    """Open reports grouped by target, the most recently reported first.

    Four queries per page whatever its size: the groups, their reports, and the posts, comments
    and members they are about.
    """
    groups = (
        Report.objects.filter(resolved_at__isnull=True)
        .values("post_id", "comment_id", "member_id")
        .annotate(report_count=Count("id"), latest_id=Max("id"))
    )
    page = keyset_page(groups, order=("-latest_id",), kinds=(int,), cursor=cursor, size=size)
    items = [_queue_item(row) for row in page.items]
    _attach_targets(items)
    _attach_reports(items)
    return Page(items, page.next_cursor)


def _queue_item(row: dict) -> QueueItem:
    if row["post_id"]:
        target_type, target_id = TargetType.POST, row["post_id"]
    elif row["comment_id"]:
        target_type, target_id = TargetType.COMMENT, row["comment_id"]
    else:
        target_type, target_id = TargetType.MEMBER, row["member_id"]
    return QueueItem(target_type, target_id, row["report_count"], row["latest_id"])


def _attach_targets(items: list[QueueItem]) -> None:
    def ids(kind):
        return [item.target_id for item in items if item.target_type == kind]

    posts = Post.objects.select_related("author", "space").in_bulk(ids(TargetType.POST))
    comments = Comment.objects.select_related("author", "post").in_bulk(ids(TargetType.COMMENT))
    members = Member.objects.in_bulk(ids(TargetType.MEMBER))
    found = {TargetType.POST: posts, TargetType.COMMENT: comments, TargetType.MEMBER: members}
    for item in items:
        item.target = found[item.target_type].get(item.target_id)


def _attach_reports(items: list[QueueItem]) -> None:
    if not items:
        return
    wanted = Q()
    for kind in (TargetType.POST, TargetType.COMMENT, TargetType.MEMBER):
        ids = [item.target_id for item in items if item.target_type == kind]
        if ids:
            wanted |= Q(**{f"{kind}_id__in": ids})
    reports = (
        Report.objects.filter(wanted, resolved_at__isnull=True)
        .select_related("reporter")
        .order_by("-id")
    )
    by_target: dict[tuple[str, int], list[Report]] = {}
    for report in reports:
        by_target.setdefault((report.target_type, report.target_id), []).append(report)
    for item in items:
        item.reports = by_target.get((item.target_type, item.target_id), [])[:REPORTS_SHOWN]


def open_reports_on(target_type: str, target, limit: int = 50) -> list[Report]:
    return list(
        Report.objects.filter(resolved_at__isnull=True, **{target_type: target})
        .select_related("reporter")
        .order_by("-id")[:limit]
    )


def count_open_reports() -> int:
    return Report.objects.filter(resolved_at__isnull=True).count()


@dataclass
class AuditFilters:
    actor: Member | None = None
    action: str = ""
    target_type: str = ""
    target_id: int | None = None


def list_audit(
    filters: AuditFilters | None = None, *, cursor: str | None = None, size: int = AUDIT_PAGE
) -> Page:
    """The audit log, newest first, filtered by actor, action and target (each has an index)."""
    filters = filters or AuditFilters()
    entries = AuditEntry.objects.select_related("actor")
    if filters.actor is not None:
        entries = entries.filter(actor=filters.actor)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.target_type:
        entries = entries.filter(target_type=filters.target_type)
        if filters.target_id is not None:
            entries = entries.filter(target_id=filters.target_id)
    return keyset_page(entries, order=("-id",), kinds=(int,), cursor=cursor, size=size)


def active_word_rules() -> list[WordRule]:
    """The rules posts screens new texts with (registered as posts.words' rule source)."""
    return list(WordRule.objects.filter(is_active=True).only("phrase", "folded", "action"))


def list_word_rules() -> list[WordRule]:
    return list(WordRule.objects.select_related("created_by").order_by("-is_active", "folded"))


def list_sanctions(member: Member, limit: int = 50) -> list[Sanction]:
    return list(
        Sanction.objects.filter(member=member).select_related("created_by").order_by("-id")[:limit]
    )


def member_reports(member: Member, limit: int = 20) -> list[Report]:
    """Recent reports about a member or their content, for the sanction page."""
    return list(
        Report.objects.filter(Q(member=member) | Q(post__author=member) | Q(comment__author=member))
        .select_related("reporter", "post", "comment")
        .order_by("-id")[:limit]
    )
